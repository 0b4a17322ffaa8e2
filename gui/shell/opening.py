"""Opening the office's data behind the login: the first window is on screen at once.

The login needs only Qt. What comes after it — SQLAlchemy and the models, the services, the
database opened and its schema checked — takes most of a second, so it is done on a worker
thread while the person types their name and password. The main window's code is loaded
after that on the UI thread: it loads Qt modules (printing, PDF), and a Qt module loaded off
the UI thread while the login runs crashed the process now and then. ``Opening`` starts that
work and tells the login when all is there (``ready``) or the data could not be opened
(``failed``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from core.logs import traceback_without_values
from gui.desk.taskman import TaskManager

if TYPE_CHECKING:
    from core.db.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    """The office's data, open: who runs it, and whether the first-run setup is due."""

    db: Database
    needs_setup: bool
    office_name: str


def open_office(db_url: str | None, on_phase: Callable[[str], None] | None = None) -> Opened:
    """On the worker thread: the database code loaded, the data opened and checked. Nothing
    here may load a Qt module. ``on_phase`` hears of a long step (core.services.open_database)."""
    from core import services as sv
    from core.actor import Actor

    db = sv.open_database(db_url, on_phase=on_phase)
    try:
        needs_setup = sv.needs_setup(db)
        office = "" if needs_setup else sv.get_settings(db, Actor.system()).office_name
    except BaseException:
        db.dispose()
        raise
    return Opened(db, needs_setup, office)


class Opening(QObject):
    """The data being opened: ``ready(Opened)`` or ``failed(exception)``, once; ``phase``
    on the way when a long step begins (``"binding"``)."""

    ready = Signal(object)
    failed = Signal(object)
    phase = Signal(str)  # emitted on the worker thread, delivered on the UI thread

    def __init__(self, db_url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self.opened: Opened | None = None
        self.error: BaseException | None = None
        self._tasks = TaskManager(self, what="opening the data")

    def start(self) -> None:
        self._tasks.run(
            lambda: open_office(self.db_url, self.phase.emit),
            on_done=self._done,
            on_error=self._fail,
        )

    @property
    def settled(self) -> bool:
        return self.opened is not None or self.error is not None

    def wait(self) -> None:
        """Block until the work is done (a check with no window to show meanwhile)."""
        from PySide6.QtCore import QCoreApplication

        while not self.settled:
            self._tasks.wait_idle(50)
            QCoreApplication.processEvents()

    def _done(self, opened: Opened) -> None:
        # The main window's code, on this (the UI) thread while the person still types:
        # building the window after the login then costs only the building.
        import gui.shell.main_window  # noqa: F401

        self.opened = opened
        self.ready.emit(opened)

    def _fail(self, exc: BaseException) -> None:
        # Frames and the type only: a driver's message may hold the server's password.
        log.error(
            "the database could not be opened\n%s",
            traceback_without_values(type(exc), exc, exc.__traceback__),
        )
        self.error = exc
        self.failed.emit(exc)
