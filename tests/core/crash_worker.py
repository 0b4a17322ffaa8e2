"""A counter PC that gets killed: saves and imports until the test kills it (SIGKILL).

Run as ``python -m tests.core.crash_worker URL JOURNAL RUN SEED WORKDIR``, or as
``python -m tests.core.crash_worker serve`` to fork one such worker per line read. Before each
service call it appends a ``try`` line to the journal, and after the call returns an ``ok``
line, each written with one ``os.write`` and made durable with ``os.fsync``: the test then
knows what reported success (must be in the database, whole) and what was in flight when
the process died (may be in or out, but never half).

An import that never reported success is run again first, as a clerk would after a crash.
Then one more call, and ``ready PID`` is printed: the kill lands among the saves that follow.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.db.models import Case, User
from core.procedure.enums import Role
from core.procedure.office import OfficeSettings
from core.register import parse_mapping
from core.services.base import Tx
from tests.conftest import intake

MAPPING = parse_mapping(
    """
[columns]
received_at = "접수일자"
subject = "제목"
description = "내용"
channel = "경로"
customer_name = "고객명"
category = "분류"
external_ref = "번호"
"""
)
HEADINGS = ["접수일자", "제목", "내용", "경로", "고객명", "분류", "번호"]
START = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # a Monday morning in Seoul
MAX_OPS = 100_000  # only reached if nobody kills this process


def token(run: int, k: int, tag: str = "") -> str:
    """A marker no other save shares: 표식 + three syllables (fixed width) + a closing 끝.

    Hangul, so finding it again goes through the bigram index like a clerk's search does.
    """
    n = run * 10_000 + k
    syllables = []
    for _ in range(3):
        n, r = divmod(n, 11172)
        syllables.append(chr(0xAC00 + r))
    return f"표식{tag}{''.join(reversed(syllables))}끝"


def import_refs(run: int, k: int, n: int) -> list[str]:
    return [f"R{run}-{k}-{i:03d}" for i in range(n)]


class Journal:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, **entry: Any) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        os.write(self.fd, line.encode("utf-8"))
        os.fsync(self.fd)


def read_journal(path: str | Path) -> list[dict[str, Any]]:
    """Whole lines only (a line is one write, but a torn tail is not trusted)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    lines = data.decode("utf-8").split("\n")
    return [json.loads(line) for line in lines[:-1] if line]


def actors(db: Database) -> dict[str, Actor]:
    """The office's accounts, as logged in (the test made them like make_staff does)."""
    out = {"system": Actor.system()}
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        for u in uow.session.scalars(select(User)):
            out[u.username] = Actor(u.id, u.username, u.display_name, Role(u.role))
    return out


def write_register(path: Path, run: int, k: int, n: int, rng: random.Random) -> None:
    rows = []
    for i, ref in enumerate(import_refs(run, k, n)):
        day = datetime(2025, 1, 1) + timedelta(days=rng.randrange(360), minutes=rng.randrange(600))
        rows.append(
            [
                day.strftime("%Y-%m-%d %H:%M"),
                f"지난 대장 {i}번 민원",
                f"주차장 조명이 꺼져 있습니다 {token(run, k)} {i}",
                rng.choice(["방문", "전화", "온라인"]),
                f"고객{i}",
                rng.choice(["주차 시설", "층간 소음", "관리비"]),
                ref,
            ]
        )
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADINGS)
        w.writerows(rows)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


class Worker:
    def __init__(self, url: str, journal: str, run: int, seed: int, workdir: str) -> None:
        self.run = run
        self.rng = random.Random(seed)
        self.k = 0
        self.db = Database(url, clock=self.clock)
        self.who = actors(self.db)
        self.journal_path = journal
        self.journal = Journal(journal)
        self.workdir = Path(workdir)

    def warm_up(self) -> None:
        """Go through an intake and an import once without keeping them: the first save of a
        process builds caches (the holiday calendar, SQL compilation) for a few hundred ms,
        and the kills are meant for the saves, not for that."""
        with self.db.unit_of_work() as uow:
            assert uow.session is not None
            tx = Tx(uow.session, self.who["clerk"], self.clock())
            sv.receive_complaint.within(tx, intake())
            tx.flush_audit()  # and never committed
        path = self.workdir / f"warm-up-{self.run}.csv"
        write_register(path, self.run, 0, 3, random.Random(0))
        sv.import_register(self.db, self.who["supervisor"], path, MAPPING, dry_run=True)

    def clock(self) -> datetime:
        # Later runs act later; each save a second after the one before.
        return START + timedelta(minutes=30 * self.run, seconds=self.k)

    def pick(self, *statuses: str) -> tuple[int, str, int] | None:
        with self.db.unit_of_work(write=False) as uow:
            assert uow.session is not None
            rows = uow.session.execute(
                select(Case.id, Case.case_no, Case.version)
                .where(Case.status.in_(statuses))
                .order_by(Case.id.desc())
                .limit(40)
            ).all()
        return tuple(self.rng.choice(rows)) if rows else None  # type: ignore[return-value]

    def step(self, op: str, call: Any, **facts: Any) -> Any:
        self.journal.write(phase="try", run=self.run, k=self.k, op=op, **facts)
        result = call()
        self.journal.write(phase="ok", run=self.run, k=self.k, op=op, result=result, **facts)
        return result

    def unfinished_imports(self) -> list[dict[str, Any]]:
        done = set()
        tried: dict[str, dict[str, Any]] = {}
        for e in read_journal(self.journal_path):
            if e["op"] not in ("import", "reimport"):
                continue
            if e["phase"] == "ok":
                done.add(e["file"])
            else:
                tried.setdefault(e["file"], e)
        return [e for f, e in tried.items() if f not in done]

    def reimport(self, entry: dict[str, Any]) -> None:
        self.k += 1
        self.step(
            "reimport",
            lambda: _report(
                sv.import_register(self.db, self.who["supervisor"], entry["file"], MAPPING)
            ),
            file=entry["file"],
            refs=entry["refs"],
            n=entry["n"],
        )

    def one(self) -> None:
        self.k += 1
        roll = self.rng.random()
        if roll < 0.1:
            self.do_import()
        elif roll < 0.2:
            self.do_edit() or self.do_intake()
        elif roll < 0.35:
            self.do_ack() or self.do_intake()
        elif roll < 0.5:
            self.do_action() or self.do_intake()
        elif roll < 0.6:
            self.do_contact() or self.do_intake()
        elif roll < 0.65:
            self.do_resolve() or self.do_intake()
        else:
            self.do_intake()

    def do_intake(self) -> bool:
        tok = token(self.run, self.k)
        # A phone of their own: a known number links its customer (no duplicates), and each
        # save here is a different person whose name must come back with the case.
        n = self.run * 10_000 + self.k
        phone = f"010-{2000 + n // 10_000:04d}-{n % 10_000:04d}"
        data = intake(
            customer=sv.CustomerInput(name=f"민원인 {tok}", phone=phone, consent=True),
            description=f"밤마다 윗집 소음이 납니다 {tok}",
            severity=self.rng.choice(["normal", "important"]),
        )
        actor = self.who[self.rng.choice(["clerk", "handler", "system"])]
        self.step(
            "intake",
            lambda: _ref(sv.receive_complaint(self.db, actor, data)),
            token=tok,
            actor=actor.username,
        )
        return True

    def do_ack(self) -> bool:
        found = self.pick("received")
        if found is None:
            return False
        case_id, case_no, version = found
        self.step(
            "ack",
            lambda: sv.acknowledge(self.db, self.who["clerk"], case_id, expected_version=version),
            case_id=case_id,
            case_no=case_no,
        )
        return True

    def do_action(self) -> bool:
        found = self.pick("acknowledged", "in_progress")
        if found is None:
            return False
        case_id, case_no, version = found
        note = f"현장 확인함 {token(self.run, self.k, '처리')}"
        self.step(
            "action",
            lambda: sv.record_action(
                self.db,
                self.who["handler"],
                case_id,
                "investigation",
                note,
                expected_version=version,
            ),
            case_id=case_id,
            case_no=case_no,
            note=note,
        )
        return True

    def do_contact(self) -> bool:
        found = self.pick("received", "acknowledged", "in_progress")
        if found is None:
            return False
        case_id, case_no, version = found
        summary = f"진행 상황을 안내함 {token(self.run, self.k, '연락')}"
        self.step(
            "contact",
            lambda: sv.log_contact(
                self.db,
                self.who["clerk"],
                case_id,
                direction="outbound",
                channel="phone",
                summary=summary,
                expected_version=version,
            ),
            case_id=case_id,
            case_no=case_no,
            summary=summary,
        )
        return True

    def do_edit(self) -> bool:
        found = self.pick("received", "acknowledged", "in_progress")
        if found is None:
            return False
        case_id, case_no, version = found
        subject = f"고친 제목 {token(self.run, self.k, '수정')}"
        self.step(
            "edit",
            lambda: sv.update_case(
                self.db,
                self.who["supervisor"],
                case_id,
                sv.CaseEdit(subject=subject),
                expected_version=version,
            ),
            case_id=case_id,
            case_no=case_no,
            subject=subject,
        )
        return True

    def do_resolve(self) -> bool:
        found = self.pick("in_progress")
        if found is None:
            return False
        case_id, case_no, version = found
        result = f"조명을 교체함 {token(self.run, self.k, '결과')}"
        self.step(
            "resolve",
            lambda: sv.resolve(
                self.db,
                self.who["handler"],
                case_id,
                result=result,
                told_channel="phone",
                expected_version=version,
            ),
            case_id=case_id,
            case_no=case_no,
            result_text=result,
        )
        return True

    def do_import(self) -> None:
        n = self.rng.randrange(20, 150)
        path = self.workdir / f"register-{self.run}-{self.k}.csv"
        write_register(path, self.run, self.k, n, self.rng)
        self.step(
            "import",
            lambda: _report(sv.import_register(self.db, self.who["supervisor"], path, MAPPING)),
            file=str(path),
            refs=f"R{self.run}-{self.k}-",
            n=n,
        )


def _ref(ref: sv.CaseRef) -> dict[str, Any]:
    return {"id": ref.id, "case_no": ref.case_no, "version": ref.version}


def _report(report: sv.ImportReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "imported": report.imported,
        "already_here": report.already_here,
        "rejected": len(report.rejected),
    }


def work(url: str, journal: str, run: int, seed: int, workdir: str) -> int:
    worker = Worker(url, journal, run, seed, workdir)
    try:
        worker.warm_up()
        for entry in worker.unfinished_imports():
            worker.reimport(entry)
        # One call through before the test may kill this worker: every run gets somewhere,
        # however slow the machine, and a killed import cannot be retried for ever.
        worker.one()
        print(f"ready {os.getpid()}", flush=True)
        for _ in range(MAX_OPS):
            worker.one()
    except BaseException:
        traceback.print_exc()
        return 3
    return 0


def serve() -> None:
    """Start a worker per line read (``URL JOURNAL RUN SEED WORKDIR``), each in a fork of this
    process, so it starts in milliseconds with everything imported; report how each ended
    (``ended PID killed SIGNAL`` or ``ended PID exit CODE``)."""
    # What every worker needs anyway, built once before forking (no database opened here).
    OfficeSettings().calendar().add_business_days(START, 30)
    for line in sys.stdin:
        url, journal, run, seed, workdir = line.split()
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                code = work(url, journal, int(run), int(seed), workdir)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            print(f"ended {pid} killed {os.WTERMSIG(status)}", flush=True)
        else:
            print(f"ended {pid} exit {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        url, journal, run, seed, workdir = sys.argv[1:]
        sys.exit(work(url, journal, int(run), int(seed), workdir))
