"""보고서: the period summary, and what the printed case file needs."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.actor import Actor
from core.db.database import Database
from core.db.models import AuditEvent
from core.procedure.permissions import Permission
from core.services.base import Tx, service
from core.services.case_detail import get_case
from core.store import anchors, summary, summary_months
from core.views import CaseDetail, Period, Summary


@service(Permission.REPORTS_VIEW, write=False)
def _read_summary(
    tx: Tx, period: str, *, lang: str, fresh: list[summary_months.FreshMonth]
) -> Summary:
    return summary.compute(
        tx.session, tx.settings, Period.parse(period), tx.now, lang=lang, fresh=fresh
    )


def period_summary(db: Database, actor: Actor, period: str, *, lang: str = "ko") -> Summary:
    """Figures for ``YYYY-MM`` or ``YYYY``; ValueError for anything else.

    Read in one read transaction; the months it had to compute are then kept by a short
    write of their own, so a year already asked for once is read back in a moment and the
    counter PCs are never kept waiting by a long report.
    """
    fresh: list[summary_months.FreshMonth] = []
    figures = _read_summary(db, actor, period, lang=lang, fresh=fresh)
    if fresh:
        _keep_months(db, actor, fresh)  # the read above checked the permission
    return figures


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


def _load(name: str) -> Any:
    """A document module, imported when the first document is made (ReportLab is slow to
    import, and most sessions at the counter print nothing but receipts)."""
    return importlib.import_module(f"core.documents.{name}")


def _pdf(render: Callable[[io.BytesIO], None]) -> bytes:
    buf = io.BytesIO()
    render(buf)
    return buf.getvalue()


RECEIPT_LAYOUTS = {
    # layout -> (module, renderer): an A4 sheet with the office copy below the cut line, or
    # one long page for an 80 mm receipt printer.
    "a4": ("receipt", "render_receipt"),
    "thermal80": ("receipt_thermal", "render_thermal_receipt"),
}


@service(Permission.CASE_VIEW)
def receipt_pdf(tx: Tx, case_id: int, *, lang: str = "ko", layout: str = "a4") -> bytes:
    """The receipt in the layout of the PC's receipt printer ("a4" or "thermal80")."""
    if layout not in RECEIPT_LAYOUTS:
        raise ValueError(f"unknown receipt layout: {layout!r}")
    module, renderer = RECEIPT_LAYOUTS[layout]
    detail = get_case.within(tx, case_id, purpose="print")
    render = getattr(_load(module), renderer)
    return _pdf(lambda out: render(detail, tx.settings, out, lang=lang, printed_at=tx.now))


def prepare_receipt(layout: str = "a4") -> None:
    """Import the receipt's renderer and read its fonts now, while the clerk types: the
    first receipt of a session then prints as fast as the rest (measured: 0.8 s cold,
    0.35 s warm, from Ctrl+P to the printer). Reads no data, so needs no permission."""
    _load(RECEIPT_LAYOUTS.get(layout, RECEIPT_LAYOUTS["a4"])[0])
    _load("common").register_fonts()


@service(Permission.CASE_VIEW)
def result_letter_pdf(tx: Tx, case_id: int, *, lang: str = "ko") -> bytes:
    detail = get_case.within(tx, case_id, purpose="print")
    return _pdf(
        lambda out: _load("result_letter").render_result_letter(
            detail, tx.settings, out, lang=lang, printed_at=tx.now
        )
    )


@service(Permission.CASE_VIEW)
def intake_form_pdf(tx: Tx, case_id: int | None = None, *, lang: str = "ko") -> bytes:
    detail = get_case.within(tx, case_id, purpose="print") if case_id is not None else None
    return _pdf(
        lambda out: _load("intake_form").render_intake_form(
            detail, tx.settings, out, lang=lang, printed_at=tx.now
        )
    )


@service(Permission.REPORTS_VIEW)
def case_file_pdf(tx: Tx, case_id: int, *, lang: str = "ko") -> bytes:
    detail, events = case_file_data.within(tx, case_id)
    return _pdf(
        lambda out: _load("case_file").render_case_file(
            detail,
            tx.settings,
            events,
            out,
            lang=lang,
            printed_by=tx.actor.display_name,
            printed_at=tx.now,
        )
    )


@service(None, write=False)
def _stale_months(tx: Tx, months: int) -> list[summary_months.FreshMonth]:
    today = tx.settings.calendar().local_date(tx.now)
    periods = Period(today.year, today.month).months()[-months:]
    return summary_months.stale_months(tx.session, tx.settings.calendar().tz, periods)


@service(None)
def _keep_months(tx: Tx, fresh: list[summary_months.FreshMonth]) -> None:
    summary_months.keep_months(tx.session, fresh)


def keep_summary_figures(db: Database, actor: Actor, *, months: int = 13) -> int:
    """Bring the kept figures of the last ``months`` months up to date; how many were stale.

    Run after a demo or an import, and by the app in the background at start-up, so the
    supervisor's summary reads kept months instead of a year of cases. Aggregates only:
    nothing personal is read out, so it needs no permission.
    """
    fresh = _stale_months(db, actor, months)
    if fresh:
        _keep_months(db, actor, fresh)
    return len(fresh)


def summary_pdf(
    db: Database,
    actor: Actor,
    period: str,
    *,
    notes: dict[str, str] | None = None,
    lang: str = "ko",
) -> bytes:
    figures = period_summary(db, actor, period, lang=lang)
    return _summary_document(db, actor, figures, notes=notes, lang=lang)


@service(Permission.REPORTS_VIEW, write=False)
def _summary_document(
    tx: Tx, figures: Summary, *, notes: dict[str, str] | None, lang: str
) -> bytes:
    return _pdf(
        lambda out: _load("summary").render_summary(
            figures,
            tx.settings,
            out,
            lang=lang,
            notes=notes,
            printed_by=tx.actor.display_name,
            printed_at=tx.now,
            # The heads beside the signature: audit-verify --printed compares them later.
            heads=anchors.heads(tx.session),
        )
    )
