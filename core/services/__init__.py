"""One function per user intention. Call as ``service(db, actor, ...)``; see ``base``."""

from core.services.accounts import (
    create_user,
    first_run_setup,
    list_users,
    login,
    needs_setup,
    update_user,
)
from core.services.audit_trail import verify_audit_chain
from core.services.compensation import (
    approve_compensation,
    offer_compensation,
    record_compensation_outcome,
    reject_compensation,
)
from core.services.followup import record_follow_up, waive_follow_up
from core.services.handling import log_contact, record_action
from core.services.intake import (
    CaseEdit,
    CaseRef,
    CustomerInput,
    IntakeInput,
    assign,
    receive_complaint,
    update_case,
)
from core.services.office import (
    get_settings,
    link_improvement,
    open_improvement,
    save_category,
    set_improvement_status,
    update_settings,
)
from core.services.queries import (
    QUEUES,
    find_case_id,
    find_customers,
    get_case,
    list_cases,
    list_categories,
    overdue_count,
    queue,
    queue_counts,
)
from core.services.reports import case_file_data, period_summary
from core.services.workflow import (
    acknowledge,
    close,
    close_invalid,
    reopen,
    resolve,
    start_handling,
    withdraw,
)

__all__ = [
    "QUEUES",
    "CaseEdit",
    "CaseRef",
    "CustomerInput",
    "IntakeInput",
    "acknowledge",
    "approve_compensation",
    "assign",
    "case_file_data",
    "close",
    "close_invalid",
    "create_user",
    "find_case_id",
    "find_customers",
    "first_run_setup",
    "get_case",
    "get_settings",
    "link_improvement",
    "list_cases",
    "list_categories",
    "list_users",
    "log_contact",
    "login",
    "needs_setup",
    "offer_compensation",
    "open_improvement",
    "overdue_count",
    "period_summary",
    "queue",
    "queue_counts",
    "receive_complaint",
    "record_action",
    "record_compensation_outcome",
    "record_follow_up",
    "reject_compensation",
    "reopen",
    "resolve",
    "save_category",
    "set_improvement_status",
    "start_handling",
    "update_case",
    "update_settings",
    "update_user",
    "verify_audit_chain",
    "waive_follow_up",
    "withdraw",
]
