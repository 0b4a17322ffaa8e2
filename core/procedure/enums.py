"""The closed vocabularies of the procedure. Values are stored in the database as text."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    ONLINE = "online"
    FAX = "fax"
    REFERRAL = "referral"


class Nature(StrEnum):
    """성격: what kind of complaint it is (DOMAIN.md, Classification)."""

    UNCLASSIFIED = "unclassified"
    EFFECTIVE = "effective"
    HELP_SEEKING = "help_seeking"
    CONSULTATION = "consultation"
    VENTING = "venting"
    SUPPORT = "support"
    INVALID = "invalid"

    @property
    def is_communication(self) -> bool:
        return self in (Nature.HELP_SEEKING, Nature.CONSULTATION, Nature.VENTING)


class Severity(StrEnum):
    NORMAL = "normal"
    IMPORTANT = "important"


class Status(StrEnum):
    RECEIVED = "received"  # 접수
    ACKNOWLEDGED = "acknowledged"  # 접수확인
    IN_PROGRESS = "in_progress"  # 처리중
    # 고객 회신 대기: waiting on the customer (documents, a visit); the resolve clock pauses.
    WAITING = "waiting"
    RESOLVED = "resolved"  # 처리완료
    CLOSED = "closed"  # 종결

    @property
    def is_open(self) -> bool:
        return self is not Status.CLOSED


class Closure(StrEnum):
    """How a closed case ended."""

    COMPLETED = "completed"
    INVALID = "invalid"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    CLERK = "clerk"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    # The command line acts as the operating-system user with this role; it is never given
    # to a login account.
    SYSTEM = "system"


class ActionKind(StrEnum):
    INVESTIGATION = "investigation"
    REPRODUCTION = "reproduction"
    FIX = "fix"
    SPECIALIST = "specialist"
    ESCALATION = "escalation"
    NOTE = "note"


class ContactDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ContactPurpose(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    PROGRESS = "progress"
    RESULT = "result"
    FOLLOW_UP = "follow_up"
    OTHER = "other"


class CompensationKind(StrEnum):
    REFUND = "refund"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    SERVICE_CREDIT = "service_credit"
    ADDITIONAL_SERVICE = "additional_service"
    APOLOGY = "apology"
    OTHER = "other"


class CompensationStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    OFFERED = "offered"  # final offer made to the customer
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DELIVERED = "delivered"
    REJECTED = "rejected"  # refused by the supervisor


class FollowUpStatus(StrEnum):
    DUE = "due"
    DONE = "done"
    WAIVED = "waived"
    CANCELLED = "cancelled"  # the case was reopened before the follow-up


class ImprovementStatus(StrEnum):
    OPEN = "open"  # 계획: planned, not yet started
    IN_PROGRESS = "in_progress"  # 진행
    DONE = "done"  # 완료
    VERIFIED = "verified"  # 효과 확인: the cause did not come back
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (ImprovementStatus.OPEN, ImprovementStatus.IN_PROGRESS)


class ImprovementKind(StrEnum):
    CORRECTIVE = "corrective"  # 시정 조치: removes the cause of this complaint
    PREVENTIVE = "preventive"  # 예방 조치: keeps it from happening elsewhere


class AckRule(StrEnum):
    """How the 24-hour response deadline is counted (DOMAIN.md step 2)."""

    # The same time on the next business day: Friday 17:00 is due Monday 17:00.
    NEXT_BUSINESS_DAY = "next_business_day"
    CLOCK_HOURS = "clock_hours"  # 24 hours on the clock, weekends and nights included
    # 24 office hours: releases before 0009 gave every case this rule (2.7 working days).
    BUSINESS_HOURS = "business_hours"


class CustomerStyle(StrEnum):
    """A handling hint for staff, never shown to the customer (DOMAIN.md)."""

    UNKNOWN = "unknown"
    RATIONAL = "rational"
    EMOTIONAL = "emotional"


class CustomerMotive(StrEnum):
    UNKNOWN = "unknown"
    VENTING = "venting"
    RESPECT = "respect"
    REMEDY = "remedy"
