"""Engines, built at start-up from a URL: SQLite tuned for safety, or PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from core.paths import data_dir


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'desk.sqlite3'}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engines(url: str) -> tuple[Engine, Engine]:
    """Return ``(write_engine, read_engine)``.

    On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so it takes the write
    lock up front and waits for it (busy_timeout) instead of failing half-way when another
    process wrote in between; reads start deferred so they never wait for a writer (WAL).
    On PostgreSQL one engine serves both.
    """
    if not is_sqlite(url):
        engine = create_engine(url, pool_pre_ping=True)
        return engine, engine
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    write = _sqlite_engine(url, begin="BEGIN IMMEDIATE")
    read = _sqlite_engine(url, begin="BEGIN")
    return write, read


def _sqlite_engine(url: str, *, begin: str) -> Engine:
    # Connections stay open between units of work: when the last one of a process closes,
    # SQLite checkpoints the WAL into the file (14 ms of a 30 ms save at a million cases),
    # and each new one reads the schema again. Idle pooled connections hold no lock, so
    # other processes share the file as before; more than two at once (a save while the
    # lists load) open extra connections, closed when they are returned.
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=-1,
        connect_args={"timeout": 30, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's begin event, not the sqlite3 module, decide when transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine
