"""All mapped tables; importing this package registers them on ``Base.metadata``."""

from core.db.models.base import Base
from core.db.models.case import Case, CaseCounter, CaseLink, CaseTag, Category
from core.db.models.handling import (
    Action,
    Compensation,
    Contact,
    FollowUp,
    Improvement,
    ImprovementCase,
    Resolution,
    StatusChange,
)
from core.db.models.people import Customer, User
from core.db.models.records import AuditEvent, AuditHead, PiiAccess, PiiAccessHead, Setting
from core.db.models.search_doc import SearchDoc
from core.db.models.summary_cache import CaseDayChange, SummaryMonth

__all__ = [
    "Action",
    "AuditEvent",
    "AuditHead",
    "Base",
    "Case",
    "CaseCounter",
    "CaseDayChange",
    "CaseLink",
    "CaseTag",
    "Category",
    "Compensation",
    "Contact",
    "Customer",
    "FollowUp",
    "Improvement",
    "ImprovementCase",
    "PiiAccess",
    "PiiAccessHead",
    "Resolution",
    "SearchDoc",
    "Setting",
    "StatusChange",
    "SummaryMonth",
    "User",
]
