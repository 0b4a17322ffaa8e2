"""The walk-in at the counter with the keyboard alone: key events to whatever has focus, as a
keyboard sends them, and Korean committed as a Korean input method commits it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core import services as sv
from gui.intake.intake_page import IntakePage
from tests.conftest import intake
from tests.gui.conftest import settle

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform has no keyboard to grab for a pop-up list (the category's
    # narrowed list); real platforms have.
    pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$"),
]


class Keyboard:
    """Keys to the focused widget (or to an open pop-up list), counting focus moves."""

    def __init__(self, qtbot, page: IntakePage) -> None:
        self.qtbot, self.page = qtbot, page
        self.moves = 0
        self.keys = 0
        self.last = QApplication.focusWidget()
        QApplication.instance().focusChanged.connect(self._moved)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        # From one field to another; not the window losing focus to a pop-up and back.
        if new is not None and new is not self.last:
            self.moves += 1
            self.last = new

    def target(self) -> QWidget:
        return QApplication.activePopupWidget() or QApplication.focusWidget()

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.keys += 1
        QTest.keyClick(self.target(), key, modifier)
        QApplication.processEvents()  # the window system's answers (activation) come queued
        # Offscreen, a closed pop-up list keeps the activation; a window manager gives it
        # back to the window under it.
        if (
            QApplication.activeWindow() is not self.page.window()
            and QApplication.activePopupWidget() is None
            and QApplication.activeModalWidget() is None
        ):
            self.page.activateWindow()

    def type(self, text: str) -> None:
        widget = self.target()
        if text.isascii():
            QTest.keyClicks(widget, text)
        else:
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(widget, event)


def shown_page(qtbot, desk, tmp_path) -> IntakePage:
    page = IntakePage(desk, tmp_path / "drafts")
    qtbot.addWidget(page)
    page.resize(1130, 640)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    settle(qtbot, desk)
    qtbot.waitUntil(lambda: page.w["category"].count() > 0)
    return page


TAB = Qt.Key.Key_Tab
CTRL = Qt.KeyboardModifier.ControlModifier

# A walk-in: (what is typed, keys that move on after it).
WALK_IN = (
    ("01023456789", [TAB]),  # 연락처
    ("최민수", [TAB]),  # 고객 이름
    (None, [Qt.Key.Key_Space, TAB]),  # 동의
    ("어제 23시", [TAB]),  # 발생 일시
    ("102동 지하 2층 주차장", [TAB]),
    ("경비실 야간 근무자", [TAB]),  # 관련 직원
    ("주차장 조명이 꺼져 위험합니다", [TAB]),
    ("어젯밤 11시쯤 지하 2층 조명이 여러 개 나가 있어 넘어질 뻔했습니다.", [TAB]),
    ("조명을 빨리 교체해 주세요", [TAB]),
    ("이번 주 안에 교체", [TAB]),
    ("임시 조명이라도 설치", [TAB]),
    ("주차", [Qt.Key.Key_Return]),  # 분류: the narrowed list's first line
)


def customers(db) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM customers").scalar_one()


def repeat_flag(db, case_id: int) -> bool:
    with db.engine.connect() as conn:
        sql = "SELECT repeat_customer FROM cases WHERE id = ?"
        return bool(conn.exec_driver_sql(sql, (case_id,)).scalar_one())


def test_a_walk_in_takes_twelve_focus_moves_and_enter_saves(qtbot, gui_db, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    page.save_button.setFocus()  # wherever the cursor was
    kb = Keyboard(qtbot, page)
    kb.press(Qt.Key.Key_N, CTRL)  # the page's own F2: a new intake, cursor in 연락처
    assert QApplication.focusWidget() is page.w["phone"]
    for text, keys in WALK_IN:
        if text:
            kb.type(text)
        for key in keys:
            kb.press(key)
    assert page.w["category"].code() == "equipment.parking"
    assert page.w["incident_at"].text() == "2026-03-08 23:00"  # shown back in full
    assert kb.moves <= 12, kb.moves
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        kb.press(Qt.Key.Key_Return)  # Enter saves from 분류
    case = sv.get_case(gui_db, clerk.actor, saved.args[0])
    assert (case.customer.name, case.customer.phone) == ("최민수", "010-2345-6789")
    assert case.customer.consent_at is not None
    assert case.incident_place == "102동 지하 2층 주차장"
    assert case.staff_involved == "경비실 야간 근무자"
    assert case.bottom_line == "임시 조명이라도 설치"
    assert case.incident_at.astimezone(clerk.tz).strftime("%m-%d %H:%M") == "03-08 23:00"
    # Ready for the next customer: the cursor in 연락처, in sight.
    assert QApplication.focusWidget() is page.w["phone"]
    assert page.scroll.verticalScrollBar().value() == 0


def test_the_default_tab_chain_has_twelve_stops(qtbot, desks, tmp_path):
    page = shown_page(qtbot, desks("clerk"), tmp_path)
    page.w["phone"].setFocus()
    stops = [QApplication.focusWidget()]
    for _ in range(11):
        QTest.keyClick(QApplication.focusWidget(), TAB)
        stops.append(QApplication.focusWidget())
    assert stops == page.fields.default_chain()
    assert not page.w["email"].isVisible() and not page.w["channel"].isVisible()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert page.w["email"].isVisible() and page.w["channel"].isVisible()
    page.w["consent"].setFocus()
    QTest.keyClick(QApplication.focusWidget(), TAB)
    assert QApplication.focusWidget() is page.w["email"]  # in the chain once shown


def test_enter_in_the_customers_words_is_a_new_line_and_ctrl_enter_saves(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    page.w["description"].setFocus()
    kb.type("첫 줄")
    kb.press(Qt.Key.Key_Return)
    kb.type("둘째 줄")
    assert page.w["description"].toPlainText() == "첫 줄\n둘째 줄"
    assert page.save_button.isEnabled()
    kb.press(Qt.Key.Key_Return, CTRL)
    settle(qtbot, clerk)
    assert page.problem_count.isVisible()  # it tried to save (and said what is missing)


def test_every_problem_is_shown_at_once_with_the_first_focused(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    kb.type("010-2345-6789")  # a number, no consent yet, no name
    page.w["incident_at"].setFocus()
    kb.type("어제 25시")
    kb.press(TAB)
    assert "예: 1201 2300" in page.form2.errors["incident_at"].text()  # said on leaving
    page.w["description"].setFocus()
    kb.type("내용만 적었습니다")
    page.w["staff_involved"].setFocus()
    kb.press(Qt.Key.Key_Return)  # Enter from a one-line field
    settle(qtbot, clerk)
    shown = {
        name: form.errors[name].text()
        for form in page.fields.forms
        for name in form.errors
        if not form.errors[name].isHidden()
    }
    assert set(shown) == {
        "customer.name",
        "customer.consent",
        "incident_at",
        "subject",
        "category",
    }, shown
    assert "예: 1201 2300" in shown["incident_at"]
    assert page.problem_count.text() == "5개 항목 확인"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.w["name"])


def test_a_problem_behind_more_opens_it(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    page.fields.show_more(True)
    page.w["email"].setText("not-an-address")
    page.fields.show_more(False)
    page.submit()
    settle(qtbot, clerk)
    assert page.w["email"].isVisible()
    assert not page.form.errors["customer.email"].isHidden()


def test_esc_then_enter_keeps_the_intake(qtbot, desks, tmp_path):
    page = shown_page(qtbot, desks("clerk"), tmp_path)
    kb = Keyboard(qtbot, page)
    page.w["name"].setFocus()
    kb.type("한지민")
    answered = []

    def enter_on_the_question() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answered.append(box.defaultButton().text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(50, enter_on_the_question)
    kb.press(Qt.Key.Key_Escape)
    assert answered == ["계속 작성"]
    assert page.w["name"].text() == "한지민"


def test_the_wheel_passes_over_a_choice_without_focus(qtbot, desks, tmp_path):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    page = shown_page(qtbot, desks("clerk"), tmp_path)
    page.fields.show_more(True)
    combo = page.w["severity"]
    before = combo.currentIndex()

    def wheel() -> None:
        event = QWheelEvent(
            QPointF(5, 5),
            QPointF(combo.mapToGlobal(QPoint(5, 5))),
            QPoint(),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, event)

    page.w["phone"].setFocus()
    wheel()
    assert combo.currentIndex() == before
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    combo.setFocus()
    wheel()
    assert combo.currentIndex() != before


def test_a_repeat_customer_is_offered_from_four_digits(qtbot, gui_db, desks, staff_on, tmp_path):
    first = sv.receive_complaint(gui_db, staff_on.clerk, intake())  # 홍길동, 010-1234-5678
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    kb.type("0101")
    qtbot.waitUntil(lambda: page.repeat.dropdown.isVisible(), timeout=5000)
    assert page.repeat.dropdown.count() == 1
    row = page.repeat.dropdown.item(0).text()
    assert "홍길동" in row and "010-1234-****" in row and "진행 중 1건" in row
    kb.type("2345")  # eight digits of eleven: still offered
    settle(qtbot, clerk)
    qtbot.waitUntil(lambda: page.repeat.dropdown.isVisible(), timeout=5000)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Return)  # takes it, and moves on
    assert page.w["phone"].text() == "010-1234-5678"
    assert page.w["name"].text() == "홍길동" and page.w["consent"].isChecked()
    assert page.existing_customer_id == sv.get_case(gui_db, staff_on.clerk, first.id).customer.id
    assert QApplication.focusWidget() is page.w["incident_at"]
    assert "연결됨" in page.repeat.note.text()
    settle(qtbot, clerk)
    qtbot.waitUntil(lambda: page.matches.count() == 1, timeout=5000)
    assert "이전 불만 1건 (진행 중 1건)" in page.match_label.text()


def test_the_earlier_cases_open_with_enter(qtbot, gui_db, desks, staff_on, tmp_path):
    first = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    kb.type("01012345678")
    qtbot.waitUntil(lambda: page.matches.count() == 1, timeout=5000)
    kb.press(Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.matches
    with qtbot.waitSignal(page.open_case) as opened:
        kb.press(Qt.Key.Key_Return)
    assert opened.args == [first.id]


def fill_the_rest(kb: Keyboard, page: IntakePage) -> None:
    page.w["subject"].setFocus()
    kb.type("또 소음")
    kb.press(TAB)
    kb.type("밤마다 쿵쿵거립니다")
    page.w["category"].setFocus()
    kb.type("관리")
    kb.press(Qt.Key.Key_Return)


def test_retyping_a_known_number_links_the_customer(qtbot, gui_db, desks, staff_on, tmp_path):
    sv.receive_complaint(gui_db, staff_on.clerk, intake())
    before = customers(gui_db)
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    kb.type("010-1234-5678")
    kb.press(TAB)  # on at once, before the look-up answers: the clerk types the name again
    kb.type("홍길동")
    kb.press(TAB)
    kb.press(Qt.Key.Key_Space)
    fill_the_rest(kb, page)
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        kb.press(Qt.Key.Key_Return)
    assert customers(gui_db) == before
    assert repeat_flag(gui_db, saved.args[0])


def test_the_automatic_link_can_be_undone(qtbot, gui_db, desks, staff_on, tmp_path):
    sv.receive_complaint(gui_db, staff_on.clerk, intake())
    before = customers(gui_db)
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    kb = Keyboard(qtbot, page)
    kb.type("01012345678")
    qtbot.waitUntil(lambda: page.existing_customer_id is not None, timeout=5000)
    assert page.w["name"].text() == "홍길동"
    assert page.repeat.note.text().startswith("기존 고객 홍길동 연결됨")
    kb.press(Qt.Key.Key_Z, CTRL)
    assert page.existing_customer_id is None
    assert page.w["name"].text() == "" and not page.w["consent"].isChecked()
    assert page.w["phone"].text() == "01012345678"  # the field's own undo did not run
    assert "새 고객" in page.repeat.note.text()
    kb.press(TAB)
    kb.type("홍길순")  # another person on the same (family) phone
    kb.press(TAB)
    kb.press(Qt.Key.Key_Space)
    fill_the_rest(kb, page)
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        kb.press(Qt.Key.Key_Return)
    assert customers(gui_db) == before + 1
    assert not repeat_flag(gui_db, saved.args[0])


def test_the_cursor_is_in_the_phone_field_after_a_draft_is_given_back(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    page.drafts.save({"name": "한지민", "incident_at": "2026-03-08 23:00", "email": "a@b.kr"})
    page.ask_restore = lambda: True
    page.w["subject"].setFocus()
    assert page.offer_draft()
    assert page.w["name"].text() == "한지민" and page.w["email"].isVisible()
    assert QApplication.focusWidget() is page.w["phone"]
    assert page.scroll.verticalScrollBar().value() == 0


def test_an_older_draft_keeps_its_incident_moment(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    stamp = 1772978400  # 2026-03-08 14:00 UTC
    page.set_values({"name": "한지민", "has_incident": True, "incident_at": stamp})
    assert page.w["incident_at"].text() == "2026-03-08 23:00"


def test_f2_puts_the_cursor_in_the_phone_field_from_anywhere(qtbot, desks, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.shell.main_window import MainWindow

    clerk = desks("clerk")
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window = MainWindow(clerk, tmp_path / "drafts", prefs=prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.idle_lock.timer.stop()
    settle(qtbot, clerk)
    page = window.intake
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.w["phone"])  # after login
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)  # the queues
    assert not page.isVisible()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.w["phone"])
    page.w["subject"].setFocus()
    QTest.keyClick(page.w["subject"], Qt.Key.Key_F2)  # F2 on the intake itself
    assert QApplication.focusWidget() is page.w["phone"]
