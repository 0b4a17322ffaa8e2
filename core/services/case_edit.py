"""Correcting or classifying a case after the counter, and giving it to a handler."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from core.db.models import Case, CaseLink, CaseTag, StatusChange
from core.procedure import deadlines
from core.procedure.enums import Channel, CustomerMotive, CustomerStyle, Nature, Severity
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.typed_moments import UnreadableMoment, read_moment
from core.procedure.validation import Checker, clean_text
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
    # 발생 일시 as typed ("어제 23시", "2026-12-01 14:30"), read in the office's time zone
    # when ``incident_at`` is not given; blank text clears it.
    incident_text: str | None = None
    incident_place: str | None = None
    staff_involved: str | None = None
    channel: str | None = None
    category_code: str | None = None
    nature: str | None = None
    severity: str | None = None
    style_hint: str | None = None
    motive_hint: str | None = None
    tags: tuple[str, ...] | None = None
    external_ref: str | None = None
    extra_related_ids: tuple[int, ...] = field(default_factory=tuple)


_TEXTS = (
    "subject",
    "description",
    "request",
    "expectation",
    "bottom_line",
    "incident_place",
    "staff_involved",
    "external_ref",
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
    if "external_ref" in changes and changes["external_ref"][1] is not None:
        taken = select(Case.id).where(
            Case.external_ref == changes["external_ref"][1], Case.id != case.id
        )
        if tx.session.scalar(taken) is not None:
            c.fail("external_ref", "duplicate")
    incident_at = edit.incident_at
    if incident_at is None and edit.incident_text is not None:
        typed = clean_text(edit.incident_text)
        try:
            incident_at = read_moment(typed, tx.now.astimezone(tx.settings.calendar().tz))
        except UnreadableMoment:
            c.fail("incident_at", "bad_moment")
        if not typed and case.incident_at is not None:
            changes["incident_at"] = [case.incident_at, None]
    if incident_at is not None:
        moment = c.moment("incident_at", incident_at, now=tx.now, not_after=case.received_at)
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
        before_severity = Severity(str(changes["severity"][0]))
        case.resolve_due = _keeping_pause(
            tx,
            deadlines.resolve_due(tx.settings, case.received_at, before_severity),
            case.resolve_due,
            deadlines.resolve_due(tx.settings, case.received_at, Severity(case.severity)),
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


# How far back a paper intake may be set: the days a counter PC may be down, not a way to
# rewrite a case's history.
BACKDATE_MAX_DAYS = 31


@service(Permission.CASE_REOPEN_CLOSED)
def backdate_received(
    tx: Tx, case_id: int, received_at: datetime, *, reason: str, expected_version: int
) -> int:
    """A paper intake taken while the PC was down: set its real received time (earlier than
    the time it was typed in); returns the new version.

    The case number stays. The deadlines counted from receipt are counted again from the
    real time, the acknowledgement under the rule this case was given; the first line of
    its history moves with it. Supervisors only, with a reason, audited before and after.
    """
    case = load_case(tx, case_id, expected_version)
    require_step(tx, case, "backdate")
    c = Checker()
    why = c.text("reason", reason, required=True, max_len=MAX_LEN["step.reason"])
    moment = c.moment("received_at", received_at, now=tx.now)
    cal = tx.settings.calendar()
    if moment is not None:
        if moment >= case.received_at:
            c.fail("received_at", "not_earlier")
        elif moment < case.received_at - timedelta(days=BACKDATE_MAX_DAYS):
            c.fail("received_at", "too_far")
        elif case.incident_at is not None and moment < case.incident_at:
            c.fail("received_at", "before_incident")
        elif cal.local_date(moment).year != case.seq_year:
            # The case number carries the year it was received in, and it stays.
            c.fail("received_at", "other_year", year=case.seq_year)
    c.done()
    assert moment is not None
    s, old = tx.settings, case.received_at
    before = {
        "received_at": old,
        "ack_due": case.ack_due,
        "resolve_due": case.resolve_due,
        "progress_due": case.progress_due,
        "backdate_reason": case.backdate_reason,
    }
    severity = Severity(case.severity)
    case.received_at = moment
    case.backdate_reason = why
    case.ack_due = deadlines.ack_due(s, moment, case.ack_rule)
    case.resolve_due = _keeping_pause(
        tx,
        deadlines.resolve_due(s, old, severity),
        case.resolve_due,
        deadlines.resolve_due(s, moment, severity),
    )
    # The progress clock runs from receipt until the first call to the customer restarts it.
    if case.progress_due is not None and case.progress_due == deadlines.progress_due(s, old):
        case.progress_due = deadlines.progress_due(s, moment)
    if case.resolved_at is not None:
        case.resolution_business_hours = cal.business_hours_between(moment, case.resolved_at)
    first = tx.session.scalars(
        select(StatusChange)
        .where(StatusChange.case_id == case.id, StatusChange.from_status.is_(None))
        .order_by(StatusChange.at, StatusChange.id)
        .limit(1)
    ).first()
    if first is not None:
        first.at = moment
    after = {
        "received_at": case.received_at,
        "ack_due": case.ack_due,
        "resolve_due": case.resolve_due,
        "progress_due": case.progress_due,
        "backdate_reason": why,
    }
    touch(tx, case)
    tx.audit(
        "case.backdate",
        "case",
        case.id,
        case_id=case.id,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
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


def _keeping_pause(tx: Tx, was: datetime, current: datetime, becomes: datetime) -> datetime:
    """The new resolve deadline when its start or length changes: the office hours a wait for
    the customer already added to it (``current`` past ``was``) are added again."""
    cal = tx.settings.calendar()
    paused = cal.business_hours_between(was, current) if current > was else 0.0
    return cal.add_business_hours(becomes, paused) if paused > 0 else becomes
