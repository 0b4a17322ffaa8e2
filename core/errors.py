"""Typed errors raised by the core.

The core never builds a sentence for the user: it raises one of these with a stable ``code``
and the facts; the GUI and the command line turn them into Korean or English
(``core.words.messages``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


class DeskError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"

    def __init__(self, code: str | None = None, **facts: object) -> None:
        self.code = code or type(self).code
        self.facts = facts
        super().__init__(f"{self.code} {facts}" if facts else self.code)


class PermissionDenied(DeskError):
    """The acting user's role does not allow this operation."""

    code = "permission_denied"


class NotFound(DeskError):
    code = "not_found"


class IllegalTransition(DeskError):
    """The case's status does not allow this step (e.g. closing a case still in progress)."""

    code = "illegal_transition"


class SelfApproval(DeskError):
    """A supervisor deciding on their own compensation proposal: another supervisor or an
    admin must (code ``self_approval``). Where nobody else may decide, only with a reason
    recorded as an override (code ``sole_approver`` when it is missing)."""

    code = "self_approval"


class EditConflict(DeskError):
    """Somebody else saved the case since it was opened (optimistic locking)."""

    code = "edit_conflict"


class MissingColumns(DeskError):
    """A register file lacks columns its mapping names (facts: ``columns``)."""

    code = "missing_columns"


class BackupFailed(DeskError):
    """A backup could not be made or verified, or a restore could not be done; the code says
    which (``backup_corrupt``, ``backup_chain``, ``pg_dump_missing``, ...)."""

    code = "backup_failed"


class DatabaseMissing(DeskError):
    """The database file to open is not there (or is empty) where one was expected: a
    mistyped path, or the office's file deleted or moved. Never silently replaced by a new,
    empty one (facts: ``where``, and ``backups``, the folder of the app's own backups)."""

    code = "database_missing"


class ServerSetupNeeded(DeskError):
    """A PostgreSQL server not arranged for the app: the login owns the data or is a
    superuser (``pg_owner_login``), the database was not set up (``pg_not_set_up``) or has
    an older schema (``pg_upgrade_needed``), or ``setup-postgres`` itself was given what it
    cannot use (``pg_admin_needed``, ``pg_app_password``, ``pg_roles_apart``, ...)."""

    code = "server_setup_needed"


class DemoInterrupted(DeskError):
    """The big demo stopped: another program wrote to the database while its batches, drawn
    ahead with the ids and numbers that were free at the start, were being written. The
    batches written before (facts: ``written`` cases) are whole."""

    code = "demo_interrupted"


class RetentionChanged(DeskError):
    """Nothing was destroyed: what would be destroyed now is not what the supervisor approved
    (facts: ``expected``, ``found``), or there is nothing to destroy (code
    ``retention_nothing``)."""

    code = "retention_changed"


class AuthenticationFailed(DeskError):
    code = "authentication_failed"


class AccountLocked(DeskError):
    code = "account_locked"


@dataclass(frozen=True)
class FieldProblem:
    """One bad input field: which field, and a stable reason code."""

    field: str
    reason: str
    # dataclasses.field: the attribute ``field`` above shadows the bare name in this body
    detail: dict[str, object] = dataclasses.field(default_factory=dict)


class ValidationFailed(DeskError):
    """One or more fields are missing or malformed; nothing was saved."""

    code = "validation_failed"

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(fields=[p.field for p in problems])


class RecordRulesNotMet(DeskError):
    """Closing refused: one of the four record rules (or a pending approval) is not satisfied."""

    code = "record_rules_not_met"

    def __init__(self, missing: list[str]) -> None:
        self.missing = tuple(missing)
        super().__init__(missing=list(missing))


class SystemFailure(DeskError):
    """The computer, not the person, stopped the work: a locked, full, read-only, damaged
    or unreachable database, a file that is gone or closed to us. ``plain_failure`` names
    it from the driver's exception, so it is told in words instead of the driver's English
    (code: ``db_locked``, ``disk_full``, ``db_readonly``, ``db_cannot_open``, ``db_corrupt``,
    ``db_unreachable``, ``db_denied``, ``file_missing``, ``file_denied``, ``file_unreadable``)."""

    code = "system_failure"


# What SQLite and PostgreSQL say (their messages are stable English), and what it means.
_DRIVER_SAYS = (
    ("database is locked", "db_locked"),
    ("database table is locked", "db_locked"),
    ("lock timeout", "db_locked"),
    ("database or disk is full", "disk_full"),
    ("no space left on device", "disk_full"),
    ("could not extend file", "disk_full"),
    ("attempt to write a readonly database", "db_readonly"),
    ("read-only file system", "db_readonly"),
    ("unable to open database file", "db_cannot_open"),
    ("file is not a database", "db_corrupt"),
    ("database disk image is malformed", "db_corrupt"),
    ("connection refused", "db_unreachable"),
    ("could not connect", "db_unreachable"),
    ("connection failed", "db_unreachable"),
    ("server closed the connection", "db_unreachable"),
    ("could not translate host name", "db_unreachable"),
    ("timeout expired", "db_unreachable"),
    ("permission denied for", "db_denied"),
    ("must be owner of", "db_denied"),
)


def plain_failure(exc: BaseException) -> SystemFailure | None:
    """The everyday failure behind ``exc`` (a driver's error, possibly wrapped by
    SQLAlchemy, or an OS error), or None when it is none of those."""
    import errno
    import zipfile
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import ExpatError

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        said = str(current).lower()
        for words, code in _DRIVER_SAYS:
            if words in said:
                return SystemFailure(code)
        if isinstance(current, OSError):
            name = current.filename if isinstance(current.filename, str) else ""
            shown = name.replace("\\", "/").rsplit("/", 1)[-1]
            if current.errno == errno.ENOSPC:
                return SystemFailure("disk_full")
            if current.errno == errno.EROFS:
                return SystemFailure("db_readonly")
            if isinstance(current, FileNotFoundError):
                return SystemFailure("file_missing", name=shown)
            if isinstance(current, PermissionError):
                return SystemFailure("file_denied", name=shown)
        if isinstance(current, zipfile.BadZipFile | ParseError | ExpatError):
            return SystemFailure("file_unreadable")
        # SQLAlchemy keeps the driver's exception in ``orig``; Python chains the rest.
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None
