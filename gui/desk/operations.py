"""The logged-in desk: every door a window uses runs here, on the database thread, and what it
changed is told afterwards.

Windows read through ``desk.run(sv.get_case, case_id, on_done=...)`` and write through the
named operations of ``gui.operations`` (DESIGN.md, Style 2), which run here too. After a
write, ``cases_changed`` carries the cases the service's transaction changed — the frame
knows them (``core.services.base.Outcome``) — so the queues, the list and the open case
windows of exactly those cases read them again (Style 4). A read changes no case and tells
nothing: refreshing a case that did not change would read its customer's personal data for
nobody and leave an access record for it.

A failure goes to the caller's ``on_error``; without one, an expected failure (a
``DeskError``) is told in the user's language (``failed``) and an unexpected one opens the
app's error dialog (``unexpected``). Every unexpected failure is logged with its frames but
without values, whoever handles it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.errors import DeskError, plain_failure
from core.logs import traceback_without_values
from core.procedure.permissions import Permission, allows
from core.services.base import Outcome, Service
from core.words.messages import describe
from gui.common.i18n import language, tr
from gui.desk.taskman import TaskManager

log = logging.getLogger(__name__)

R = TypeVar("R")
Done = Callable[[Any], None] | None
Failed = Callable[[BaseException], None] | None


class Desk(QObject):
    """The logged-in session: who acts, on which database, through which worker thread."""

    # The cases a write changed: a frozenset of case ids, or None (core.services.base's
    # WHOLE_REGISTER) after an import or a restore; and the name of the door that ran.
    cases_changed = Signal(object, str)
    settings_changed = Signal()
    failed = Signal(str)  # an expected failure, in the user's language
    unexpected = Signal(str)  # an unexpected failure, already logged: frames without values

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
        door: Callable[..., Any],
        *args: Any,
        on_done: Done = None,
        on_error: Failed = None,
        **kwargs: Any,
    ) -> None:
        """Run ``door(db, actor, *args, **kwargs)`` off the UI thread.

        A service (``@service``) reports the cases it changed; a plain door reports none —
        an operation running a plain door that writes cases uses ``submit`` and says so.
        """
        if isinstance(door, Service):
            service: Service[..., Any] = door

            def job(db: Database, actor: Actor) -> Outcome[Any]:
                return service.run(db, actor, *args, **kwargs)

        else:

            def job(db: Database, actor: Actor) -> Outcome[Any]:
                return Outcome(door(db, actor, *args, **kwargs))

        self.submit(job, name=door.__name__, on_done=on_done, on_error=on_error)

    def submit(
        self,
        job: Callable[[Database, Actor], Outcome[R]],
        *,
        name: str,
        on_done: Callable[[R], None] | None = None,
        on_error: Failed = None,
    ) -> None:
        """Run ``job(db, actor)`` off the UI thread; on the UI thread afterwards, broadcast
        the cases it changed (``cases_changed``, nothing when none) before ``on_done`` gets
        the result. ``name`` names the door in the broadcast and in the log."""

        def work() -> Outcome[R]:
            return job(self.db, self.actor)

        def done(outcome: Outcome[R]) -> None:
            if outcome.changed_any:
                self.cases_changed.emit(outcome.changed_cases, name)
            if on_done is not None:
                on_done(outcome.result)

        self.tasks.run(work, on_done=done, on_error=lambda exc: self._failed(name, exc, on_error))

    def _failed(self, name: str, exc: BaseException, on_error: Failed) -> None:
        details = None
        plain = None if isinstance(exc, DeskError) else plain_failure(exc)
        if plain is not None:  # a locked or full database, a file gone: said in words
            log.error(
                "%s failed: %s\n%s",
                name,
                plain.code,
                traceback_without_values(type(exc), exc, exc.__traceback__),
            )
            exc = plain
        if not isinstance(exc, DeskError):
            # Frames and the exception's type only: its message may hold a customer's name.
            details = traceback_without_values(type(exc), exc, exc.__traceback__)
            log.error("%s failed unexpectedly\n%s", name, details)
        if on_error is not None:
            on_error(exc)
        elif details is None:
            self.failed.emit(self.describe(exc))
        else:
            self.unexpected.emit(details)

    @staticmethod
    def describe(exc: BaseException) -> str:
        """A sentence for the user: a typed error's own message, or a plain one for the rest
        (whose details are in the log)."""
        if isinstance(exc, DeskError):
            return describe(exc, language())
        plain = plain_failure(exc)
        if plain is not None:
            return describe(plain, language())
        return tr("예상하지 못한 오류로 처리하지 못했습니다. 자세한 내용은 로그에 남겼습니다.")
