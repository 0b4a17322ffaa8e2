"""Table models over ``CaseRow`` values: a plain one for queues, a lazy one for the whole list.

The lazy model asks core for keyset pages as the view scrolls (``canFetchMore``/``fetchMore``),
so a million cases open at once and every page costs the same (DESIGN.md traps).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.views import CaseRow, Page
from gui.common.i18n import tr
from gui.common.vocab import channels, due_kinds, statuses
from gui.common.widgets import local_text
from gui.lists.highlight import SNIPPET_ROLE

Index = QModelIndex | QPersistentModelIndex


def columns(*, with_match: bool = False) -> list[tuple[str, str]]:
    """The list's columns; the whole register adds where a search matched."""
    match = [("match", tr("찾은 내용"))] if with_match else []
    return [
        ("case_no", tr("접수번호")),
        ("due", tr("다음 기한")),  # what a clerk looks for first, beside the number
        ("received_at", tr("접수일시")),
        ("status", tr("상태")),
        ("customer", tr("고객")),
        ("subject", tr("제목")),
        ("channel", tr("경로")),
        ("assignee", tr("담당자")),
        # Masked by core (010-1234-****) for a role that may not see personal data.
        ("contact", tr("연락처")),
        *match,
    ]


class CaseRowsModel(QAbstractTableModel):
    """Rows of cases; overdue rows are marked in colour and in words (not colour alone)."""

    def __init__(self, tz: Any, parent: QObject | None = None, *, with_match: bool = False) -> None:
        super().__init__(parent)
        self.tz = tz
        self.rows: list[CaseRow] = []
        self._columns = columns(with_match=with_match)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._columns):
            return self._columns[section][1]
        return None

    def _text(self, row: CaseRow, key: str) -> str:
        if key == "case_no":
            return row.case_no
        if key == "received_at":
            return local_text(row.received_at, self.tz)
        if key == "status":
            return statuses().get(row.status, row.status)
        if key == "customer":
            return row.customer_name
        if key == "subject":
            # A queue's reason beside it (만족도 낮음: the score and the customer's words).
            return f"{row.subject} — {row.remark}" if row.remark else row.subject
        if key == "channel":
            return channels().get(row.channel, row.channel)
        if key == "assignee":
            return row.assignee_name or ""
        if key == "due":
            if row.next_due_at is None:
                return ""
            label = due_kinds().get(row.next_due_kind or "", "")
            text = f"{label} {local_text(row.next_due_at, self.tz)}"
            return f"⚠ {text}" if row.overdue else text  # a sign, not colour alone
        if key == "contact":
            return row.customer_phone or row.customer_email
        if key == "match":
            return "".join(row.snippet) if row.snippet else ""
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self.rows[index.row()]
        key = self._columns[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, key)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == SNIPPET_ROLE and key == "match":
            return row.snippet
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and key in ("due", "case_no"):
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(QColor(198, 40, 40, 28))
        return None

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def keys(self) -> list[str]:
        """The columns' keys, in order."""
        return [k for k, _ in self._columns]

    def column_of(self, key: str) -> int:
        return self.keys().index(key)

    def case_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None


class LazyCaseModel(CaseRowsModel):
    """The whole register, newest first, fetched a page at a time as the view scrolls."""

    PAGE = 200

    def __init__(
        self,
        tz: Any,
        fetch: Callable[[tuple[datetime, int] | None, int], Page],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(tz, parent, with_match=True)
        self._fetch = fetch
        self._next: tuple[datetime, int] | None = None
        self._done = True

    def reload(self) -> None:
        page = self._fetch(None, self.PAGE)
        self.beginResetModel()
        self.rows = list(page.rows)
        self._next = page.next_key
        self._done = page.next_key is None
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done:
            return
        page = self._fetch(self._next, self.PAGE)
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self._next = page.next_key
        self._done = page.next_key is None
