"""The 경과 tab: everything that happened to a case, in one list, in the user's words."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from core.views import CaseDetail, TimelineEntry
from gui.common.i18n import tr
from gui.common.vocab import (
    action_kinds,
    channels,
    compensation_kinds,
    compensation_statuses,
    contact_purposes,
    directions,
    follow_up_statuses,
    statuses,
)
from gui.common.widgets import local_text, share_columns, won, wrap_text


def event_words(e: TimelineEntry) -> tuple[str, str]:
    """The event's kind and what happened, as the timeline shows them."""
    if e.kind == "status":
        kind, text = (
            tr("상태 변경"),
            statuses().get(e.subtype, e.subtype) + (f" — {e.text}" if e.text else ""),
        )
    elif e.kind == "action":
        kind, text = (
            tr("처리: {kind}", kind=action_kinds().get(e.subtype, e.subtype)),
            e.text,
        )
    elif e.kind == "contact":
        direction, channel, purpose = ([*e.subtype.split(":"), "", "", ""])[:3]
        kind = tr("연락: {purpose}", purpose=contact_purposes().get(purpose, purpose))
        how = f"{directions().get(direction, direction)} · {channels().get(channel, channel)}"
        text = f"[{how}] {e.text}"
    elif e.kind == "compensation":
        kind = tr("보상")
        if e.subtype == "offer":
            k, amount = ([*e.text.split(":"), "0"])[:2]
            text = tr(
                "제안: {kind} {amount}",
                kind=compensation_kinds().get(k, k),
                amount=won(int(amount)),
            )
        else:
            text = compensation_statuses().get(e.subtype, e.subtype) + (
                f" — {e.text}" if e.text else ""
            )
    elif e.kind == "resolution":
        kind, text = tr("처리 결과 통지"), e.text
    else:
        kind = tr("재방문")
        text = follow_up_statuses().get(e.subtype, e.subtype) + (f" — {e.text}" if e.text else "")
    return kind, text


class Timeline(QTreeWidget):
    """One row per event: when, what kind, what happened, by whom."""

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels([tr("일시"), tr("구분"), tr("내용"), tr("처리자")])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        # When, what and who as wide as they are; what happened takes the rest, wrapped.
        share_columns(self, stretch=2)
        wrap_text(self)

    def show_case(self, d: CaseDetail, tz: tzinfo) -> None:
        self.clear()
        for e in d.timeline:
            kind, text = event_words(e)
            item = QTreeWidgetItem([local_text(e.at, tz), kind, text, e.by_name])
            item.setToolTip(2, text)
            self.addTopLevelItem(item)
