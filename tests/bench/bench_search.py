"""Benchmark: Korean search, first 50 results, against a LIKE scan, on a big database.

Uses the database the summary benchmark builds (``bench_summary.py``); opening it indexes
any case not indexed yet. Prints p50/p95 beside the budget (DESIGN.md). Not part of the
default test run:

    .venv/bin/python tests/bench/bench_search.py --db bench-summary.sqlite3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text

from core import services as sv
from core.actor import Actor
from core.services import open_database

BUDGET_P95_MS = 50.0
BUDGET_SPEEDUP = 20.0
WORDS = [
    "소음",
    "주차",
    "누수",
    "환불",
    "관리비",
    "엘리베이터",
    "층간소음",
    "쓰레기",
    "경비",
    "택배",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="bench-summary.sqlite3")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    started = time.perf_counter()
    db = open_database(f"sqlite:///{args.db}")
    print(f"opened (and indexed if needed) in {time.perf_counter() - started:.0f} s")
    actor = Actor.system()
    with db.engine.connect() as conn:
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
    times = []
    for _ in range(args.rounds):
        for word in WORDS:
            t = time.perf_counter()
            sv.search_cases(db, actor, word, limit=50)
            times.append((time.perf_counter() - t) * 1000)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    like = []
    with db.engine.connect() as conn:
        for word in WORDS[:3]:
            t = time.perf_counter()
            conn.execute(
                # What the index replaces: finding the cases that hold the word (to rank them)
                # by reading every text.
                text("SELECT case_id FROM search_docs WHERE text LIKE :w"),
                {"w": f"%{word}%"},
            ).all()
            like.append((time.perf_counter() - t) * 1000)
    like_ms = statistics.median(like)
    print(f"cases: {cases:,}")
    print(
        f"Korean search, first 50 of the best-ranked: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"(budget p95 {BUDGET_P95_MS:.0f} ms)"
    )
    print(
        f"LIKE scan: {like_ms:.0f} ms; search is {like_ms / p95:.0f}x faster at p95 "
        f"(budget {BUDGET_SPEEDUP:.0f}x)"
    )
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
