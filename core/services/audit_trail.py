"""Checking the audit trail (supervisors, admins, and ``main.py audit-verify``)."""

from __future__ import annotations

from pathlib import Path

from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.store import access_log, anchors, audit, bindings
from core.views import AnchorReport, StateReport


@service(Permission.AUDIT_VIEW, write=False)
def verify_audit_chain(tx: Tx) -> audit.ChainReport:
    return audit.verify(tx.session)


@service(Permission.AUDIT_VIEW, write=False)
def verify_access_chain(tx: Tx) -> audit.ChainReport:
    """The personal-data access records, checked like the audit trail."""
    return access_log.verify(tx.session)


@service(Permission.AUDIT_VIEW, write=False)
def verify_bound_rows(tx: Tx) -> StateReport:
    """Every current case, customer, user, category, improvement and the settings against
    the last audit event that wrote them: what was changed past the app."""
    return bindings.verify(tx.session)


@service(Permission.AUDIT_VIEW, write=False)
def verify_anchors(tx: Tx, folder: Path, *, own: bool) -> AnchorReport:
    """The data against the anchors its backups wrote in ``folder`` (``own``: the app's
    backup folder; else a folder given by hand, such as a USB stick): a rollback or a
    rewrite of the trail since a backup saw it."""
    found, bad = anchors.read(Path(folder))
    return anchors.check(tx.session, found, own=own, bad=bad)
