"""The GUI's named operations: one per user intention, run on the database thread.

Windows call ``desk.run(service, *args, on_done=...)`` (or a named shortcut) and never touch
the database. After a write succeeds, ``case_changed`` tells every open view which case
changed, so the queues, the list and an open case stay in step without polling (DESIGN.md,
Style 4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.errors import DeskError
from core.procedure.permissions import Permission, allows
from core.words.messages import describe
from gui.common.i18n import language
from gui.desk.taskman import TaskManager

# Services that change a case, and how to find the case id among their arguments.
_CASE_WRITES = {
    sv.acknowledge,
    sv.start_handling,
    sv.record_action,
    sv.log_contact,
    sv.resolve,
    sv.close,
    sv.close_invalid,
    sv.withdraw,
    sv.reopen,
    sv.offer_compensation,
    sv.record_follow_up,
    sv.waive_follow_up,
    sv.update_case,
    sv.assign,
}


class Desk(QObject):
    """The logged-in session: who acts, on which database, through which worker thread."""

    case_changed = Signal(int, str)  # case id (0: several or unknown), what happened
    settings_changed = Signal()
    failed = Signal(str)  # a message ready to show

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.tasks = TaskManager(self)
        self.settings = sv.get_settings(db, actor)
        self.tz = ZoneInfo(self.settings.timezone)
        self.settings_changed.connect(self._reload_settings)

    def _reload_settings(self) -> None:
        self.settings = sv.get_settings(self.db, self.actor)
        self.tz = ZoneInfo(self.settings.timezone)

    def can(self, permission: Permission) -> bool:
        return allows(self.actor.role, permission)

    def run(
        self,
        service: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``service(db, actor, *args, **kwargs)`` off the UI thread."""

        def job() -> Any:
            return service(self.db, self.actor, *args, **kwargs)

        def done(result: Any) -> None:
            if service in _CASE_WRITES:
                self.case_changed.emit(int(args[0]) if args else 0, service.__name__)
            elif service is sv.receive_complaint:
                self.case_changed.emit(result.id, "receive_complaint")
            elif service in (
                sv.approve_compensation,
                sv.reject_compensation,
                sv.record_compensation_outcome,
            ):
                self.case_changed.emit(0, service.__name__)
            elif service is sv.import_register and not kwargs.get("dry_run"):
                self.case_changed.emit(0, "import_register")
            elif service in (sv.update_settings, sv.save_category):
                self.settings_changed.emit()
            if on_done is not None:
                on_done(result)

        def error(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                self.failed.emit(self.describe(exc))

        self.tasks.run(job, on_done=done, on_error=error)

    @staticmethod
    def describe(exc: BaseException) -> str:
        if isinstance(exc, DeskError):
            return describe(exc, language())
        # Unexpected: the message goes to the log; the clerk gets a plain sentence.
        return describe(DeskError("unexpected"), language())
