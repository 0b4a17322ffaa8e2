"""대기열: the work queues with their counts; double-click or Enter opens a case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from gui.common.i18n import tr
from gui.common.vocab import queue_names
from gui.desk.operations import Desk
from gui.lists.case_table import CaseTable
from gui.lists.case_table_model import CaseRowsModel

# A queue's cases share the status that put them there and mostly their channel: the
# deadline, the customer and the subject get the room (a right click on the header brings
# the others back).
HIDDEN_IN_QUEUES = ("received_at", "channel")


class QueuesPage(QWidget):
    open_case = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("대기열 목록"))
        names = queue_names()
        for key in sv.QUEUES:
            if key == "pending_approval" and not desk.can(Permission.COMPENSATION_APPROVE):
                continue
            # 만족도 낮음 is the supervisors' to answer (a win-back or a second follow-up).
            if key == "low_satisfaction" and not desk.can(Permission.FOLLOW_UP_WAIVE):
                continue
            item = QListWidgetItem(names[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.table = CaseTable(case_prefix=desk.settings.case_prefix, hidden=HIDDEN_IN_QUEUES)
        self.table.setObjectName("queueTable")
        self.table.setAccessibleName(tr("대기열 사건"))
        self.model = CaseRowsModel(desk.tz, self)
        self.table.setModel(self.model)
        self.empty = QLabel(tr("이 대기열에 사건이 없습니다."))
        self.empty.setObjectName("hint")
        right.addWidget(self.title)
        right.addWidget(self.table, 1)
        right.addWidget(self.empty)
        holder = QWidget()
        holder.setLayout(right)
        # The queue names on the left as wide as the longest with its count; the person
        # may move the divider (kept for the next start).
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("queuesSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(holder)
        self.splitter.setStretchFactor(1, 1)
        count = self.fontMetrics().horizontalAdvance("  (0000)")
        names_width = self.list.sizeHintForColumn(0) + count + 24
        self.list.setMinimumWidth(min(names_width, 160))
        self.splitter.setSizes([names_width, 1000])
        layout.addWidget(self.splitter)
        self.list.currentRowChanged.connect(lambda _r: self.refresh())
        self.table.activated_case.connect(self.open_case)
        desk.cases_changed.connect(lambda *_: self.refresh())
        self.list.setCurrentRow(0)

    def current_queue(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "awaiting_ack"

    def refresh(self) -> None:
        name = self.current_queue()
        self.desk.run(sv.queue, name, on_done=lambda rows, n=name: self._show(n, rows))
        self.desk.run(sv.queue_counts, on_done=self._counts)

    def _show(self, name: str, rows: list) -> None:
        if name != self.current_queue():
            return  # the clerk moved on while this was loading
        self.title.setText(queue_names()[name])
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)

    def _counts(self, counts: dict[str, int]) -> None:
        names = queue_names()
        for i in range(self.list.count()):
            item = self.list.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            n = counts.get(key, 0)
            item.setText(f"{names[key]}  ({n})")
            if key == "overdue":
                font = item.font()
                font.setBold(n > 0)
                item.setFont(font)
