"""Which next steps the procedure allows in each status, and with which permission.

The one table: the windows offer only what ``allowed_steps`` lists, and every service that
changes a case checks the same table at the door (``core.services.common.require_step``),
so a step a window would not offer is refused whoever calls.
"""

from __future__ import annotations

from core.procedure.enums import Role, Status
from core.procedure.permissions import TABLE, Permission, allows

_OPEN = frozenset(Status) - {Status.CLOSED}
_BEING_HANDLED = frozenset(
    {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED}
)
_NOT_YET_RESOLVED = frozenset(
    {Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING}
)

# step -> (statuses it applies to, permission it needs)
STEPS: dict[str, tuple[frozenset[Status], Permission]] = {
    "edit": (_OPEN, Permission.CASE_EDIT),
    "assign": (_OPEN, Permission.CASE_ASSIGN),
    "acknowledge": (frozenset({Status.RECEIVED}), Permission.CASE_ACKNOWLEDGE),
    "start_handling": (frozenset({Status.ACKNOWLEDGED}), Permission.CASE_HANDLE),
    "record_action": (
        frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING}),
        Permission.CASE_HANDLE,
    ),
    # 고객 회신 대기: the resolve clock pauses until the customer answers or staff resume.
    "wait_for_customer": (
        frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS}),
        Permission.CASE_HANDLE,
    ),
    "resume": (frozenset({Status.WAITING}), Permission.CASE_HANDLE),
    "log_contact": (_OPEN, Permission.CONTACT_LOG),
    "offer_compensation": (_BEING_HANDLED, Permission.COMPENSATION_OFFER),
    # The customer accepted or declined an offer, or it was delivered (an offer must exist).
    "record_compensation_outcome": (_BEING_HANDLED, Permission.COMPENSATION_OFFER),
    "resolve": (frozenset({Status.IN_PROGRESS}), Permission.CASE_HANDLE),
    "record_follow_up": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_RECORD),
    "waive_follow_up": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_WAIVE),
    # 만족도 낮음: a supervisor records what was done to win the customer back, or schedules
    # a second follow-up (a low score must be pending).
    "record_win_back": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_WAIVE),
    "schedule_follow_up": (frozenset({Status.RESOLVED}), Permission.FOLLOW_UP_WAIVE),
    "close": (frozenset({Status.RESOLVED}), Permission.CASE_CLOSE),
    "close_invalid": (_NOT_YET_RESOLVED, Permission.CASE_INVALIDATE),
    "withdraw": (_NOT_YET_RESOLVED, Permission.CASE_INVALIDATE),
    "reopen": (frozenset({Status.RESOLVED}), Permission.CASE_REOPEN),
    # A paper intake taken while the PC was down: its real received time, with a reason.
    "backdate": (_OPEN, Permission.CASE_REOPEN_CLOSED),
    "reopen_closed": (frozenset({Status.CLOSED}), Permission.CASE_REOPEN_CLOSED),
    # Approving or refusing an offer above the threshold (one must be pending). In any
    # status: a case closed as invalid or withdrawn may leave an offer waiting.
    "approve_compensation": (frozenset(Status), Permission.COMPENSATION_APPROVE),
}

# Who may hold a case: whoever may handle one (handlers and supervisors). Clerks receive and
# admins administer; neither works a case through.
ASSIGNABLE_ROLES: frozenset[Role] = TABLE[Permission.CASE_HANDLE]


def step_applies(step: str, status: Status | str) -> bool:
    """True when the table offers ``step`` in ``status`` (whoever asks)."""
    statuses, _ = STEPS[step]
    return status in {s.value for s in statuses}


def allowed_steps(
    status: Status,
    role: Role,
    *,
    follow_up_due: bool,
    pending_approval: bool,
    open_offer: bool = False,
    winback_pending: bool = False,
) -> tuple[str, ...]:
    """The steps to offer a viewer: the table's, less what the state of the records rules
    out (no follow-up due, no offer awaiting approval or an outcome, no low score)."""
    steps = []
    for step, (statuses, permission) in STEPS.items():
        if status not in statuses or not allows(role, permission):
            continue
        if step in ("record_follow_up", "waive_follow_up") and not follow_up_due:
            continue
        if step == "approve_compensation" and not pending_approval:
            continue
        if step == "record_compensation_outcome" and not open_offer:
            continue
        if step in ("record_win_back", "schedule_follow_up") and not winback_pending:
            continue
        steps.append(step)
    return tuple(steps)
