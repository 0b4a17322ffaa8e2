"""개인정보 파기: destroying the personal data of customers whose complaints are past retention.

Complaint records are kept ``retention_years`` (전자상거래법: 3년) after a case closes; then
the customer's personal data is destroyed without delay (개인정보 보호법 제21조). A customer
is destroyed as a whole: only when every one of their cases is closed and the last one closed
before the cutoff, since one customer row serves all of their cases.

What is destroyed: the identifying fields of the customer row (the row itself stays, so the
statistics keep counting the same customers), the customer's name, phone number and e-mail
wherever they were written into their cases (core.store.redaction), and so in the search
index. What is kept: the case rows and their narrative (the complaint record the law asks to
keep), and the personal-data access records (evidence; they hold ids only). The purge is one
audit event, read back as the destruction record.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from core.actor import Actor
from core.db.database import Database
from core.db.models import AuditEvent, Case, Customer
from core.errors import NotFound, RetentionChanged
from core.procedure.enums import Status
from core.procedure.permissions import Permission, require
from core.services.base import Tx, service
from core.services.common import holds_id
from core.store import redaction, search
from core.views import BackupLeft, DestructionRecord, RetentionCandidates

# What a destroyed customer's name becomes. Fixed, so lists and printouts show plainly that
# the data was destroyed rather than never given.
MARKER = "(파기됨)"
ACTION = "retention.purge"
# Ids per IN (...) list: well under SQLite's limit on bound parameters.
_CHUNK = 2000


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class _Found:
    summary: RetentionCandidates
    customer_ids: list[int]
    case_ids: list[int]


def _has_personal_data() -> ColumnElement[bool]:
    """Not destroyed yet, or given again since (a clerk took up the destroyed row anew)."""
    return or_(
        Customer.anonymised_at.is_(None),
        Customer.name != MARKER,
        *[
            column.is_not(None)
            for column in (
                Customer.phone,
                Customer.phone_digits,
                Customer.phone_last4,
                Customer.email,
                Customer.email_norm,
                Customer.address,
                Customer.preferred_channel,
                Customer.consent_purpose,
            )
        ],
    )


def _find(tx: Tx) -> _Found:
    cal = tx.settings.calendar()
    years = tx.settings.retention_years
    cutoff = years_before(cal.local_date(tx.now), years)
    start = datetime.combine(cutoff, time(0), cal.tz)
    # Customers with at least one case closed before the cutoff (the closed-at index), of whom
    # those with no case still open or closed since are past retention as a whole.
    expired = select(Case.customer_id).where(Case.closed_at < start).distinct()
    kept = case(
        (
            or_(
                Case.status != Status.CLOSED.value,
                Case.closed_at.is_(None),
                Case.closed_at >= start,
            ),
            1,
        ),
        else_=0,
    )
    customers = (
        select(Case.customer_id)
        .join(Customer, Customer.id == Case.customer_id)
        .where(_has_personal_data(), Case.customer_id.in_(expired))
        .group_by(Case.customer_id)
        .having(func.sum(kept) == 0)
    )
    customer_ids = sorted(tx.session.scalars(customers))
    rows: list[tuple[int, str, datetime | None]] = []  # (case id, number, closed at)
    for at in range(0, len(customer_ids), _CHUNK):
        rows += [
            (i, no, closed)
            for i, no, closed in tx.session.execute(
                select(Case.id, Case.case_no, Case.closed_at).where(
                    Case.customer_id.in_(customer_ids[at : at + _CHUNK])
                )
            )
        ]
    # Case numbers in numbering order (year, then number), as the register lists them.
    rows.sort(key=lambda r: _number_key(r[1]))
    closed = [cal.local_date(c) for _, _, c in rows if c is not None]
    summary = RetentionCandidates(
        retention_years=years,
        cutoff=cutoff,
        customers=len(customer_ids),
        cases=len(rows),
        oldest_closed=min(closed, default=None),
        newest_closed=max(closed, default=None),
        case_nos=tuple(no for _, no, _ in rows),
    )
    return _Found(summary, customer_ids, [i for i, _, _ in rows])


def _number_key(case_no: str) -> tuple[Any, ...]:
    parts = case_no.rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return (int(parts[1]), int(parts[2]), case_no)
    return (0, 0, case_no)


@service(Permission.RETENTION_PURGE, write=False)
def retention_candidates(tx: Tx) -> RetentionCandidates:
    """What a purge now would destroy: counts, the cutoff and the case numbers. Reads no
    personal data."""
    return _find(tx).summary


@service(Permission.RETENTION_PURGE)
def purge_expired_personal_data(
    tx: Tx, *, expected: int, expected_cases: int | None = None
) -> DestructionRecord:
    """Destroy the personal data the supervisor approved: ``expected`` customers (and, when
    given, ``expected_cases`` cases), recomputed here in the same transaction. Anything else
    raises ``RetentionChanged`` and nothing is changed."""
    found = _find(tx)
    s = found.summary
    if s.customers != expected or (expected_cases is not None and s.cases != expected_cases):
        raise RetentionChanged(expected=[expected, expected_cases], found=[s.customers, s.cases])
    if not s.customers:
        raise RetentionChanged("retention_nothing")
    if tx.session.get_bind().dialect.name == "sqlite":
        # Overwrite what the updates free instead of leaving it in the file's free space.
        tx.session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
    ids = found.customer_ids
    # Their name and number out of what was written about their cases first: the customer
    # rows still hold what to look for.
    redacted = redaction.redact_customers(tx.session, ids, MARKER)
    done = 0
    for at in range(0, len(ids), _CHUNK):
        result = tx.session.execute(
            update(Customer)
            # Checked again row by row: a purge approved on another counter PC at the same
            # moment finds these rows already destroyed (PostgreSQL re-reads a locked row).
            .where(Customer.id.in_(ids[at : at + _CHUNK]), _has_personal_data())
            .values(
                name=MARKER,
                phone=None,
                phone_digits=None,
                phone_last4=None,
                email=None,
                email_norm=None,
                address=None,
                preferred_channel=None,
                consent_purpose=None,
                anonymised_at=tx.now,
            )
            .execution_options(synchronize_session=False)
        )
        done += result.rowcount  # type: ignore[attr-defined]
    if done != len(ids):
        raise RetentionChanged(expected=[expected, expected_cases], found=[done, None])
    tx.session.expire_all()  # no loaded customer may keep the old values
    # The name is part of each case's search text. On SQLite the index is contentless: the
    # old pairs are deleted with the old text kept in search_docs (search.reindex does that).
    for at in range(0, len(found.case_ids), _CHUNK):
        search.reindex(tx.session, found.case_ids[at : at + _CHUNK])
    tx.indexed.update(found.case_ids)
    # Counts, dates and case numbers only: personal data never enters the audit trail.
    tx.audit(
        ACTION,
        "retention",
        None,
        changes={
            "retention_years": s.retention_years,
            "cutoff": s.cutoff,
            "customers": s.customers,
            "cases": s.cases,
            "oldest_closed": s.oldest_closed,
            "newest_closed": s.newest_closed,
            "case_nos": list(s.case_nos),
            "approved_by": tx.actor.display_name,
            "texts_redacted": redacted,
        },
        binds=[("customer", i) for i in ids] + [("case", i) for i in found.case_ids],
    )
    tx.flush_audit()  # the event's number is the record's number
    seq = tx.session.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.action == ACTION))
    assert seq is not None
    return DestructionRecord(
        id=int(seq),
        at=tx.now,
        approved_by=tx.actor.display_name,
        approved_by_username=tx.actor.username,
        retention_years=s.retention_years,
        cutoff=s.cutoff,
        customers=s.customers,
        cases=s.cases,
        oldest_closed=s.oldest_closed,
        newest_closed=s.newest_closed,
        case_nos=s.case_nos,
    )


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _record(event: AuditEvent) -> DestructionRecord:
    data = json.loads(event.changes)
    return DestructionRecord(
        id=event.seq,
        at=event.at,
        approved_by=str(data.get("approved_by") or event.actor_name),
        approved_by_username=event.actor_name,
        retention_years=int(data.get("retention_years", 0)),
        cutoff=date.fromisoformat(data["cutoff"]),
        customers=int(data.get("customers", 0)),
        cases=int(data.get("cases", 0)),
        oldest_closed=_day(data.get("oldest_closed")),
        newest_closed=_day(data.get("newest_closed")),
        case_nos=tuple(data.get("case_nos", ())),
    )


def _load_record(session: Session, record_id: int) -> DestructionRecord:
    event = session.get(AuditEvent, record_id) if holds_id(record_id) else None
    if event is None or event.action != ACTION:
        raise NotFound(entity="destruction_record", id=record_id)
    return _record(event)


@service(Permission.RETENTION_PURGE, write=False)
def destruction_records(tx: Tx) -> list[DestructionRecord]:
    """Every purge so far, newest first, read back from the audit trail."""
    events = tx.session.scalars(
        select(AuditEvent).where(AuditEvent.action == ACTION).order_by(AuditEvent.seq.desc())
    )
    return [_record(e) for e in events]


@service(Permission.RETENTION_PURGE, write=False)
def destruction_record(tx: Tx, record_id: int) -> DestructionRecord:
    return _load_record(tx.session, record_id)


def destruction_record_pdf(
    db: Database, actor: Actor, record_id: int, *, lang: str = "ko"
) -> bytes:
    """개인정보 파기 확인서 as PDF bytes; reprinted from the audit trail at any time, with
    the backups in this computer's backup folder taken before the purge (they still hold
    what it destroyed) and when the rotation deletes each, as they stand when printed."""
    require(actor.role, Permission.RETENTION_PURGE)
    record = destruction_record(db, actor, record_id)
    return _destruction_record_pdf(
        db, actor, record_id, lang=lang, backups=backups_before(db, record.at)
    )


def backups_before(db: Database, moment: datetime) -> tuple[BackupLeft, ...]:
    """The backups in the app's folder taken before ``moment``, oldest first."""
    from core.services.backups import list_backups
    from core.store.backup import rotation_ends

    local = moment.astimezone().replace(tzinfo=None)  # file names are this PC's local time
    found = list_backups(db)
    ends = rotation_ends(b.taken_at for b in found if b.label == "")
    return tuple(
        BackupLeft(
            b.path.name, b.taken_at, b.label, ends.get(b.taken_at) if b.label == "" else None
        )
        for b in sorted(found, key=lambda b: b.taken_at)
        if b.taken_at < local
    )


@service(Permission.RETENTION_PURGE, write=False)
def _destruction_record_pdf(
    tx: Tx, record_id: int, *, lang: str, backups: tuple[BackupLeft, ...]
) -> bytes:
    from core.documents.destruction_record import render_destruction_record  # ReportLab: slow

    record = _load_record(tx.session, record_id)
    buf = io.BytesIO()
    render_destruction_record(
        record,
        tx.settings,
        buf,
        lang=lang,
        printed_by=tx.actor.display_name,
        printed_at=tx.now,
        backups=backups,
    )
    return buf.getvalue()
