"""The frame every service runs in: permission check, one transaction, audit, commit.

A service is written once as ``fn(tx, ...)`` and decorated with ``@service(permission)``.
Windows and the command line call it as ``fn(db, actor, ...)``: it checks the permission,
opens a unit of work, runs, appends the audit events last and commits. Code that already
holds a transaction (the demo generator, the importer) calls ``fn.within(tx, ...)`` to do
several steps in one transaction.

``fn.run(db, actor, ...)`` does the same and returns an ``Outcome``: the result and the cases
the transaction changed, so a window can refresh exactly those (and a read refreshes none).

Plain doors that are not services (``import_register``, ``restore_backup``, ``make_backup``,
``summary_pdf`` ...) run outside this frame and return their bare result. What they change is
stated by whoever runs them for a window: an import or a restore writes the whole register
(``Outcome(result, WHOLE_REGISTER)``), a backup or a report changes no case
(``Outcome(result)``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Final, Generic, ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from core.actor import Actor
from core.db.database import Database
from core.errors import EditConflict
from core.procedure.permissions import Permission, require
from core.store import access_log
from core.store.tx import Tx

__all__ = ["WHOLE_REGISTER", "Outcome", "Service", "Tx", "service"]

P = ParamSpec("P")
R = TypeVar("R")

# ``Outcome.changed_cases`` of a door that wrote more cases than are worth naming: an import
# of a register, a restore. A distinct value, not a case id, so no real case is mistaken
# for "everything".
WHOLE_REGISTER: Final = None


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What a door returned, and which cases it changed.

    ``changed_cases`` holds the ids of the cases the transaction wrote (those it audited,
    and every case of a customer whose name changed); it is empty for a read.
    ``WHOLE_REGISTER`` (None) means the door changed more than it names: read everything
    again.
    """

    result: R
    changed_cases: frozenset[int] | None = frozenset()

    def changed(self, case_id: int) -> bool:
        """Whether a view of ``case_id`` must be read again."""
        return self.changed_cases is None or case_id in self.changed_cases

    @property
    def changed_any(self) -> bool:
        return self.changed_cases is None or bool(self.changed_cases)


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
        return self.run(db, actor, *args, **kwargs).result

    def run(self, db: Database, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> Outcome[R]:
        """Run in a transaction of its own; the result with the cases it changed."""
        if self.permission is not None:
            require(actor.role, self.permission)
        with db.unit_of_work(write=self.write) as uow:
            assert uow.session is not None
            tx = Tx(uow.session, actor, db.clock())
            try:
                result = self.fn(tx, *args, **kwargs)
                shown = [] if self.write else tx.take_accesses()
                tx.flush_audit()
                if self.write:
                    uow.commit()
            except StaleDataError as exc:
                raise EditConflict() from exc
        if shown:
            _record_accesses(db, shown)
        # A read-only unit of work is rolled back: whatever else it queued changed nothing.
        return Outcome(result, frozenset(tx.touched) if self.write else frozenset())

    def within(self, tx: Tx, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.permission is not None:
            require(tx.actor.role, self.permission)
        return self.fn(tx, *args, **kwargs)


def _record_accesses(db: Database, accesses: list[access_log.Access]) -> None:
    """The personal data a read showed (a list's customers), recorded in a short write of
    its own once the read is done: the read never holds the write lock, and the result is
    not returned unless the record was written."""
    with db.unit_of_work() as uow:
        assert uow.session is not None
        access_log.append(uow.session, accesses)
        uow.commit()


def service(
    permission: Permission | None, *, write: bool = True
) -> Callable[[Callable[Concatenate[Tx, P], R]], Service[P, R]]:
    def wrap(fn: Callable[Concatenate[Tx, P], R]) -> Service[P, R]:
        return Service(fn, permission, write)

    return wrap
