"""재방문 / 회신: the follow-up after resolution, with the satisfaction survey, and the
win-back a low score calls for (seed 004 #10)."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.db.models import Action, Case, FollowUp
from core.errors import IllegalTransition
from core.procedure.enums import ActionKind, Channel, FollowUpStatus
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
    low = satisfaction is not None and satisfaction <= tx.settings.winback_score
    if low:
        # 만족도 낮음: the case waits in a supervisor's queue until the customer is won back.
        case.winback_due = tx.now
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
            **({"winback_due": tx.now} if low else {}),
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


# How far ahead a second follow-up may be set (a later date is a typo, not a plan).
FOLLOW_UP_HORIZON = timedelta(days=366)


def _pending_win_back(case: Case, step: str) -> None:
    """Both win-back steps answer a low score: without one pending there is nothing to do."""
    if case.winback_due is None:
        raise IllegalTransition(step=step, case_no=case.case_no, reason="no_winback_due")


def _clear_win_back(tx: Tx, case: Case, **facts: object) -> None:
    tx.audit(
        "case.win_back",
        "case",
        case.id,
        case_id=case.id,
        changes={"winback_due": [case.winback_due, None], **facts},
    )
    case.winback_due = None


@service(Permission.FOLLOW_UP_WAIVE)
def record_win_back(tx: Tx, case_id: int, *, note: str, expected_version: int | None = None) -> int:
    """만족도 낮음: a supervisor records what was done to win the customer back (a call, an
    apology, a gesture); the case leaves the queue and may be closed."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "record_win_back")
    c = Checker()
    text = c.text("note", note, required=True, max_len=MAX_LEN["step.note"])
    c.done()
    _pending_win_back(case, "record_win_back")
    # On the timeline with the other handling notes.
    action = Action(
        case_id=case.id,
        kind=ActionKind.NOTE.value,
        note=text,
        at=tx.now,
        by_id=tx.actor.user_id,
        by_name=tx.actor.display_name,
    )
    tx.session.add(action)
    tx.session.flush()
    _clear_win_back(tx, case, note=text, action_id=action.id)
    touch(tx, case)
    return case.version


@service(Permission.FOLLOW_UP_WAIVE)
def schedule_follow_up(
    tx: Tx,
    case_id: int,
    *,
    due_at: datetime | None,
    note: str | None = None,
    expected_version: int | None = None,
) -> int:
    """만족도 낮음: a second follow-up after more is done; its score is recorded as the first
    one was, and a low one puts the case back in the queue."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "schedule_follow_up")
    c = Checker()
    text = c.text("note", note, max_len=MAX_LEN["step.note"]) or None
    due = c.ahead("due_at", due_at, now=tx.now, within=FOLLOW_UP_HORIZON, required=True)
    c.done()
    assert due is not None
    _pending_win_back(case, "schedule_follow_up")
    follow_up = FollowUp(case_id=case.id, due_at=due, status=FollowUpStatus.DUE.value)
    tx.session.add(follow_up)
    tx.session.flush()
    case.followup_due = due
    _clear_win_back(tx, case, follow_up_id=follow_up.id, due_at=due, note=text)
    touch(tx, case)
    return case.version
