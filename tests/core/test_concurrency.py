"""Several counter PCs writing at the same moment, each its own process and connection.

Writers are started with the ``spawn`` method and released together by a barrier, on one
SQLite file (and on PostgreSQL when TEST_DATABASE_URL is set): intakes all succeed with
gapless numbers; of simultaneous edits of one case exactly one wins and the others are told
so; a mixed stream of intakes, handling steps and imports leaves every case whole; the
summary figures kept by several PCs at once are kept once.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import random
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from core import services as sv
from core.db.database import Database
from core.errors import EditConflict
from core.store.audit import FREE_TEXT, fingerprint
from tests.conftest import intake
from tests.core.crash_worker import MAPPING, actors, import_refs, write_register
from tests.core.test_crash_safety import check_whole

WRITERS = 4
INTAKES = 25  # per writer, in the intake race
ROUNDS = 5  # of the edit race
HOT_ACTIONS = 3  # per writer, on the one case every writer works on
NOW = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # Monday 10:00 in Seoul
ROLES = ("clerk", "handler", "supervisor", "system")


# ---------------------------------------------------------------- running writers


def _open(url: str) -> tuple[Database, dict[str, Any]]:
    db = Database(url, clock=lambda: NOW)
    return db, actors(db)


def _writer(target: Any, i: int, barrier: Any, results: Any, args: tuple[Any, ...]) -> None:
    try:
        results.put((i, "done", target(i, barrier, *args)))
    except BaseException:
        results.put((i, "error", traceback.format_exc()))
        barrier.abort()  # the others must not wait for this one for ever


def run_writers(target: Any, args: list[tuple[Any, ...]]) -> list[Any]:
    """Run ``target(i, barrier, *args[i])`` in a process each; their results, in order."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(args), timeout=120)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(target, i, barrier, results, a))
        for i, a in enumerate(args)
    ]
    for p in procs:
        p.start()
    got: dict[int, tuple[str, Any]] = {}
    try:
        for _ in procs:
            i, kind, out = results.get(timeout=240)
            got[i] = (kind, out)
    finally:
        for p in procs:
            p.join(timeout=60)
            if p.is_alive():
                p.kill()
                p.join()
        results.close()
    errors = [out for kind, out in got.values() if kind == "error"]
    assert not errors, "\n".join(errors)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return [got[i][1] for i in range(len(procs))]


def _rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.read_engine.connect() as conn:
        return list(conn.execute(text(sql), params))


# ---------------------------------------------------------------- simultaneous intakes


def intake_writer(i: int, barrier: Any, url: str) -> list[tuple[int, str, float, float]]:
    db, who = _open(url)
    actor = who[ROLES[i % len(ROLES)]]
    barrier.wait()
    out = []
    for k in range(INTAKES):
        began = time.monotonic()
        ref = sv.receive_complaint(
            db,
            actor,
            intake(
                customer=sv.CustomerInput(name=f"{i}번 창구 손님 {k}"),
                description=f"{i}번 창구의 {k}번째 접수: 주차장 소음",
            ),
        )
        out.append((ref.id, ref.case_no, began, time.monotonic()))
    db.dispose()
    return out


def test_simultaneous_intakes_are_all_saved_gapless(db, db_url, staff):
    started = time.monotonic()
    results = run_writers(intake_writer, [(db_url,)] * WRITERS)
    total = WRITERS * INTAKES
    numbers = sorted(no for out in results for _, no, _, _ in out)
    assert numbers == [f"GN-2026-{n:06d}" for n in range(1, total + 1)]
    cases = check_whole(db)
    assert len(cases) == total
    for i, out in enumerate(results):
        assert len(out) == INTAKES
        for k, (case_id, case_no, _, _) in enumerate(out):
            assert cases[case_id].case_no == case_no
            assert cases[case_id].description == f"{i}번 창구의 {k}번째 접수: 주차장 소음"
            assert cases[case_id].customer_name == f"{i}번 창구 손님 {k}"
    # How the saves interleaved (a figure, not a rule: SQLite may let one writer run ahead).
    order = [i for _, i in sorted((t, i) for i, out in enumerate(results) for *_, t in out)]
    switches = sum(a != b for a, b in itertools.pairwise(order))
    waits = sorted(end - began for out in results for *_, began, end in out)
    print(
        f"{WRITERS} writers x {INTAKES} intakes in {time.monotonic() - started:.1f} s, "
        f"{switches} switches between writers, a save took {waits[len(waits) // 2] * 1000:.0f}"
        f" ms median, {waits[int(len(waits) * 0.95)] * 1000:.0f} ms p95,"
        f" {waits[-1] * 1000:.0f} ms at most"
    )


# ---------------------------------------------------------------- simultaneous edits


def _edit_of(i: int, r: int) -> sv.CaseEdit:
    return sv.CaseEdit(
        subject=f"{r}회차 {i}번 창구가 고친 제목",
        request=f"{r}회차 {i}번 창구가 적은 요청",
        incident_place=f"{i}번 창구가 적은 장소 {r}",
        staff_involved=f"{i}번 창구가 적은 직원 {r}",
        severity="important" if i % 2 else "normal",
    )


def edit_writer(i: int, barrier: Any, url: str, case_id: int) -> list[tuple[int, int, str, Any]]:
    db, who = _open(url)
    actor = who[ROLES[i % len(ROLES)]]
    out: list[tuple[int, int, str, Any]] = []
    for r in range(ROUNDS):
        seen = sv.get_case(db, actor, case_id).version  # the case as the window opened it
        barrier.wait()  # everyone has it open; everyone saves now
        try:
            saved = sv.update_case(db, actor, case_id, _edit_of(i, r), expected_version=seen)
            out.append((r, seen, "saved", saved))
        except EditConflict:
            out.append((r, seen, "conflict", None))
        barrier.wait()  # the round is over before anyone opens the case again
    db.dispose()
    return out


def test_simultaneous_edits_of_one_case_one_wins(db, db_url, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake())
    before = sv.get_case(db, staff.supervisor, ref.id)
    results = run_writers(edit_writer, [(db_url, ref.id)] * WRITERS)

    winners, opened = [], before.version
    for r in range(ROUNDS):
        outcomes = {i: out[r] for i, out in enumerate(results)}
        # Everyone opened the case as the previous round left it...
        assert {o[1] for o in outcomes.values()} == {opened}, (r, outcomes)
        # ...and exactly one save went through; the others were told someone else saved.
        saved = [i for i, o in outcomes.items() if o[2] == "saved"]
        assert len(saved) == 1, f"round {r}: {outcomes}"
        assert sum(o[2] == "conflict" for o in outcomes.values()) == WRITERS - 1
        assert outcomes[saved[0]][3] > opened
        opened = outcomes[saved[0]][3]
        winners.append(saved[0])

    # The case holds the last winner's edit, every field of it, and nothing of the others.
    after = sv.get_case(db, staff.supervisor, ref.id)
    last = _edit_of(winners[-1], ROUNDS - 1)
    assert after.version == opened
    got = (after.subject, after.request, after.incident_place, after.staff_involved)
    assert got == (last.subject, last.request, last.incident_place, last.staff_involved)
    assert after.severity == last.severity
    check_whole(db)  # resolve_due follows the winner's severity, among the rest

    # One update event per round, each from the round's winner to the next: none lost.
    events = _rows(
        db,
        "SELECT actor_name, changes FROM audit_events"
        " WHERE case_id = :c AND action = 'case.update' ORDER BY seq",
        c=ref.id,
    )
    assert len(events) == ROUNDS
    names = {r: a.username for r, a in actors(db).items()}
    previous = {
        "subject": before.subject,
        "request": before.request,
        "incident_place": before.incident_place,
        "staff_involved": before.staff_involved,
        "severity": before.severity,
    }
    for r, (actor_name, changes) in enumerate(events):
        i = winners[r]
        edit = _edit_of(i, r)
        assert actor_name == names[ROLES[i % len(ROLES)]]
        changed = json.loads(changes)
        for name, old in previous.items():
            new = getattr(edit, name)
            if new == old:
                assert name not in changed
            else:
                # Free text is fingerprinted in the trail (core.store.audit.FREE_TEXT).
                shown = (fingerprint(old), fingerprint(new)) if name in FREE_TEXT else (old, new)
                assert changed[name] == list(shown), (r, name)
            previous[name] = new
    print(f"{WRITERS} writers x {ROUNDS} edit rounds: winners {winners}")


# ---------------------------------------------------------------- a mixed stream


def _step_text(i: int, k: int, what: str) -> str:
    return f"{i}번 창구 {k}번째 {what}"


def mixed_writer(
    i: int, barrier: Any, url: str, hot_case: int, register: str, seed: int
) -> dict[str, Any]:
    """Intakes, every handling step on its own cases, actions on the case everybody works
    on, and one import, in an order drawn from ``seed``; writers 0 and 1 import first."""
    db, who = _open(url)
    rng = random.Random(seed)
    plan = ["intake"] * 10 + ["step"] * 12 + ["hot"] * HOT_ACTIONS
    rng.shuffle(plan)
    # The two PCs with the same register start on it together; the others import mid-stream.
    plan.insert(0 if i < 2 else rng.randrange(len(plan)), "import")
    own: dict[int, list[Any]] = {}  # case id -> [status, version]
    done: list[tuple[Any, ...]] = []
    conflicts = 0
    hot_saves: list[tuple[int, int]] = []  # (version opened, version saved)
    report: dict[str, int] = {}
    barrier.wait()
    for k, op in enumerate(plan):
        if op == "step" and not own:
            op = "intake"
        if op == "intake":
            ref = sv.receive_complaint(
                db,
                who[rng.choice(["clerk", "handler", "system"])],
                intake(
                    customer=sv.CustomerInput(name=f"{i}번 창구 손님 {k}"),
                    description=_step_text(i, k, "접수"),
                ),
            )
            own[ref.id] = ["received", ref.version]
            done.append(("intake", ref.id, _step_text(i, k, "접수")))
        elif op == "step":
            case_id = rng.choice(sorted(own))
            status, version = own[case_id]
            note = _step_text(i, k, "처리")
            if status == "received":
                version = sv.acknowledge(db, who["clerk"], case_id, expected_version=version)
                status, what = "acknowledged", "ack"
            elif status == "acknowledged" or (status == "in_progress" and rng.random() < 0.5):
                version = sv.record_action(
                    db, who["handler"], case_id, "fix", note, expected_version=version
                )
                status, what = "in_progress", "action"
            elif status == "in_progress" and rng.random() < 0.5:
                version = sv.resolve(
                    db,
                    who["handler"],
                    case_id,
                    result=note,
                    told_channel="phone",
                    expected_version=version,
                )
                status, what = "resolved", "resolve"
            else:
                version = sv.log_contact(
                    db,
                    who["clerk"],
                    case_id,
                    direction="outbound",
                    channel="phone",
                    summary=note,
                    expected_version=version,
                )
                what = "contact"
            own[case_id] = [status, version]
            done.append((what, case_id, note))
        elif op == "hot":
            note = _step_text(i, k, "공동 처리")
            while True:  # as a clerk does on "somebody else saved it": reopen, save again
                seen = sv.get_case(db, who["handler"], hot_case).version
                try:
                    saved = sv.record_action(
                        db, who["handler"], hot_case, "note", note, expected_version=seen
                    )
                    break
                except EditConflict:
                    conflicts += 1
            done.append(("hot", hot_case, note))
            hot_saves.append((seen, saved))
        else:
            r = sv.import_register(db, who["supervisor"], register, MAPPING)
            report = {
                "rows": r.rows,
                "imported": r.imported,
                "already_here": r.already_here,
                "rejected": len(r.rejected),
            }
    db.dispose()
    return {
        "done": done,
        "own": own,
        "conflicts": conflicts,
        "hot_saves": hot_saves,
        "import": report,
    }


def test_mixed_stream_of_writers_leaves_every_case_whole(db, db_url, staff, tmp_path):
    started = time.monotonic()
    hot = sv.receive_complaint(db, staff.clerk, intake(description="모두가 함께 처리하는 민원"))
    hot_version = sv.acknowledge(db, staff.clerk, hot.id)
    # Writers 0 and 1 import the same register at once (two PCs, one file); the others
    # import their own.
    files = {}
    for f in range(1, WRITERS):
        n = 60 if f == 1 else 30
        path = tmp_path / f"register-{f}.csv"
        write_register(path, 900, f, n, random.Random(f))
        files[f] = (str(path), n)
    seed = random.SystemRandom().randrange(2**32)
    print(f"mixed stream seed {seed}")
    args = [(db_url, hot.id, files[max(i, 1)][0], seed + i) for i in range(WRITERS)]
    results = run_writers(mixed_writer, args)

    cases = check_whole(db)

    # Every intake and step the writers were told was saved is there, once, on its case.
    done = [d for res in results for d in res["done"]]
    intakes = {case_id: note for what, case_id, note in done if what == "intake"}
    assert {c for c, row in cases.items() if row.external_ref is None} == {hot.id, *intakes}
    for case_id, note in intakes.items():
        assert cases[case_id].description == note
    for what, table, column, event in (
        ("action", "actions", "note", "action.record"),
        ("hot", "actions", "note", "action.record"),
        ("contact", "contacts", "summary", "contact.log"),
        ("resolve", "resolutions", "result", "resolution.record"),
    ):
        rows = _rows(db, f"SELECT id, case_id, {column} FROM {table}")
        where = Counter((case_id, note) for _, case_id, note in rows)
        for _, case_id, note in (d for d in done if d[0] == what):
            assert where[(case_id, note)] == 1, (what, case_id, note)
        events = Counter(
            i for (i,) in _rows(db, "SELECT entity_id FROM audit_events WHERE action = :a", a=event)
        )
        assert events == Counter(r[0] for r in rows), f"{what} without its audit event"
    n_actions = sum(d[0] == "action" for d in done)
    n_contacts = sum(d[0] == "contact" for d in done)
    assert _rows(db, "SELECT count(*) FROM actions")[0][0] == n_actions + WRITERS * HOT_ACTIONS
    assert _rows(db, "SELECT count(*) FROM contacts")[0][0] == n_contacts
    acked = {case_id for what, case_id, _ in done if what == "ack"}
    assert {c for c, row in cases.items() if row.acknowledged_at is not None} == acked | {hot.id}

    # Each writer's own cases are as it left them, version included: nothing lost between.
    versions = dict(_rows(db, "SELECT id, version FROM cases"))
    for res in results:
        for case_id, (status, version) in res["own"].items():
            assert (cases[int(case_id)].status, versions[int(case_id)]) == (status, version)

    # The case everybody worked on: every action kept, and the saves form one chain, each
    # from the version the one before left (two from the same version: a lost update).
    hot_actions = _rows(db, "SELECT count(*) FROM actions WHERE case_id = :c", c=hot.id)[0][0]
    assert hot_actions == WRITERS * HOT_ACTIONS
    saves = sorted(s for r in results for s in r["hot_saves"])
    assert len(saves) == WRITERS * HOT_ACTIONS
    assert saves[0][0] == hot_version
    assert all(a[1] == b[0] for a, b in itertools.pairwise(saves)), saves
    assert all(opened < saved for opened, saved in saves)
    assert versions[hot.id] == saves[-1][1]
    assert cases[hot.id].status == "in_progress"

    # Imports: each register's rows exactly once; the shared one split between its two PCs.
    refs = Counter(row.external_ref.rsplit("-", 1)[0] for row in cases.values() if row.external_ref)
    for f, (_, n) in files.items():
        assert refs[f"R900-{f}"] == n
        assert sorted(
            r.external_ref
            for r in cases.values()
            if (r.external_ref or "").startswith(f"R900-{f}-")
        ) == sorted(import_refs(900, f, n))
    shared = [results[0]["import"], results[1]["import"]]
    n_shared = files[1][1]
    assert [r["rows"] for r in shared] == [n_shared, n_shared]
    assert sum(r["imported"] for r in shared) == n_shared
    assert sum(r["already_here"] for r in shared) == n_shared
    for i in range(2, WRITERS):
        assert results[i]["import"] == {
            "rows": files[i][1],
            "imported": files[i][1],
            "already_here": 0,
            "rejected": 0,
        }
    assert all(r["import"]["rejected"] == 0 for r in results)
    conflicts = sum(r["conflicts"] for r in results)
    print(
        f"{WRITERS} writers x {len(results[0]['done']) + 1} operations in "
        f"{time.monotonic() - started:.1f} s, {conflicts} edit conflicts on the shared case, "
        f"shared import split {[r['imported'] for r in shared]}"
    )


# ---------------------------------------------------------------- kept summary figures


def summary_writer(i: int, barrier: Any, url: str) -> list[int]:
    """Counter PCs starting up (they keep the summary figures in the background) while
    supervisors open the year's summary, all at once; a new case between the rounds."""
    db, who = _open(url)
    seen = []
    for r in range(ROUNDS):
        if i == 0 and r:
            sv.receive_complaint(db, who["clerk"], intake())  # March is stale again
        barrier.wait()
        if i % 2:
            seen.append(sv.period_summary(db, who["supervisor"], "2026").received)
        else:
            sv.keep_summary_figures(db, who["system"])
        barrier.wait()
    db.dispose()
    return seen


def test_simultaneous_summary_keeping(db, db_url, staff):
    sv.receive_complaint(db, staff.clerk, intake())
    results = run_writers(summary_writer, [(db_url,)] * WRITERS)
    for i in range(1, WRITERS, 2):
        assert results[i] == list(range(1, ROUNDS + 1))
    assert sv.period_summary(db, staff.supervisor, "2026").received == ROUNDS
    months = _rows(db, "SELECT start_at FROM summary_months")
    assert len(months) == len(set(months)) >= 13
    check_whole(db)
