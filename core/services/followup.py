"""재방문 / 회신: the follow-up after resolution, with the satisfaction survey."""

from __future__ import annotations

from core.db.models import FollowUp
from core.errors import IllegalTransition
from core.procedure.enums import Channel, FollowUpStatus
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import load_case, require_step, touch


def _due_follow_up(tx: Tx, case_id: int) -> FollowUp:
    follow_up = (
        tx.session.query(FollowUp)
        .filter_by(case_id=case_id, status=FollowUpStatus.DUE.value)
        .order_by(FollowUp.due_at)
        .first()
    )
    if follow_up is None:
        raise IllegalTransition(step="follow_up", reason="no_follow_up_due")
    return follow_up


@service(Permission.FOLLOW_UP_RECORD)
def record_follow_up(
    tx: Tx,
    case_id: int,
    *,
    channel: str,
    outcome: str,
    satisfaction: int | None,
    comment: str | None = None,
    expected_version: int | None = None,
) -> int:
    """The customer was contacted after resolution; satisfaction 1–5 (None: declined to say)."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "record_follow_up")
    c = Checker()
    ch = c.choice("channel", channel, Channel)
    text = c.text("outcome", outcome, required=True, max_len=MAX_LEN["follow_up.outcome"])
    note = c.text("comment", comment, max_len=MAX_LEN["follow_up.comment"]) or None
    if satisfaction is not None and (
        not isinstance(satisfaction, int)
        or isinstance(satisfaction, bool)
        or not 1 <= satisfaction <= 5
    ):
        c.fail("satisfaction", "out_of_range", min=1, max=5)
    c.done()
    assert ch is not None
    follow_up = _due_follow_up(tx, case.id)
    follow_up.status = FollowUpStatus.DONE.value
    follow_up.done_at = tx.now
    follow_up.by_id = tx.actor.user_id
    follow_up.by_name = tx.actor.display_name
    follow_up.channel = ch.value
    follow_up.outcome = text
    follow_up.satisfaction = satisfaction
    follow_up.comment = note
    case.followup_due = None
    case.satisfaction = satisfaction
    tx.audit(
        "follow_up.record",
        "follow_up",
        follow_up.id,
        case_id=case.id,
        changes={
            "channel": ch.value,
            "outcome": text,
            "satisfaction": satisfaction,
            "comment": note,
        },
    )
    touch(tx, case)
    return case.version


@service(Permission.FOLLOW_UP_WAIVE)
def waive_follow_up(
    tx: Tx, case_id: int, *, reason: str, expected_version: int | None = None
) -> int:
    """A supervisor decides no follow-up is possible or wanted, and says why."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "waive_follow_up")
    c = Checker()
    why = c.text("reason", reason, required=True, max_len=MAX_LEN["step.reason"])
    c.done()
    follow_up = _due_follow_up(tx, case.id)
    follow_up.status = FollowUpStatus.WAIVED.value
    follow_up.done_at = tx.now
    follow_up.by_id = tx.actor.user_id
    follow_up.by_name = tx.actor.display_name
    follow_up.waived_reason = why
    case.followup_due = None
    tx.audit("follow_up.waive", "follow_up", follow_up.id, case_id=case.id, changes={"reason": why})
    touch(tx, case)
    return case.version
