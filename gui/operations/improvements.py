"""개선 조치: open or correct an improvement, move its status, link it to cases.

The cases an improvement cites are typed by their numbers; they are looked up on the database
thread with the save, and a number that names no case is a problem under that field, so the
dialog stays open with what was typed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from core import services as sv
from core.actor import Actor
from core.db.database import Database
from core.errors import FieldProblem, NotFound, ValidationFailed
from core.services.base import Outcome
from gui.desk.operations import Desk, Done, Failed


def case_numbers(text: str) -> list[str]:
    """The case numbers in what was typed: separated by commas, spaces or lines."""
    return list(dict.fromkeys(n.upper() for n in re.split(r"[\s,;]+", text or "") if n))


def _case_ids(db: Database, actor: Actor, numbers: list[str]) -> list[int]:
    ids, unknown = [], []
    for number in numbers:
        try:
            ids.append(sv.find_case_id(db, actor, number))
        except NotFound:
            unknown.append(number)
    if unknown:
        value = ", ".join(unknown)
        raise ValidationFailed([FieldProblem("cases", "unknown_case", {"value": value})])
    return ids


def save_improvement(
    desk: Desk,
    *,
    improvement_id: int | None,
    title: str,
    root_cause: str,
    preventive_action: str,
    kind: str,
    owner_id: int | None,
    due_date: date | None,
    notes: str,
    cases: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """개선 조치 등록 (``improvement_id`` None) or 수정; ``cases`` holds the case numbers it
    cites, all of them (an edit links the new ones and unlinks the ones left out).
    ``on_done`` gets the improvement's id."""
    numbers = case_numbers(cases)
    fields: dict[str, Any] = {
        "title": title,
        "root_cause": root_cause,
        "preventive_action": preventive_action,
        "kind": kind,
        "owner_id": owner_id,
        "due_date": due_date,
        "notes": notes,
    }

    def job(db: Database, actor: Actor) -> Outcome[int]:
        ids = _case_ids(db, actor, numbers)
        if improvement_id is None:
            return sv.open_improvement.run(db, actor, **fields, case_ids=ids)
        done = sv.update_improvement.run(db, actor, improvement_id, **fields, case_ids=ids)
        return Outcome(improvement_id, done.changed_cases)

    desk.submit(job, name="save_improvement", on_done=on_done, on_error=on_error)


def set_improvement_status(
    desk: Desk,
    *,
    improvement_id: int,
    status: str,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(sv.set_improvement_status, improvement_id, status, on_done=on_done, on_error=on_error)


def link_improvement(
    desk: Desk,
    *,
    improvement_id: int,
    case_id: int,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    """기존 조치에 연결: the case joins the cases behind an improvement."""
    desk.run(sv.link_improvement, improvement_id, case_id, on_done=on_done, on_error=on_error)


def unlink_improvement(
    desk: Desk,
    *,
    improvement_id: int,
    case_id: int,
    on_done: Done = None,
    on_error: Failed = None,
) -> None:
    desk.run(sv.unlink_improvement, improvement_id, case_id, on_done=on_done, on_error=on_error)
