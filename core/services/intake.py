"""접수: receiving a complaint, and correcting or classifying it afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.db.models import Case, CaseLink, CaseTag, Customer, StatusChange
from core.errors import NotFound
from core.procedure import deadlines, numbering
from core.procedure.enums import Channel, CustomerMotive, CustomerStyle, Nature, Severity, Status
from core.procedure.permissions import Permission
from core.procedure.validation import Checker, clean_text, phone_digits
from core.services.base import Tx, service
from core.services.common import active_user, category_by_code, get_row, load_case, touch
from core.store import counters


@dataclass(frozen=True)
class CustomerInput:
    name: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    preferred_channel: str | None = None
    consent: bool = False
    consent_purpose: str = "고객불만 처리 및 결과 회신"


@dataclass(frozen=True)
class IntakeInput:
    """Everything the counter captures (DOMAIN.md step 1). Strings as typed; cleaned here."""

    customer: CustomerInput
    channel: str
    subject: str
    description: str
    category_code: str | None = None
    request: str | None = None
    expectation: str | None = None
    bottom_line: str | None = None
    incident_at: datetime | None = None
    incident_place: str | None = None
    staff_involved: str | None = None
    nature: str = Nature.UNCLASSIFIED.value
    severity: str = Severity.NORMAL.value
    style_hint: str = CustomerStyle.UNKNOWN.value
    motive_hint: str = CustomerMotive.UNKNOWN.value
    tags: tuple[str, ...] = ()
    related_case_ids: tuple[int, ...] = ()
    assignee_id: int | None = None
    # A repeat complainant picked from the lookup: their record is reused (and updated).
    existing_customer_id: int | None = None
    # Set when the complaint came in earlier than it is typed (a phone call logged later,
    # an imported register); defaults to now.
    received_at: datetime | None = None
    external_ref: str | None = None
    # An imported register's own case number in this office's form (PREFIX-YYYY-NNNNNN): it
    # is kept, and the year's counter moves past it, instead of a new number being taken.
    case_no: str | None = None


@dataclass(frozen=True)
class CaseRef:
    id: int
    case_no: str
    version: int
    status: Status
    received_at: datetime
    ack_due: datetime
    resolve_due: datetime


def _check_customer(c: Checker, data: CustomerInput) -> dict[str, object]:
    name = c.text("customer.name", data.name, required=True, max_len=100)
    phone = c.phone("customer.phone", data.phone)
    email = c.email("customer.email", data.email)
    address = c.text("customer.address", data.address, max_len=500) or None
    channel = c.choice(
        "customer.preferred_channel", data.preferred_channel, Channel, required=False
    )
    if (phone or email or address) and not data.consent:
        # PIPA: contact details are kept only with the customer's consent.
        c.fail("customer.consent", "required")
    return {
        "name": name,
        "phone": phone,
        "email": email,
        "address": address,
        "preferred_channel": channel.value if channel else None,
    }


def _apply_customer(tx: Tx, data: CustomerInput, fields: dict[str, object], existing: int | None):
    customer = get_row(tx, Customer, existing) if existing is not None else None
    if existing is not None and customer is None:
        raise NotFound(entity="customer", id=existing)
    created = customer is None
    if customer is None:
        customer = Customer(created_at=tx.now)
        tx.session.add(customer)
    for key, value in fields.items():
        if value is not None or created:
            setattr(customer, key, value)
    customer.phone_digits = phone_digits(customer.phone) or None
    customer.email_norm = customer.email.lower() if customer.email else None
    if data.consent and (created or customer.consent_at is None):
        customer.consent_at = tx.now
        customer.consent_purpose = clean_text(data.consent_purpose)[:500]
    tx.session.flush()
    tx.audit(
        "customer.create" if created else "customer.update",
        "customer",
        customer.id,
        # Personal data stays out of the audit trail's text: it names fields, not values.
        changes={"fields": sorted(k for k, v in fields.items() if v is not None)},
    )
    return customer


def check_fields(c: Checker, data: IntakeInput, now: datetime) -> dict[str, Any]:
    """Every check of an intake that needs no database, problems collected in ``c``.

    Shared by the counter's intake and the register import's bulk path.
    """
    received_at = c.moment("received_at", data.received_at, now=now) or now
    return {
        "customer": _check_customer(c, data.customer),
        "channel": c.choice("channel", data.channel, Channel),
        "subject": c.text("subject", data.subject, required=True, max_len=200),
        "description": c.text("description", data.description, required=True, max_len=20000),
        "request": c.text("request", data.request) or None,
        "expectation": c.text("expectation", data.expectation) or None,
        "bottom_line": c.text("bottom_line", data.bottom_line) or None,
        "place": c.text("incident_place", data.incident_place, max_len=200) or None,
        "staff": c.text("staff_involved", data.staff_involved, max_len=200) or None,
        "nature": c.choice("nature", data.nature, Nature),
        "severity": c.choice("severity", data.severity, Severity),
        "style": c.choice("style_hint", data.style_hint, CustomerStyle),
        "motive": c.choice("motive_hint", data.motive_hint, CustomerMotive),
        "received_at": received_at,
        "incident_at": c.moment("incident_at", data.incident_at, now=now, not_after=received_at),
        "external_ref": c.text("external_ref", data.external_ref, max_len=100) or None,
    }


@service(Permission.CASE_RECEIVE)
def receive_complaint(tx: Tx, data: IntakeInput) -> CaseRef:
    """Register a complaint; returns its new case number and deadlines.

    Validates everything first and raises ``ValidationFailed`` with every problem at once,
    so nothing is half-saved and the window can mark each field.
    """
    c = Checker()
    f = check_fields(c, data, tx.now)
    customer_fields = f["customer"]
    channel, subject, description = f["channel"], f["subject"], f["description"]
    request, expectation, bottom_line = f["request"], f["expectation"], f["bottom_line"]
    place, staff, nature, severity = f["place"], f["staff"], f["nature"], f["severity"]
    style, motive, received_at = f["style"], f["motive"], f["received_at"]
    incident_at, external_ref = f["incident_at"], f["external_ref"]
    category = None
    if data.category_code:
        category = category_by_code(tx, data.category_code)
        if category is None or not category.active:
            c.fail("category", "unknown_value", value=data.category_code)
    if external_ref and tx.session.scalar(select(Case.id).where(Case.external_ref == external_ref)):
        c.fail("external_ref", "duplicate")
    tags = sorted({clean_text(t)[:50] for t in data.tags if clean_text(t)})
    s = tx.settings
    own = numbering.parse_case_no(s.case_prefix, data.case_no) if data.case_no else None
    if data.case_no and own is None:
        c.fail("case_no", "bad_case_no")
    elif own and tx.session.scalar(
        select(Case.id).where(Case.seq_year == own[0], Case.seq_no == own[1])
    ):
        c.fail("case_no", "duplicate")
    c.done()
    if data.assignee_id is not None:
        active_user(tx, data.assignee_id)

    customer = _apply_customer(tx, data.customer, customer_fields, data.existing_customer_id)
    returning = data.existing_customer_id is not None and (
        tx.session.scalar(select(Case.id).where(Case.customer_id == customer.id).limit(1))
        is not None
    )
    if own is not None:
        year, no = own
        counters.move_past(tx.session, year, no)
    else:
        year = s.calendar().local_date(received_at).year
        no = counters.allocate(tx.session, year)
    assert channel and nature and severity and style and motive
    case = Case(
        case_no=numbering.format_case_no(s.case_prefix, year, no),
        seq_year=year,
        seq_no=no,
        customer_id=customer.id,
        channel=channel.value,
        received_at=received_at,
        received_by_id=tx.actor.user_id,
        received_by_name=tx.actor.display_name,
        incident_at=incident_at,
        incident_place=place,
        staff_involved=staff,
        subject=subject,
        description=description,
        request=request,
        expectation=expectation,
        bottom_line=bottom_line,
        category_id=category.id if category else None,
        nature=nature.value,
        severity=severity.value,
        status=Status.RECEIVED.value,
        assignee_id=data.assignee_id,
        style_hint=style.value,
        motive_hint=motive.value,
        external_ref=external_ref,
        repeat_customer=returning,
        updated_at=tx.now,
        ack_due=deadlines.ack_due(s, received_at),
        resolve_due=deadlines.resolve_due(s, received_at, severity),
        progress_due=deadlines.progress_due(s, received_at),
    )
    tx.session.add(case)
    tx.session.flush()
    for tag in tags:
        tx.session.add(CaseTag(case_id=case.id, tag=tag))
    for related in dict.fromkeys(data.related_case_ids):
        if related != case.id and get_row(tx, Case, related) is not None:
            tx.session.add(CaseLink(case_id=case.id, related_id=related))
    tx.session.add(
        StatusChange(
            case_id=case.id,
            from_status=None,
            to_status=Status.RECEIVED.value,
            at=received_at,
            by_id=tx.actor.user_id,
            by_name=tx.actor.display_name,
        )
    )
    tx.audit(
        "case.receive",
        "case",
        case.id,
        case_id=case.id,
        changes={
            "case_no": case.case_no,
            "channel": case.channel,
            "category": category.code if category else None,
            "nature": case.nature,
            "severity": case.severity,
            "received_at": received_at,
        },
    )
    tx.session.flush()
    return CaseRef(
        case.id,
        case.case_no,
        case.version,
        Status.RECEIVED,
        received_at,
        case.ack_due,
        case.resolve_due,
    )


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
    """Correct or classify a case; returns the new version. Raises EditConflict if stale."""
    case = load_case(tx, case_id, expected_version)
    c = Checker()
    changes: dict[str, list[object]] = {}
    for name in _TEXTS:
        value = getattr(edit, name)
        if value is None:
            continue
        required = name in ("subject", "description")
        text = c.text(
            name, value, required=required, max_len=20000 if name == "description" else 4000
        )
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
        wanted = {clean_text(t)[:50] for t in edit.tags if clean_text(t)}
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
    case = load_case(tx, case_id, expected_version)
    if assignee_id is not None:
        active_user(tx, assignee_id)
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
