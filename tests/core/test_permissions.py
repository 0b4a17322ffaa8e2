"""Every role is refused what it may not do, by the service itself, whatever a window shows.

The table of calls below is complete: a test lists every service ``core.services`` exports and
fails when one that needs a permission has no entry here, so a new service cannot ship
without a test that each role lacking its permission is refused. The refused roles written
next to each call are checked against ``core.procedure.permissions.TABLE``: changing who may do what
takes a change here too.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from core import services as sv
from core.errors import PermissionDenied
from core.procedure.enums import Role
from core.procedure.permissions import TABLE, Permission, allows
from core.services.base import Service
from tests.conftest import intake, superuser_url

ROLES = ("clerk", "handler", "supervisor", "admin")
Call = Callable[[Any, Any, dict[str, Any]], object]

C, H, S, A = "clerk", "handler", "supervisor", "admin"
NOBODY: set[str] = set()

# service name -> (the roles that must be refused, a call that needs nothing else to succeed)
REFUSALS: dict[str, tuple[set[str], Call]] = {
    # ---- intake and classification
    "receive_complaint": ({A}, lambda db, a, ids: sv.receive_complaint(db, a, intake())),
    "update_case": (
        {A},
        lambda db, a, ids: sv.update_case(
            db,
            a,
            ids["received"],
            sv.CaseEdit(subject="제목 고침"),
            expected_version=ids["received_version"],
        ),
    ),
    "assign": (
        {C, A},
        lambda db, a, ids: sv.assign(db, a, ids["received"], ids["handler_id"]),
    ),
    "acknowledge": ({A}, lambda db, a, ids: sv.acknowledge(db, a, ids["received"])),
    # ---- handling
    "start_handling": ({C, A}, lambda db, a, ids: sv.start_handling(db, a, ids["acknowledged"])),
    "wait_for_customer": (
        {C, A},
        lambda db, a, ids: sv.wait_for_customer(
            db, a, ids["progress"], reason="서류 대기", waiting_until=db.clock() + timedelta(days=3)
        ),
    ),
    "resume": ({C, A}, lambda db, a, ids: sv.resume(db, a, ids["waiting"])),
    "record_action": (
        {C, A},
        lambda db, a, ids: sv.record_action(db, a, ids["progress"], "note", "메모"),
    ),
    "log_contact": (
        {A},
        lambda db, a, ids: sv.log_contact(
            db, a, ids["progress"], direction="inbound", channel="phone", summary="진행 문의"
        ),
    ),
    "offer_compensation": (
        {C, A},
        lambda db, a, ids: sv.offer_compensation(db, a, ids["progress"], kind="apology"),
    ),
    # Admins approve too: a supervisor's own proposal needs someone else.
    "approve_compensation": (
        {C, H},
        lambda db, a, ids: sv.approve_compensation(db, a, ids["pending"]),
    ),
    "reject_compensation": (
        {C, H},
        lambda db, a, ids: sv.reject_compensation(db, a, ids["pending"], note="과다"),
    ),
    "record_compensation_outcome": (
        {C, A},
        lambda db, a, ids: sv.record_compensation_outcome(
            db, a, ids["offered"], outcome="accepted"
        ),
    ),
    "record_compensation_choice": (
        {C, A},
        lambda db, a, ids: sv.record_compensation_choice(db, a, ids["offered"]),
    ),
    "decline_compensation": (
        {C, A},
        lambda db, a, ids: sv.decline_compensation(db, a, ids["offered"], reason="필요 없음"),
    ),
    "deliver_compensation": (
        {C, A},
        lambda db, a, ids: sv.deliver_compensation(db, a, ids["offered"]),
    ),
    "resolve": (
        {C, A},
        lambda db, a, ids: sv.resolve(db, a, ids["progress"], result="완료", told_channel="phone"),
    ),
    "record_follow_up": (
        {A},
        lambda db, a, ids: sv.record_follow_up(
            db, a, ids["resolved"], channel="phone", outcome="만족", satisfaction=5
        ),
    ),
    "waive_follow_up": (
        {C, H, A},
        lambda db, a, ids: sv.waive_follow_up(db, a, ids["resolved"], reason="연락 거부"),
    ),
    "record_win_back": (
        {C, H, A},
        lambda db, a, ids: sv.record_win_back(db, a, ids["low_score"], note="사과 전화"),
    ),
    "schedule_follow_up": (
        {C, H, A},
        lambda db, a, ids: sv.schedule_follow_up(
            db, a, ids["low_score"], due_at=db.clock() + timedelta(days=3)
        ),
    ),
    "close": ({C, A}, lambda db, a, ids: sv.close(db, a, ids["closable"])),
    "backdate_received": (
        {C, H, A},
        lambda db, a, ids: sv.backdate_received(
            db,
            a,
            ids["received"],
            db.clock() - timedelta(hours=1),
            reason="전산 장애 중 종이 접수",
            expected_version=ids["received_version"],
        ),
    ),
    "close_invalid": (
        {C, A},
        lambda db, a, ids: sv.close_invalid(db, a, ids["received"], reason="중복"),
    ),
    "withdraw": (
        {C, A},
        lambda db, a, ids: sv.withdraw(db, a, ids["received"], reason="고객 철회"),
    ),
    "reopen": ({C, A}, lambda db, a, ids: sv.reopen(db, a, ids["resolved"], reason="재확인")),
    # ---- improvements
    "open_improvement": (
        {C, A},
        lambda db, a, ids: sv.open_improvement(
            db, a, title="t", root_cause="r", preventive_action="p"
        ),
    ),
    "link_improvement": (
        {C, A},
        lambda db, a, ids: sv.link_improvement(db, a, ids["improvement"], ids["received"]),
    ),
    "set_improvement_status": (
        {C, A},
        lambda db, a, ids: sv.set_improvement_status(db, a, ids["improvement"], "in_progress"),
    ),
    "update_improvement": (
        {C, A},
        lambda db, a, ids: sv.update_improvement(
            db,
            a,
            ids["improvement"],
            title="t",
            root_cause="r",
            preventive_action="p",
            kind="preventive",
            owner_id=None,
            due_date=None,
            notes="메모",
        ),
    ),
    "unlink_improvement": (
        {C, A},
        lambda db, a, ids: sv.unlink_improvement(db, a, ids["improvement"], ids["received"]),
    ),
    "list_improvements": (NOBODY, lambda db, a, ids: sv.list_improvements(db, a, overdue=True)),
    "get_improvement": (
        NOBODY,
        lambda db, a, ids: sv.get_improvement(db, a, ids["improvement"]),
    ),
    # ---- administration
    "create_user": (
        {C, H, S},
        lambda db, a, ids: sv.create_user(
            db, a, username="x", display_name="x", role="clerk", password="long-enough-1"
        ),
    ),
    "update_user": (
        {C, H, S},
        lambda db, a, ids: sv.update_user(db, a, ids["clerk_id"], display_name="김접수"),
    ),
    "update_settings": (
        {C, H, S},
        lambda db, a, ids: sv.update_settings(db, a, approval_threshold=1),
    ),
    "sealing_on": ({C, H}, lambda db, a, ids: sv.sealing_on(db, a)),
    "set_backup_passphrase": (
        {C, H, S},
        lambda db, a, ids: sv.set_backup_passphrase(db, a, "사무소의 백업 암호 2026"),
    ),
    "save_category": (
        {C, H, S},
        lambda db, a, ids: sv.save_category(
            db, a, code="test.new", name_ko="새 분류", name_en="New"
        ),
    ),
    # ---- supervision
    "verify_audit_chain": ({C, H}, lambda db, a, ids: sv.verify_audit_chain(db, a)),
    "verify_access_chain": ({C, H}, lambda db, a, ids: sv.verify_access_chain(db, a)),
    "verify_bound_rows": ({C, H}, lambda db, a, ids: sv.verify_bound_rows(db, a)),
    "verify_anchors": (
        {C, H},
        lambda db, a, ids: sv.verify_anchors(db, a, ids["tmp"], own=False),
    ),
    "check_records": ({C, H}, lambda db, a, ids: sv.check_records(db, a)),
    "access_review": (
        {C, H},
        lambda db, a, ids: sv.access_review(db, a, date(2026, 3, 1), date(2026, 3, 31)),
    ),
    "access_review_pdf": (
        {C, H},
        lambda db, a, ids: sv.access_review_pdf(db, a, date(2026, 3, 1), date(2026, 3, 31)),
    ),
    "case_file_data": ({C, H}, lambda db, a, ids: sv.case_file_data(db, a, ids["received"])),
    "case_file_pdf": ({C, H}, lambda db, a, ids: sv.case_file_pdf(db, a, ids["received"])),
    # ---- reading: every role may look (the contact details are masked, see test_masking)
    "get_case": (NOBODY, lambda db, a, ids: sv.get_case(db, a, ids["received"])),
    "find_case_id": (NOBODY, lambda db, a, ids: sv.find_case_id(db, a, ids["received_no"])),
    "find_customers": (NOBODY, lambda db, a, ids: sv.find_customers(db, a, phone="01012345678")),
    "get_settings": (NOBODY, lambda db, a, ids: sv.get_settings(db, a)),
    "list_cases": (NOBODY, lambda db, a, ids: sv.list_cases(db, a)),
    "list_categories": (NOBODY, lambda db, a, ids: sv.list_categories(db, a)),
    "list_users": (NOBODY, lambda db, a, ids: sv.list_users(db, a)),
    "overdue_count": (NOBODY, lambda db, a, ids: sv.overdue_count(db, a)),
    "queue": (NOBODY, lambda db, a, ids: sv.queue(db, a, "awaiting_ack")),
    "queue_counts": (NOBODY, lambda db, a, ids: sv.queue_counts(db, a)),
    "search_cases": (NOBODY, lambda db, a, ids: sv.search_cases(db, a, "소음")),
    "similar_cases": (NOBODY, lambda db, a, ids: sv.similar_cases(db, a, ids["received"])),
    "receipt_pdf": (NOBODY, lambda db, a, ids: sv.receipt_pdf(db, a, ids["received"])),
    "result_letter_pdf": (NOBODY, lambda db, a, ids: sv.result_letter_pdf(db, a, ids["resolved"])),
    "intake_form_pdf": (NOBODY, lambda db, a, ids: sv.intake_form_pdf(db, a)),
    # ---- retention (개인정보 파기): supervisors only
    "retention_candidates": ({C, H, A}, lambda db, a, ids: sv.retention_candidates(db, a)),
    "purge_expired_personal_data": (
        {C, H, A},
        lambda db, a, ids: sv.purge_expired_personal_data(db, a, expected=_expired(db, ids)),
    ),
    "destruction_records": ({C, H, A}, lambda db, a, ids: sv.destruction_records(db, a)),
    "destruction_record": (
        {C, H, A},
        lambda db, a, ids: sv.destruction_record(db, a, _purged(db, ids)),
    ),
}


def _expired(db, ids) -> int:
    """Close a case and let its retention run out: how many customers a purge now takes."""
    if ids.get("placeholder"):
        return 1
    supervisor = ids["staff"].supervisor
    sv.close(db, supervisor, ids["closable"])
    ids["clock"].advance(days=366 * sv.get_settings(db, supervisor).retention_years + 2)
    return sv.retention_candidates(db, supervisor).customers


def _purged(db, ids) -> int:
    """The number of a destruction record (a supervisor's purge)."""
    if ids.get("placeholder"):
        return 1
    supervisor = ids["staff"].supervisor
    return sv.purge_expired_personal_data(db, supervisor, expected=_expired(db, ids)).id


# Entry points that are plain functions (they check the permission themselves), with the
# permission each one needs: held to the same standard.
PLAIN: dict[str, tuple[Permission, set[str], Call]] = {
    "destruction_record_pdf": (
        Permission.RETENTION_PURGE,
        {C, H, A},
        lambda db, a, ids: sv.destruction_record_pdf(db, a, _purged(db, ids)),
    ),
    "import_register": (
        Permission.REGISTER_IMPORT,
        {C, H, A},
        lambda db, a, ids: sv.import_register(db, a, ids["register"]),
    ),
    "export_register": (
        Permission.REGISTER_EXPORT,
        {C, H, A},
        lambda db, a, ids: sv.export_register(db, a, ids["tmp"] / "out.csv"),
    ),
    "period_summary": (
        Permission.REPORTS_VIEW,
        {C, H},
        lambda db, a, ids: sv.period_summary(db, a, "2026-03"),
    ),
    "summary_pdf": (
        Permission.REPORTS_VIEW,
        {C, H},
        lambda db, a, ids: sv.summary_pdf(db, a, "2026-03"),
    ),
    "make_backup": (
        Permission.BACKUP_MAKE,
        {C, H},
        lambda db, a, ids: sv.make_backup(db, a, ids["tmp"] / "backups"),
    ),
    "restore_preview": (
        Permission.BACKUP_RESTORE,
        {C, H, S},
        lambda db, a, ids: sv.restore_preview(
            db, a, ids.get("backup") or sv.make_backup(db, a, ids["tmp"] / "copies").path
        ),
    ),
    "restore_backup": (
        Permission.BACKUP_RESTORE,
        {C, H, S},
        lambda db, a, ids: sv.restore_backup(
            db,
            a,
            ids.get("backup") or sv.make_backup(db, a, ids["tmp"] / "copies").path,
            admin_url=superuser_url(db.url),
        ),
    ),
}

ALL: dict[str, tuple[set[str], Call]] = {
    **REFUSALS,
    **{name: (refused, call) for name, (_, refused, call) in PLAIN.items()},
}


# Plain functions that need no permission, and why.
OPEN_TO_ALL = {
    "first_run_setup": "refused once an admin exists (test_accounts)",
    "login": "how an actor is made",
    "needs_setup": "says only whether an admin exists",
    "automatic_backup": "the app's own daily copy, no actor",
    "list_backups": "file names and dates in the app's folder",
    "compensation_note": "words about figures the caller already has",
    "keep_summary_figures": "aggregates only, written for the summary",
    "open_database": "opens the data before anyone logs in (a login needs it)",
    "set_up_server": "the PostgreSQL superuser's login is the key, not an office's account",
    "needs_app_password": "asks the server, with the superuser's login, whether a role exists",
    "seals": "whether a backup into a folder is sealed: no data",
    "is_sealed": "reads a backup file's first bytes",
}


def exported_services() -> dict[str, Service]:
    return {
        name: obj
        for name, obj in vars(sv).items()
        if isinstance(obj, Service) and obj.permission is not None
    }


def _required(name: str) -> Permission:
    if name in PLAIN:
        return PLAIN[name][0]
    permission = getattr(sv, name).permission
    assert permission is not None
    return permission


def test_every_exported_service_has_a_refusal_entry():
    """A new service without an entry here fails: write its refusal test with it."""
    missing = sorted(set(exported_services()) - set(REFUSALS))
    assert missing == [], f"services without a permission test in REFUSALS: {missing}"
    unknown = sorted(set(REFUSALS) - set(exported_services()))
    assert unknown == [], f"REFUSALS names services core.services does not export: {unknown}"


def test_every_exported_plain_function_is_listed():
    """An entry point that is not a Service checks its permission itself: list it in PLAIN
    (or say in OPEN_TO_ALL why it needs none)."""
    plain = {
        name
        for name, obj in vars(sv).items()
        if inspect.isfunction(obj) and not name.startswith("_")
    }
    assert sorted(plain - set(PLAIN) - set(OPEN_TO_ALL)) == []
    assert sorted((set(PLAIN) | set(OPEN_TO_ALL)) - plain) == []


@pytest.mark.parametrize("name", sorted(ALL))
def test_refused_roles_match_the_permission_table(name):
    refused, _ = ALL[name]
    permission = _required(name)
    expected = {r for r in ROLES if not allows(Role(r), permission)}
    assert refused == expected, f"{name} needs {permission.value}: table refuses {expected}"


class Office(dict):
    """The cases and records the calls need, each made the first time a call asks for it
    (every service call costs a disk sync: a test makes only what its call uses)."""

    def __init__(self, db, staff, clock, tmp) -> None:
        super().__init__(staff=staff, clock=clock, tmp=tmp)
        self.db, self.staff = db, staff
        self.update(handler_id=staff.handler.user_id, clerk_id=staff.clerk.user_id)

    def __missing__(self, key: str) -> Any:
        self[key] = getattr(self, f"_{key}")()
        return self[key]

    def _new(self) -> int:
        return sv.receive_complaint(self.db, self.staff.clerk, intake()).id

    def _received(self) -> int:
        ref = sv.receive_complaint(self.db, self.staff.clerk, intake())
        self.update(received_no=ref.case_no, received_version=ref.version)
        return ref.id

    def _received_no(self) -> str:
        self["received"]
        return self["received_no"]

    def _received_version(self) -> int:
        self["received"]
        return self["received_version"]

    def _acknowledged(self) -> int:
        case_id = self._new()
        sv.acknowledge(self.db, self.staff.clerk, case_id)
        return case_id

    def _progress(self) -> int:
        case_id = self._acknowledged()
        sv.record_action(self.db, self.staff.handler, case_id, "investigation", "확인")
        return case_id

    def _pending(self) -> int:
        return sv.offer_compensation(
            self.db, self.staff.handler, self["progress"], kind="refund", amount=1_000_000
        )

    def _offered(self) -> int:
        return sv.offer_compensation(self.db, self.staff.handler, self["progress"], kind="apology")

    def _resolved(self) -> int:
        case_id = self._acknowledged()
        sv.record_action(self.db, self.staff.handler, case_id, "fix", "수리")
        sv.resolve(self.db, self.staff.handler, case_id, result="완료", told_channel="phone")
        return case_id

    def _closable(self) -> int:
        case_id = self._resolved()
        sv.record_follow_up(
            self.db, self.staff.clerk, case_id, channel="phone", outcome="확인", satisfaction=4
        )
        return case_id

    def _waiting(self) -> int:
        case_id = self._progress()
        sv.wait_for_customer(
            self.db,
            self.staff.handler,
            case_id,
            reason="서류 대기",
            waiting_until=self.db.clock() + timedelta(days=3),
        )
        return case_id

    def _low_score(self) -> int:
        case_id = self._resolved()
        sv.record_follow_up(
            self.db, self.staff.clerk, case_id, channel="phone", outcome="불만", satisfaction=1
        )
        return case_id

    def _improvement(self) -> int:
        return sv.open_improvement(
            self.db,
            self.staff.handler,
            title="소음 안내",
            root_cause="안내 부족",
            preventive_action="게시",
        )

    def _register(self) -> Path:
        self["received"]
        path = self["tmp"] / "register.csv"
        sv.export_register(self.db, self.staff.supervisor, path)
        return path

    def make_all(self) -> Office:
        for key in ("received", "acknowledged", "pending", "offered", "resolved", "closable"):
            self[key]
        self["waiting"], self["low_score"]
        self["improvement"], self["register"]
        return self


@pytest.fixture
def cases(db, staff, clock, tmp_path) -> Office:
    return Office(db, staff, clock, tmp_path)


@pytest.fixture
def placeholders(tmp_path):
    """Ids that name nothing: a refusal must come before any lookup (it reveals nothing)."""
    ids: dict[str, Any] = dict.fromkeys(
        (
            "received",
            "received_version",
            "acknowledged",
            "progress",
            "pending",
            "offered",
            "resolved",
            "closable",
            "waiting",
            "low_score",
            "improvement",
            "handler_id",
            "clerk_id",
        ),
        999_999,
    )
    ids.update(
        received_no="GN-2026-999999",
        register=tmp_path / "absent.csv",
        backup=tmp_path / "absent.sqlite3",
        tmp=tmp_path,
        placeholder=True,
    )
    return ids


@pytest.mark.parametrize("name", sorted(name for name, (refused, _) in ALL.items() if refused))
def test_roles_without_permission_are_refused(db, staff, placeholders, name):
    """One test per service: each role the table refuses calls it and is turned away."""
    refused, call = ALL[name]
    for role in sorted(refused):
        with pytest.raises(PermissionDenied) as err:
            call(db, staff.of(role), placeholders)
        assert err.value.facts == {"permission": _required(name).value, "role": role}


@pytest.mark.parametrize("name", sorted(ALL))
def test_some_role_is_allowed(db, staff, cases, name):
    """The refusals above are not an accident of broken services: someone may do each."""
    refused, call = ALL[name]
    allowed = [r for r in ("supervisor", "handler", "clerk", "admin") if r not in refused]
    call(db, staff.of(allowed[0]), cases)


def test_a_refused_call_changes_nothing(db, staff, cases):
    """Refused on real cases, not only on ids that name nothing: the trail does not grow."""
    ids = dict(cases.make_all(), placeholder=True, backup=cases["tmp"] / "absent.sqlite3")
    before = sv.verify_audit_chain(db, staff.supervisor)
    for _name, (refused, call) in sorted(ALL.items()):
        for role in sorted(refused):
            with pytest.raises(PermissionDenied):
                call(db, staff.of(role), ids)
    after = sv.verify_audit_chain(db, staff.supervisor)
    assert after.ok and after.checked == before.checked


def test_within_checks_the_permission_too(db, staff, cases):
    """Code holding a transaction (the importer, the demo) cannot skip the check."""
    with db.unit_of_work() as uow:
        from core.services.base import Tx

        tx = Tx(uow.session, staff.clerk, db.clock())
        with pytest.raises(PermissionDenied):
            sv.approve_compensation.within(tx, cases["pending"])


def test_clerk_cannot_approve_even_through_the_service(db, staff, cases):
    with pytest.raises(PermissionDenied) as err:
        sv.approve_compensation(db, staff.clerk, cases["pending"])
    assert err.value.facts == {"permission": "compensation.approve", "role": "clerk"}


def test_only_a_supervisor_reopens_a_closed_case(db, staff, cases):
    sv.close(db, staff.handler, cases["closable"])
    with pytest.raises(PermissionDenied) as err:
        sv.reopen(db, staff.handler, cases["closable"], reason="재확인")
    assert err.value.facts["permission"] == Permission.CASE_REOPEN_CLOSED.value
    sv.reopen(db, staff.supervisor, cases["closable"], reason="재확인")


def test_table_covers_every_permission_and_system_role_holds_all():
    assert set(TABLE) == set(Permission)
    assert all(allows(Role.SYSTEM, p) for p in Permission)
    assert not allows(Role.ADMIN, Permission.CASE_HANDLE)
    # Approving is the one thing an admin does on a case: another's approval of a
    # supervisor's own proposal, in an office with one supervisor.
    assert allows(Role.ADMIN, Permission.COMPENSATION_APPROVE)


def test_every_permission_is_needed_by_something():
    """A permission no service asks for is a check nobody makes."""
    used = {s.permission for s in exported_services().values()}
    used |= {p for p, _, _ in PLAIN.values()}
    used |= {Permission.CUSTOMER_PII, Permission.CASE_REOPEN_CLOSED}  # checked inside services
    assert set(Permission) - used == set()
