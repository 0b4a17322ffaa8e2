"""Every frozen value a service returns: plain data that crosses threads and feeds documents.

Views hold no session and no rule; documents and windows take them as they are.
"""

from core.views.case import (
    CaseDetail,
    CaseRow,
    CategoryView,
    CompensationView,
    CustomerMatch,
    CustomerView,
    FollowUpView,
    ImprovementView,
    Page,
    ResolutionView,
    SearchHit,
    TimelineEntry,
)
from core.views.records import (
    AccessEntry,
    AccessReview,
    AnchorProblem,
    AnchorReport,
    BackupInfo,
    ChainCheck,
    DestructionRecord,
    OfficeFacts,
    RecordsCheck,
    RestorePreview,
    RetentionCandidates,
    StateProblem,
    StateReport,
    UserAccess,
)
from core.views.summary import Period, StaffRow, Summary

__all__ = [
    "AccessEntry",
    "AccessReview",
    "AnchorProblem",
    "AnchorReport",
    "BackupInfo",
    "CaseDetail",
    "CaseRow",
    "CategoryView",
    "ChainCheck",
    "CompensationView",
    "CustomerMatch",
    "CustomerView",
    "DestructionRecord",
    "FollowUpView",
    "ImprovementView",
    "OfficeFacts",
    "Page",
    "Period",
    "RecordsCheck",
    "ResolutionView",
    "RestorePreview",
    "RetentionCandidates",
    "SearchHit",
    "StaffRow",
    "StateProblem",
    "StateReport",
    "Summary",
    "TimelineEntry",
    "UserAccess",
]
