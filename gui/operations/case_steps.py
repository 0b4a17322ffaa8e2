"""The steps of a case's procedure, as a handler or a supervisor takes them.

``version`` is the case's version the user saw: a step on a case someone else changed
meanwhile fails with ``EditConflict`` instead of overwriting their change.
"""

from __future__ import annotations

from datetime import datetime

from core import services as sv
from gui.desk.operations import Desk, Done, Failed


def acknowledge(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    channel: str | None,
    note: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.acknowledge,
        case_id,
        channel=channel,
        note=note,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def start_handling(
    desk: Desk, *, case_id: int, version: int | None, on_done: Done = None, on_error: Failed = None
) -> None:
    desk.run(
        sv.start_handling, case_id, expected_version=version, on_done=on_done, on_error=on_error
    )


def record_action(
    desk: Desk,
    *,
    case_id: int,
    kind: str,
    note: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(sv.record_action, case_id, kind, note, on_done=on_done, on_error=on_error)


def log_contact(
    desk: Desk,
    *,
    case_id: int,
    direction: str,
    channel: str,
    purpose: str,
    summary: str,
    promised_next_at: datetime | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.log_contact,
        case_id,
        direction=direction,
        channel=channel,
        purpose=purpose,
        summary=summary,
        promised_next_at=promised_next_at,
        on_done=on_done,
        on_error=on_error,
    )


def resolve(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    result: str,
    told_channel: str,
    root_cause: str | None,
    customer_response: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.resolve,
        case_id,
        result=result,
        told_channel=told_channel,
        root_cause=root_cause,
        customer_response=customer_response,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def record_follow_up(
    desk: Desk,
    *,
    case_id: int,
    channel: str,
    outcome: str,
    satisfaction: int | None,
    comment: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.record_follow_up,
        case_id,
        channel=channel,
        outcome=outcome,
        satisfaction=satisfaction,
        comment=comment,
        on_done=on_done,
        on_error=on_error,
    )


def waive_follow_up(
    desk: Desk, *, case_id: int, reason: str, on_done: Done = None, on_error: Failed = None
) -> None:
    desk.run(sv.waive_follow_up, case_id, reason=reason, on_done=on_done, on_error=on_error)


def close(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.close, case_id, note=note, expected_version=version, on_done=on_done, on_error=on_error
    )


def close_invalid(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    reason: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.close_invalid,
        case_id,
        reason=reason,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def withdraw(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    reason: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.withdraw,
        case_id,
        reason=reason,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def reopen(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    reason: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.reopen,
        case_id,
        reason=reason,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def assign(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    assignee_id: int | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.assign,
        case_id,
        assignee_id,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def update_case(
    desk: Desk,
    *,
    case_id: int,
    version: int,
    edit: sv.CaseEdit,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.update_case,
        case_id,
        edit,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def backdate_received(
    desk: Desk,
    *,
    case_id: int,
    version: int,
    received_at: datetime,
    reason: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """A paper intake's real received time (supervisors); the deadlines follow it."""
    desk.run(
        sv.backdate_received,
        case_id,
        received_at,
        reason=reason,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def wait_for_customer(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    reason: str,
    waiting_until: datetime | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.wait_for_customer,
        case_id,
        reason=reason,
        waiting_until=waiting_until,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def resume(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.resume, case_id, note=note, expected_version=version, on_done=on_done, on_error=on_error
    )


def record_win_back(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    note: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.record_win_back,
        case_id,
        note=note,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )


def schedule_follow_up(
    desk: Desk,
    *,
    case_id: int,
    version: int | None,
    due_at: datetime | None,
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.schedule_follow_up,
        case_id,
        due_at=due_at,
        note=note,
        expected_version=version,
        on_done=on_done,
        on_error=on_error,
    )
