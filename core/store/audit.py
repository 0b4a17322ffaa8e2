"""The audit trail: an append-only hash chain of every change.

Each event's hash covers its own content and the previous event's hash, so editing,
deleting or reordering any event breaks the chain from that point on. ``audit_head``
holds the last sequence number and hash: locking that one row serialises appends across
workstations, and comparing it with the last event catches a truncated tail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from core.db.fast_insert import insert_rows
from core.db.models import AuditEvent, AuditHead
from core.store import bindings
from core.store.canonical import canonical_json
from core.store.redaction import FREE_TEXT_COLUMNS

GENESIS = "0" * 64

# What people write about a case, where a customer's name, number or story may be (the
# columns the purge redacts): an event names the field and holds a fingerprint of the words,
# never the words (the row holds them, bound to the event by its digest; a purge can then
# reach every copy).
FREE_TEXT = frozenset(column for _, _, columns in FREE_TEXT_COLUMNS for column in columns)


def fingerprint(value: object) -> object:
    """A free text as the trail keeps it: its length and the start of its SHA-256."""
    if not isinstance(value, str) or not value:
        return value
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
    return {"chars": len(value), "sha256": digest}


def without_free_text(changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with every free text (a value, or a [before, after] pair) fingerprinted."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key in FREE_TEXT:
            value = (
                [fingerprint(v) for v in value] if isinstance(value, list) else fingerprint(value)
            )
        out[key] = value
    return out


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
    # The digests of the rows it wrote, {"case:12": "…"} (core.store.bindings); filled in
    # by ``append``.
    states: str | None = None


def event_hash(seq: int, prev_hash: str, e: PendingEvent | AuditEvent) -> str:
    fields = [
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
    states = getattr(e, "states", None)  # a row read from a file without the column
    if states is not None:  # events from before rows were bound hash as they always did
        fields.append(states)
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def append(
    session: Session,
    events: Sequence[PendingEvent],
    extra: Sequence[Iterable[bindings.Key]] | None = None,
) -> None:
    """Append events in order, each with the digests of the rows it wrote (``extra``: more
    rows for each event than it names), under the head row's lock (taken last, held
    briefly). The first events ever appended to a register bind its rows first."""
    if not events:
        return
    head = _locked_head(session)
    _bind_rows_once(session, head, events[0].at)
    _append(session, head, events, extra)


def _locked_head(session: Session) -> AuditHead:
    return session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()


def _append(
    session: Session,
    head: AuditHead,
    events: Sequence[PendingEvent],
    extra: Sequence[Iterable[bindings.Key]] | None,
) -> None:
    bound = bindings.bind(session, events, extra)
    append_chain(session, AuditHead, "last_seq", AuditEvent.seq, bound, event_hash, head=head)


def rows_bound(session: Session) -> bool:
    """Whether the register's rows were bound to the trail once already (a read)."""
    head = session.get(AuditHead, 1)
    return head is None or bool(head.states_bound)


def bind_rows_once(session: Session, at: datetime) -> int:
    """Bind every row as it stands, once: a register from before rows were bound to the
    trail (and a new one, whose categories the schema wrote). Returns the events added."""
    return _bind_rows_once(session, _locked_head(session), at)


def _bind_rows_once(session: Session, head: AuditHead, at: datetime) -> int:
    if head.states_bound:
        return 0
    made = bindings.baseline_events(session, at)
    _append(session, head, [e for e, _ in made], [keys for _, keys in made])
    head.states_bound = True
    session.flush()
    return len(made)


def append_chain(
    session: Session,
    head_model: Any,
    last_attr: str,
    position: Any,
    items: Sequence[Any],
    digest: Callable[[int, str, Any], str],
    *,
    head: Any = None,
) -> None:
    """Append ``items`` (dataclasses named as the table's columns) to a hash chain: each
    numbered after the last, linked to the one before, in one multi-row insert, with the
    head row (``last_attr``, ``last_hash``) locked and moved on (``head``: already locked
    by the caller in this transaction).

    Shared by the audit trail and the personal-data access records (core.store.access_log).
    """
    if not items:
        return
    if head is None:
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
    last_hash: str = ""  # of the last link, when the chain verifies (an anchor records it)
    first_hash: str = ""  # of the first link: which register this chain is


def verify(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in order; report the first event that does not fit.

    Reads only the columns the file has: a backup from before rows were bound has no
    ``states``, and its events hash without them."""
    have = {c["name"] for c in inspect(session.connection()).get_columns("audit_events")}
    columns = [c for c in AuditEvent.__table__.columns if c.name in have]
    head = session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one_or_none()
    return walk_chain(
        session,
        AuditEvent.seq,
        event_hash,
        (head.last_seq, head.last_hash) if head else None,
        batch=batch,
        columns=columns,
    )


def walk_chain(
    session: Session,
    position: Any,
    digest: Callable[[int, str, Any], str],
    head: tuple[int, str] | None,
    *,
    batch: int = 5000,
    columns: Sequence[Any] = (),
) -> ChainReport:
    """Check a hash chain: the rows of ``position``'s table in order, each numbered one
    after the other, linked to the one before and hashing to what it says; and ``head``
    (last number, last hash) naming the last one, so a cut-off tail shows too.

    Shared by the audit trail and the personal-data access records (core.store.access_log).
    """
    columns = columns or list(position.class_.__table__.columns)
    prev, expected, checked, last, first = GENESIS, 1, 0, 0, ""
    while True:
        rows = session.execute(
            select(*columns).where(position >= expected).order_by(position).limit(batch)
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
            first = first or row.hash
            checked += 1
        session.expunge_all()
    if head is None or head != (last, prev):
        return ChainReport(False, checked, last + 1, "head_mismatch")
    return ChainReport(True, checked, last_hash=prev, first_hash=first)
