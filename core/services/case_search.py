"""Full-text search: the checks on what is typed (its length, the page size), the page of best
matches with the context each was found in, and the search alone with its ranks, as the
command line shows it. The index itself is ``core.store.search``.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from core.db.models import Case, SearchDoc
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.case_rows import case_rows, record_shown, row_select
from core.store import search
from core.views import Page, SearchHit

# Longer than any case number or phrase anyone looks for: a paste of a whole letter.
MAX_QUERY = 200
MAX_LIMIT = 1000


def check_query(c: Checker, text: str | None) -> str:
    """What is searched for: cleaned as any typed text, of a length worth searching."""
    return c.text("query", text, max_len=MAX_QUERY)


def check_limit(c: Checker, limit: int) -> None:
    if type(limit) is not int or not 1 <= limit <= MAX_LIMIT:
        c.fail("limit", "out_of_range", min=1, max=MAX_LIMIT)


def search_page(tx: Tx, needle: str, where: list, limit: int) -> Page:
    """One page of the best matches within ``where``, each with the context it was found in."""
    hits = search.search(tx.session, needle, limit=limit, where=where)
    if not hits:
        return Page((), None)
    ranks = {h.case_id: h.rank for h in hits}
    rows = {r.id: r for r in case_rows(tx, row_select().where(Case.id.in_(list(ranks))))}
    texts = dict(
        tx.session.execute(
            select(SearchDoc.case_id, SearchDoc.text).where(SearchDoc.case_id.in_(list(ranks)))
        ).all()
    )
    out = []
    for h in hits:
        row = rows[h.case_id]
        # The context shown is the first part of the case's text that holds the match.
        parts = [row.subject, *texts.get(h.case_id, "").split(search.PART_BREAK)]
        shown = next((s for p in parts if (s := search.snippet(p, needle))), None)
        out.append(replace(row, snippet=shown, rank=h.rank))
    record_shown(tx, out)
    return Page(tuple(out), None)


@service(Permission.CASE_VIEW, write=False)
def search_cases(tx: Tx, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Full-text search alone: cases with their rank, best first (the command line)."""
    c = Checker()
    needle = check_query(c, query)
    check_limit(c, limit)
    c.done()
    hits = search.search(tx.session, needle, limit=limit)
    found = {
        case_id: (case_no, customer_id)
        for case_id, case_no, customer_id in tx.session.execute(
            select(Case.id, Case.case_no, Case.customer_id).where(
                Case.id.in_([h.case_id for h in hits])
            )
        )
    }
    # A name searched for and found says whose cases these are: recorded like a list.
    tx.record_list_access(customer for _, customer in found.values())
    return [SearchHit(h.case_id, found[h.case_id][0], round(h.rank, 4)) for h in hits]
