"""Where the bytes of a SQLite database go: size per case, and by table with its indexes.

    .venv/bin/python tests/bench/db_size.py big.sqlite3

SQLite's ``dbstat`` table gives every b-tree's pages; an index counts with its table, and
the full-text index's shadow tables (``case_fts_*``) with the search entries they serve.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from pathlib import Path

# The tables a reader of the figures cares about; the rest are summed as "other".
GROUPS = {
    "cases": "cases",
    "customers": "customers",
    "audit_events": "audit trail",
    "pii_access": "access records",
    "search_docs": "search index",
    "summary_months": "summary months",
    "case_day_changes": "summary months",
    "status_changes": "handling",
    "actions": "handling",
    "contacts": "handling",
    "resolutions": "handling",
    "follow_ups": "handling",
    "compensations": "handling",
}


def sizes(path: Path) -> tuple[int, int, Counter[str]]:
    """(cases, bytes of the file, bytes by group)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        rows = conn.execute(
            "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
            "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1"
        ).fetchall()
    by_group: Counter[str] = Counter()
    for table, size in rows:
        group = "search index" if table.startswith("case_fts") else GROUPS.get(table, "other")
        by_group[group] += size
    return cases, path.stat().st_size, by_group


def lines(path: Path) -> list[str]:
    cases, total, by_group = sizes(path)
    per = max(cases, 1)
    out = [
        f"database size: {total / per:,.0f} bytes per case "
        f"({total / 2**20:,.0f} MiB, {cases:,} cases)"
    ]
    for group, size in by_group.most_common():
        out.append(f"  {group:<16} {size / per:>7,.0f} bytes per case  {size / total:>6.1%}")
    return out


if __name__ == "__main__":
    print("\n".join(lines(Path(sys.argv[1]))))
