"""The 개선 조치 tab of a case window: the improvements this case is behind, and for handlers
and supervisors 개선 조치 등록 (root cause → action, from the case) and 기존 조치에 연결."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from core.views import CaseDetail, ImprovementView
from gui.case.step_dialog import StepDialog
from gui.common.i18n import tr
from gui.common.screen import ScrollingBody
from gui.common.vocab import improvement_kinds, improvement_statuses
from gui.common.widgets import share_columns, wrap_text
from gui.desk.operations import Desk
from gui.improvements.improvement_dialog import ImprovementDialog, link_dialog

OVERDUE = QColor("#c62828")


class CaseImprovements(QWidget):
    """Shown by ``show_case``; the buttons appear once ``attach`` gives it the desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk: Desk | None = None
        self.detail: CaseDetail | None = None
        self.dialog: StepDialog | None = None
        col = QVBoxLayout(self)
        row = QHBoxLayout()
        self.register_button = QPushButton(tr("개선 조치 등록…"))
        self.link_button = QPushButton(tr("기존 조치에 연결…"))
        row.addWidget(self.register_button)
        row.addWidget(self.link_button)
        row.addStretch(1)
        col.addLayout(row)
        self.list = QTreeWidget()
        self.list.setAccessibleName(tr("이 사건의 개선 조치"))
        self.list.setHeaderLabels(
            [tr("조치명"), tr("구분"), tr("책임자"), tr("완료 기한"), tr("상태")]
        )
        self.list.setRootIsDecorated(False)
        share_columns(self.list, stretch=0)
        wrap_text(self.list)
        col.addWidget(self.list, 1)
        # The selected one's cause and action, whole: too long for a column of a narrow tab.
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about.setAccessibleName(tr("근본 원인과 조치 내용"))
        about = QVBoxLayout()
        about.setContentsMargins(0, 0, 0, 0)
        about.addWidget(self.about)
        self.about_area = ScrollingBody.around(about)  # a long cause scrolls, never grows
        self.about_area.setMaximumHeight(ScrollingBody.LEAST_HEIGHT)
        col.addWidget(self.about_area)
        for button in (self.register_button, self.link_button):
            button.setVisible(False)
        self.register_button.clicked.connect(self.register_dialog)
        self.link_button.clicked.connect(self.link_dialog)
        self.list.itemActivated.connect(lambda item, _col: self.edit_dialog(item))
        self.list.currentItemChanged.connect(lambda item, _prev: self._show_about(item))

    def attach(self, desk: Desk) -> None:
        self.desk = desk
        can_change = desk.can(Permission.IMPROVEMENT_MANAGE)
        for button in (self.register_button, self.link_button):
            button.setVisible(can_change)

    def _may_change(self) -> bool:
        return self.desk is not None and self.desk.can(Permission.IMPROVEMENT_MANAGE)

    def count(self) -> int:
        return self.list.topLevelItemCount()

    def show_case(self, d: CaseDetail) -> None:
        self.detail = d
        self.list.clear()
        kinds, statuses = improvement_kinds(), improvement_statuses()
        for imp in d.improvements:
            due = imp.due_date.isoformat() if imp.due_date else ""
            item = QTreeWidgetItem(
                [
                    imp.title,
                    kinds.get(imp.kind, imp.kind),
                    imp.owner_name or "",
                    f"⚠ {due}" if imp.overdue else due,
                    statuses.get(imp.status, imp.status),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, imp.id)
            about = tr(
                "근본 원인: {cause}\n조치 내용: {action}",
                cause=imp.root_cause,
                action=imp.preventive_action,
            )
            item.setData(1, Qt.ItemDataRole.UserRole, about)
            item.setToolTip(0, about)
            if imp.overdue:
                item.setForeground(3, QBrush(OVERDUE))
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self._show_about(first)

    def _show_about(self, item: QTreeWidgetItem | None) -> None:
        self.about.setText(str(item.data(1, Qt.ItemDataRole.UserRole)) if item else "")
        self.about_area.setVisible(item is not None)

    # ------------------------------------------------------------------ dialogs

    def register_dialog(self) -> StepDialog | None:
        """개선 조치 등록 from this case: its number and recorded root cause filled in."""
        desk, d = self.desk, self.detail
        if desk is None or d is None or not self._may_change():
            return None
        self.dialog = ImprovementDialog(desk, case=d, parent=self)
        self.dialog.open()
        return self.dialog

    def link_dialog(self) -> StepDialog | None:
        """기존 조치에 연결: this case joins an improvement already registered."""
        desk, d = self.desk, self.detail
        if desk is None or d is None or not self._may_change():
            return None
        self.dialog = link_dialog(desk, d, parent=self)
        self.dialog.open()
        return self.dialog

    def edit_dialog(self, item: QTreeWidgetItem) -> StepDialog | None:
        """수정 of the improvement double-clicked, read fresh (other cases may cite it)."""
        desk = self.desk
        if desk is None or not self._may_change():
            return None

        def open_it(imp: ImprovementView) -> None:
            self.dialog = ImprovementDialog(desk, existing=imp, parent=self)
            self.dialog.open()

        desk.run(sv.get_improvement, int(item.data(0, Qt.ItemDataRole.UserRole)), on_done=open_it)
        return None
