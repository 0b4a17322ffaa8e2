"""Which next steps the procedure and the viewer's role allow, so windows offer only those."""

from __future__ import annotations

from core.procedure.enums import Role, Status
from core.procedure.permissions import Permission, allows

# step -> (statuses it applies to, permission it needs)
STEPS: dict[str, tuple[frozenset[Status], Permission]] = {
    "edit": (frozenset(Status) - {Status.CLOSED}, Permission.CASE_EDIT),
    "assign": (frozenset(Status) - {Status.CLOSED}, Permission.CASE_ASSIGN),
    "acknowledge": (frozenset({Status.RECEIVED}), Permission.CASE_ACKNOWLEDGE),
    "start_handling": (frozenset({Status.ACKNOWLEDGED}), Permission.CASE_HANDLE),
    "record_action": (frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS}), Permission.CASE_HANDLE),
    "log_contact": (frozenset(Status) - {Status.CLOSED}, Permission.CONTACT_LOG),
    "offer_compensation": (
        frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED}),
        Permission.COMPENSATION_OFFER,
    ),
    "resolve": (frozenset({Status.IN_PROGRESS}), Permission.CASE_HANDLE),
    "record_follow_up": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_RECORD),
    "waive_follow_up": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_WAIVE),
    "close": (frozenset({Status.RESOLVED}), Permission.CASE_CLOSE),
    "close_invalid": (
        frozenset({Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS}),
        Permission.CASE_INVALIDATE,
    ),
    "withdraw": (
        frozenset({Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS}),
        Permission.CASE_INVALIDATE,
    ),
    "reopen": (frozenset({Status.RESOLVED}), Permission.CASE_REOPEN),
    "reopen_closed": (frozenset({Status.CLOSED}), Permission.CASE_REOPEN_CLOSED),
    "approve_compensation": (frozenset(Status), Permission.COMPENSATION_APPROVE),
}


def allowed_steps(
    status: Status, role: Role, *, follow_up_due: bool, pending_approval: bool
) -> tuple[str, ...]:
    steps = []
    for step, (statuses, permission) in STEPS.items():
        if status not in statuses or not allows(role, permission):
            continue
        if step in ("record_follow_up", "waive_follow_up") and not follow_up_due:
            continue
        if step == "approve_compensation" and not pending_approval:
            continue
        steps.append(step)
    return tuple(steps)
