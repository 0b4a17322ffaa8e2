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

from core import services as sv
from core.actor import Actor
from core.db.database import open_database
from core.demo import generate
from core.documents.summary import render_summary

BUDGETS = {"monthly": 0.5, "annual": 2.0, "pdf": 2.0}


def grow(path: Path, target: int) -> int:
    """Copy the demo cases (and their follow-ups and compensations) until ``target`` cases."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("DROP TRIGGER IF EXISTS no_delete_cases")
    base = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    max_id = con.execute("SELECT max(id) FROM cases").fetchone()[0]
    cols = [r[1] for r in con.execute("PRAGMA table_info(cases)")]
    copies = max(0, (target - base) // base)
    first_max = {
        t: con.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
        for t in ("follow_ups", "compensations")
    }
    for k in range(1, copies + 1):
        offset = k * max_id
        select = ", ".join(
            f"id + {offset}"
            if c == "id"
            else f"case_no || '-{k}'"
            if c == "case_no"
            else f"seq_no + {k * 1_000_000}"
            if c == "seq_no"
            else "NULL"
            if c == "external_ref"
            else c
            for c in cols
        )
        con.execute(
            f"INSERT INTO cases ({', '.join(cols)}) SELECT {select} FROM cases WHERE id <= {max_id}"
        )
        for table in ("follow_ups", "compensations"):
            tcols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            tmax = first_max[table]
            sel = ", ".join(
                f"id + {k * (tmax + 1)}"
                if c == "id"
                else f"case_id + {offset}"
                if c == "case_id"
                else c
                for c in tcols
            )
            con.execute(
                f"INSERT INTO {table} ({', '.join(tcols)}) SELECT {sel} FROM {table} "
                f"WHERE case_id <= {max_id}"
            )
        con.commit()
        print(f"\r{(k + 1) * base:,} cases", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    con.execute("ANALYZE")
    con.commit()
    total = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    con.close()
    return total


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
    monthly = timed(lambda: sv.period_summary(db, actor, month))
    annual = timed(lambda: sv.period_summary(db, actor, year))
    figures = sv.period_summary(db, actor, month)
    office = sv.get_settings(db, actor)
    pdf = timed(lambda: render_summary(figures, office, io.BytesIO(), printed_at=datetime.now(UTC)))
    cases = sv.period_summary(db, actor, year).received
    print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(
        f"monthly summary figures ({month}, {figures.received:,} cases): {monthly:.3f} s "
        f"(budget {BUDGETS['monthly']} s)"
    )
    print(
        f"annual summary figures ({year}, {cases:,} cases): {annual:.3f} s "
        f"(budget {BUDGETS['annual']} s)"
    )
    print(f"summary PDF: {pdf:.3f} s (budget {BUDGETS['pdf']} s)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
