"""Benchmark: monthly and annual summary figures, and the summary PDF, over ~1M cases.

Builds the big database by playing N demo cases through the services, then copying them
(SQL INSERT ... SELECT with new numbers and ids) until the target size is reached, so the
figures stay realistic. Prints each figure beside its budget (DESIGN.md). Not part of the
default test run:

    .venv/bin/python tests/bench/bench_summary.py --cases 1000000 [--base 10000] [--db FILE]
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text

from core import services as sv
from core.actor import Actor
from core.demo.story import generate
from core.documents.summary import render_summary
from core.services import open_database

BUDGETS = {"monthly": 0.5, "annual": 2.0, "pdf": 2.0}


def grow(path: Path, target: int) -> int:
    """Copy the demo cases (with their follow-ups and compensations) until ``target`` cases.

    The copies are written in order of received time, as an office's cases are, so the
    table's storage order follows the calendar the way it does in real use.
    """
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("DROP TRIGGER IF EXISTS no_delete_cases")
    base = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    copies = max(1, target // base)
    con.execute("CREATE TEMP TABLE k(n INTEGER PRIMARY KEY)")
    con.executemany("INSERT INTO k VALUES (?)", [(n,) for n in range(copies)])
    con.execute("CREATE TEMP TABLE base AS SELECT * FROM cases")
    con.execute("CREATE TEMP TABLE base_fu AS SELECT * FROM follow_ups")
    con.execute("CREATE TEMP TABLE base_comp AS SELECT * FROM compensations")
    for table in ("follow_ups", "compensations"):
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM cases")
    cols = [r[1] for r in con.execute("PRAGMA table_info(cases)")]
    # new id = row number in received order; keep a map from (old id, copy) to it
    con.execute(
        "CREATE TEMP TABLE idmap AS SELECT b.id AS old, k.n AS n, "
        "row_number() OVER (ORDER BY b.received_at, k.n, b.id) AS new FROM base b CROSS JOIN k"
    )
    con.execute("CREATE INDEX temp.ix_idmap ON idmap(old, n)")
    select = ", ".join(
        "m.new"
        if c == "id"
        else "b.case_no || '-' || m.n"
        if c == "case_no"
        else "b.seq_no + m.n * 1000000"
        if c == "seq_no"
        else "NULL"
        if c == "external_ref"
        else f"b.{c}"
        for c in cols
    )
    con.execute(
        f"INSERT INTO cases ({', '.join(cols)}) SELECT {select} FROM idmap m "
        "JOIN base b ON b.id = m.old ORDER BY m.new"
    )
    for table, src in (("follow_ups", "base_fu"), ("compensations", "base_comp")):
        tcols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        sel = ", ".join(
            "NULL" if c == "id" else "m.new" if c == "case_id" else f"t.{c}" for c in tcols
        )
        con.execute(
            f"INSERT INTO {table} ({', '.join(tcols)}) SELECT {sel} FROM {src} t "
            "JOIN idmap m ON m.old = t.case_id ORDER BY m.new"
        )
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    total = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    con.close()
    return total


def forget_kept(db) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM summary_months"))


def touch_latest_case(db) -> None:
    """A change to the newest case, as the counter makes all day."""
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE cases SET version = version + 1 WHERE id = (SELECT max(id) FROM cases)")
        )


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=10_000)
    ap.add_argument("--db", default="bench-summary.sqlite3")
    args = ap.parse_args()
    path = Path(args.db)
    if not path.exists():
        db = open_database(f"sqlite:///{path}")
        started = time.perf_counter()
        generate(db, args.base, seed=1)
        print(f"demo base of {args.base:,} cases: {time.perf_counter() - started:.0f} s")
        db.dispose()
        print(f"grown to {grow(path, args.cases):,} cases")
    db = open_database(f"sqlite:///{path}")
    actor = Actor.system()
    now = db.clock()
    month = f"{now.year}-{now.month - 1 or 12:02d}" if now.month > 1 else f"{now.year - 1}-12"
    year = str(now.year)
    # Cold: nothing kept yet (the first summary after an upgrade or a big import). Warm: the
    # months were kept by an earlier summary and nothing changed since, as in daily use.
    forget_kept(db)
    monthly_cold = timed(lambda: sv.period_summary(db, actor, month), repeat=1)
    forget_kept(db)
    annual_cold = timed(lambda: sv.period_summary(db, actor, year), repeat=1)
    monthly = timed(lambda: sv.period_summary(db, actor, month))
    annual = timed(lambda: sv.period_summary(db, actor, year))
    # The current month changes all day: one change, then the year again (one month recomputed).
    touch_latest_case(db)
    annual_touched = timed(lambda: sv.period_summary(db, actor, year), repeat=1)
    figures = sv.period_summary(db, actor, month)
    office = sv.get_settings(db, actor)
    pdf = timed(lambda: render_summary(figures, office, io.BytesIO(), printed_at=datetime.now(UTC)))
    cases = sv.period_summary(db, actor, year).received
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(
        f"monthly summary figures ({month}, {figures.received:,} cases): {monthly:.3f} s "
        f"(budget {BUDGETS['monthly']} s); first time, nothing kept: {monthly_cold:.3f} s"
    )
    print(
        f"annual summary figures ({year}, {cases:,} cases): {annual:.3f} s "
        f"(budget {BUDGETS['annual']} s); after a change to this month: {annual_touched:.3f} s; "
        f"first time, nothing kept: {annual_cold:.3f} s"
    )
    print(f"summary PDF: {pdf:.3f} s (budget {BUDGETS['pdf']} s)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
