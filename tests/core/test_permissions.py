"""Every role is refused what it may not do, by the service itself, whatever a window shows."""

from __future__ import annotations

import pytest

from core import services as sv
from core.enums import Role
from core.errors import PermissionDenied
from core.permissions import TABLE, Permission, allows
from tests.conftest import intake

# (service call, the roles that must be refused)
REFUSALS = {
    "receive_complaint": ({"admin"}, lambda db, a, ids: sv.receive_complaint(db, a, intake())),
    "acknowledge": ({"admin"}, lambda db, a, ids: sv.acknowledge(db, a, ids["received"])),
    "record_action": (
        {"clerk", "admin"},
        lambda db, a, ids: sv.record_action(db, a, ids["progress"], "note", "메모"),
    ),
    "offer_compensation": (
        {"clerk", "admin"},
        lambda db, a, ids: sv.offer_compensation(db, a, ids["progress"], kind="apology"),
    ),
    "approve_compensation": (
        {"clerk", "handler", "admin"},
        lambda db, a, ids: sv.approve_compensation(db, a, ids["pending"]),
    ),
    "resolve": (
        {"clerk", "admin"},
        lambda db, a, ids: sv.resolve(db, a, ids["progress"], result="완료", told_channel="phone"),
    ),
    "waive_follow_up": (
        {"clerk", "handler", "admin"},
        lambda db, a, ids: sv.waive_follow_up(db, a, ids["resolved"], reason="연락 거부"),
    ),
    "close": ({"clerk", "admin"}, lambda db, a, ids: sv.close(db, a, ids["closable"])),
    "close_invalid": (
        {"clerk", "admin"},
        lambda db, a, ids: sv.close_invalid(db, a, ids["received"], reason="중복"),
    ),
    "create_user": (
        {"clerk", "handler", "supervisor"},
        lambda db, a, ids: sv.create_user(
            db, a, username="x", display_name="x", role="clerk", password="long-enough-1"
        ),
    ),
    "update_settings": (
        {"clerk", "handler", "supervisor"},
        lambda db, a, ids: sv.update_settings(db, a, approval_threshold=1),
    ),
    "verify_audit_chain": ({"clerk", "handler"}, lambda db, a, ids: sv.verify_audit_chain(db, a)),
    "open_improvement": (
        {"clerk", "admin"},
        lambda db, a, ids: sv.open_improvement(
            db, a, title="t", root_cause="r", preventive_action="p"
        ),
    ),
}


@pytest.fixture
def cases(db, staff):
    received = sv.receive_complaint(db, staff.clerk, intake()).id
    progress = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, progress)
    sv.record_action(db, staff.handler, progress, "investigation", "확인")
    pending = sv.offer_compensation(db, staff.handler, progress, kind="refund", amount=1_000_000)
    resolved = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, resolved)
    sv.record_action(db, staff.handler, resolved, "fix", "수리")
    sv.resolve(db, staff.handler, resolved, result="완료", told_channel="phone")
    closable = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, closable)
    sv.record_action(db, staff.handler, closable, "fix", "수리")
    sv.resolve(db, staff.handler, closable, result="완료", told_channel="phone")
    sv.record_follow_up(db, staff.clerk, closable, channel="phone", outcome="확인", satisfaction=4)
    return {
        "received": received,
        "progress": progress,
        "pending": pending,
        "resolved": resolved,
        "closable": closable,
    }


@pytest.mark.parametrize(
    ("name", "role"),
    [(name, role) for name, (refused, _) in sorted(REFUSALS.items()) for role in sorted(refused)],
)
def test_roles_without_permission_are_refused(db, staff, cases, name, role):
    _, call = REFUSALS[name]
    with pytest.raises(PermissionDenied):
        call(db, staff.of(role), cases)


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_some_role_is_allowed(db, staff, cases, name):
    """The refusals above are not an accident of broken services: someone may do each."""
    refused, call = REFUSALS[name]
    allowed = [r for r in ("supervisor", "handler", "clerk", "admin") if r not in refused]
    call(db, staff.of(allowed[0]), cases)


def test_clerk_cannot_approve_even_through_the_service(db, staff, cases):
    with pytest.raises(PermissionDenied) as err:
        sv.approve_compensation(db, staff.clerk, cases["pending"])
    assert err.value.facts == {"permission": "compensation.approve", "role": "clerk"}


def test_table_covers_every_permission_and_system_role_holds_all():
    assert set(TABLE) == set(Permission)
    assert all(allows(Role.SYSTEM, p) for p in Permission)
    assert not any(
        allows(Role.ADMIN, p) for p in (Permission.CASE_HANDLE, Permission.COMPENSATION_APPROVE)
    )
