"""A failed operation: an expected one is told in the user's language; an unexpected one is
logged with its frames but no personal data, and opens the app's error dialog."""

from __future__ import annotations

import logging

import pytest

from core import services as sv
from core.procedure.permissions import Permission
from core.services.base import Service, Tx
from gui.app import report_errors_at
from gui.shell.error_dialog import ErrorDialog, ErrorReporter
from gui.shell.main_window import MainWindow
from tests.conftest import intake
from tests.gui.conftest import settle

NAME = "".join(["황", "보", "람"])  # built, so no source line holds them
PHONE = "".join(["010-", "5757-", "2424"])


class ParkingBarrierError(RuntimeError):
    pass


def _read_then_break(tx: Tx, case_id: int) -> None:
    detail = sv.get_case.within(tx, case_id)
    raise ParkingBarrierError(f"{detail.customer.name} {detail.customer.phone}")


# A real service through the frame, failing the way a bug would: with values in its message.
broken_service = Service(_read_then_break, Permission.CASE_VIEW, write=False)


@pytest.fixture
def case_id(gui_db, staff_on) -> int:
    customer = sv.CustomerInput(name=NAME, phone=PHONE, consent=True)
    return sv.receive_complaint(gui_db, staff_on.clerk, intake(customer=customer)).id


@pytest.fixture
def reporter():
    made = ErrorReporter()
    yield made
    if made.dialog is not None:
        made.dialog.close()


def test_unexpected_failure_is_logged_without_values_and_shown(
    qtbot, desks, tmp_path, case_id, reporter, caplog
):
    clerk = desks("clerk")
    window = MainWindow(clerk, tmp_path / "drafts")
    qtbot.addWidget(window)
    settle(qtbot, clerk)
    report_errors_at(window, reporter)  # as the app does after login
    # The dialog's ask() is wrapped (pytest-qt's advice for dialogs) to count what it shows.
    shown: list[str] = []
    real_ask = ErrorDialog.ask.__func__  # type: ignore[attr-defined]

    def counted_ask(cls, details, parent=None):
        shown.append(details)
        return real_ask(cls, details, parent)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ErrorDialog, "ask", classmethod(counted_ask))
        with caplog.at_level(logging.ERROR):
            clerk.run(broken_service, case_id)  # no on_error: the desk's default handler
            settle(qtbot, clerk)
            qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())

    assert len(shown) == 1 and reporter.dialog.parent() is window
    details = reporter.dialog.details
    assert "ParkingBarrierError" in details and "in _read_then_break" in details
    log = caplog.text
    assert "_read_then_break failed unexpectedly" in log
    assert "Traceback" in log and "in _read_then_break" in log
    for secret in (NAME, PHONE):
        assert secret not in log and secret not in details
    assert "unexpected" not in window.statusBar().currentMessage()


def test_expected_failure_is_a_message_not_a_dialog(qtbot, desks, reporter, caplog):
    clerk = desks("clerk")
    clerk.unexpected.connect(reporter.show_traceback)
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(clerk.failed, timeout=10000) as told:
        clerk.run(sv.get_case, 999_999)
    settle(qtbot, clerk)
    assert told.args == ["찾을 수 없습니다."]
    assert reporter.dialog is None and caplog.text == ""


def test_a_window_that_handles_the_failure_still_gets_it_logged(
    qtbot, desks, case_id, reporter, caplog
):
    clerk = desks("clerk")
    clerk.unexpected.connect(reporter.show_traceback)
    caught: list[BaseException] = []
    with caplog.at_level(logging.ERROR):
        clerk.run(broken_service, case_id, on_error=caught.append)
        settle(qtbot, clerk)
    assert [type(e) for e in caught] == [ParkingBarrierError]
    assert reporter.dialog is None  # the window said it its own way
    assert "in _read_then_break" in caplog.text and NAME not in caplog.text
    message = clerk.describe(caught[0])
    assert message.startswith("예상하지 못한 오류로") and "unexpected" not in message


def test_a_background_job_nobody_waits_for_is_logged(qtbot, desks, caplog):
    clerk = desks("clerk")

    def job() -> None:
        raise ParkingBarrierError(f"{NAME} {PHONE}")

    with caplog.at_level(logging.ERROR):
        clerk.tasks.run(job)
        settle(qtbot, clerk)
    assert "background task failed" in caplog.text and "in job" in caplog.text
    assert "ParkingBarrierError" in caplog.text
    assert NAME not in caplog.text and PHONE not in caplog.text
