"""접수: a complaint received at the counter."""

from __future__ import annotations

from core import services as sv
from gui.desk.operations import Desk, Done, Failed


def receive_complaint(
    desk: Desk, *, intake: sv.IntakeInput, on_done: Done = None, on_error: Failed = None
) -> None:
    """Save the intake as a new case; ``on_done`` gets its ``CaseRef`` (number, deadlines)."""
    desk.run(sv.receive_complaint, intake, on_done=on_done, on_error=on_error)
