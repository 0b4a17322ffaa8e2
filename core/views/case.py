"""Plain, frozen values the services return: safe to hand to another thread or a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.procedure.record_rules import RecordRules


@dataclass(frozen=True)
class CustomerView:
    id: int
    name: str
    phone: str
    email: str
    address: str
    preferred_channel: str | None
    consent_at: datetime | None
    consent_purpose: str | None
    masked: bool  # True when the viewer may not see contact details in full


@dataclass(frozen=True)
class CategoryView:
    id: int
    code: str
    name_ko: str
    name_en: str
    parent_id: int | None
    parent_code: str | None
    parent_name_ko: str | None
    parent_name_en: str | None
    active: bool
    sort_order: int

    def label(self, lang: str = "ko") -> str:
        own = self.name_en if lang == "en" else self.name_ko
        parent = self.parent_name_en if lang == "en" else self.parent_name_ko
        return f"{parent} › {own}" if parent else own


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # status, action, contact, compensation, resolution, follow_up
    subtype: str  # the action kind, the new status, the contact direction, ...
    text: str
    by_name: str
    ref_id: int | None = None


@dataclass(frozen=True)
class CompensationView:
    id: int
    kind: str
    amount: int
    options_offered: tuple[str, ...]
    customer_choice: str | None
    note: str | None
    status: str
    requires_approval: bool
    proposed_at: datetime
    proposed_by_name: str
    decided_at: datetime | None
    decided_by_name: str | None
    decision_note: str | None
    settled_at: datetime | None  # delivered at
    # The options given to the customer, each (kind, amount); amount None: not recorded.
    options: tuple[tuple[str, int | None], ...] = ()
    chosen_amount: int | None = None
    answered_at: datetime | None = None
    answered_by_name: str | None = None
    decline_reason: str | None = None
    delivered_by_name: str | None = None
    delivery_ref: str | None = None
    delivery_note: str | None = None
    approval_override: str | None = None  # why the proposer decided on their own offer
    # For this viewer, while it awaits approval: their own proposal, "refused" (someone
    # else must decide) or "override" (nobody else may: only with a recorded reason).
    self_approval: str | None = None


@dataclass(frozen=True)
class ResolutionView:
    root_cause: str | None
    result: str
    customer_response: str | None
    told_at: datetime
    told_channel: str
    by_name: str


@dataclass(frozen=True)
class FollowUpView:
    id: int
    due_at: datetime
    status: str
    done_at: datetime | None
    by_name: str | None
    channel: str | None
    outcome: str | None
    satisfaction: int | None
    comment: str | None
    waived_reason: str | None


@dataclass(frozen=True)
class ImprovementView:
    """개선 조치: one row of the register, and what a case window and the case file show."""

    id: int
    title: str
    root_cause: str
    preventive_action: str  # the action, corrective or preventive (``kind``)
    owner_id: int | None
    owner_name: str | None
    due_date: date | None
    status: str  # ImprovementStatus
    case_ids: tuple[int, ...]
    kind: str = "corrective"  # ImprovementKind
    notes: str | None = None
    created_at: datetime | None = None
    created_by_name: str = ""
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    verified_at: datetime | None = None
    # The linked cases as (id, case number, subject), oldest first.
    cases: tuple[tuple[int, str, str], ...] = ()
    overdue: bool = False  # still open and its due date has passed, in office time


@dataclass(frozen=True)
class CaseDetail:
    id: int
    case_no: str
    version: int
    status: str
    closure: str | None
    closure_reason: str | None
    channel: str
    received_at: datetime
    received_by_name: str
    incident_at: datetime | None
    incident_place: str | None
    staff_involved: str | None
    subject: str
    description: str
    request: str | None
    expectation: str | None
    bottom_line: str | None
    category: CategoryView | None
    nature: str
    severity: str
    assignee_id: int | None
    assignee_name: str | None
    style_hint: str
    motive_hint: str
    external_ref: str | None
    tags: tuple[str, ...]
    related: tuple[tuple[int, str], ...]
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    ack_due: datetime
    resolve_due: datetime
    progress_due: datetime | None
    callback_due: datetime | None
    followup_due: datetime | None
    overdue: tuple[str, ...]
    customer: CustomerView
    timeline: tuple[TimelineEntry, ...]
    compensations: tuple[CompensationView, ...]
    resolution: ResolutionView | None
    follow_ups: tuple[FollowUpView, ...]
    improvements: tuple[ImprovementView, ...]
    record_rules: RecordRules
    allowed_steps: tuple[str, ...]  # what this viewer may do next, for the window's buttons
    ack_rule: str | None = None  # how ack_due was counted (AckRule), None before 0009
    backdate_reason: str | None = None
    waiting_since: datetime | None = None
    waiting_until: datetime | None = None
    waiting_reason: str | None = None
    winback_due: datetime | None = None  # 만족도 낮음: a low score awaits a win-back


@dataclass(frozen=True)
class CaseRow:
    """One line of a list or queue."""

    id: int
    case_no: str
    received_at: datetime
    subject: str
    customer_name: str
    status: str
    severity: str
    nature: str
    channel: str
    category_id: int | None
    assignee_name: str | None
    next_due_kind: str | None
    next_due_at: datetime | None
    overdue: bool
    version: int
    # A search's match in context: (before, match, after), for the list to highlight.
    snippet: tuple[str, str, str] | None = None
    rank: float | None = None
    # How to reach the customer: masked (010-1234-****, h***@example.com) for a viewer who
    # may not see personal data (Permission.CUSTOMER_PII).
    customer_phone: str = ""
    customer_email: str = ""
    # Why the row is in its queue, beside the subject: a low score with the customer's
    # comment (★2 · 보상 못 받음) in 만족도 낮음.
    remark: str = ""
    customer_id: int = 0  # whose name the row shows (the access record names them)


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    case_no: str
    rank: float  # larger is better


@dataclass(frozen=True)
class Page:
    rows: tuple[CaseRow, ...]
    # Pass back as ``after`` to get the next page; None when this was the last one.
    next_key: tuple[datetime, int] | None


@dataclass(frozen=True)
class CustomerMatch:
    """A repeat complainant found at intake, with their earlier cases (open ones first, then
    newest first; at most a screenful, while ``earlier_count`` is all of them)."""

    customer: CustomerView
    earlier_cases: tuple[CaseRow, ...]
    earlier_count: int = 0
    open_count: int = 0
    # The phone number typed is this customer's whole number (not just its start or end).
    exact: bool = False
