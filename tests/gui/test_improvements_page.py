"""개선 조치 through the windows, as a supervisor keeps them: registered from a case (its root
cause filled in), a second case linked from its own window, the status moved on the page,
the overdue ones found by the filter, a linked case opened from the register."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from core import services as sv
from gui.case.case_view import CaseView
from gui.improvements.improvements_page import ImprovementsPage
from tests.conftest import intake
from tests.gui.conftest import settle, type_korean

CAUSE = "지하주차장 조명 점검이 분기마다라 고장이 석 달 방치됨"


def resolved_case(db, staff, subject: str) -> sv.CaseRef:
    ref = sv.receive_complaint(db, staff.clerk, intake(subject=subject))
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조명 교체")
    sv.resolve(
        db, staff.handler, ref.id, result="조명 교체", told_channel="phone", root_cause=CAUSE
    )
    return ref


def open_case_window(qtbot, desk, case_id: int) -> CaseView:
    view = CaseView(desk, case_id)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, desk)
    view.tabs.setCurrentWidget(view.tabs.improvements)
    return view


def test_register_link_move_and_filter(qtbot, gui_db, desks, staff_on, clock):
    first = resolved_case(gui_db, staff_on, "지하주차장 조명이 석 달째 꺼져 있음")
    second = resolved_case(gui_db, staff_on, "주차장 B2 조명 고장")
    desk = desks("supervisor")

    # 개선 조치 등록 from the first case: its number and recorded root cause are filled in.
    view = open_case_window(qtbot, desk, first.id)
    tab = view.tabs.improvements
    assert tab.register_button.isVisible() and tab.link_button.isVisible()
    assert tab.count() == 0
    tab.register_button.click()
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    settle(qtbot, desk)  # the owners are listed
    values = dialog.values()
    assert values["root_cause"] == CAUSE
    assert values["cases"] == first.case_no
    assert values["owner"] == staff_on.supervisor.user_id  # the one registering it
    dialog.set_value("title", "")
    type_korean(dialog.widgets["title"], "주차장 조명 주간 점검")
    kind = dialog.widgets["kind"]
    kind.setCurrentIndex(kind.findData("preventive"))
    type_korean(dialog.widgets["preventive_action"], "매주 월요일 야간 순찰 때 조명 점검")
    dialog.widgets["due_date"].setDate(QDate(2026, 3, 31))
    dialog.ok.click()
    settle(qtbot, desk)
    assert not dialog.isVisible(), dialog.error.text()
    qtbot.waitUntil(lambda: tab.count() == 1)
    row = tab.list.topLevelItem(0)
    assert [row.text(c) for c in range(5)] == [
        "주차장 조명 주간 점검",
        "예방 조치",
        staff_on.supervisor.display_name,
        "2026-03-31",
        "계획",
    ]
    (imp,) = sv.list_improvements(gui_db, staff_on.clerk)
    assert imp.root_cause == CAUSE and imp.case_ids == (first.id,)

    # 기존 조치에 연결 from the second case's window.
    other = open_case_window(qtbot, desk, second.id)
    other.tabs.improvements.link_button.click()
    link = other.tabs.improvements.dialog
    settle(qtbot, desk)
    choice = link.widgets["improvement"]
    assert choice.count() == 1 and "주차장 조명 주간 점검" in choice.currentText()
    link.ok.click()
    settle(qtbot, desk)
    assert not link.isVisible(), link.error.text()
    qtbot.waitUntil(lambda: other.tabs.improvements.count() == 1)
    assert sv.get_improvement(gui_db, staff_on.clerk, imp.id).case_ids == (first.id, second.id)

    # The register page: both cases listed; the status moves by the buttons the table allows.
    page = ImprovementsPage(desk)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, desk)
    assert page.table.topLevelItemCount() == 1
    assert page.table.topLevelItem(0).text(5) == f"{first.case_no}, {second.case_no}"
    assert page.cases.topLevelItemCount() == 2
    buttons = page.status_buttons
    assert buttons["in_progress"].isEnabled() and not buttons["verified"].isEnabled()
    buttons["in_progress"].click()
    settle(qtbot, desk)
    assert page.table.topLevelItem(0).text(4) == "진행"
    buttons["done"].click()
    settle(qtbot, desk)
    assert page.table.topLevelItem(0).text(4) == "완료"
    assert buttons["verified"].isEnabled() and not buttons["done"].isEnabled()
    buttons["verified"].click()
    settle(qtbot, desk)
    assert page.table.topLevelItem(0).text(4) == "효과 확인"
    assert "효과 확인" in page.made.text()
    # The case windows showing it were told.
    qtbot.waitUntil(lambda: view.tabs.improvements.list.topLevelItem(0).text(4) == "효과 확인")

    # A second improvement, from the page itself, already past its due date.
    page.new_button.click()
    new = page.dialog
    settle(qtbot, desk)
    type_korean(new.widgets["title"], "안내 방송 문구 정비")
    type_korean(new.widgets["root_cause"], "방송 문구가 오래됨")
    type_korean(new.widgets["preventive_action"], "문구 새로 작성")
    new.widgets["due_date"].setDate(QDate(2026, 3, 6))
    new.ok.click()
    settle(qtbot, desk)
    assert not new.isVisible(), new.error.text()
    qtbot.waitUntil(lambda: page.table.topLevelItemCount() == 2)
    late = page.table.topLevelItem(0)  # open ones first
    assert late.text(0) == "안내 방송 문구 정비" and late.text(3) == "⚠ 2026-03-06"
    assert late.foreground(3).color().name() == "#c62828"
    assert "기한 경과 1건" in page.count.text()

    page.overdue_only.setChecked(True)
    settle(qtbot, desk)
    assert page.table.topLevelItemCount() == 1
    assert page.table.topLevelItem(0).text(0) == "안내 방송 문구 정비"
    page.overdue_only.setChecked(False)
    status = page.status_filter
    status.setCurrentIndex(status.findData("verified"))
    settle(qtbot, desk)
    assert [page.table.topLevelItem(i).text(0) for i in range(1)] == ["주차장 조명 주간 점검"]

    # A linked case opens from the register.
    page.table.setCurrentItem(page.table.topLevelItem(0))
    opened: list[int] = []
    page.open_case.connect(opened.append)
    page.cases.itemActivated.emit(page.cases.topLevelItem(1), 0)
    assert opened == [second.id]


def test_a_wrong_case_number_keeps_the_dialog_open(qtbot, gui_db, desks, staff_on):
    desk = desks("handler")
    page = ImprovementsPage(desk)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, desk)
    page.new_button.click()
    dialog = page.dialog
    type_korean(dialog.widgets["title"], "조치")
    type_korean(dialog.widgets["root_cause"], "원인")
    type_korean(dialog.widgets["preventive_action"], "조치 내용")
    dialog.widgets["cases"].setText("GN-2026-999999")
    dialog.ok.click()
    settle(qtbot, desk)
    assert dialog.isVisible()
    assert "GN-2026-999999" in dialog.form.errors["cases"].text()
    assert sv.list_improvements(gui_db, staff_on.clerk) == ()


def test_a_clerk_sees_the_case_tab_without_its_buttons(qtbot, gui_db, desks, staff_on):
    ref = resolved_case(gui_db, staff_on, "조명 고장")
    sv.open_improvement(
        gui_db,
        staff_on.handler,
        title="조명 점검",
        root_cause="점검 누락",
        preventive_action="주간 점검",
        due_date=date(2026, 3, 1),
        case_ids=(ref.id,),
    )
    desk = desks("clerk")
    view = open_case_window(qtbot, desk, ref.id)
    tab = view.tabs.improvements
    assert tab.count() == 1 and tab.list.topLevelItem(0).text(3) == "⚠ 2026-03-01"
    assert not tab.register_button.isVisible() and not tab.link_button.isVisible()
    assert tab.register_dialog() is None and tab.link_dialog() is None
