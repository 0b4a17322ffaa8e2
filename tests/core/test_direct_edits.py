"""Edits made past the app, as someone with the database file (or the server's login) would
make them: every one is reported by the check behind ``audit-verify``.

The audit trail's chain proves its events were not changed; the digests bound to the events
(core.store.bindings) prove the current rows are what the last event wrote. The office is a
handled case with everything a case holds, a waiting one, staff, a category and settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from core import services as sv
from core.db.database import Database
from core.views import StateReport
from tests.conftest import intake, past_the_app

pytestmark = pytest.mark.edits_past_the_app


@dataclass(frozen=True)
class Office:
    handled: int  # a case with an action, a contact, a compensation, a result, a follow-up
    waiting: int  # a case only received
    handled_no: str


def handled_office(db: Database, staff) -> Office:
    case = sv.receive_complaint(db, staff.clerk, intake(tags=["누수"]))
    sv.acknowledge(db, staff.clerk, case.id)
    sv.record_action(db, staff.handler, case.id, "investigation", "현장 확인")
    sv.log_contact(
        db, staff.handler, case.id, direction="outbound", channel="phone", summary="진행 안내"
    )
    comp = sv.offer_compensation(db, staff.handler, case.id, kind="refund", amount=300_000)
    sv.approve_compensation(db, staff.supervisor, comp)
    sv.record_compensation_choice(db, staff.handler, comp)
    sv.deliver_compensation(db, staff.handler, comp, ref="TX-1")
    sv.resolve(db, staff.handler, case.id, result="배관 교체 완료", told_channel="phone")
    sv.record_follow_up(db, staff.clerk, case.id, channel="phone", outcome="확인", satisfaction=3)
    other = sv.receive_complaint(db, staff.clerk, intake(subject="엘리베이터 소음"))
    sv.get_case(db, staff.supervisor, case.id)  # an access record
    return Office(case.id, other.id, case.case_no)


def drop_guard(conn: Connection, table: str) -> None:
    """What an intruder does first: the app's refuse-delete trigger goes."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"DROP TRIGGER IF EXISTS no_delete_{table}"))
    else:
        conn.execute(text(f"DROP TRIGGER IF EXISTS no_delete_{table} ON {table}"))


def sql(*statements: str) -> Callable[[Connection, Office], None]:
    def edit(conn: Connection, office: Office) -> None:
        for statement in statements:
            conn.execute(text(statement), {"case": office.handled, "waiting": office.waiting})

    return edit


def delete_case(conn: Connection, office: Office) -> None:
    drop_guard(conn, "cases")
    for table in ("status_changes", "case_tags", "search_docs", "case_day_changes"):
        if table == "case_day_changes":
            continue
        conn.execute(text(f"DELETE FROM {table} WHERE case_id = :i"), {"i": office.waiting})
    conn.execute(text("DELETE FROM cases WHERE id = :i"), {"i": office.waiting})


def copy_case(conn: Connection, office: Office) -> None:
    """A complaint slipped in with a number of its own, as if it had been received."""
    row = conn.execute(text("SELECT * FROM cases WHERE id = :i"), {"i": office.waiting})
    columns = [c for c in list(row.keys()) if c not in ("id", "case_no", "seq_no")]
    names = ", ".join(columns)
    conn.execute(
        text(
            f"INSERT INTO cases (id, case_no, seq_no, {names}) "
            f"SELECT 900, 'GN-2026-000900', 900, {names} FROM cases WHERE id = :i"
        ),
        {"i": office.waiting},
    )


# (what was done, the edit, the row the check must name: (kind, label or None))
CASE_ROW = ("case", "handled")
EDITS: dict[str, tuple[Callable[[Connection, Office], None], tuple[str, str | None]]] = {
    "case description rewritten": (
        sql("UPDATE cases SET description = '고객 과실' WHERE id = :case"),
        CASE_ROW,
    ),
    "case reopened by status": (
        sql("UPDATE cases SET status = 'received', closure = NULL WHERE id = :case"),
        CASE_ROW,
    ),
    "case deadline moved": (
        sql("UPDATE cases SET resolve_due = ack_due WHERE id = :case"),
        CASE_ROW,
    ),
    "case satisfaction raised": (
        sql("UPDATE cases SET satisfaction = 5 WHERE id = :case"),
        CASE_ROW,
    ),
    "case given to someone else": (
        sql("UPDATE cases SET assignee_id = NULL WHERE id = :case"),
        CASE_ROW,
    ),
    "case deleted": (delete_case, ("case", None)),
    "case slipped in": (copy_case, ("case", None)),
    "action note rewritten": (
        sql("UPDATE actions SET note = '조치 불필요' WHERE case_id = :case"),
        CASE_ROW,
    ),
    "action deleted": (sql("DELETE FROM actions WHERE case_id = :case"), CASE_ROW),
    "action added": (
        sql(
            "INSERT INTO actions (case_id, kind, note, at, by_name) "
            "SELECT case_id, kind, '추가 조치', at, by_name FROM actions WHERE case_id = :case"
        ),
        CASE_ROW,
    ),
    "contact rewritten": (
        sql("UPDATE contacts SET summary = '연락 거부' WHERE case_id = :case"),
        CASE_ROW,
    ),
    "compensation amount raised": (
        sql("UPDATE compensations SET amount = 3000000 WHERE case_id = :case"),
        CASE_ROW,
    ),
    "compensation approval forged": (
        sql("UPDATE compensations SET decided_by_name = '관리자' WHERE case_id = :case"),
        CASE_ROW,
    ),
    "compensation deleted": (sql("DELETE FROM compensations WHERE case_id = :case"), CASE_ROW),
    "result rewritten": (
        sql("UPDATE resolutions SET result = '해당 없음' WHERE case_id = :case"),
        CASE_ROW,
    ),
    "follow-up score raised": (
        sql("UPDATE follow_ups SET satisfaction = 5 WHERE case_id = :case"),
        CASE_ROW,
    ),
    "status history cut": (
        sql(
            "DELETE FROM status_changes WHERE case_id = :case AND id = "
            "(SELECT max(id) FROM status_changes WHERE case_id = :case)"
        ),
        CASE_ROW,
    ),
    "tag removed": (sql("DELETE FROM case_tags WHERE case_id = :case"), CASE_ROW),
    "customer phone changed": (
        sql(
            "UPDATE customers SET phone = '010-0000-0000' "
            "WHERE id = (SELECT customer_id FROM cases WHERE id = :case)"
        ),
        ("customer", None),
    ),
    "customer slipped in": (
        sql(
            "INSERT INTO customers (name, created_at) "
            "SELECT '가짜', created_at FROM customers WHERE id = "
            "(SELECT customer_id FROM cases WHERE id = :case)"
        ),
        ("customer", None),
    ),
    "clerk promoted to admin": (
        sql("UPDATE users SET role = 'admin' WHERE username = 'clerk'"),
        ("user", "clerk"),
    ),
    "password hash replaced": (
        sql(
            "UPDATE users SET password_hash = "
            "(SELECT password_hash FROM users WHERE username = 'clerk') "
            "WHERE username = 'admin'"
        ),
        ("user", "admin"),
    ),
    "admin account slipped in": (
        sql(
            "INSERT INTO users (username, display_name, role, password_hash, active, "
            "failed_logins, created_at) SELECT 'ghost', '유령', 'admin', password_hash, "
            "active, 0, created_at FROM users WHERE username = 'clerk'"
        ),
        ("user", "ghost"),
    ),
    "lockout cleared": (
        sql("UPDATE users SET active = NOT active WHERE username = 'handler'"),
        ("user", "handler"),
    ),
    "category renamed": (
        sql("UPDATE categories SET name_ko = '기타' WHERE id = (SELECT min(id) FROM categories)"),
        ("category", None),
    ),
    "retention years shortened": (
        sql("INSERT INTO settings (key, value) VALUES ('retention_years', '1')"),
        ("settings", None),
    ),
}


def apply(db: Database, edit: Callable[[Connection, Office], None], office: Office) -> None:
    with past_the_app(db) as conn:
        edit(conn, office)


@pytest.mark.parametrize("what", sorted(EDITS))
def test_every_edit_of_a_row_past_the_app_is_reported(db, staff, what):
    office = handled_office(db, staff)
    assert sv.verify_bound_rows(db, staff.supervisor).ok
    edit, (kind, label) = EDITS[what]
    apply(db, edit, office)
    report = sv.verify_bound_rows(db, staff.supervisor)
    assert not report.ok and report.total >= 1
    named = {(p.kind, p.label) for p in report.problems}
    wanted = office.handled_no if label == "handled" else label
    assert any(k == kind and (wanted is None or lab == wanted) for k, lab in named), named
    # The chain itself still verifies: only the binding shows these.
    assert sv.verify_audit_chain(db, staff.supervisor).ok


def test_the_report_says_what_changed_in_words(db, staff):
    office = handled_office(db, staff)
    apply(db, sql("UPDATE compensations SET amount = 3000000 WHERE case_id = :case"), office)
    apply(db, sql("UPDATE users SET role = 'admin' WHERE username = 'clerk'"), office)
    report: StateReport = sv.verify_bound_rows(db, staff.supervisor)
    ko, en = "\n".join(report.said("ko")), "\n".join(report.said("en"))
    assert "현재 데이터가 감사 기록과 다름: 2건" in ko
    assert f"사건 {office.handled_no}: 마지막 기록(#" in ko and "기록 없이 바뀜" in ko
    assert "사용자 clerk:" in ko
    assert office.handled_no in en and "changed without a record" in en
    assert "홍길동" not in ko + en  # no customer's name in the report


def test_a_deleted_row_names_the_event_that_last_wrote_it(db, staff):
    office = handled_office(db, staff)
    apply(db, delete_case, office)
    (problem,) = sv.verify_bound_rows(db, staff.supervisor).problems
    assert (problem.kind, problem.entity_id, problem.reason) == ("case", office.waiting, "deleted")
    assert problem.seq is not None and problem.seq > 0


def test_rows_changed_through_the_app_after_an_edit_are_bound_again(db, staff):
    """An edit past the app stays reported until the app writes that row again: then the
    event that wrote it shows what the row became (and the edit stays in the history)."""
    office = handled_office(db, staff)
    apply(db, sql("UPDATE cases SET satisfaction = 5 WHERE id = :waiting"), office)
    assert not sv.verify_bound_rows(db, staff.supervisor).ok
    sv.acknowledge(db, staff.clerk, office.waiting)
    assert sv.verify_bound_rows(db, staff.supervisor).ok


CHAIN_EDITS = {
    "event rewritten": (
        "UPDATE audit_events SET changes = '[]' WHERE seq = 5",
        "hash_mismatch",
    ),
    "event deleted": ("DELETE FROM audit_events WHERE seq = 5", "missing_event"),
    "events swapped": (
        "UPDATE audit_events SET seq = CASE seq WHEN -5 THEN 6 ELSE 5 END WHERE seq IN (-5, -6)",
        None,
    ),
    "tail cut": (
        "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
        "head_mismatch",
    ),
    "states taken out of an event": (
        "UPDATE audit_events SET states = NULL WHERE seq = 5",
        "hash_mismatch",
    ),
}


@pytest.mark.parametrize("what", sorted(CHAIN_EDITS))
def test_every_edit_of_the_trail_is_reported(db, staff, what):
    handled_office(db, staff)
    statement, reason = CHAIN_EDITS[what]
    with past_the_app(db) as conn:
        drop_guard(conn, "audit_events")
        if what == "events swapped":  # through free numbers: the key is unique
            conn.execute(text("UPDATE audit_events SET seq = -seq WHERE seq IN (5, 6)"))
        conn.execute(text(statement))
    report = sv.verify_audit_chain(db, staff.supervisor)
    assert not report.ok
    if reason is not None:
        assert report.reason == reason


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE pii_access SET purpose = 'forged' WHERE id = 1",
        "DELETE FROM pii_access WHERE id = 1",
        "DELETE FROM pii_access WHERE id = (SELECT max(id) FROM pii_access)",
    ],
    ids=["access rewritten", "access deleted", "access tail cut"],
)
def test_every_edit_of_the_access_records_is_reported(db, staff, statement):
    handled_office(db, staff)
    with past_the_app(db) as conn:
        for name in ("no_delete_pii_access", "no_update_pii_access", "no_change_pii_access"):
            if conn.dialect.name == "sqlite":
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
            else:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON pii_access"))
        conn.execute(text(statement))
    assert not sv.verify_access_chain(db, staff.supervisor).ok


def test_a_register_opened_for_binding_says_so_first_and_once(db, staff):
    """The one long step of opening a register from before the rows were bound is told
    before it starts (the login and the command line say why they wait), and only once."""
    from core.services import open_database

    handled_office(db, staff)
    with past_the_app(db) as conn:
        conn.execute(text("UPDATE audit_head SET states_bound = :no").bindparams(no=False))
    phases: list[str] = []
    opened = open_database(db.url, on_phase=phases.append, clock=db.clock)
    opened.dispose()
    assert phases == ["binding"]
    assert sv.check_records(db, staff.supervisor).ok
    again = open_database(db.url, on_phase=phases.append, clock=db.clock)
    again.dispose()
    assert phases == ["binding"]
