"""Who may do what: the permission table the services enforce, whatever a window shows."""

from __future__ import annotations

from enum import StrEnum

from core.errors import PermissionDenied
from core.procedure.enums import Role


class Permission(StrEnum):
    CASE_VIEW = "case.view"
    CASE_RECEIVE = "case.receive"
    CASE_EDIT = "case.edit"  # intake details, classification, tags, links
    CASE_ASSIGN = "case.assign"
    CASE_ACKNOWLEDGE = "case.acknowledge"
    CASE_HANDLE = "case.handle"  # actions, start handling, resolve
    CASE_CLOSE = "case.close"
    CASE_INVALIDATE = "case.invalidate"  # close as invalid or withdrawn
    CASE_REOPEN = "case.reopen"
    CASE_REOPEN_CLOSED = "case.reopen_closed"
    CONTACT_LOG = "contact.log"
    COMPENSATION_OFFER = "compensation.offer"
    COMPENSATION_APPROVE = "compensation.approve"
    FOLLOW_UP_RECORD = "follow_up.record"
    FOLLOW_UP_WAIVE = "follow_up.waive"
    IMPROVEMENT_MANAGE = "improvement.manage"
    CUSTOMER_PII = "customer.pii"  # see unmasked phone, email, address
    USERS_MANAGE = "users.manage"
    SETTINGS_MANAGE = "settings.manage"
    AUDIT_VIEW = "audit.view"
    REPORTS_VIEW = "reports.view"  # summaries and case files: supervisors and admins
    REGISTER_IMPORT = "register.import"  # bring in an office's earlier register
    REGISTER_EXPORT = "register.export"  # the whole register, personal data included
    BACKUP_MAKE = "backup.make"  # a copy of the whole database to a chosen folder
    BACKUP_RESTORE = "backup.restore"  # replace the database with a backup
    RETENTION_PURGE = "retention.purge"  # approve destroying expired personal data
    ACCESS_REVIEW = "access.review"  # read who looked at whose personal data


_C, _H, _S, _A = Role.CLERK, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN

# The table itself. Admins run the system (users, settings, categories) but do not handle
# cases: keeping that separate is what lets a supervisor's approval mean something.
TABLE: dict[Permission, frozenset[Role]] = {
    Permission.CASE_VIEW: frozenset({_C, _H, _S, _A}),
    Permission.CASE_RECEIVE: frozenset({_C, _H, _S}),
    Permission.CASE_EDIT: frozenset({_C, _H, _S}),
    Permission.CASE_ASSIGN: frozenset({_H, _S}),
    Permission.CASE_ACKNOWLEDGE: frozenset({_C, _H, _S}),
    Permission.CASE_HANDLE: frozenset({_H, _S}),
    Permission.CASE_CLOSE: frozenset({_H, _S}),
    Permission.CASE_INVALIDATE: frozenset({_H, _S}),
    Permission.CASE_REOPEN: frozenset({_H, _S}),
    Permission.CASE_REOPEN_CLOSED: frozenset({_S}),
    Permission.CONTACT_LOG: frozenset({_C, _H, _S}),
    Permission.COMPENSATION_OFFER: frozenset({_H, _S}),
    # An admin too: a supervisor's own proposal needs someone else to approve it.
    Permission.COMPENSATION_APPROVE: frozenset({_S, _A}),
    Permission.FOLLOW_UP_RECORD: frozenset({_C, _H, _S}),
    Permission.FOLLOW_UP_WAIVE: frozenset({_S}),
    Permission.IMPROVEMENT_MANAGE: frozenset({_H, _S}),
    Permission.CUSTOMER_PII: frozenset({_C, _H, _S}),
    Permission.USERS_MANAGE: frozenset({_A}),
    Permission.SETTINGS_MANAGE: frozenset({_A}),
    Permission.AUDIT_VIEW: frozenset({_S, _A}),
    Permission.REPORTS_VIEW: frozenset({_S, _A}),
    Permission.REGISTER_IMPORT: frozenset({_S}),
    Permission.REGISTER_EXPORT: frozenset({_S}),
    Permission.BACKUP_MAKE: frozenset({_S, _A}),
    Permission.BACKUP_RESTORE: frozenset({_A}),
    Permission.RETENTION_PURGE: frozenset({_S}),
    Permission.ACCESS_REVIEW: frozenset({_S, _A}),
}


def allows(role: Role, permission: Permission) -> bool:
    """True when ``role`` holds ``permission``. The command line's SYSTEM role holds all."""
    return role is Role.SYSTEM or role in TABLE[permission]


def require(role: Role, permission: Permission) -> None:
    if not allows(role, permission):
        raise PermissionDenied(permission=permission.value, role=role.value)
