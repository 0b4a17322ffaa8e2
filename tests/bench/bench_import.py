"""Benchmark: importing a 100,000-row register (DESIGN.md budget: 60 s, with progress).

The register is the CFPB sample (../shared/testdata) repeated with fresh complaint ids until
it has the wanted number of rows, written as CSV, then imported into a new SQLite database.
Not part of the default test run:

    .venv/bin/python tests/bench/bench_import.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core import services as sv
from core.actor import Actor
from core.register import parse_mapping
from core.services import open_database
from tests.core.test_register_import import CFPB as SAMPLE
from tests.core.test_register_import import CFPB_MAPPING as MAPPING

BUDGET = 60.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    if not SAMPLE.exists():
        print("the CFPB sample is not here; nothing to measure")
        return 0
    with SAMPLE.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        # Narratives longer than a case may hold are rejected rows; leave them out here.
        source = [r for r in reader if len(r["Consumer complaint narrative"]) <= 20000]
    with tempfile.TemporaryDirectory() as tmp:
        register = Path(tmp) / "register.csv"
        with register.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, header)
            writer.writeheader()
            for i in range(args.rows):
                row = dict(source[i % len(source)])
                row["Complaint ID"] = f"B{i}"
                writer.writerow(row)
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        last = [0.0]

        def progress(done: int, total: int) -> None:
            last[0] = time.perf_counter()

        started = time.perf_counter()
        report = sv.import_register(
            db, Actor.system(), register, parse_mapping(MAPPING), progress=progress
        )
        seconds = time.perf_counter() - started
        db.dispose()
    print(
        f"import of {report.rows:,} register rows ({report.imported:,} imported, "
        f"{len(report.rejected):,} rejected): {seconds:.1f} s (budget {BUDGET:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
