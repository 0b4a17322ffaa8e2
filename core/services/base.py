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
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from core.actor import Actor
from core.db.database import Database
from core.errors import EditConflict
from core.procedure.permissions import Permission, require
from core.store.tx import Tx

__all__ = ["Tx", "service"]

P = ParamSpec("P")
R = TypeVar("R")


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
