"""보상: an offer on a case, and a supervisor's decision on an offer above the threshold."""

from __future__ import annotations

from core import services as sv
from gui.desk.operations import Desk, Done, Failed


def offer_compensation(
    desk: Desk,
    *,
    case_id: int,
    kind: str,
    amount: int,
    options_offered: tuple[str, ...],
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(
        sv.offer_compensation,
        case_id,
        kind=kind,
        amount=amount,
        options_offered=options_offered,
        note=note,
        on_done=on_done,
        on_error=on_error,
    )


def approve_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    note: str | None,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Approve an offer; only the offer's case is told to refresh."""
    desk.run(
        sv.approve_compensation, compensation_id, note=note, on_done=on_done, on_error=on_error
    )


def reject_compensation(
    desk: Desk,
    *,
    compensation_id: int,
    note: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """Refuse an offer; the reason is required (the service says so when it is missing)."""
    desk.run(sv.reject_compensation, compensation_id, note=note, on_done=on_done, on_error=on_error)
