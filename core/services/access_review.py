"""개인정보 접속기록 점검: who looked at whose personal data in a period, by user, with what
stands out flagged — the monthly review PIPA expects of the person in charge.

The review shows customer numbers and case numbers, never names or contacts, so reading it
is not itself an access to personal data.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from core.db.models import Case, PiiAccess, User
from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.store import access_log, anchors
from core.views import AccessEntry, AccessReview, UserAccess

# A user is flagged when, in the period, they saw the data of more customers than
# FLAG_FACTOR times the median of the office's staff and more than the minimum, in all or
# outside their own cases; and whenever they exported the register (every customer in one
# file).
FLAG_FACTOR = 3
VOLUME_MIN = 50
OUTSIDE_MIN = 20
# How many of a flagged user's accesses outside their own cases the review lists.
DETAIL_LIMIT = 300


def _limit(values: list[int], minimum: int) -> int:
    median = statistics.median(values) if values else 0
    return max(minimum, int(FLAG_FACTOR * median))


# Accesses to every customer at once: an export of the register, a backup taken by hand.
WHOLE_REGISTER = ("export", "backup")


@service(Permission.ACCESS_REVIEW, write=False)
def access_review(tx: Tx, first_day: date, last_day: date) -> AccessReview:
    """The access records of ``first_day`` to ``last_day`` (office-local days, inclusive)."""
    if last_day < first_day:
        first_day, last_day = last_day, first_day
    tz = tx.settings.calendar().tz
    start = datetime.combine(first_day, time(0), tz)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tz)
    rows = tx.session.execute(
        select(
            PiiAccess.at,
            PiiAccess.user_id,
            PiiAccess.user_name,
            PiiAccess.purpose,
            PiiAccess.customer_id,
            PiiAccess.shown,
            PiiAccess.case_id,
            Case.case_no,
            Case.assignee_id,
            Case.received_by_id,
        )
        .outerjoin(Case, Case.id == PiiAccess.case_id)
        .where(PiiAccess.at >= start, PiiAccess.at < end)
        .order_by(PiiAccess.id)
    ).all()

    seen: dict[str, set[int | None]] = {}
    outside: dict[str, set[int | None]] = defaultdict(set)
    purposes: dict[str, Counter[str]] = defaultdict(Counter)
    ids: dict[str, int | None] = {}
    outside_rows: dict[str, list[AccessEntry]] = defaultdict(list)
    listed: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        who = r.user_name
        ids[who] = r.user_id
        purposes[who][r.purpose] += 1
        if r.purpose in WHOLE_REGISTER:
            continue  # a whole register at once: flagged on its own, not counted as volume
        if r.shown is not None:
            # Names in a list, not a customer's data opened: counted apart, not as volume
            # (every clerk's list shows a page of names at a time).
            listed[who].update(access_log.shown_ids(r.shown))
            continue
        seen.setdefault(who, set()).add(r.customer_id)
        # A case they received or handle is their own, and so is a look-up at intake;
        # a case of someone else's is not.
        own = r.case_id is None or (
            r.user_id is not None and r.user_id in (r.assignee_id, r.received_by_id)
        )
        if not own:
            outside[who].add(r.customer_id)
            outside_rows[who].append(AccessEntry(r.at, who, r.purpose, r.case_no, r.customer_id))

    # The office's usual is its staff's median, counting those who saw no one: one busy
    # reader in a quiet office must not set the bar for themselves.
    staff = set(tx.session.scalars(select(User.username).where(User.active.is_(True))))
    counted = staff | set(seen)
    volume_limit = _limit([len(seen.get(u, ())) for u in counted], VOLUME_MIN)
    outside_limit = _limit([len(outside.get(u, ())) for u in counted], OUTSIDE_MIN)
    accounts = {
        u.id: u
        for u in tx.session.scalars(select(User).where(User.id.in_([i for i in ids.values() if i])))
    }
    users = []
    for who in purposes:
        customers = seen.get(who, set())
        flags = []
        if len(customers) > volume_limit:
            flags.append("volume")
        if len(outside[who]) > outside_limit:
            flags.append("outside_own")
        if purposes[who]["export"]:
            flags.append("export")
        if purposes[who]["backup"]:
            flags.append("backup")
        account_id = ids[who]
        account = accounts.get(account_id) if account_id else None
        users.append(
            UserAccess(
                user_id=ids[who],
                user_name=who,
                display_name=account.display_name if account else who,
                role=account.role if account else "system",
                accesses=sum(purposes[who].values()),
                customers=len(customers),
                outside_own=len(outside[who]),
                by_purpose=tuple(sorted(purposes[who].items())),
                flags=tuple(flags),
                listed=len(listed[who]),
            )
        )
    users.sort(key=lambda u: (not u.flags, -u.customers, u.user_name))
    details = tuple(
        entry for u in users if u.flags for entry in outside_rows[u.user_name][:DETAIL_LIMIT]
    )
    chain = access_log.verify(tx.session)
    audit_head, access_head = anchors.heads(tx.session)
    return AccessReview(
        first_day=first_day,
        last_day=last_day,
        total=len(rows),
        users=tuple(users),
        details=details,
        volume_limit=volume_limit,
        outside_limit=outside_limit,
        chain_ok=chain.ok,
        chain_checked=chain.checked,
        audit_head=audit_head,
        access_head=access_head,
    )


@service(Permission.ACCESS_REVIEW, write=False)
def access_review_pdf(tx: Tx, first_day: date, last_day: date, *, lang: str = "ko") -> bytes:
    """The review as an A4 PDF with a line for the reviewer's signature."""
    import io

    from core.documents.access_review import render_access_review

    review = access_review.within(tx, first_day, last_day)
    buf = io.BytesIO()
    render_access_review(
        review, tx.settings, buf, lang=lang, printed_by=tx.actor.display_name, printed_at=tx.now
    )
    return buf.getvalue()
