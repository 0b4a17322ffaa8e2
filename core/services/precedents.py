"""유사 사례: treat a complaint as similar past complaints were treated (the seed's advice).

Candidates are resolved cases of the same category and resolved cases sharing letter pairs
with this one's subject (the search index); they are ranked same category first, then by the
overlap of the letter pairs of subject and description (Jaccard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String

from core.db.models import Case, Compensation, Resolution, SearchDoc
from core.procedure.enums import Closure, CompensationStatus
from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.services.common import load_case
from core.store.search import normalise, pairs
from core.words.catalogue import translator
from core.words.vocab import word

SAME_CATEGORY_CANDIDATES = 300
TEXT_CANDIDATES = 300
QUERY_PAIRS = 24


@dataclass(frozen=True)
class Precedent:
    case_id: int
    case_no: str
    subject: str
    same_category: bool
    similarity: float  # 0..1, overlap of the letter pairs
    result: str | None
    compensation_kind: str | None
    compensation_amount: int | None
    satisfaction: int | None
    resolved_at: datetime | None


@dataclass(frozen=True)
class Precedents:
    items: tuple[Precedent, ...]
    # Per compensation kind: the lowest and highest amount the precedents gave.
    ranges: dict[str, tuple[int, int]]


def _pairs_of(subject: str, description: str) -> set[str]:
    return set(pairs(normalise(f"{subject} {description}")))


@service(Permission.CASE_VIEW, write=False)
def similar_cases(tx: Tx, case_id: int, *, limit: int = 5) -> Precedents:
    case = load_case(tx, case_id, None)
    mine = _pairs_of(case.subject, case.description)
    resolved = (
        Case.resolved_at.is_not(None),
        or_(Case.closure.is_(None), Case.closure == Closure.COMPLETED.value),
        Case.id != case.id,
    )
    ids: set[int] = set()
    if case.category_id is not None:
        ids.update(
            tx.session.scalars(
                select(Case.id)
                .where(Case.category_id == case.category_id, *resolved)
                .order_by(Case.id.desc())
                .limit(SAME_CATEGORY_CANDIDATES)
            )
        )
    ids.update(_sharing_pairs(tx, sorted(set(pairs(normalise(case.subject))))[:QUERY_PAIRS]))
    if not ids:
        return Precedents((), {})
    rows = tx.session.execute(
        select(
            Case.id,
            Case.case_no,
            Case.subject,
            Case.description,
            Case.category_id,
            Case.satisfaction,
            Case.resolved_at,
        ).where(Case.id.in_(sorted(ids)), *resolved)
    ).all()
    scored = []
    for cid, no, subject, description, category_id, satisfaction, resolved_at in rows:
        theirs = _pairs_of(subject, description)
        similarity = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        same = category_id is not None and category_id == case.category_id
        if same or similarity > 0:
            scored.append((same, similarity, cid, no, subject, satisfaction, resolved_at))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    top = scored[:limit]
    chosen = [s[2] for s in top]
    results = dict(
        tx.session.execute(
            select(Resolution.case_id, Resolution.result).where(Resolution.case_id.in_(chosen))
        ).all()
    )
    comps: dict[int, tuple[str, int]] = {}
    for cid, kind, amount in tx.session.execute(
        select(Compensation.case_id, Compensation.kind, Compensation.amount)
        .where(
            Compensation.case_id.in_(chosen),
            Compensation.status.not_in(
                [CompensationStatus.REJECTED.value, CompensationStatus.DECLINED.value]
            ),
        )
        .order_by(Compensation.id)
    ):
        comps.setdefault(cid, (kind, amount))
    items = tuple(
        Precedent(
            case_id=cid,
            case_no=no,
            subject=subject,
            same_category=same,
            similarity=round(similarity, 3),
            result=results.get(cid),
            compensation_kind=comps.get(cid, (None, None))[0],
            compensation_amount=comps.get(cid, (None, None))[1],
            satisfaction=satisfaction,
            resolved_at=resolved_at,
        )
        for same, similarity, cid, no, subject, satisfaction, resolved_at in top
    )
    ranges: dict[str, tuple[int, int]] = {}
    for p in items:
        if p.compensation_kind and p.compensation_amount:
            low, high = ranges.get(p.compensation_kind, (p.compensation_amount,) * 2)
            ranges[p.compensation_kind] = (
                min(low, p.compensation_amount),
                max(high, p.compensation_amount),
            )
    return Precedents(items, ranges)


def _sharing_pairs(tx: Tx, grams: list[str]) -> list[int]:
    """The newest cases holding any of ``grams`` (the search index)."""
    if not grams:
        return []
    if tx.session.get_bind().dialect.name == "sqlite":
        query = " OR ".join(f'"{g}"' for g in grams)
        rows = tx.session.execute(
            text("SELECT rowid FROM case_fts WHERE case_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": query, "n": TEXT_CANDIDATES},
        )
        return [int(i) for (i,) in rows]
    doc = SearchDoc.__table__
    overlap = doc.c.pairs.op("&&")(bindparam("grams", grams, type_=ARRAY(String())))
    rows = tx.session.execute(
        select(doc.c.case_id).where(overlap).order_by(doc.c.case_id.desc()).limit(TEXT_CANDIDATES)
    )
    return [int(i) for (i,) in rows]


# How far outside the precedents an offer may go before the handler is asked to look again.
FAR_ABOVE, FAR_BELOW = 2.0, 0.5


def compensation_note(
    precedents: Precedents, kind: str, amount: int, lang: str = "ko"
) -> str | None:
    """A note when ``amount`` is far outside what similar cases of ``kind`` received."""
    found = precedents.ranges.get(kind)
    if found is None or amount <= 0:
        return None
    low, high = found
    if low * FAR_BELOW <= amount <= high * FAR_ABOVE:
        return None
    words = translator(lang)
    span = f"{low:,}" if low == high else words.tr("{low}~{high}", low=f"{low:,}", high=f"{high:,}")
    return words.tr(
        "유사 사례의 {name} 보상은 {span}원이었습니다. "
        "제안 금액 {amount}원은 그 범위를 크게 벗어납니다. 금액을 다시 확인하세요.",
        name=word("comp", kind, lang),
        span=span,
        amount=f"{amount:,}",
    )
