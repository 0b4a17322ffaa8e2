"""The case (사건) and what classifies it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.models.base import Base
from core.db.types import UTCDateTime


class Category(Base):
    """Two-level, per-office taxonomy: a top level (장비, 서비스 태도, ...) and its leaves."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("seq_year", "seq_no", name="uq_cases_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    seq_year: Mapped[int] = mapped_column(Integer)
    seq_no: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_by_name: Mapped[str] = mapped_column(String(100))

    # DOMAIN.md step 1: when, where, who was involved, and the customer's own account.
    incident_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    incident_place: Mapped[str | None] = mapped_column(String(200))
    staff_involved: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    request: Mapped[str | None] = mapped_column(Text)
    expectation: Mapped[str | None] = mapped_column(Text)
    bottom_line: Mapped[str | None] = mapped_column(Text)

    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    nature: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    closure: Mapped[str | None] = mapped_column(String(20))
    closure_reason: Mapped[str | None] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    style_hint: Mapped[str] = mapped_column(String(20), default="unknown")
    motive_hint: Mapped[str] = mapped_column(String(20), default="unknown")
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    # The customer had complained before this case (a repeat complainant, 004 #6); fixed
    # when the case is received, so a summary counts them without searching history.
    repeat_customer: Mapped[bool] = mapped_column(Boolean, default=False)

    # The supervisor's reason when the received time was set back to a paper intake's
    # real time (taken while the PC was down); deadlines count from the real time.
    backdate_reason: Mapped[str | None] = mapped_column(Text)
    # How this case's acknowledgement deadline was counted (core.procedure.enums.AckRule):
    # an office that changes its rule leaves earlier cases with the deadline they were given.
    ack_rule: Mapped[str | None] = mapped_column(String(20))
    # 고객 회신 대기: since when, until when the customer is expected, and why. The resolve
    # deadline moves on by the paused time when the case resumes.
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_reason: Mapped[str | None] = mapped_column(Text)
    # 만족도 낮음: a follow-up scored at or below the office's threshold; a supervisor's
    # win-back (or a reopening, or a second follow-up) clears it.
    winback_due: Mapped[datetime | None] = mapped_column(UTCDateTime)

    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Office hours from receipt to resolution, fixed when resolved: summaries read one number
    # instead of walking the business calendar for every case.
    resolution_business_hours: Mapped[float | None] = mapped_column(Float)
    # The satisfaction (1-5) of the latest follow-up, kept on the case for the same reason.
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    # Deadlines, kept on the row so the queues are plain indexed queries.
    ack_due: Mapped[datetime] = mapped_column(UTCDateTime)
    resolve_due: Mapped[datetime] = mapped_column(UTCDateTime)
    progress_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    callback_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    followup_due: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's API


class CaseTag(Base):
    __tablename__ = "case_tags"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True)


class CaseLink(Base):
    """A related case (same customer, same incident, ...). Stored once, read both ways."""

    __tablename__ = "case_links"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)


class CaseCounter(Base):
    """The last number handed out per year: the row lock on it keeps numbering gapless."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, default=0)


Index("ix_cases_received", Case.received_at, Case.id)
Index("ix_cases_status_ack", Case.status, Case.ack_due)
Index("ix_cases_status_resolve", Case.status, Case.resolve_due)
Index("ix_cases_callback", Case.callback_due)
Index("ix_cases_followup", Case.followup_due)
Index("ix_cases_winback", Case.winback_due)
Index("ix_cases_progress", Case.progress_due)
Index("ix_cases_closed", Case.closed_at, Case.received_at)
Index("ix_cases_customer_received", Case.customer_id, Case.received_at)
# The few cases whose 24-hour and overdue tests depend on when the summary is taken.
UNSETTLED_SQL = "acknowledged_at IS NULL OR (resolved_at IS NULL AND closure IS NULL)"
Index(
    "ix_cases_unsettled",
    Case.received_at,
    Case.acknowledged_at,
    Case.ack_due,
    Case.resolved_at,
    Case.resolve_due,
    Case.closure,
    sqlite_where=text(UNSETTLED_SQL),
    postgresql_where=text(UNSETTLED_SQL),
)
