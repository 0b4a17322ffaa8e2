"""대기열: the work queues with their counts; double-click or Enter opens a case."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from gui.common.i18n import tr
from gui.common.vocab import queue_names
from gui.desk.operations import Desk
from gui.lists.case_table_model import CaseRowsModel


class CaseTable(QTableView):
    """A table of cases where Enter opens the current one, as double-click does."""

    activated_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.setWordWrap(False)
        self.doubleClicked.connect(self._open)

    def setModel(self, model) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((130, 140, 90, 70, 300, 60, 70, 230)):
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the subject takes the rest

    def _open(self, index: QModelIndex) -> None:
        case_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.activated_case.emit(int(case_id))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)


class QueuesPage(QWidget):
    open_case = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("대기열 목록"))
        self.list.setFixedWidth(240)
        names = queue_names()
        for key in sv.QUEUES:
            if key == "pending_approval" and not desk.can(Permission.COMPENSATION_APPROVE):
                continue
            item = QListWidgetItem(names[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        right = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.table = CaseTable()
        self.table.setAccessibleName(tr("대기열 사건"))
        self.model = CaseRowsModel(desk.tz, self)
        self.table.setModel(self.model)
        self.empty = QLabel(tr("이 대기열에 사건이 없습니다."))
        self.empty.setObjectName("hint")
        right.addWidget(self.title)
        right.addWidget(self.table, 1)
        right.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        self.list.currentRowChanged.connect(lambda _r: self.refresh())
        self.table.activated_case.connect(self.open_case)
        desk.case_changed.connect(lambda *_: self.refresh())
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
