"""보고서: the period summary, and what the printed case file needs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core import summary
from core.models import AuditEvent
from core.permissions import Permission
from core.services.base import Tx, service
from core.services.queries import get_case
from core.views import CaseDetail


@service(Permission.REPORTS_VIEW, write=False)
def period_summary(tx: Tx, period: str, *, lang: str = "ko") -> summary.Summary:
    """Figures for ``YYYY-MM`` or ``YYYY``; ValueError for anything else."""
    return summary.compute(tx.session, tx.settings, summary.Period.parse(period), tx.now, lang=lang)


@service(Permission.REPORTS_VIEW)
def case_file_data(tx: Tx, case_id: int) -> tuple[CaseDetail, list[tuple[datetime, str, str, str]]]:
    """The case (an access record with purpose ``print``) and its audit events."""
    detail = get_case.within(tx, case_id, purpose="print")
    events = [
        (e.at, e.actor_name, e.action, e.changes)
        for e in tx.session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
        )
    ]
    return detail, events
