"""The current rows bound to the audit trail: a silent edit of the data is caught.

The chain alone proves the events were not changed; it says nothing of the rows they
describe. So every event also carries, in ``states``, a digest of each row it wrote as
that row stood when the event was chained: a case together with everything of it (actions,
contacts, compensations, the result, follow-ups, status changes, tags and links), a
customer, a user, a category, an improvement with its cases, the office's settings. The
check (``verify``) recomputes every current row and compares it with the last event that
bound it: an ``UPDATE``, ``INSERT`` or ``DELETE`` made past the app is reported with the row
and that event.

Digests cover values, never hold them (no personal data enters the trail), and are the
first 128 bits of SHA-256 over the row's canonical JSON, None values left out: a column
added later as NULL changes no digest. A migration that rewrites values must bind the rows
again (``baseline_events``).
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Column, Date, Table, bindparam, select, text
from sqlalchemy.orm import Session

from core.db.models import (
    Action,
    AuditEvent,
    AuditHead,
    Case,
    CaseLink,
    CaseTag,
    Category,
    Compensation,
    Contact,
    Customer,
    FollowUp,
    Improvement,
    ImprovementCase,
    Resolution,
    StatusChange,
    User,
)
from core.db.types import UTCDateTime, to_micros
from core.store.canonical import canonical_json
from core.views import StateProblem, StateReport

if TYPE_CHECKING:
    from core.store.audit import PendingEvent

# A bound row: its kind and id (the settings are one row of id 0).
Key = tuple[str, int]
SETTINGS: Key = ("settings", 0)
_IN = 500  # ids per IN (...) list


def _t(model: Any) -> Table:
    table: Table = model.__table__
    return table


@dataclass(frozen=True)
class Kind:
    """A bound row's table and the tables whose rows belong to it (with the column naming
    their owner and the order they are read in)."""

    table: Table
    parts: tuple[tuple[str, Table, str, tuple[str, ...]], ...] = ()


KINDS: dict[str, Kind] = {
    "case": Kind(
        _t(Case),
        (
            ("actions", _t(Action), "case_id", ("id",)),
            ("contacts", _t(Contact), "case_id", ("id",)),
            ("compensations", _t(Compensation), "case_id", ("id",)),
            ("resolutions", _t(Resolution), "case_id", ("id",)),
            ("follow_ups", _t(FollowUp), "case_id", ("id",)),
            ("status_changes", _t(StatusChange), "case_id", ("id",)),
            ("tags", _t(CaseTag), "case_id", ("tag",)),
            ("links", _t(CaseLink), "case_id", ("related_id",)),
        ),
    ),
    "customer": Kind(_t(Customer)),
    "user": Kind(_t(User)),
    "category": Kind(_t(Category)),
    "improvement": Kind(
        _t(Improvement), (("cases", _t(ImprovementCase), "improvement_id", ("case_id",)),)
    ),
}


def _micros(value: object) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str):  # SQLite text written before migration 0011
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return to_micros(value.replace(tzinfo=UTC) if value.tzinfo is None else value)


def _day(value: object) -> str:
    return value if isinstance(value, str) else value.isoformat()  # type: ignore[attr-defined]


def _spelling(column: Column[Any]) -> Callable[[Any], Any] | None:
    """How a driver's value of this column is spelt the same on SQLite and PostgreSQL: a
    moment as microseconds since 1970, a day as ISO text, a flag as true/false."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _micros
    if isinstance(kind, Date):
        return _day
    if isinstance(kind, Boolean):
        return bool
    return None


@dataclass(frozen=True)
class _Reader:
    """A table's rows read as the driver gives them (no ORM types: several times faster
    over a whole register), each as {column: value} without the Nones, names in order."""

    names: tuple[str, ...]
    spell: tuple[Callable[[Any], Any] | None, ...]
    select: str  # ... WHERE {owner} IN :ids ORDER BY ...

    @classmethod
    def of(cls, table: Table, owner: str, order: tuple[str, ...]) -> _Reader:
        columns = sorted(table.columns, key=lambda c: c.name)
        names = tuple(c.name for c in columns)
        listed = ", ".join(names)
        ordered = ", ".join((owner, *order))
        return cls(
            names,
            tuple(_spelling(c) for c in columns),
            f"SELECT {listed} FROM {table.name} WHERE {owner} IN :ids ORDER BY {ordered}",
        )

    def rows(self, session: Session, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        stmt = text(self.select).bindparams(bindparam("ids", expanding=True))
        pairs = tuple(zip(self.names, self.spell, strict=True))
        for raw in session.execute(stmt, {"ids": list(ids)}):
            yield {
                name: (spell(v) if spell else v)
                for (name, spell), v in zip(pairs, raw, strict=True)
                if v is not None
            }


_READERS: dict[str, tuple[_Reader, tuple[tuple[str, str, _Reader], ...]]] = {}


def _readers(kind: str) -> tuple[_Reader, tuple[tuple[str, str, _Reader], ...]]:
    if kind not in _READERS:
        spec = KINDS[kind]
        _READERS[kind] = (
            _Reader.of(spec.table, "id", ()),
            tuple(
                (name, owner, _Reader.of(table, owner, order))
                for name, table, owner, order in spec.parts
            ),
        )
    return _READERS[kind]


def _digest(obj: Any) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()[:32]


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for at in range(0, len(ids), _IN):
        yield ids[at : at + _IN]


def row_digests(session: Session, kind: str, ids: Iterable[int]) -> dict[int, str | None]:
    """The digest of each of these rows as it stands now (None: there is no such row)."""
    main, parts = _readers(kind)
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(wanted):
        for row in main.rows(session, chunk):
            found[row["id"]] = {"row": row}
        for name, owner, reader in parts:
            for row in reader.rows(session, chunk):
                found[row[owner]].setdefault(name, []).append(row)
    return {i: _digest(found[i]) if i in found else None for i in wanted}


def settings_digest(session: Session) -> str:
    rows = session.execute(text("SELECT key, value FROM settings ORDER BY key"))
    return _digest({"settings": [{"key": k, "value": v} for k, v in rows]})


def event_keys(entity: str, entity_id: int | None, case_id: int | None) -> set[Key]:
    """The rows an event binds of itself: what it names, and the case it concerns."""
    keys: set[Key] = set()
    if entity in KINDS and entity_id is not None:
        keys.add((entity, entity_id))
    if entity == "settings":
        keys.add(SETTINGS)
    if case_id is not None:
        keys.add(("case", case_id))
    return keys


def bind(
    session: Session,
    events: Sequence[PendingEvent],
    extra: Sequence[Iterable[Key]] | None = None,
) -> list[PendingEvent]:
    """The events with ``states`` filled in: the digest of every row each one wrote (its
    own keys, ``extra``'s, and the customer of every case it binds), read after a flush."""
    session.flush()
    keys = [
        event_keys(e.entity, e.entity_id, e.case_id) | set(extra[n] if extra else ())
        for n, e in enumerate(events)
    ]
    case_ids = {i for ks in keys for kind, i in ks if kind == "case"}
    cases = _t(Case)
    customer_of: dict[int, int] = {}
    for chunk in _chunks(sorted(case_ids)):
        stmt = select(cases.c.id, cases.c.customer_id).where(cases.c.id.in_(chunk))
        customer_of.update((int(i), int(c)) for i, c in session.execute(stmt))
    for ks in keys:
        ks.update(
            ("customer", customer_of[i])
            for kind, i in list(ks)
            if i in customer_of and kind == "case"
        )
    by_kind: dict[str, set[int]] = {}
    for ks in keys:
        for kind, i in ks:
            by_kind.setdefault(kind, set()).add(i)
    digests: dict[Key, str | None] = {}
    for kind, ids in by_kind.items():
        if kind == "settings":
            digests[SETTINGS] = settings_digest(session)
        else:
            digests.update(((kind, i), d) for i, d in row_digests(session, kind, ids).items())
    return [
        replace(e, states=canonical_json({f"{k}:{i}": digests[(k, i)] for k, i in ks})) if ks else e
        for e, ks in zip(events, keys, strict=True)
    ]


def all_keys(session: Session) -> Iterator[Key]:
    """Every bound row there is now, kind by kind (for ``baseline_events``)."""
    yield SETTINGS
    for kind, spec in KINDS.items():
        for (i,) in session.execute(select(spec.table.c.id).order_by(spec.table.c.id)):
            yield kind, int(i)


# --- the check ------------------------------------------------------------------------


class _Latest:
    """The last digest bound to each row of one kind: dense arrays by id (ids count up
    from 1), with a dictionary for ids far beyond the table's (a forged key)."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.seq = array("q", bytes(8 * (top + 1)))
        self.digest = bytearray(16 * (top + 1))
        self.far: dict[int, tuple[int, bytes]] = {}

    def put(self, i: int, seq: int, digest: str | None) -> None:
        value = bytes.fromhex(digest) if digest else bytes(16)
        mark = seq if digest else -seq  # negative: bound as gone
        if 0 <= i <= self.top:
            self.seq[i] = mark
            self.digest[16 * i : 16 * i + 16] = value
        else:
            self.far[i] = (mark, value)

    def get(self, i: int) -> tuple[int, bytes]:
        if 0 <= i <= self.top:
            return self.seq[i], bytes(self.digest[16 * i : 16 * i + 16])
        return self.far.get(i, (0, bytes(16)))

    def bound_ids(self) -> Iterator[int]:
        for i, seq in enumerate(self.seq):
            if seq:
                yield i
        yield from self.far


def _latest(session: Session, *, batch: int = 5000) -> dict[str, _Latest]:
    """The last bound digest of every row, from the events in order."""
    tops = {}
    for kind, spec in KINDS.items():
        top = session.scalar(select(spec.table.c.id).order_by(spec.table.c.id.desc()).limit(1))
        tops[kind] = int(top or 0)
    tops["settings"] = 0
    latest = {kind: _Latest(top) for kind, top in tops.items()}
    last = 0
    while True:
        rows = session.execute(
            select(AuditEvent.seq, AuditEvent.states)
            .where(AuditEvent.seq > last, AuditEvent.states.is_not(None))
            .order_by(AuditEvent.seq)
            .limit(batch)
        ).all()
        if not rows:
            return latest
        for seq, states in rows:
            for key, digest in json.loads(states or "{}").items():
                kind, _, number = key.partition(":")
                if kind in latest and number.isdigit():
                    latest[kind].put(int(number), seq, digest)
        last = rows[-1][0]


def verify(session: Session, *, batch: int = 2000, keep: int = 20) -> StateReport:
    """Every current row against the last event that bound it; the first ``keep`` that
    do not match, and how many."""
    head = session.get(AuditHead, 1)
    if head is None or not head.states_bound:
        return StateReport(False, 0, (), 0, unbound=True)
    latest = _latest(session)
    problems: list[StateProblem] = []
    total = checked = 0

    def problem(kind: str, i: int, reason: str, seq: int) -> None:
        nonlocal total
        total += 1
        if len(problems) < keep:
            problems.append(StateProblem(kind, i, reason, abs(seq) or None))

    seen = latest["settings"]
    seq, bound = seen.get(0)
    checked += 1
    if seq <= 0 or bound != bytes.fromhex(settings_digest(session)):
        problem("settings", 0, "changed" if seq > 0 else "unrecorded", seq)
    for kind, spec in KINDS.items():
        marks = latest[kind]
        present: set[int] = set()
        last = 0
        while True:
            ids = [
                int(i)
                for i in session.scalars(
                    select(spec.table.c.id)
                    .where(spec.table.c.id > last)
                    .order_by(spec.table.c.id)
                    .limit(batch)
                )
            ]
            if not ids:
                break
            last = ids[-1]
            for i, digest in row_digests(session, kind, ids).items():
                checked += 1
                present.add(i)
                seq, bound = marks.get(i)
                if seq == 0:
                    problem(kind, i, "unrecorded", 0)
                elif seq < 0:
                    problem(kind, i, "reappeared", seq)
                elif digest is None or bound != bytes.fromhex(digest):
                    problem(kind, i, "changed", seq)
        for i in marks.bound_ids():
            seq, _ = marks.get(i)
            if seq > 0 and i not in present:
                problem(kind, i, "deleted", seq)
    return StateReport(total == 0, checked, tuple(_labelled(session, problems)), total)


def _labelled(session: Session, problems: list[StateProblem]) -> Iterator[StateProblem]:
    """Case numbers, user names and category names: what a supervisor finds them by (no
    customer's name: a customer is named by number)."""
    columns = {"case": Case.case_no, "user": User.username, "category": Category.code}
    for p in problems:
        column = columns.get(p.kind)
        label = ""
        if column is not None:
            table = column.class_.__table__
            label = session.scalar(select(column).where(table.c.id == p.entity_id)) or ""
        yield replace(p, label=str(label))


def baseline_events(
    session: Session, at: datetime, *, per_event: int = 500
) -> list[tuple[PendingEvent, list[Key]]]:
    """Events that bind every row as it stands (a register from before rows were bound):
    ``per_event`` rows each, by the system."""
    from core.store.audit import PendingEvent

    out: list[tuple[PendingEvent, list[Key]]] = []
    keys = list(all_keys(session))
    for at_key in range(0, len(keys), per_event):
        part = keys[at_key : at_key + per_event]
        event = PendingEvent(
            at=at,
            actor_id=None,
            actor_name="system",
            action="records.bind",
            entity="records",
            entity_id=None,
            case_id=None,
            changes=canonical_json({"rows": len(part)}),
        )
        out.append((event, part))
    return out
