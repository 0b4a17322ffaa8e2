"""보고서: the period summary, and what the printed case file needs."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from core import summary
from core.documents.case_file import render_case_file
from core.documents.intake_form import render_intake_form
from core.documents.receipt import render_receipt
from core.documents.result_letter import render_result_letter
from core.documents.summary import render_summary
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


# ---------------------------------------------------------------- documents as PDF bytes
# Rendered on the caller's thread (the GUI's database worker), handed back as bytes.


def _pdf(render: Callable[[io.BytesIO], None]) -> bytes:
    buf = io.BytesIO()
    render(buf)
    return buf.getvalue()


@service(Permission.CASE_VIEW)
def receipt_pdf(tx: Tx, case_id: int, *, lang: str = "ko") -> bytes:
    detail = get_case.within(tx, case_id, purpose="print")
    return _pdf(lambda out: render_receipt(detail, tx.settings, out, lang=lang, printed_at=tx.now))


@service(Permission.CASE_VIEW)
def result_letter_pdf(tx: Tx, case_id: int, *, lang: str = "ko") -> bytes:
    detail = get_case.within(tx, case_id, purpose="print")
    return _pdf(
        lambda out: render_result_letter(detail, tx.settings, out, lang=lang, printed_at=tx.now)
    )


@service(Permission.CASE_VIEW)
def intake_form_pdf(tx: Tx, case_id: int | None = None, *, lang: str = "ko") -> bytes:
    detail = get_case.within(tx, case_id, purpose="print") if case_id is not None else None
    return _pdf(
        lambda out: render_intake_form(detail, tx.settings, out, lang=lang, printed_at=tx.now)
    )


@service(Permission.REPORTS_VIEW)
def case_file_pdf(tx: Tx, case_id: int, *, lang: str = "ko") -> bytes:
    detail, events = case_file_data.within(tx, case_id)
    return _pdf(
        lambda out: render_case_file(
            detail,
            tx.settings,
            events,
            out,
            lang=lang,
            printed_by=tx.actor.display_name,
            printed_at=tx.now,
        )
    )


@service(Permission.REPORTS_VIEW, write=False)
def summary_pdf(
    tx: Tx, period: str, *, notes: dict[str, str] | None = None, lang: str = "ko"
) -> bytes:
    figures = period_summary.within(tx, period, lang=lang)
    return _pdf(
        lambda out: render_summary(
            figures,
            tx.settings,
            out,
            lang=lang,
            notes=notes,
            printed_by=tx.actor.display_name,
            printed_at=tx.now,
        )
    )
