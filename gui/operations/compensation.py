"""보상: an offer on a case (one option or several, each with its amount), a supervisor's
decision on an offer above the threshold, the customer's answer, and the delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core import services as sv
from gui.desk.operations import Desk, Done, Failed


def offer_compensation(
    desk: Desk,
    *,
    case_id: int,
    kind: str | None,
    amount: int,
    options_offered: Sequence[str | tuple[str, int | None]],
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """The options given to the customer, each a kind with its amount; ``kind`` and
    ``amount`` are the proposal itself (the first option when None)."""
    desk.run(
        sv.offer_compensation,
        case_id,
        kind=kind,
        amount=amount,
        options_offered=tuple(options_offered),
        note=note,
        on_done=on_done,
        on_error=on_error,
    )


def approve_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    note: str | None,
    override_reason: str | None = None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Approve an offer; only the offer's case is told to refresh. ``override_reason``: a
    sole supervisor deciding on their own proposal says why (it is recorded)."""
    desk.run(
        sv.approve_compensation,
        compensation_id,
        note=note,
        override_reason=override_reason,
        on_done=on_done,
        on_error=on_error,
    )


def reject_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    note: str,
    override_reason: str | None = None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Refuse an offer; the reason is required (the service says so when it is missing)."""
    desk.run(
        sv.reject_compensation,
        compensation_id,
        note=note,
        override_reason=override_reason,
        on_done=on_done,
        on_error=on_error,
    )


def record_compensation_choice(
    desk: Desk,
    *,
    compensation_id: int,
    kind: str,
    amount: int | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """The customer took one of the options offered."""
    desk.run(
        sv.record_compensation_choice,
        compensation_id,
        kind=kind,
        amount=amount,
        on_done=on_done,
        on_error=on_error,
    )


def decline_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    reason: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """The customer turned the offer down; the reason is required."""
    desk.run(
        sv.decline_compensation, compensation_id, reason=reason, on_done=on_done, on_error=on_error
    )


def deliver_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    note: str | None,
    delivered_at: datetime | None,
    ref: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """What the customer chose was given: what, when, and a reference."""
    desk.run(
        sv.deliver_compensation,
        compensation_id,
        note=note,
        delivered_at=delivered_at,
        ref=ref,
        on_done=on_done,
        on_error=on_error,
    )
