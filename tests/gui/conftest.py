"""GUI fixtures: a real database (SQLite), a desk per role, and Korean typing as an IME does.

``keyClicks`` with Hangul aborts the test process (DESIGN.md traps), so Korean text is
committed with a ``QInputMethodEvent``, which is what a Korean input method sends.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.db.database import Database
from gui.common.i18n import set_language
from gui.desk.operations import Desk
from tests.conftest import assert_rows_bound

# Every test under this folder is marked ``gui`` by tests/conftest.py (a mark set here would
# reach no test: ``pytestmark`` in a conftest applies to nothing).


def type_korean(widget: QWidget, text: str) -> None:
    """Type ``text`` into a focused line or text edit as a Korean IME would commit it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def gui_db(sqlite_url, clock, tmp_path, request):
    db = Database(sqlite_url, clock=clock, backup_dir=tmp_path / "backups")
    yield db
    # What the windows did went through the services: every row still matches the trail.
    if request.node.get_closest_marker("edits_past_the_app") is None:
        assert_rows_bound(db)
    db.dispose()


@pytest.fixture
def desks(qtbot, gui_db, staff_on):
    made: list[Desk] = []

    def desk(role: str) -> Desk:
        d = Desk(gui_db, staff_on.of(role))
        made.append(d)
        return d

    yield desk
    for d in made:
        d.tasks.wait_idle()


@pytest.fixture
def staff_on(gui_db):
    from tests.conftest import make_staff

    return make_staff(gui_db)


@pytest.fixture(autouse=True)
def _collect_on_ui_thread():
    """As in the app (gui/gc.py): never let the worker thread collect widgets."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def _korean():
    set_language("ko")
    yield
    set_language("ko")


def settle(qtbot, desk: Desk) -> None:
    """Wait until the desk's background work has been delivered back to the UI thread."""
    qtbot.waitUntil(lambda: desk.tasks.pending == 0, timeout=10000)
