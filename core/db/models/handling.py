"""Everything done on a case after intake: actions, contacts, compensation, result, follow-up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class Action(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(100))


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(100))
    # 약속 준수: the time we promised to get back to the customer, if any.
    promised_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Compensation(Base):
    __tablename__ = "compensations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(Integer, default=0)  # KRW, whole won
    # JSON [{"kind": ..., "amount": ...}]; rows written before 0009 hold a list of kinds.
    options_offered: Mapped[str] = mapped_column(Text, default="[]")
    customer_choice: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_by_name: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_name: Mapped[str | None] = mapped_column(String(100))
    decision_note: Mapped[str | None] = mapped_column(Text)
    # A supervisor approving their own proposal (the office has no other): the reason,
    # recorded as an override.
    approval_override: Mapped[str | None] = mapped_column(Text)
    # The customer's answer: the option chosen, at what amount, or why they declined.
    chosen_amount: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_name: Mapped[str | None] = mapped_column(String(100))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # Delivered: when (settled_at), by whom, what, and a reference (a refund's transaction
    # number, a repair order).
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A plain column: SQLite adds no foreign key to an existing table without copying it.
    delivered_by_id: Mapped[int | None] = mapped_column(Integer)
    delivered_by_name: Mapped[str | None] = mapped_column(String(100))
    delivery_ref: Mapped[str | None] = mapped_column(String(100))
    delivery_note: Mapped[str | None] = mapped_column(Text)


class Resolution(Base):
    """The result (처리결과), told to the customer."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    root_cause: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    customer_response: Mapped[str | None] = mapped_column(Text)
    told_at: Mapped[datetime] = mapped_column(UTCDateTime)
    told_channel: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(100))


class FollowUp(Base):
    """재방문 / 회신: the call after resolution, with the satisfaction survey."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(Text)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    waived_reason: Mapped[str | None] = mapped_column(Text)


class StatusChange(Base):
    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(100))


class Improvement(Base):
    """개선 조치 / 재발 방지: a corrective or preventive action, linked to the cases behind it."""

    __tablename__ = "improvements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    root_cause: Mapped[str] = mapped_column(Text)
    preventive_action: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_name: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(20), default="corrective")  # ImprovementKind
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImprovementCase(Base):
    __tablename__ = "improvement_cases"

    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvements.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)


# The few compensations waiting for a supervisor (see migration 0006).
Index(
    "ix_compensations_pending",
    Compensation.case_id,
    sqlite_where=text("status = 'pending_approval'"),
    postgresql_where=text("status = 'pending_approval'"),
)
