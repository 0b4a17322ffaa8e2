"""접수: receiving a complaint, and correcting or classifying it afterwards."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from core.db.models import Case, CaseLink, CaseTag, Customer, StatusChange
from core.errors import NotFound
from core.procedure import deadlines, numbering
from core.procedure.enums import Channel, CustomerMotive, CustomerStyle, Nature, Severity, Status
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.typed_moments import UnreadableMoment, read_moment
from core.procedure.validation import Checker, clean_text, phone_digits, phone_last4
from core.services.base import Tx, service
from core.services.common import assignable_user, category_by_code, get_row
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
    # Without ``existing_customer_id``, a customer whose phone number is already on record
    # is that customer (retyping a number never makes a second one); ``separate_customer``
    # is the clerk saying this is someone else on the same number (a family's phone).
    separate_customer: bool = False
    # 발생 일시 as typed at the counter ("어제 23시", "1201 2300"; core.procedure.typed_moments),
    # read in the office's time zone; used when ``incident_at`` is not given.
    incident_text: str | None = None
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
    customer_id: int = 0
    # The customer had complained before (the monthly figure of 재접수 고객).
    repeat_customer: bool = False
    # How many customers had this phone number when the case was linked to one of them by
    # it (the most recent when more than one); 0 when it was not linked by the number.
    linked_by_phone: int = 0
    # The kinds of identifying number masked in what was typed (core.procedure.identifiers).
    masked: tuple[str, ...] = ()


def _check_customer(c: Checker, data: CustomerInput) -> dict[str, object]:
    name = c.text("customer.name", data.name, required=True, max_len=MAX_LEN["customer.name"])
    phone = c.phone("customer.phone", data.phone)
    email = c.email("customer.email", data.email, max_len=MAX_LEN["customer.email"])
    address = c.text("customer.address", data.address, max_len=MAX_LEN["customer.address"])
    channel = c.choice(
        "customer.preferred_channel", data.preferred_channel, Channel, required=False
    )
    typed = any(clean_text(v) for v in (data.phone, data.email, data.address))
    if typed and not data.consent:
        # Asked of what was typed, not of what passed its check, so a mistyped number and
        # the missing consent are said in the same round.
        # PIPA: contact details are kept only with the customer's consent.
        c.fail("customer.consent", "required")
    return {
        "name": name,
        "phone": phone,
        "email": email,
        "address": address or None,
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
    changed = []
    for key, value in fields.items():
        if created or (value is not None and value != getattr(customer, key)):
            setattr(customer, key, value)
            changed.append(key)
    customer.phone_digits = phone_digits(customer.phone) or None
    customer.phone_last4 = phone_last4(customer.phone_digits)
    customer.email_norm = customer.email.lower() if customer.email else None
    if data.consent and (created or customer.consent_at is None):
        customer.consent_at = tx.now
        purpose = clean_text(data.consent_purpose)  # the office's words, not the customer's
        customer.consent_purpose = purpose[: MAX_LEN["customer.consent_purpose"]]
        changed.append("consent")
    tx.session.flush()
    if created or changed:
        # A repeat customer retyped as on record changes nothing: no event, and none of
        # their other cases is read again (an update re-indexes them all, for the name).
        tx.audit(
            "customer.create" if created else "customer.update",
            "customer",
            customer.id,
            # Personal data stays out of the audit trail's text: it names fields, not values.
            changes={
                "fields": sorted(k for k, v in fields.items() if v is not None)
                if created
                else sorted(changed)
            },
        )
    return customer


def _case_text(c: Checker, field: str, value: str | None, *, required: bool = False) -> str:
    """A text of the case, checked against its limit (core.procedure.limits)."""
    return c.text(field, value, required=required, max_len=MAX_LEN[field])


def check_fields(c: Checker, data: IntakeInput, now: datetime) -> dict[str, Any]:
    """Every check of an intake that needs no database, problems collected in ``c``.

    Shared by the counter's intake and the register import's bulk path. The category is
    not checked here: it is required of a complaint received at the counter
    (``receive_complaint``), while an imported register's history may lack one.
    """
    received_at = c.moment("received_at", data.received_at, now=now) or now
    return {
        "customer": _check_customer(c, data.customer),
        "channel": c.choice("channel", data.channel, Channel),
        "subject": _case_text(c, "subject", data.subject, required=True),
        "description": _case_text(c, "description", data.description, required=True),
        "request": _case_text(c, "request", data.request) or None,
        "expectation": _case_text(c, "expectation", data.expectation) or None,
        "bottom_line": _case_text(c, "bottom_line", data.bottom_line) or None,
        "place": _case_text(c, "incident_place", data.incident_place) or None,
        "staff": _case_text(c, "staff_involved", data.staff_involved) or None,
        "nature": c.choice("nature", data.nature, Nature),
        "severity": c.choice("severity", data.severity, Severity),
        "style": c.choice("style_hint", data.style_hint, CustomerStyle),
        "motive": c.choice("motive_hint", data.motive_hint, CustomerMotive),
        "received_at": received_at,
        "incident_at": c.moment("incident_at", data.incident_at, now=now, not_after=received_at),
        "external_ref": _case_text(c, "external_ref", data.external_ref) or None,
    }


def _tags(values: tuple[str, ...]) -> set[str]:
    # A tag is a label, not a sentence: one past the limit is cut, not refused.
    return {clean_text(t)[: MAX_LEN["tag"]] for t in values if clean_text(t)}


@service(Permission.CASE_RECEIVE)
def receive_complaint(tx: Tx, data: IntakeInput) -> CaseRef:
    """Register a complaint; returns its new case number and deadlines.

    Validates everything first and raises ``ValidationFailed`` with every problem at once,
    so nothing is half-saved and the window can mark each field.
    """
    c = Checker()
    data = _read_incident(tx, c, data)
    f = check_fields(c, data, tx.now)
    customer_fields = f["customer"]
    channel, subject, description = f["channel"], f["subject"], f["description"]
    request, expectation, bottom_line = f["request"], f["expectation"], f["bottom_line"]
    place, staff, nature, severity = f["place"], f["staff"], f["nature"], f["severity"]
    style, motive, received_at = f["style"], f["motive"], f["received_at"]
    incident_at, external_ref = f["incident_at"], f["external_ref"]
    category = None
    if not clean_text(data.category_code):
        # Classifying at the counter is part of recording the complaint (모든 기록): a case
        # received here without a category would wait, unnoticed, until someone tried to
        # close it. Only an imported register (check_fields alone) may lack one.
        c.fail("category", "required")
    else:
        category = category_by_code(tx, data.category_code or "")
        if category is None or not category.active:
            c.fail("category", "unknown_value", value=data.category_code)
    if external_ref and tx.session.scalar(select(Case.id).where(Case.external_ref == external_ref)):
        c.fail("external_ref", "duplicate")
    tags = sorted(_tags(data.tags))
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
        assignable_user(tx, data.assignee_id)

    existing, same_number = data.existing_customer_id, 0
    if existing is None and not data.separate_customer:
        existing, same_number = _customer_by_phone(tx, customer_fields["phone"])
    customer = _apply_customer(tx, data.customer, customer_fields, existing)
    returning = existing is not None and (
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
        ack_rule=s.ack_rule,
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
            **({"linked_by_phone": same_number} if same_number else {}),
            **({"separate_customer": True} if data.separate_customer else {}),
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
        customer_id=customer.id,
        repeat_customer=returning,
        linked_by_phone=same_number,
        masked=c.masked_kinds,
    )


def _read_incident(tx: Tx, c: Checker, data: IntakeInput) -> IntakeInput:
    """``data`` with ``incident_text`` read into ``incident_at`` (a problem in ``c`` if it
    cannot be read): the clerk's "어제 23시" is yesterday in the office's time zone."""
    text = clean_text(data.incident_text)
    if data.incident_at is not None or not text:
        return data
    try:
        moment = read_moment(text, tx.now.astimezone(tx.settings.calendar().tz))
    except UnreadableMoment:
        c.fail("incident_at", "bad_moment")
        return data
    return replace(data, incident_at=moment)


def _customer_by_phone(tx: Tx, phone: object) -> tuple[int | None, int]:
    """The customer already on record with this phone number (the most recent of several)
    and how many have it; ``(None, 0)`` when nobody has."""
    digits = phone_digits(phone if isinstance(phone, str) else None)
    if not digits:
        return None, 0
    same = Customer.phone_digits == digits
    count = tx.session.scalar(select(func.count()).select_from(Customer).where(same)) or 0
    if not count:
        return None, 0
    # The most recent: the one whose latest case is newest (a customer without cases, made
    # by an earlier intake that was corrected, counts by when it was made).
    latest = (
        select(func.max(Case.received_at))
        .where(Case.customer_id == Customer.id)
        .correlate(Customer)
        .scalar_subquery()
    )
    found = tx.session.scalar(
        select(Customer.id)
        .where(same)
        .order_by(func.coalesce(latest, Customer.created_at).desc(), Customer.id.desc())
        .limit(1)
    )
    return found, count
