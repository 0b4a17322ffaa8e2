"""Many rows into one table at once, with SQLite's driver doing the work.

SQLAlchemy's executemany converts every value through the column types in Python, which is
most of the cost of writing a million demo cases. On SQLite the values are converted here
in one pass to exactly what those types store (UTC microseconds for datetimes), then handed to the
driver; on PostgreSQL the ordinary Core insert is fast enough and is used as it is.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Table
from sqlalchemy.orm import Session

from core.db.types import UTCDateTime, to_micros


def _utc_micros(value: datetime | None) -> int | None:
    """What UTCDateTime stores on SQLite: whole microseconds since 1970 (UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return to_micros(value)


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys) into ``table``."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(table.insert(), rows)
        return
    session.connection().exec_driver_sql(*sqlite_statement(table, rows))


def sqlite_statement(table: Table, rows: list[dict[str, Any]]) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT for ``rows`` (all with the same keys) and its values, as SQLite's driver
    takes them. Needs no connection: the big demo builds these in other processes."""
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    # Rows to tuples in C; then only the date-time and boolean columns are converted, a
    # column at a time, and the columns zipped back into rows.
    pick = operator.itemgetter(*columns)
    values: list[tuple[Any, ...]] = (
        list(map(pick, rows)) if len(columns) > 1 else [(pick(row),) for row in rows]
    )
    converters = {
        i: _utc_micros if isinstance(table.c[c].type, UTCDateTime) else _flag
        for i, c in enumerate(columns)
        if isinstance(table.c[c].type, (UTCDateTime, Boolean))
    }
    if converters:
        by_column: list[Any] = list(zip(*values, strict=True))
        for i, convert in converters.items():
            by_column[i] = list(map(convert, by_column[i]))
        values = list(zip(*by_column, strict=True))
    return sql, values


# The row triggers that bump the change stamp of a case's day when a case or a compensation
# is inserted (migration 0003); the kept summary figures trust a month only while its days'
# stamps stay the same.
_DAY_TRIGGERS = ("case_day_insert", "compensation_day_insert")
_BUMP_DAYS = (
    "INSERT INTO case_day_changes (day, changes) "
    "SELECT date(received_at / 1000000, 'unixepoch'), count(*) FROM cases "
    "WHERE id BETWEEN ? AND ? "
    "GROUP BY 1 ON CONFLICT (day) DO UPDATE SET changes = changes + excluded.changes"
)


@contextmanager
def days_stamped_set_wise(session: Session, case_ids: Sequence[int]) -> Iterator[None]:
    """Insert the new cases ``case_ids`` (and their compensations) inside this block with
    their days' stamps bumped once per day instead of once per row.

    On SQLite any row trigger halves the speed of a multi-row insert into ``cases``. So this
    transaction drops the insert triggers, lets the block insert, puts them back exactly as
    they were and bumps each day by its new cases. A transaction changes the schema
    atomically: no other connection ever sees the tables without their triggers, and an
    error in the block rolls the drop back with everything else. The ids must be the
    block's new cases and nothing else between the first and the last (SQLite's reserved
    ids are). On PostgreSQL nothing changes.
    """
    if session.get_bind().dialect.name != "sqlite" or not case_ids:
        yield
        return
    conn = session.connection()
    marks = ", ".join("?" for _ in _DAY_TRIGGERS)
    triggers = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        _DAY_TRIGGERS,
    ).all()
    for name, _sql in triggers:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    for _name, sql in triggers:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(_BUMP_DAYS, (min(case_ids), max(case_ids)))
