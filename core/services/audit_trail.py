"""Checking the audit trail (supervisors, admins, and ``main.py audit-verify``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.store import access_log, anchors, audit, bindings
from core.views import AnchorReport, ChainCheck, RecordsCheck, StateReport
from core.views.records import PRINTED


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
    return anchors.check_folder(tx.session, Path(folder), own=own)


@service(Permission.AUDIT_VIEW, write=False)
def check_records(
    tx: Tx,
    folders: Sequence[tuple[Path, bool]] = (),
    printed: Sequence[tuple[int, str]] = (),
) -> RecordsCheck:
    """Everything at once, as ``audit-verify`` and the records page show it: both chains,
    the rows against the trail, and the anchors in each of ``folders`` ((folder, own): the
    app's backup folder is ``own``, a USB stick is not) and ``printed`` on signed papers
    ((event number, the hash's first characters))."""

    def chain(name: str, report: audit.ChainReport) -> ChainCheck:
        return ChainCheck(name, report.ok, report.checked, report.bad_seq, report.reason)

    held = [
        (str(folder), anchors.check_folder(tx.session, Path(folder), own=own))
        for folder, own in folders
    ]
    if printed:
        register = anchors.register_of(tx.session)
        on_paper = [anchors.printed(register, head) for head in printed]
        held.append((PRINTED, anchors.check(tx.session, on_paper, own=True)))
    return RecordsCheck(
        chain("audit", audit.verify(tx.session)),
        chain("access", access_log.verify(tx.session)),
        bindings.verify(tx.session),
        tuple(held),
    )
