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
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


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
