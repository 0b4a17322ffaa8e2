"""The app's start as a person meets it: the login at once, the data opened behind it.

``gui.app.start_session`` runs with the real dialogs and a real database; the tests act in
the dialogs from a timer, as a person would, while the dialogs' own event loops run.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from gui.app import start_session
from gui.shell import opening as opening_module
from gui.shell.opening import Opened, Opening, open_office
from gui.shell.start_dialogs import FirstRunDialog, LoginDialog
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def shown(kind: type) -> QDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget  # type: ignore[return-value]
    return None


def act(steps: list) -> QTimer:
    """Every few milliseconds, the first step whose moment has come; each step returns
    True once it has acted."""
    timer = QTimer(interval=5)

    def tick() -> None:
        if steps and steps[0]():
            steps.pop(0)

    timer.timeout.connect(tick)
    timer.start()
    return timer


def read_message(said: list[str]):
    """A step that reads the message box on screen ("title / text") and closes it."""

    def step() -> bool:
        box = shown(QMessageBox)
        if box is None:
            return False
        said.append(box.windowTitle() + " / " + box.text())
        box.accept()
        return True

    return step


def test_the_login_is_on_screen_before_the_data_is_open_and_an_early_enter_logs_in(
    qtbot, gui_db, staff_on, monkeypatch
):
    gui_db.dispose()
    # The data opens only when the person has typed and pressed Enter (on a slow PC, or a
    # big register being upgraded), whatever the speed of this machine.
    entered = threading.Event()

    def slow_open(url: str | None, on_phase=None) -> Opened:
        entered.wait(10)
        return open_office(url, on_phase)

    monkeypatch.setattr(opening_module, "open_office", slow_open)
    opening = Opening(gui_db.url)
    seen: dict[str, object] = {}

    def type_at_once() -> bool:
        login = shown(LoginDialog)
        if login is None:
            return False
        seen["open_when_shown"] = login.db is not None
        login.username.setText("clerk")
        login.password.setText(PASSWORD)
        login.submit()  # Enter, before the data is there
        seen["waiting_said"] = login.status.isVisible() and "여는 중" in login.status.text()
        entered.set()
        return True

    timer = act([type_at_once])
    session = start_session(opening)
    timer.stop()
    assert seen == {"open_when_shown": False, "waiting_said": True}
    assert session is not None
    db, actor = session
    assert actor.username == "clerk" and actor.role == "clerk"
    db.dispose()


def test_a_wrong_password_is_said_and_the_login_stays(qtbot, gui_db, staff_on):
    gui_db.dispose()
    opening = Opening(gui_db.url)
    said: list[str] = []

    def wrong() -> bool:
        login = shown(LoginDialog)
        if login is None or login.db is None:
            return False
        assert login.office.text() == "강남 관리사무소"
        login.username.setText("clerk")
        login.password.setText("not-the-password")
        login.submit()
        said.append(login.error.text())
        return True

    def give_up() -> bool:
        login = shown(LoginDialog)
        assert login is not None
        login.reject()
        return True

    timer = act([wrong, give_up])
    assert start_session(opening) is None
    timer.stop()
    assert "올바르지 않습니다" in said[0]


def test_new_data_asks_for_the_first_run_setup_instead(qtbot, tmp_path):
    opening = Opening(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    seen: list[str] = []

    def setup_shown() -> bool:
        first = shown(FirstRunDialog)
        if first is None:
            return False
        seen.append("setup")
        seen.append("login still shown" if shown(LoginDialog) else "login closed")
        first.reject()
        return True

    timer = act([setup_shown])
    assert start_session(opening) is None
    timer.stop()
    assert seen == ["setup", "login closed"]
    assert opening.opened is not None and opening.opened.needs_setup


def test_data_that_cannot_be_opened_is_said_in_words(qtbot, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    opening = Opening(f"sqlite:///{blocked / 'desk.sqlite3'}")
    said: list[str] = []
    timer = act([read_message(said)])
    assert start_session(opening) is None
    timer.stop()
    assert opening.error is not None
    assert "데이터베이스를 열 수 없습니다" in said[0] and "다시 시작하세요" in said[0]
    assert "Error" not in said[0] and "sqlite" not in said[0].lower()


def test_the_first_window_needs_no_database_code():
    """What the login needs is Qt and the app's words: the database code, the documents, the
    import and the printing stack load behind it or later (start-up time)."""
    heavy = ["sqlalchemy", "alembic", "reportlab", "openpyxl", "argon2", "core.services"]
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, gui.app; print(' '.join(m for m in {heavy!r} if m in sys.modules))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == ""


def test_a_vanished_data_file_is_said_and_not_replaced(qtbot, tmp_path, monkeypatch):
    from core import services as sv
    from core.paths import DATA_DIR_ENV
    from tests.conftest import make_staff

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    db = sv.open_database()
    make_staff(db)
    sv.automatic_backup(db, force=True)
    db.dispose()
    for leftover in tmp_path.glob("data/desk.sqlite3*"):
        leftover.unlink()
    said: list[str] = []
    timer = act([read_message(said)])
    assert start_session(Opening(None)) is None
    timer.stop()
    assert "데이터 파일이 없습니다" in said[0] and "복사한 뒤 다시 시작하세요" in said[0]
    assert not (tmp_path / "data" / "desk.sqlite3").exists()


def test_the_work_behind_the_login_loads_no_qt_module(tmp_path):
    """A Qt module loaded off the UI thread while the login ran crashed the app now and then:
    what runs on the worker thread loads the database code only."""
    script = (
        "import sys, PySide6.QtWidgets\n"
        "from gui.shell.opening import open_office\n"
        "before = {m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'gui.'))}\n"
        f"open_office('sqlite:///{tmp_path / 'new.sqlite3'}').db.dispose()\n"
        "after = {m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'gui.'))}\n"
        "print(sorted(after - before))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_a_register_bound_to_the_trail_for_the_first_time_says_so_behind_the_login(
    qtbot, gui_db, staff_on
):
    """A register from a release before rows were bound to the trail takes minutes at a
    million cases, once: the login says why it waits."""
    from sqlalchemy import text

    from core import services as sv
    from tests.conftest import intake, past_the_app

    sv.receive_complaint(gui_db, staff_on.clerk, intake())
    with past_the_app(gui_db) as conn:
        conn.execute(text("UPDATE audit_head SET states_bound = :no").bindparams(no=False))
    gui_db.dispose()
    opening = Opening(gui_db.url)
    login = LoginDialog()
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    opening.phase.connect(login.show_phase)
    with qtbot.waitSignal(opening.phase, timeout=10000) as said:
        opening.start()
    assert said.args == ["binding"]
    assert login.status.isVisibleTo(login) and "감사 기록에 묶고" in login.status.text()
    # The dialog grew to the wrapped lines: none of them is cut off.
    status = login.status
    assert status.height() >= status.heightForWidth(status.width())
    assert status.geometry().bottom() < login.height()
    opening.wait()
    assert opening.opened is not None
    login.attach(opening.opened.db, opening.opened.office_name)
    assert not login.status.isVisibleTo(login)
    assert sv.check_records(opening.opened.db, staff_on.supervisor).ok
    opening.opened.db.dispose()
