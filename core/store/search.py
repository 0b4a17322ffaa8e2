"""Korean full-text search with substring semantics: 소음 finds 층간소음.

Korean has no spaces inside compounds, so word tokenisers miss most matches. The index holds
every pair of adjacent letters of the normalised text (the CJK bigram approach of Lucene's
CJKBigramFilter): a query of two or more letters is looked up by its pairs, and the few
candidates are then checked for the exact substring, so the answer is exact. One-letter
queries have no pairs and scan the normalised texts instead.

SQLite keeps the pairs in a contentless FTS5 table (its rows cannot be read back, so the
normalised text is kept in ``search_docs`` to delete the old pairs on a change); PostgreSQL
keeps them as an array with a GIN index.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import String

from core.db.fast_insert import insert_rows
from core.db.models import Action, Case, Contact, Customer, SearchDoc

# Between the indexed parts of a case: never in a query (controls are cleaned out of it),
# and not a letter, so no pair and no substring spans two parts.
PART_BREAK = "\x1f"
_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LETTERS = re.compile(r"[^\W_]+")


def normalise(value: str) -> str:
    """What is indexed and what is searched: NFKC, case-folded, one space between words."""
    value = _CONTROLS.sub(" ", unicodedata.normalize("NFKC", value or ""))
    return _SPACES.sub(" ", value.casefold()).strip()


def pairs(normalised: str) -> list[str]:
    """The adjacent letter pairs of each run of letters and digits, in order."""
    out: list[str] = []
    for run in _LETTERS.findall(normalised):
        out.extend(map(operator.add, run, run[1:]))
    return out


def document(parts: Iterable[str | None]) -> str:
    """A case's indexed text from its parts, in this order: subject, description, the
    customer's name, then its handling actions and contacts, oldest first. The bulk writer
    builds it from memory and the indexer from the tables: both must give the same text, or
    FTS5 could not delete the old pairs later."""
    return PART_BREAK.join(normalise(p) for p in parts if p)


def _texts(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """Subject, description, the customer's name, handling actions and contacts, normalised.

    Reads named columns only, so migrations may call it on an older schema.
    """
    parts: dict[int, list[str | None]] = {i: [] for i in case_ids}
    rows = session.execute(
        select(Case.id, Case.subject, Case.description, Customer.name)
        .join(Customer, Customer.id == Case.customer_id)
        .where(Case.id.in_(case_ids))
    )
    for case_id, *values in rows:
        parts[case_id].extend(values)
    for model, column in ((Action, Action.note), (Contact, Contact.summary)):
        for case_id, value in session.execute(
            select(model.case_id, column).where(model.case_id.in_(case_ids)).order_by(model.id)
        ):
            parts[case_id].append(value)
    return {i: document(ps) for i, ps in parts.items()}


def index_all(session: Session, *, batch: int = 2000) -> int:
    """Index every case not indexed yet, in batches (after a migration or a bulk load)."""
    done = last = 0
    while True:
        ids = list(
            session.scalars(select(Case.id).where(Case.id > last).order_by(Case.id).limit(batch))
        )
        if not ids:
            return done
        last = ids[-1]
        have = set(session.scalars(select(SearchDoc.case_id).where(SearchDoc.case_id.in_(ids))))
        todo = [i for i in ids if i not in have]
        if todo:
            _write(session, _texts(session, todo), old={})
            done += len(todo)


def pair_text(normalised: str) -> str:
    """``pairs`` joined by spaces, as the FTS5 index takes them (built without a list)."""
    return " ".join(
        " ".join(map(operator.add, run, run[1:])) for run in _LETTERS.findall(normalised) if run[1:]
    )


def write_new(session: Session, texts: dict[int, str]) -> None:
    """Index cases written just now (normalised texts as ``_texts`` makes them)."""
    if texts:
        _write(session, texts, old={})


# New entries of the bigram index, with (rowid, pairs) values: see ``fts_values``.
FTS_INSERT = "INSERT INTO case_fts (rowid, pairs) VALUES (?, ?)"


def fts_values(texts: dict[int, str]) -> list[tuple[int, str]]:
    return [(i, pair_text(t)) for i, t in texts.items()]


def doc_rows(texts: dict[int, str], *, sqlite: bool) -> list[dict[str, Any]]:
    """``search_docs`` rows: the text, and on PostgreSQL its letter pairs (SQLite keeps
    those in FTS5)."""
    return [
        {"case_id": i, "text": t, "pairs": None if sqlite else sorted(set(pairs(t)))}
        for i, t in texts.items()
    ]


def _write(session: Session, texts: dict[int, str], old: dict[int, str]) -> None:
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and old:
        session.execute(
            text("INSERT INTO case_fts (case_fts, rowid, pairs) VALUES ('delete', :i, :p)"),
            [{"i": i, "p": pair_text(t)} for i, t in old.items()],
        )
    if sqlite:
        session.connection().exec_driver_sql(FTS_INSERT, fts_values(texts))
    docs = SearchDoc.__table__
    if old:
        session.execute(docs.delete().where(docs.c.case_id.in_(list(old))))
    insert_rows(session, docs, doc_rows(texts, sqlite=sqlite))


def reindex(session: Session, case_ids: Iterable[int]) -> None:
    """Bring the index entries of these cases up to date, in the caller's transaction."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    session.flush()
    docs = SearchDoc.__table__
    found = session.execute(select(docs.c.case_id, docs.c.text).where(docs.c.case_id.in_(ids)))
    old = {i: t for i, t in found}
    new = {i: t for i, t in _texts(session, ids).items() if old.get(i) != t}
    if new:
        _write(session, new, {i: old[i] for i in new if i in old})


def cases_of_customer(session: Session, customer_id: int) -> list[int]:
    return list(session.scalars(select(Case.id).where(Case.customer_id == customer_id)))


@dataclass(frozen=True)
class Hit:
    case_id: int
    rank: float  # larger is better


# How many of the newest candidates are ranked at first. A common word matches a large share
# of a big register; ranking all of them costs far more than the first page is worth, so the
# newest candidates are ranked and more are taken only when too few of them pass.
FIRST_CANDIDATES = 500


def search(
    session: Session,
    query: str,
    *,
    limit: int = 50,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[Hit]:
    """Cases whose text contains ``query`` (normalised), best first; ``where`` filters cases.

    Fewer than ``limit`` hits means these are all of them. A full page is the best-ranked
    among the newest candidates (at least ``FIRST_CANDIDATES`` of them).
    """
    needle = normalise(query)
    if not needle:
        return []
    finder = "instr" if session.get_bind().dialect.name == "sqlite" else "strpos"
    if not pairs(needle):  # one letter: nothing to look up, scan the texts, newest first
        contains = text(f"{finder}(search_docs.text, :needle) > 0").bindparams(needle=needle)
        stmt = _texts_of(where).where(contains).order_by(SearchDoc.case_id.desc()).limit(limit)
        return _ranked(session.execute(stmt), needle)[:limit]
    cap = FIRST_CANDIDATES
    while True:
        ids = _candidates(session, needle, cap)
        hits: list[Hit] = []
        for start in range(0, len(ids), 5000):
            stmt = _texts_of(where).where(SearchDoc.case_id.in_(ids[start : start + 5000]))
            hits += _ranked(session.execute(stmt), needle)
        if len(hits) >= limit or len(ids) < cap:
            hits.sort(key=lambda h: (-h.rank, -h.case_id))
            return hits[:limit]
        cap *= 8


def _candidates(session: Session, needle: str, cap: int) -> list[int]:
    """The newest ``cap`` cases holding the letter pairs of ``needle`` (a superset of matches)."""
    if session.get_bind().dialect.name == "sqlite":
        # Each run of letters as an FTS5 phrase of its pairs. FTS5 walks its lists in rowid
        # order, so "newest first, at most cap" stops early. (bm25 here would cost ten times
        # the lookup: the rank is computed from the texts instead, see _ranked.)
        phrases = " ".join(
            '"' + " ".join(pairs(run)) + '"' for run in _LETTERS.findall(needle) if len(run) > 1
        )
        rows = session.execute(
            text(
                "SELECT rowid FROM case_fts WHERE case_fts MATCH :phrases "
                "ORDER BY rowid DESC LIMIT :cap"
            ),
            {"phrases": phrases, "cap": cap},
        )
        return [int(i) for (i,) in rows]
    doc = SearchDoc.__table__
    contains = doc.c.pairs.op("@>")(
        bindparam("grams", sorted(set(pairs(needle))), type_=ARRAY(String()))
    )
    rows = session.execute(
        select(doc.c.case_id).where(contains).order_by(doc.c.case_id.desc()).limit(cap)
    )
    return [int(i) for (i,) in rows]


def _texts_of(where: Sequence[ColumnElement[bool]]) -> Select[int, str]:
    stmt = select(SearchDoc.case_id, SearchDoc.text)
    if where:
        stmt = stmt.join(Case, Case.id == SearchDoc.case_id).where(*where)
    return stmt


# BM25's term-frequency saturation and length normalisation, for the one "term" a query is.
_K1, _B, _AVERAGE_CHARS = 1.2, 0.75, 400


def _ranked(rows: Iterable[tuple[int, str]], needle: str) -> list[Hit]:
    """Only the texts that truly contain ``needle``, ranked as BM25 ranks a single term."""
    out = []
    for case_id, body in rows:
        tf = body.count(needle)
        if tf:
            norm = 1 - _B + _B * len(body) / _AVERAGE_CHARS
            out.append(Hit(int(case_id), round(tf * (_K1 + 1) / (tf + _K1 * norm), 6)))
    return out


def snippet(value: str, query: str, width: int = 40) -> tuple[str, str, str] | None:
    """Text around the first match of ``query`` in ``value``: (before, match, after)."""
    hay, needle = normalise(value), normalise(query)
    at = hay.find(needle) if needle else -1
    if at < 0:
        return None
    start = max(0, at - width // 2)
    end = min(len(hay), at + len(needle) + width)
    before = ("…" if start > 0 else "") + hay[start:at]
    after = hay[at + len(needle) : end] + ("…" if end < len(hay) else "")
    return before, hay[at : at + len(needle)], after
