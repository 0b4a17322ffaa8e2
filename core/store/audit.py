"""The audit trail: an append-only hash chain of every change.

Each event's hash covers its own content and the previous event's hash, so editing,
deleting or reordering any event breaks the chain from that point on. ``audit_head``
holds the last sequence number and hash: locking that one row serialises appends across
workstations, and comparing it with the last event catches a truncated tail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.fast_insert import insert_rows
from core.db.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return [_plain(v) for v in value]
    raise TypeError(f"not JSON-serialisable in the audit trail: {type(value).__name__}")


def canonical_json(obj: Any) -> str:
    return json.dumps(
        obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )


@dataclass(frozen=True)
class PendingEvent:
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    entity: str
    entity_id: int | None
    case_id: int | None
    changes: str  # canonical JSON


def event_hash(seq: int, prev_hash: str, e: PendingEvent | AuditEvent) -> str:
    body = canonical_json(
        [
            seq,
            e.at.astimezone(UTC).isoformat(timespec="microseconds"),
            e.actor_id,
            e.actor_name,
            e.action,
            e.entity,
            e.entity_id,
            e.case_id,
            e.changes,
            prev_hash,
        ]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, events: list[PendingEvent]) -> None:
    """Append events in order, under the head row's lock (taken last, held briefly)."""
    append_chain(session, AuditHead, "last_seq", AuditEvent.seq, events, event_hash)


def append_chain(
    session: Session,
    head_model: Any,
    last_attr: str,
    position: Any,
    items: Sequence[Any],
    digest: Callable[[int, str, Any], str],
) -> None:
    """Append ``items`` (dataclasses named as the table's columns) to a hash chain: each
    numbered after the last, linked to the one before, in one multi-row insert, with the
    head row (``last_attr``, ``last_hash``) locked and moved on.

    Shared by the audit trail and the personal-data access records (core.store.access_log).
    """
    if not items:
        return
    head = session.scalars(select(head_model).where(head_model.id == 1).with_for_update()).one()
    last, prev = getattr(head, last_attr), head.last_hash
    rows = []
    for item in items:
        last += 1
        hashed = digest(last, prev, item)
        rows.append({**vars(item), position.key: last, "prev_hash": prev, "hash": hashed})
        prev = hashed
    insert_rows(session, position.class_.__table__, rows)  # one multi-row insert
    setattr(head, last_attr, last)
    head.last_hash = prev
    session.flush()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str | None = None  # hash_mismatch, broken_link, missing_event, head_mismatch


def verify(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in order; report the first event that does not fit."""
    head = session.get(AuditHead, 1)
    return walk_chain(
        session,
        AuditEvent.seq,
        event_hash,
        (head.last_seq, head.last_hash) if head else None,
        batch=batch,
    )


def walk_chain(
    session: Session,
    position: Any,
    digest: Callable[[int, str, Any], str],
    head: tuple[int, str] | None,
    *,
    batch: int = 5000,
) -> ChainReport:
    """Check a hash chain: the rows of ``position``'s table in order, each numbered one
    after the other, linked to the one before and hashing to what it says; and ``head``
    (last number, last hash) naming the last one, so a cut-off tail shows too.

    Shared by the audit trail and the personal-data access records (core.store.access_log).
    """
    model = position.class_
    prev, expected, checked, last = GENESIS, 1, 0, 0
    while True:
        rows = session.scalars(
            select(model).where(position >= expected).order_by(position).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            number = getattr(row, position.key)
            if number != expected:
                return ChainReport(False, checked, expected, "missing_event")
            if row.prev_hash != prev:
                return ChainReport(False, checked, number, "broken_link")
            if digest(number, row.prev_hash, row) != row.hash:
                return ChainReport(False, checked, number, "hash_mismatch")
            prev, last, expected = row.hash, number, number + 1
            checked += 1
        session.expunge_all()
    if head is None or head != (last, prev):
        return ChainReport(False, checked, last + 1, "head_mismatch")
    return ChainReport(True, checked)
