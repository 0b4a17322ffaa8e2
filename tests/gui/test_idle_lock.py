"""화면 잠금 through the real windows: the lock comes after idle time, input puts it off, the
user's own password opens it (a wrong one is refused in words, five lock the account), and
what was typed in the intake is still there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from core import services as sv
from core.errors import AccountLocked, AuthenticationFailed
from core.words.messages import describe
from gui.operations.office import update_settings
from gui.shell.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.gui.conftest import settle, type_korean

pytestmark = pytest.mark.gui

LONG = 600_000  # ten minutes: nothing locks while a test looks at something else


@pytest.fixture
def window(qtbot, desks, tmp_path):
    win = MainWindow(desks("clerk"), tmp_path / "drafts")
    qtbot.addWidget(win)
    win.show()
    win.idle_lock.set_interval_ms(LONG)
    settle(qtbot, win.desk)
    return win


def lock_now(qtbot, win: MainWindow) -> None:
    """Let the idle time run out (shortened), as it would at the counter."""
    lock = win.idle_lock
    lock.set_interval_ms(50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    lock.set_interval_ms(LONG)  # for after the unlock


def type_password(qtbot, win: MainWindow, password: str) -> None:
    screen = win.idle_lock.screen
    assert screen is not None
    qtbot.keyClicks(screen.password, password)  # ASCII only (Hangul would abort the run)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)


def test_locks_after_idle_time_and_the_right_password_opens_it_as_it_was(qtbot, window):
    intake = window.intake
    assert intake is not None
    type_korean(intake.w["subject"], "층간소음 때문에 잠을 못 잡니다")
    type_korean(intake.w["description"], "밤마다 윗집에서 쿵쿵거립니다.")
    qtbot.keyClicks(intake.w["phone"], "010-2345-6789")

    lock_now(qtbot, window)
    screen = window.idle_lock.screen
    assert screen is not None and screen.isVisible()
    assert "김접수" in screen.who.text() and "clerk" in screen.who.text()
    cover = window.idle_lock.covers[window]
    assert cover.isVisible() and cover.geometry() == window.rect()  # the content is hidden
    assert window.isVisible()  # nothing was closed

    # Input while locked does not count: the lock stays until the password.
    QApplication.sendEvent(
        screen.password,
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
    )
    assert window.idle_lock.is_locked

    type_password(qtbot, window, "not-my-password")
    assert window.idle_lock.is_locked and screen.isVisible()
    assert screen.error.text() == describe(AuthenticationFailed())
    assert screen.password.text() == ""  # the wrong password does not linger

    type_password(qtbot, window, PASSWORD)
    assert not window.idle_lock.is_locked and not window.idle_lock.covers
    qtbot.waitUntil(lambda: not _alive(cover) or not cover.isVisible())
    assert intake.w["subject"].text() == "층간소음 때문에 잠을 못 잡니다"
    assert intake.w["description"].toPlainText() == "밤마다 윗집에서 쿵쿵거립니다."
    assert intake.w["phone"].text() == "010-2345-6789"
    assert window.idle_lock.timer.isActive()  # and it watches again
    # The phone number started a repeat-customer look-up: let it land before the window goes.
    qtbot.waitUntil(lambda: not intake.repeat.timer.isActive(), timeout=5000)
    settle(qtbot, window.desk)


def test_input_puts_the_lock_off(qtbot, window):
    lock = window.idle_lock
    target = window.intake.w["subject"]
    # A moved mouse reaches the window first (a widget without tracking never sees it).
    window_handle = window.windowHandle()
    for receiver, event in (
        (target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)),
        (
            window_handle,
            QMouseEvent(
                QEvent.Type.MouseMove,
                QPointF(5, 5),
                QPointF(5, 5),
                Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            ),
        ),
        (
            target,
            QWheelEvent(
                QPointF(5, 5),
                QPointF(5, 5),
                QPoint(0, 0),
                QPoint(0, 120),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            ),
        ),
    ):
        qtbot.waitUntil(lambda: lock.timer.remainingTime() < LONG - 150, timeout=5000)
        QApplication.sendEvent(receiver, event)
        assert lock.timer.remainingTime() > LONG - 150, event.type()
    qtbot.waitUntil(lambda: lock.timer.remainingTime() < LONG - 150, timeout=5000)
    qtbot.mouseClick(window.nav, Qt.MouseButton.LeftButton)  # a click anywhere
    assert lock.timer.remainingTime() > LONG - 150
    # Korean typed through the IME counts as typing too.
    qtbot.waitUntil(lambda: lock.timer.remainingTime() < LONG - 150, timeout=5000)
    type_korean(target, "소음")
    assert lock.timer.remainingTime() > LONG - 150
    assert not lock.is_locked

    # Without input, the (shortened) idle time runs out.
    lock.set_interval_ms(300)
    QApplication.sendEvent(
        target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    )
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)


def test_five_wrong_passwords_lock_the_account(qtbot, window, clock):
    lock_now(qtbot, window)
    screen = window.idle_lock.screen
    for _ in range(4):
        type_password(qtbot, window, "wrong-password")
        assert screen.error.text() == describe(AuthenticationFailed())
    type_password(qtbot, window, "wrong-password")
    assert screen.error.text() == describe(AccountLocked())
    type_password(qtbot, window, PASSWORD)  # even the right one, for 15 minutes
    assert window.idle_lock.is_locked and screen.error.text() == describe(AccountLocked())
    clock.advance(minutes=16)
    type_password(qtbot, window, PASSWORD)
    assert not window.idle_lock.is_locked


def test_escape_and_an_empty_password_do_not_unlock(qtbot, window):
    lock_now(qtbot, window)
    screen = window.idle_lock.screen
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert window.idle_lock.is_locked and screen.isVisible()
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.idle_lock.is_locked and screen.error.text() == "비밀번호를 입력하세요."


def test_case_windows_are_covered_too(qtbot, window, gui_db, staff_on):
    from tests.conftest import intake

    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    window.open_case(ref.id)
    view = window.case_windows[ref.id]
    qtbot.addWidget(view)
    settle(qtbot, window.desk)
    lock_now(qtbot, window)
    assert window.idle_lock.covers[view].isVisible()
    type_password(qtbot, window, PASSWORD)
    assert not window.idle_lock.covers and view.isVisible()


def test_log_out_closes_the_app_and_keeps_the_intake_draft(qtbot, window, tmp_path):
    type_korean(window.intake.w["subject"], "로그아웃 전에 쓰던 제목")
    lock_now(qtbot, window)
    screen = window.idle_lock.screen
    qtbot.mouseClick(screen.logout_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert not window.idle_lock.is_locked
    draft = (tmp_path / "drafts").rglob("*.json")
    assert any("로그아웃 전에 쓰던 제목" in p.read_text(encoding="utf-8") for p in draft)


def test_the_office_setting_sets_the_time(qtbot, desks, tmp_path):
    admin = desks("admin")
    win = MainWindow(admin, tmp_path / "drafts")
    qtbot.addWidget(win)
    assert win.idle_lock.interval_ms == admin.settings.idle_lock_minutes * 60_000
    update_settings(admin, changes={"idle_lock_minutes": 3})
    settle(qtbot, admin)
    assert win.idle_lock.interval_ms == 180_000 and win.idle_lock.timer.isActive()


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
