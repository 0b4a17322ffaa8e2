"""A counter PC killed mid-save, again and again: what reported success is there, whole; what
was in flight is either all there or not at all; numbers stay gapless and the chain intact.

The worker (tests/core/crash_worker.py) saves, handles and imports in a loop and journals
each call before and after it; the test kills it with SIGKILL at a random moment, checks the
database, and starts the next worker on the same database. Only the moments of the kills are
random (seeded, the seed is printed); what is checked follows from the journal. A long run:
``CRASH_KILLS=200 pytest tests/core/test_crash_safety.py`` (``CRASH_SEED`` replays a seed).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db.database import Database
from core.db.types import from_micros
from core.procedure import deadlines, numbering
from core.procedure.enums import Severity
from core.store import audit, search
from core.store.settings import load_settings
from tests.conftest import make_staff
from tests.core.crash_worker import read_journal

ROOT = Path(__file__).resolve().parents[2]
KILLS = {
    "sqlite": int(os.environ.get("CRASH_KILLS", "25")),
    "postgresql": int(os.environ.get("CRASH_KILLS_PG", "12")),
}
TOKEN = re.compile(r"표식[가-힣]*?[가-힣]{3}끝")
HANDLING = ("received", "acknowledged", "in_progress")


@dataclass
class Journal:
    """What the workers said: calls that returned, and the one each killed worker was in."""

    ok: list[dict[str, Any]] = field(default_factory=list)
    in_flight: list[dict[str, Any]] = field(default_factory=list)
    ordered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # ("ok"|"tried", e)

    @classmethod
    def read(cls, path: Path) -> Journal:
        tries: dict[tuple[int, int], dict[str, Any]] = {}
        oks: dict[tuple[int, int], dict[str, Any]] = {}
        for e in read_journal(path):
            key = (e["run"], e["k"])
            if e["phase"] == "try":
                assert key not in tries, f"two calls journalled as {key}"
                tries[key] = e
            else:
                assert key in tries and key not in oks, f"an ok without its try: {e}"
                oks[key] = e
        j = cls()
        last_of_run: dict[int, int] = {}
        for run, k in tries:
            last_of_run[run] = max(k, last_of_run.get(run, k))
        for key in sorted(tries):
            if key in oks:
                j.ok.append(oks[key])
                j.ordered.append(("ok", oks[key]))
            else:
                # A worker makes one call at a time: only its last one can be unanswered.
                assert key[1] == last_of_run[key[0]], f"call {key} never returned, yet not last"
                j.in_flight.append(tries[key])
                j.ordered.append(("tried", tries[key]))
        return j

    def of(self, op: str, which: str = "ok") -> list[dict[str, Any]]:
        entries = self.ok if which == "ok" else self.in_flight
        return [e for e in entries if e["op"] == op]


@dataclass
class Tally:
    kills: int = 0
    ok_calls: int = 0
    in_flight_kept: Counter[str] = field(default_factory=Counter)
    in_flight_lost: Counter[str] = field(default_factory=Counter)

    def count(self, op: str, kept: bool) -> None:
        (self.in_flight_kept if kept else self.in_flight_lost)[op] += 1


def _rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.read_engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def check_whole(db: Database) -> dict[int, Any]:
    """What must hold of any database, whatever happened to it; returns the cases by id.

    The file is sound, the audit chain verifies, numbers are gapless, and every case is whole:
    its customer, its receive (or import) event and first status, its deadlines and its search
    entry, which says what the case says now.
    """
    if db.is_sqlite:
        path = make_url(db.url).database
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            conn.execute("INSERT INTO case_fts (case_fts) VALUES ('integrity-check')")
            conn.rollback()
        finally:
            conn.close()

    with db.unit_of_work(write=False) as uow:
        session = uow.session
        assert session is not None
        report = audit.verify(session)
        assert report.ok, report
        settings = load_settings(session)
    assert report.checked > 0

    cases = {
        r.id: r
        for r in _rows(
            db,
            "SELECT c.id, c.case_no, c.seq_year, c.seq_no, c.subject, c.description, c.status,"
            " c.received_at, c.severity, c.ack_due, c.resolve_due, c.progress_due,"
            " c.acknowledged_at, c.external_ref, u.name AS customer_name"
            " FROM cases c LEFT JOIN customers u ON u.id = c.customer_id",
        )
    }
    # Every case has its customer.
    assert [c.case_no for c in cases.values() if c.customer_name is None] == []

    # Gapless numbers per year, and the counter exactly at the last one (a counter ahead of
    # the cases would skip numbers from now on).
    by_year: dict[int, list[int]] = defaultdict(list)
    for c in cases.values():
        by_year[c.seq_year].append(c.seq_no)
        assert c.case_no == numbering.format_case_no(settings.case_prefix, c.seq_year, c.seq_no)
    for year, numbers in by_year.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"gap or repeat in {year}"
    counters = dict(_rows(db, "SELECT year, last_no FROM case_counters"))
    assert {y: n for y, n in counters.items() if n} == {y: len(v) for y, v in by_year.items()}

    # Every case was received (or imported) exactly once, with its first status entry.
    born = Counter(
        case_id
        for (case_id,) in _rows(
            db,
            "SELECT case_id FROM audit_events WHERE action IN ('case.receive', 'case.import')",
        )
    )
    assert born == Counter(cases.keys())
    first_status = Counter(
        case_id
        for (case_id,) in _rows(
            db,
            "SELECT case_id FROM status_changes"
            " WHERE from_status IS NULL AND to_status = 'received'",
        )
    )
    assert first_status == Counter(cases.keys())
    orphans = _rows(
        db,
        "SELECT seq FROM audit_events WHERE case_id IS NOT NULL"
        " AND case_id NOT IN (SELECT id FROM cases)",
    )
    assert orphans == []

    # Deadlines, as the office's calendar gives them.
    for c in cases.values():
        assert c.ack_due is not None and c.resolve_due is not None, c.case_no
        received = _aware(c.received_at)
        assert _aware(c.ack_due) == deadlines.ack_due(settings, received), c.case_no
        assert _aware(c.resolve_due) == deadlines.resolve_due(
            settings, received, Severity(c.severity)
        ), c.case_no
        if c.status in HANDLING:
            assert c.progress_due is not None, c.case_no

    # The search index says what the case says now, and FTS5 holds one entry per case.
    docs = dict(_rows(db, "SELECT case_id, text FROM search_docs"))
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        expected = search._texts(uow.session, sorted(cases))
    assert docs == expected
    if db.is_sqlite:
        assert _rows(db, "SELECT count(*) FROM case_fts")[0][0] == len(cases)
    return cases


def check_database(
    db: Database, journal: Journal, tally: Tally, run: int, *, search_everything: bool
) -> None:
    """Everything a crash must not break, from what the journal says happened; what the call
    killed in ``run`` left behind (kept or rolled back) is counted in ``tally``."""
    tally.ok_calls = len(journal.ok)
    cases = check_whole(db)
    killed = Journal(in_flight=[e for e in journal.in_flight if e["run"] == run])
    _check_intakes(cases, journal, tally, killed)
    _check_steps(db, cases, journal, tally, killed)
    _check_imports(cases, journal, tally, killed)

    # What should be findable by search: everything on the last kill, else the newest run's.
    newest = max((e["run"] for e in journal.ok + journal.in_flight), default=0)
    run_of = {e["token"]: e["run"] for e in journal.of("intake") + killed.of("intake", "in_flight")}
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        for c in cases.values():
            if c.external_ref is not None:
                continue
            tok = TOKEN.search(c.description)
            assert tok is not None
            if search_everything or run_of.get(tok.group()) == newest:
                hits = [h.case_id for h in search.search(uow.session, tok.group())]
                assert hits == [c.id], (c.case_no, tok.group(), hits)


def _aware(value: Any) -> datetime:
    if isinstance(value, int):  # SQLite through a plain text() query (core.db.types)
        return from_micros(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _check_intakes(cases: dict[int, Any], journal: Journal, tally: Tally, killed: Journal) -> None:
    found: dict[str, Any] = {}
    for c in cases.values():
        if c.external_ref is None:
            tok = TOKEN.search(c.description)
            assert tok is not None, c.case_no
            assert tok.group() not in found, f"{tok.group()} saved twice"
            found[tok.group()] = c
    reported = {e["token"]: e for e in journal.of("intake")}
    tried = {e["token"] for e in journal.of("intake", "in_flight")}
    assert reported.keys() <= found.keys(), f"lost: {sorted(reported.keys() - found.keys())}"
    assert found.keys() <= reported.keys() | tried, "a case nobody saved"
    for tok, e in reported.items():
        c = found[tok]
        assert (c.id, c.case_no) == (e["result"]["id"], e["result"]["case_no"])
        assert c.customer_name == f"민원인 {tok}"
    for e in killed.of("intake", "in_flight"):
        tally.count("intake", e["token"] in found)


def _check_steps(
    db: Database, cases: dict[int, Any], journal: Journal, tally: Tally, killed: Journal
) -> None:
    """Acknowledgements, actions, contacts, edits and results: there when reported, and
    each recorded once with its audit event."""
    acked = {c.id for c in cases.values() if c.acknowledged_at is not None}
    ack_events = Counter(
        i
        for (i,) in _rows(db, "SELECT case_id FROM audit_events WHERE action = 'case.acknowledged'")
    )
    assert ack_events == Counter(acked)
    reported = {e["case_id"] for e in journal.of("ack")}
    tried = {e["case_id"] for e in journal.of("ack", "in_flight")}
    assert reported <= acked and acked <= reported | tried
    for e in journal.of("ack"):
        assert cases[e["case_id"]].status != "received"
    for e in killed.of("ack", "in_flight"):
        tally.count("ack", e["case_id"] in acked)

    for op, table, column, event in (
        ("action", "actions", "note", "action.record"),
        ("contact", "contacts", "summary", "contact.log"),
        ("resolve", "resolutions", "result", "resolution.record"),
    ):
        key = "result_text" if op == "resolve" else column
        rows = _rows(db, f"SELECT id, case_id, {column} FROM {table}")
        found = Counter(r[2] for r in rows)
        assert [t for t, n in found.items() if n > 1] == [], f"{op} recorded twice"
        where = {r[2]: (r[0], r[1]) for r in rows}
        events = Counter(
            entity_id
            for (entity_id,) in _rows(
                db, "SELECT entity_id FROM audit_events WHERE action = :a", a=event
            )
        )
        assert events == Counter(r[0] for r in rows), f"{op} without its audit event"
        reported_texts = {e[key]: e for e in journal.of(op)}
        tried_texts = {e[key] for e in journal.of(op, "in_flight")}
        assert reported_texts.keys() <= found.keys(), f"lost {op}"
        assert found.keys() <= reported_texts.keys() | tried_texts, f"a {op} nobody made"
        for t, e in reported_texts.items():
            assert where[t][1] == e["case_id"]
        for e in killed.of(op, "in_flight"):
            tally.count(op, e[key] in found)
    for e in journal.of("resolve"):
        assert cases[e["case_id"]].status == "resolved"

    # Edits: the subject is the last reported one, or a later one that was in flight.
    possible: dict[int, set[str | None]] = defaultdict(lambda: {None})
    for kind, e in journal.ordered:
        if e["op"] != "edit":
            continue
        if kind == "ok":
            possible[e["case_id"]] = {e["subject"]}
        else:
            possible[e["case_id"]].add(e["subject"])
    edits = Counter(
        i for (i,) in _rows(db, "SELECT case_id FROM audit_events WHERE action = 'case.update'")
    )
    for c in cases.values():
        subject = c.subject if c.subject.startswith("고친 제목") else None
        assert subject in possible[c.id], (c.case_no, c.subject, possible[c.id])
        made = [kind for kind, e in journal.ordered if e["op"] == "edit" and e["case_id"] == c.id]
        assert made.count("ok") <= edits[c.id] <= len(made), c.case_no
    for e in killed.of("edit", "in_flight"):
        tally.count("edit", cases[e["case_id"]].subject == e["subject"])


def _check_imports(cases: dict[int, Any], journal: Journal, tally: Tally, killed: Journal) -> None:
    """A register's batch is all in or not at all; a reported import is all in."""
    per_file: dict[str, int] = Counter()
    files = {}
    for e in journal.ok + journal.in_flight:
        if e["op"] in ("import", "reimport"):
            files[e["refs"]] = e
    for c in cases.values():
        if c.external_ref is not None:
            prefix = c.external_ref.rsplit("-", 1)[0] + "-"
            assert prefix in files, f"imported from a file nobody imported: {c.external_ref}"
            per_file[prefix] += 1
    done = {e["refs"] for e in journal.of("import") + journal.of("reimport")}
    for prefix, e in files.items():
        assert per_file[prefix] in (0, e["n"]), f"half an import: {prefix} {per_file[prefix]}"
        if prefix in done:
            assert per_file[prefix] == e["n"], f"reported import not all in: {prefix}"
    for e in journal.of("import"):
        assert e["result"] == {"rows": e["n"], "imported": e["n"], "already_here": 0, "rejected": 0}
    for e in journal.of("reimport"):
        r = e["result"]
        assert (r["rows"], r["imported"] + r["already_here"], r["rejected"]) == (e["n"], e["n"], 0)
    for e in killed.of("import", "in_flight") + killed.of("reimport", "in_flight"):
        tally.count(e["op"], per_file[e["refs"]] == e["n"])
    assert sum(per_file.values()) == sum(1 for c in cases.values() if c.external_ref)


def _wait_for_server_to_drop(db: Database, timeout: float = 30.0) -> None:
    """PostgreSQL: the killed worker's backend notices the closed socket and rolls back on
    its own; wait until no other session is busy with this database."""
    deadline = time.monotonic() + timeout
    while True:
        busy = _rows(
            db,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'",
        )[0][0]
        if not busy:
            return
        assert time.monotonic() < deadline, "the killed worker's session did not go away"
        time.sleep(0.02)


class Workers:
    """The worker starter (``crash_worker serve``): one fork per run, killed by its pid."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.err = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.core.crash_worker", "serve"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            text=True,
        )

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def start(self, *args: object) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(" ".join(map(str, args)) + "\n")
        self.proc.stdin.flush()
        line = self._line()
        if not line.startswith("ready "):
            pytest.fail(f"worker did not start: {line!r}\n{self.log.read_text()}")
        return int(line.split()[1])

    def kill(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # it ended by itself: said below
            os.kill(pid, signal.SIGKILL)
        ended = self._line()
        assert ended == f"ended {pid} killed {signal.SIGKILL.value}", (
            f"worker stopped by itself: {ended!r}\n{self.log.read_text()}"
        )

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            assert self.proc.stdout is not None
            self.proc.stdout.close()
            self.err.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the workers are forked and killed (POSIX)")
def test_killed_worker_leaves_whole_cases(db_url, tmp_path, clock, request):
    backend = request.node.callspec.params["db_url"]
    seed = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(2**32))
    print(f"crash test on {backend}: seed {seed} (CRASH_SEED={seed} to replay)")
    kills_wanted = KILLS[backend]
    rng = random.Random(seed)
    db = Database(db_url, clock=clock)
    make_staff(db)
    journal = tmp_path / "journal.jsonl"
    workdir = tmp_path / "registers"
    workdir.mkdir()
    totals = Tally()
    started = time.monotonic()
    workers = Workers(tmp_path / "workers.log")
    try:
        for run in range(1, kills_wanted + 1):
            pid = workers.start(db_url, journal, run, rng.randrange(2**32), workdir)
            # The moment of the kill is what the test draws, not a wait for anything.
            time.sleep(rng.uniform(0.005, 0.300))
            workers.kill(pid)
            if not db.is_sqlite:
                _wait_for_server_to_drop(db)
            entries = Journal.read(journal)
            try:
                check_database(db, entries, totals, run, search_everything=run == kills_wanted)
            except AssertionError as exc:
                raise AssertionError(f"after kill {run} (seed {seed}): {exc}") from exc
            totals.kills = run
    finally:
        workers.close()
        db.dispose()
    elapsed = time.monotonic() - started
    print(
        f"{backend}: {totals.kills} kills survived in {elapsed:.1f} s, "
        f"{totals.ok_calls} calls reported; in flight when killed, kept: "
        f"{dict(totals.in_flight_kept)}, rolled back: {dict(totals.in_flight_lost)}"
    )
    assert totals.kills == kills_wanted
    # Every worker got at least one call through before it was killed (it says ready only
    # then), so the database grew under the kills instead of starting over each time.
    assert {e["run"] for e in entries.ok} == set(range(1, kills_wanted + 1))
