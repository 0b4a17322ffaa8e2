"""The yearly case-number counters: gapless and never reused.

The counter row for the year is incremented inside the intake's own transaction. Its row
lock (PostgreSQL) or the write lock (SQLite) makes concurrent intakes wait their turn, and
a rolled-back intake rolls its number back too, so no number is ever skipped.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.db.models import CaseCounter


def move_past(session: Session, year: int, no: int) -> None:
    """Make sure the year's counter is at or beyond ``no`` (a number kept from an import)."""
    _ensure_counter(session, year)
    session.execute(
        update(CaseCounter)
        .where(CaseCounter.year == year, CaseCounter.last_no < no)
        .values(last_no=no)
        .execution_options(synchronize_session=False)
    )


def allocate(session: Session, year: int, count: int = 1) -> int:
    """Take the next ``count`` numbers of ``year`` for this transaction; the first of them."""
    stmt = (
        update(CaseCounter)
        .where(CaseCounter.year == year)
        .values(last_no=CaseCounter.last_no + count)
        .returning(CaseCounter.last_no)
        .execution_options(synchronize_session=False)
    )
    last = session.execute(stmt).scalar()
    if last is None:
        _ensure_counter(session, year)
        last = session.execute(stmt).scalar_one()
    return int(last) - count + 1


def _ensure_counter(session: Session, year: int) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(CaseCounter).values(year=year, last_no=0).on_conflict_do_nothing()
    )
