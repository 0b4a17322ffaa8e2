"""The frame every service runs in: permission check, one transaction, audit, commit.

A service is written once as ``fn(tx, ...)`` and decorated with ``@service(permission)``.
Windows and the command line call it as ``fn(db, actor, ...)``: it checks the permission,
opens a unit of work, runs, appends the audit events last and commits. Code that already
holds a transaction (the demo generator, the importer) calls ``fn.within(tx, ...)`` to do
several steps in one transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core import access_log, audit, search
from core.actor import Actor
from core.db.database import Database
from core.errors import EditConflict
from core.permissions import Permission, require
from core.settings import OfficeSettings, load_settings

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Tx:
    """What a service sees: the session, who acts, what time it is, the office's settings."""

    session: Session
    actor: Actor
    now: datetime
    _settings: OfficeSettings | None = None
    _events: list[audit.PendingEvent] = field(default_factory=list)
    _accesses: list[access_log.Access] = field(default_factory=list)
    # Cases whose search entries were already written in this transaction (the bulk path).
    indexed: set[int] = field(default_factory=set)

    @property
    def settings(self) -> OfficeSettings:
        if self._settings is None:
            self._settings = load_settings(self.session)
        return self._settings

    def forget_settings(self) -> None:
        self._settings = None

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        case_id: int | None = None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        """Queue an audit event; they are chained just before commit (core.audit)."""
        self._events.append(
            audit.PendingEvent(
                at=self.now,
                actor_id=self.actor.user_id,
                actor_name=self.actor.username,
                action=action,
                entity=entity,
                entity_id=entity_id,
                case_id=case_id,
                changes=audit.canonical_json(changes or {}),
            )
        )

    def record_pii_access(self, customer_id: int, case_id: int | None, purpose: str) -> None:
        """Queue a personal-data access record; chained with the audit events at commit."""
        self._accesses.append(
            access_log.Access(
                at=self.now,
                user_id=self.actor.user_id,
                user_name=self.actor.username,
                customer_id=customer_id,
                case_id=case_id,
                purpose=purpose,
            )
        )

    def audit_mark(self) -> int:
        """Where the queued events stand now; see ``audit_rollback``."""
        return len(self._events)

    def audit_rollback(self, mark: int) -> None:
        """Drop the events queued since ``mark``: their savepoint was rolled back."""
        del self._events[mark:]

    def flush_audit(self) -> None:
        events, self._events = self._events, []
        # Every change to a case's text is audited against the case, so the audited cases
        # are the ones to re-index; a customer's new name reaches all of their cases.
        cases = {e.case_id for e in events if e.case_id is not None}
        for e in events:
            if e.action == "customer.update" and e.entity_id is not None:
                cases.update(search.cases_of_customer(self.session, e.entity_id))
        search.reindex(self.session, cases - self.indexed)
        accesses, self._accesses = self._accesses, []
        # Always the access head before the audit head, so two writers never wait on each
        # other's lock the other way round (PostgreSQL would call it a deadlock).
        access_log.append(self.session, accesses)
        audit.append(self.session, events)


class Service(Generic[P, R]):
    """A decorated service: call it with ``(db, actor, ...)``, or ``.within(tx, ...)``."""

    def __init__(
        self, fn: Callable[Concatenate[Tx, P], R], permission: Permission | None, write: bool
    ) -> None:
        self.fn = fn
        self.permission = permission
        self.write = write
        functools.update_wrapper(self, fn)

    def __call__(self, db: Database, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.permission is not None:
            require(actor.role, self.permission)
        with db.unit_of_work(write=self.write) as uow:
            assert uow.session is not None
            tx = Tx(uow.session, actor, db.clock())
            try:
                result = self.fn(tx, *args, **kwargs)
                tx.flush_audit()
                if self.write:
                    uow.commit()
            except StaleDataError as exc:
                raise EditConflict() from exc
        return result

    def within(self, tx: Tx, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.permission is not None:
            require(tx.actor.role, self.permission)
        return self.fn(tx, *args, **kwargs)


def service(
    permission: Permission | None, *, write: bool = True
) -> Callable[[Callable[Concatenate[Tx, P], R]], Service[P, R]]:
    def wrap(fn: Callable[Concatenate[Tx, P], R]) -> Service[P, R]:
        return Service(fn, permission, write)

    return wrap
