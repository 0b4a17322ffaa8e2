"""One function per user intention. Call as ``service(db, actor, ...)``; see ``base``."""

from core.services.access_review import access_review, access_review_pdf
from core.services.accounts import (
    create_user,
    first_run_setup,
    list_users,
    login,
    needs_setup,
    update_user,
)
from core.services.audit_trail import (
    check_records,
    verify_access_chain,
    verify_anchors,
    verify_audit_chain,
    verify_bound_rows,
)
from core.services.backup_passphrase import (
    is_sealed,
    sealing_on,
    seals,
    set_backup_passphrase,
)
from core.services.backups import (
    automatic_backup,
    list_backups,
    make_backup,
    open_database,
    restore_backup,
    restore_preview,
)
from core.services.case_detail import get_case
from core.services.case_edit import CaseEdit, assign, backdate_received, update_case
from core.services.case_lists import list_cases
from core.services.case_search import search_cases
from core.services.compensation import (
    approve_compensation,
    decline_compensation,
    deliver_compensation,
    offer_compensation,
    record_compensation_choice,
    record_compensation_outcome,
    reject_compensation,
)
from core.services.followup import (
    record_follow_up,
    record_win_back,
    schedule_follow_up,
    waive_follow_up,
)
from core.services.handling import log_contact, record_action
from core.services.improvements import (
    get_improvement,
    link_improvement,
    list_improvements,
    open_improvement,
    set_improvement_status,
    unlink_improvement,
    update_improvement,
)
from core.services.intake import CaseRef, CustomerInput, IntakeInput, receive_complaint
from core.services.lookups import find_case_id, find_customers, list_categories
from core.services.office import get_settings, save_category, update_settings
from core.services.precedents import Precedents, compensation_note, similar_cases
from core.services.queues import QUEUES, overdue_count, queue, queue_counts
from core.services.register_export import export_register
from core.services.register_import import import_register
from core.services.register_rows import ImportReport
from core.services.reports import (
    case_file_data,
    case_file_pdf,
    intake_form_pdf,
    keep_summary_figures,
    period_summary,
    receipt_pdf,
    result_letter_pdf,
    summary_pdf,
)
from core.services.retention import (
    RetentionChanged,
    destruction_record,
    destruction_record_pdf,
    destruction_records,
    purge_expired_personal_data,
    retention_candidates,
)
from core.services.server import needs_app_password, set_up_server
from core.services.workflow import (
    acknowledge,
    close,
    close_invalid,
    reopen,
    resolve,
    resume,
    start_handling,
    wait_for_customer,
    withdraw,
)
from core.views import AccessReview, DestructionRecord, RetentionCandidates

__all__ = [
    "QUEUES",
    "AccessReview",
    "CaseEdit",
    "CaseRef",
    "CustomerInput",
    "DestructionRecord",
    "ImportReport",
    "IntakeInput",
    "Precedents",
    "RetentionCandidates",
    "RetentionChanged",
    "access_review",
    "access_review_pdf",
    "acknowledge",
    "approve_compensation",
    "assign",
    "automatic_backup",
    "backdate_received",
    "case_file_data",
    "case_file_pdf",
    "check_records",
    "close",
    "close_invalid",
    "compensation_note",
    "create_user",
    "decline_compensation",
    "deliver_compensation",
    "destruction_record",
    "destruction_record_pdf",
    "destruction_records",
    "export_register",
    "find_case_id",
    "find_customers",
    "first_run_setup",
    "get_case",
    "get_improvement",
    "get_settings",
    "import_register",
    "intake_form_pdf",
    "is_sealed",
    "keep_summary_figures",
    "link_improvement",
    "list_backups",
    "list_cases",
    "list_categories",
    "list_improvements",
    "list_users",
    "log_contact",
    "login",
    "make_backup",
    "needs_app_password",
    "needs_setup",
    "offer_compensation",
    "open_database",
    "open_improvement",
    "overdue_count",
    "period_summary",
    "purge_expired_personal_data",
    "queue",
    "queue_counts",
    "receipt_pdf",
    "receive_complaint",
    "record_action",
    "record_compensation_choice",
    "record_compensation_outcome",
    "record_follow_up",
    "record_win_back",
    "reject_compensation",
    "reopen",
    "resolve",
    "restore_backup",
    "restore_preview",
    "result_letter_pdf",
    "resume",
    "retention_candidates",
    "save_category",
    "schedule_follow_up",
    "sealing_on",
    "seals",
    "search_cases",
    "set_backup_passphrase",
    "set_improvement_status",
    "set_up_server",
    "similar_cases",
    "start_handling",
    "summary_pdf",
    "unlink_improvement",
    "update_case",
    "update_improvement",
    "update_settings",
    "update_user",
    "verify_access_chain",
    "verify_anchors",
    "verify_audit_chain",
    "verify_bound_rows",
    "wait_for_customer",
    "waive_follow_up",
    "withdraw",
]
