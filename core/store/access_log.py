"""개인정보 접속기록, kept tamper-evident like the audit trail.

PIPA expects the records of who saw whose personal data to be kept (two years at least; we
never delete them) and protected from alteration. Each record's hash covers its own content
and the previous record's hash, so an edited, deleted or reordered record breaks the chain
from there on; ``pii_access_head`` holds the last id and hash and catches a cut-off tail.
Locking that row serialises appends across workstations, as ``audit_head`` does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.models import PiiAccess, PiiAccessHead
from core.store.audit import ChainReport, append_chain, canonical_json, walk_chain


@dataclass(frozen=True)
class Access:
    at: datetime
    user_id: int | None
    user_name: str
    customer_id: int | None
    case_id: int | None
    purpose: str
    shown: str | None = None  # the customers a list showed (see PiiAccess.shown)


def access_hash(record_id: int, prev_hash: str, a: Access | PiiAccess) -> str:
    # Migration 0007 holds a copy of this layout for the records made before the chain.
    fields = [
        record_id,
        a.at.astimezone(UTC).isoformat(timespec="microseconds"),
        a.user_id,
        a.user_name,
        a.customer_id,
        a.case_id,
        a.purpose,
        prev_hash,
    ]
    if a.shown is not None:  # after the rest: the records before the column hash as before
        fields.append(a.shown)
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def shown_text(customer_ids: Iterable[int]) -> str:
    """The customers a list showed, as stored: ascending, each once."""
    return ",".join(str(i) for i in sorted(set(customer_ids)))


def shown_already(session: Session, user_id: int | None, shown: str, since: datetime) -> bool:
    """Whether ``user_id``'s last list record since ``since`` named these very customers
    (a list refreshed after every save shows the same page again)."""
    last = session.scalar(
        select(PiiAccess.shown)
        .where(PiiAccess.at >= since, PiiAccess.user_id == user_id, PiiAccess.purpose == "list")
        .order_by(PiiAccess.id.desc())
        .limit(1)
    )
    return last == shown


def shown_ids(shown: str | None) -> list[int]:
    return [int(i) for i in shown.split(",")] if shown else []


def append(session: Session, accesses: list[Access]) -> None:
    """Append records in order under the head row's lock; ids are the chain's positions."""
    append_chain(session, PiiAccessHead, "last_id", PiiAccess.id, accesses, access_hash)


def verify(session: Session, *, batch: int = 5000) -> ChainReport:
    """Walk every access record in order; report the first one that does not fit."""
    head = session.get(PiiAccessHead, 1)
    return walk_chain(
        session,
        PiiAccess.id,
        access_hash,
        (head.last_id, head.last_hash) if head else None,
        batch=batch,
    )
