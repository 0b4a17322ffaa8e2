"""Many rows into one table at once, with SQLite's driver doing the work.

SQLAlchemy's executemany converts every value through the column types in Python, which is
most of the cost of writing a million demo cases. On SQLite the values are converted here
in one pass to exactly what those types store (UTC text for datetimes), then handed to the
driver; on PostgreSQL the ordinary Core insert is fast enough and is used as it is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Table
from sqlalchemy.orm import Session

from core.db.types import UTCDateTime


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        # SQLAlchemy's SQLite DateTime storage format, to the microsecond.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, bool):
        return int(value)
    return value


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys) into ``table``."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    # Only the date-time and boolean columns need converting; the rest pass as they are.
    convert = [isinstance(table.c[c].type, (UTCDateTime, Boolean)) for c in columns]
    plan = list(zip(columns, convert, strict=True))
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    session.connection().exec_driver_sql(
        sql, [tuple(_stored(row[c]) if conv else row[c] for c, conv in plan) for row in rows]
    )
