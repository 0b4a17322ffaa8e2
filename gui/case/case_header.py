"""The case window's header: the case number, subject and assignee, and a badge for the status
and for each deadline still running — in time, due soon, or late."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from core.views import CaseDetail
from gui.common.flow_layout import FlowLayout
from gui.common.i18n import tr
from gui.common.vocab import closures, due_kinds, severities, statuses
from gui.common.widgets import local_text

DUE_SOON = timedelta(hours=4)
# The waiting reason in its badge, shortened; the whole of it is in the badge's tooltip.
WAITING_REASON_CHARS = 30


def badge(text: str, state: str) -> QLabel:
    """A coloured pill; ``state`` is ok, soon, late or neutral (styled in gui/style.py)."""
    lab = QLabel(text)
    lab.setObjectName("badge")
    lab.setProperty("state", state)
    return lab


def elided(text: str, chars: int) -> str:
    """``text`` on one line, cut to ``chars`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[: chars - 1] + "…"


def clear_layout(layout: Any) -> None:
    """Remove and delete every widget in ``layout`` (it is filled again from a new detail)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()


def running_deadlines(d: CaseDetail) -> list[tuple[str, datetime]]:
    """The deadlines that still bind the case in its status: (kind, due)."""
    out = []
    if d.status == "received":
        out.append(("ack", d.ack_due))
    if d.status in ("received", "acknowledged", "in_progress"):
        out.append(("resolve", d.resolve_due))
    # While the case waits for its customer the resolve clock pauses; what runs is the
    # time they were expected back by.
    if d.status == "waiting" and d.waiting_until:
        out.append(("waiting", d.waiting_until))
    if d.callback_due:
        out.append(("callback", d.callback_due))
    if d.followup_due:
        out.append(("followup", d.followup_due))
    return out


class CaseHeader(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("caseHeader")
        hl = QGridLayout(self)
        self.title = QLabel()
        self.title.setObjectName("caseNo")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject = QLabel()
        self.subject.setObjectName("caseSubject")
        self.subject.setWordWrap(True)
        # The badges wrap to a second line on a narrow window rather than widen it.
        holder = QWidget()
        self.badges = FlowLayout(holder, spacing=6)
        self.assignee = QLabel()
        self.assignee.setWordWrap(True)
        hl.addWidget(self.title, 0, 0, Qt.AlignmentFlag.AlignTop)
        hl.addWidget(holder, 0, 1)
        hl.addWidget(self.assignee, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        hl.addWidget(self.subject, 1, 0, 1, 3)
        hl.setColumnStretch(1, 1)

    def show_case(self, d: CaseDetail, now: datetime, tz: tzinfo) -> None:
        self.title.setText(d.case_no)
        self.subject.setText(d.subject)
        self.assignee.setText(tr("담당: {name}", name=d.assignee_name or tr("미지정")))
        clear_layout(self.badges)
        status = statuses().get(d.status, d.status)
        if d.closure:
            status = closures().get(d.closure, status)
        self.badges.addWidget(badge(status, "neutral"))
        if d.severity == "important":
            self.badges.addWidget(badge(severities()["important"], "late"))
        for kind, due in running_deadlines(d):
            state = "late" if due < now else "soon" if due - now < DUE_SOON else "ok"
            word = {"late": tr("경과"), "soon": tr("임박"), "ok": tr("기한 내")}[state]
            text = f"{due_kinds()[kind]} {local_text(due, tz)} · {word}"
            if kind == "waiting" and d.waiting_reason:
                text += f" · {elided(d.waiting_reason, WAITING_REASON_CHARS)}"
            pill = badge(text, state)
            if kind == "waiting":
                pill.setProperty("kind", "waiting")
                pill.setToolTip(tr("대기 사유: {reason}", reason=d.waiting_reason or ""))
            self.badges.addWidget(pill)
        if d.winback_due is not None:
            self.badges.addWidget(badge(tr("만족도 낮음 · 회복 조치 대기"), "late"))
