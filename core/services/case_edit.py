"""Correcting or classifying a case after the counter, and giving it to a handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from core.db.models import Case, CaseLink, CaseTag
from core.procedure import deadlines
from core.procedure.enums import Channel, CustomerMotive, CustomerStyle, Nature, Severity
from core.procedure.permissions import Permission
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import (
    assignable_user,
    category_by_code,
    get_row,
    load_case,
    require_step,
    touch,
)
from core.services.intake import _case_text, _tags


@dataclass(frozen=True)
class CaseEdit:
    """Changes to a case's intake and classification; ``None`` leaves a field as it is."""

    subject: str | None = None
    description: str | None = None
    request: str | None = None
    expectation: str | None = None
    bottom_line: str | None = None
    incident_at: datetime | None = None
    incident_place: str | None = None
    staff_involved: str | None = None
    channel: str | None = None
    category_code: str | None = None
    nature: str | None = None
    severity: str | None = None
    style_hint: str | None = None
    motive_hint: str | None = None
    tags: tuple[str, ...] | None = None
    extra_related_ids: tuple[int, ...] = field(default_factory=tuple)


_TEXTS = (
    "subject",
    "description",
    "request",
    "expectation",
    "bottom_line",
    "incident_place",
    "staff_involved",
)
_CHOICES = {
    "channel": Channel,
    "nature": Nature,
    "severity": Severity,
    "style_hint": CustomerStyle,
    "motive_hint": CustomerMotive,
}


@service(Permission.CASE_EDIT)
def update_case(tx: Tx, case_id: int, edit: CaseEdit, *, expected_version: int) -> int:
    """Correct or classify a case; returns the new version. Raises EditConflict if stale.

    The same limits as at the counter (a subject of 200 characters, ...): what the intake
    refuses, the edit refuses too. Not on a closed case: reopen it first.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "edit")
    c = Checker()
    changes: dict[str, list[object]] = {}
    for name in _TEXTS:
        value = getattr(edit, name)
        if value is None:
            continue
        text = _case_text(c, name, value, required=name in ("subject", "description"))
        if text != (getattr(case, name) or ""):
            changes[name] = [getattr(case, name), text or None]
    for name, enum in _CHOICES.items():
        value = getattr(edit, name)
        if value is None:
            continue
        chosen = c.choice(name, value, enum)
        if chosen is not None and chosen.value != getattr(case, name):
            changes[name] = [getattr(case, name), chosen.value]
    if edit.incident_at is not None:
        moment = c.moment("incident_at", edit.incident_at, now=tx.now, not_after=case.received_at)
        if moment is not None and moment != case.incident_at:
            changes["incident_at"] = [case.incident_at, moment]
    if edit.category_code is not None:
        category = category_by_code(tx, edit.category_code)
        if category is None or not category.active:
            c.fail("category", "unknown_value", value=edit.category_code)
        elif category.id != case.category_id:
            changes["category_id"] = [case.category_id, category.id]
    c.done()
    for name, (_before, after) in changes.items():
        setattr(case, name, after)
    if "severity" in changes:
        case.resolve_due = deadlines.resolve_due(
            tx.settings, case.received_at, Severity(case.severity)
        )
    if edit.tags is not None:
        wanted = _tags(edit.tags)
        current = {
            t.tag: t for t in tx.session.scalars(select(CaseTag).where(CaseTag.case_id == case.id))
        }
        for tag in set(current) - wanted:
            tx.session.delete(current[tag])
        for tag in wanted - set(current):
            tx.session.add(CaseTag(case_id=case.id, tag=tag))
        if wanted != set(current):
            changes["tags"] = [sorted(current), sorted(wanted)]
    for related in edit.extra_related_ids:
        if related != case.id and get_row(tx, Case, related) is not None:
            tx.session.merge(CaseLink(case_id=case.id, related_id=related))
            changes.setdefault("related", []).append(related)
    if changes:
        touch(tx, case)
        tx.audit("case.update", "case", case.id, case_id=case.id, changes=changes)
    return case.version


@service(Permission.CASE_ASSIGN)
def assign(
    tx: Tx, case_id: int, assignee_id: int | None, *, expected_version: int | None = None
) -> int:
    """Give the case to a handler or supervisor (``None``: to nobody). Not on a closed case."""
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "assign")
    if assignee_id is not None:
        assignable_user(tx, assignee_id)
    if case.assignee_id != assignee_id:
        tx.audit(
            "case.assign",
            "case",
            case.id,
            case_id=case.id,
            changes={"assignee_id": [case.assignee_id, assignee_id]},
        )
        case.assignee_id = assignee_id
        touch(tx, case)
    return case.version
