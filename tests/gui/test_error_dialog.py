"""An unexpected error: a dialog in the user's language, details to copy and in the log, the
typed intake kept, the app still running."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from core.logs import close_logging, setup_logging
from gui.common.i18n import set_language
from gui.shell.error_dialog import ErrorDialog, ErrorReporter
from gui.shell.main_window import MainWindow
from tests.gui.conftest import settle, type_korean

# pytest-qt turns an exception in a Qt slot into a test failure by taking sys.excepthook;
# here the app's own hook must receive it.
pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]

SECRET = "".join(["010-", "9876-", "5432"])  # built, so no source line holds it


class ParkingBarrierError(RuntimeError):
    pass


def fail_in_slot() -> None:
    raise ParkingBarrierError(f"customer {SECRET} not found")


@pytest.fixture
def log_file(tmp_path):
    path = setup_logging(tmp_path / "logs")
    yield path
    close_logging(path)


@pytest.fixture
def reporter():
    made: list[ErrorReporter] = []

    def make(**kwargs) -> ErrorReporter:
        r = ErrorReporter(**kwargs)
        r.install()
        made.append(r)
        return r

    yield make
    for r in made:
        r.uninstall()
        if r.dialog is not None:
            r.dialog.close()


def test_error_in_a_slot_keeps_the_typed_intake(qtbot, desks, tmp_path, log_file, reporter):
    clerk = desks("clerk")
    window = MainWindow(clerk, tmp_path / "drafts")
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, clerk)
    page = window.intake
    type_korean(page.w["subject"], "주차장 차단기가 올라가지 않습니다")
    type_korean(page.w["description"], "출차하려는데 차단기가 멈춰 10분째 기다리고 있습니다.")
    page._autosave.stop()  # only the error report may save the draft in this test
    assert page.drafts.load() is None
    catcher = reporter(save_work=page.save_draft, parent_window=lambda: window)

    button = QPushButton("fail", window)
    button.clicked.connect(fail_in_slot)
    button.click()  # the slot raises; PySide6 hands the exception to sys.excepthook

    qtbot.waitUntil(lambda: catcher.dialog is not None and catcher.dialog.isVisible())
    dialog = catcher.dialog
    assert dialog.windowTitle() == "예상하지 못한 오류"
    assert dialog.copy_button.text() == "세부 정보 복사"

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "ParkingBarrierError" in copied and "in fail_in_slot" in copied
    assert SECRET not in copied  # the message (a value) stays out; frames and type go in

    text = log_file.read_text(encoding="utf-8")
    assert "unhandled error ParkingBarrierError" in text
    assert "in fail_in_slot" in text and "Traceback" in text
    assert SECRET not in text

    # Nothing typed is lost: the draft is on disk, the form still holds it, the app runs on.
    draft = page.drafts.load()
    assert draft is not None and draft["subject"] == "주차장 차단기가 올라가지 않습니다"
    assert page.w["description"].toPlainText().startswith("출차하려는데")
    assert window.isVisible()

    # The same error again while the dialog is open: counted, not a second dialog.
    button.click()
    qtbot.waitUntil(lambda: dialog.repeats == 1)
    assert catcher.dialog is dialog
    dialog.close()
    qtbot.waitUntil(lambda: catcher.dialog is None)


def test_error_in_a_worker_thread_reaches_the_ui_thread(qtbot, log_file, reporter):
    catcher = reporter()
    worker = threading.Thread(target=fail_in_slot, name="db-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: catcher.dialog is not None and catcher.dialog.isVisible())
    assert "ParkingBarrierError" in catcher.dialog.details
    assert "[db-worker]" in log_file.read_text(encoding="utf-8")


def test_dialog_speaks_english(qtbot):
    set_language("en")
    dialog = ErrorDialog("Traceback (most recent call last):\n  ...\nbuiltins.ValueError\n")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Unexpected error"
    assert dialog.copy_button.text() == "Copy details"
    dialog.copy_details()
    assert QApplication.clipboard().text().endswith("builtins.ValueError\n")
