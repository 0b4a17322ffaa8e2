"""개선 조치 page (handlers, supervisors): the register of corrective and preventive actions.

Filters by status, owner and overdue; overdue rows are marked in words and in colour. The
selected improvement shows its cause, action and notes, and the cases behind it (Enter or a
double-click opens one). Its status moves by the buttons the table of moves allows
(``core.procedure.improvements``); 수정 corrects it and its linked cases.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.improvements import can_move
from core.procedure.permissions import Permission
from core.procedure.steps import ASSIGNABLE_ROLES
from core.views import ImprovementView
from gui.common.i18n import tr, trn
from gui.common.screen import ScrollingBody
from gui.common.vocab import improvement_kinds, improvement_statuses
from gui.common.widgets import ErrorLabel, local_text, share_columns
from gui.desk.operations import Desk
from gui.improvements.improvement_dialog import ImprovementDialog
from gui.operations import improvements as ops

OVERDUE = QColor("#c62828")
OVERDUE_BACKGROUND = QColor(198, 40, 40, 28)
OPEN_ONLY = "__open__"  # the status filter's "계획·진행"
# The status buttons, in the order of the work.
MOVES = ("open", "in_progress", "done", "verified", "dropped")


def _status_button_words() -> dict[str, str]:
    return {
        "open": tr("계획으로"),
        "in_progress": tr("진행"),
        "done": tr("완료"),
        "verified": tr("효과 확인"),
        "dropped": tr("중단"),
    }


class ImprovementsPage(QWidget):
    open_case = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.rows: dict[int, ImprovementView] = {}
        self.dialog: ImprovementDialog | None = None
        self._owners_loaded = False
        col = QVBoxLayout(self)
        title = QLabel(tr("개선 조치"))
        title.setObjectName("pageTitle")
        col.addWidget(title)

        bar = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(tr("상태"))
        self.status_filter.addItem(tr("모든 상태"), None)
        self.status_filter.addItem(tr("계획·진행"), OPEN_ONLY)
        for code, word in improvement_statuses().items():
            self.status_filter.addItem(word, code)
        self.owner_filter = QComboBox()
        self.owner_filter.setAccessibleName(tr("책임자"))
        self.owner_filter.addItem(tr("모든 책임자"), None)
        self.overdue_only = QCheckBox(tr("기한 경과만"))
        self.new_button = QPushButton(tr("새 개선 조치…"))
        self.new_button.setObjectName("primary")
        bar.addWidget(QLabel(tr("상태")))
        bar.addWidget(self.status_filter)
        bar.addWidget(QLabel(tr("책임자")))
        bar.addWidget(self.owner_filter)
        bar.addWidget(self.overdue_only)
        bar.addStretch(1)
        self.count = QLabel()
        bar.addWidget(self.count)
        bar.addWidget(self.new_button)
        col.addLayout(bar)

        self.table = QTreeWidget()
        self.table.setAccessibleName(tr("개선 조치 목록"))
        self.table.setHeaderLabels(
            [tr("조치명"), tr("구분"), tr("책임자"), tr("완료 기한"), tr("상태"), tr("관련 사건")]
        )
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        # The title takes the rest; many linked cases are elided, whole in the tooltip.
        share_columns(self.table, stretch=0, widths={5: 200})

        detail = QWidget()
        side = QVBoxLayout(detail)
        side.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.cause = QLabel()
        self.action = QLabel()
        self.notes = QLabel()
        self.made = QLabel()
        for label, widget in (
            (tr("근본 원인"), self.cause),
            (tr("조치 내용"), self.action),
            (tr("비고"), self.notes),
            (tr("등록"), self.made),
        ):
            widget.setWordWrap(True)
            widget.setAccessibleName(label)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, widget)
        # A long cause or note scrolls inside: the cases and the buttons stay in view.
        side.addWidget(ScrollingBody.around(form), 1)
        self.cases = QTreeWidget()
        self.cases.setAccessibleName(tr("관련 사건"))
        self.cases.setHeaderLabels([tr("접수번호"), tr("제목")])
        self.cases.setRootIsDecorated(False)
        share_columns(self.cases, stretch=1)
        side.addWidget(self.cases, 1)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton(tr("수정…"))
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self.status_buttons: dict[str, QPushButton] = {}
        words = _status_button_words()
        for status in MOVES:
            button = QPushButton(words[status])
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            buttons.addWidget(button)
            self.status_buttons[status] = button
        side.addLayout(buttons)
        self.error = ErrorLabel()
        side.addWidget(self.error)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        col.addWidget(split, 1)

        can_change = desk.can(Permission.IMPROVEMENT_MANAGE)
        self.new_button.setVisible(can_change)
        self.edit_button.setVisible(can_change)
        for button in self.status_buttons.values():
            button.setVisible(can_change)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.owner_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_only.toggled.connect(lambda _on: self.refresh())
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.current()))
        self.table.currentItemChanged.connect(lambda _item, _prev: self._show_current())
        self.table.itemActivated.connect(lambda _item, _col: self.open_dialog(self.current()))
        self.cases.itemActivated.connect(
            lambda item, _col: self.open_case.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))
        )
        # A case window's 개선 조치 등록 or 연결 changes the register too.
        desk.cases_changed.connect(lambda *_: self.refresh() if self.isVisible() else None)
        self._show_current()

    # ------------------------------------------------------------------ reading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._owners_loaded:
            self._owners_loaded = True
            self.desk.run(sv.list_users, on_done=self._fill_owners)
        self.refresh()

    def _fill_owners(self, users: list) -> None:
        for u in users:
            if u.role in ASSIGNABLE_ROLES:
                self.owner_filter.addItem(u.display_name, u.id)

    def filters(self) -> dict[str, Any]:
        status = self.status_filter.currentData()
        return {
            "status": None if status in (None, OPEN_ONLY) else status,
            "open_only": status == OPEN_ONLY,
            "owner_id": self.owner_filter.currentData(),
            "overdue": self.overdue_only.isChecked(),
        }

    def refresh(self) -> None:
        self.desk.run(sv.list_improvements, **self.filters(), on_done=self.show_rows)

    def show_rows(self, found: tuple[ImprovementView, ...]) -> None:
        keep = self.current()
        kept_id = keep.id if keep else None
        self.rows = {imp.id: imp for imp in found}
        kinds, statuses = improvement_kinds(), improvement_statuses()
        self.table.clear()
        again = None
        for imp in found:
            due = imp.due_date.isoformat() if imp.due_date else ""
            item = QTreeWidgetItem(
                [
                    imp.title,
                    kinds.get(imp.kind, imp.kind),
                    imp.owner_name or tr("미지정"),
                    f"⚠ {due}" if imp.overdue else due,  # a sign, not colour alone
                    statuses.get(imp.status, imp.status),
                    ", ".join(no for _, no, _ in imp.cases),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, imp.id)
            item.setToolTip(0, imp.title)
            item.setToolTip(5, "\n".join(f"{no} {subject}" for _, no, subject in imp.cases))
            if imp.overdue:
                item.setToolTip(3, tr("기한이 지났습니다"))
                for column in range(self.table.columnCount()):
                    item.setBackground(column, QBrush(OVERDUE_BACKGROUND))
                for column in (0, 3):
                    item.setForeground(column, QBrush(OVERDUE))
            self.table.addTopLevelItem(item)
            if imp.id == kept_id:
                again = item
        if again is None and self.table.topLevelItemCount():
            again = self.table.topLevelItem(0)
        if again is not None:
            self.table.setCurrentItem(again)
        overdue = sum(1 for imp in found if imp.overdue)
        self.count.setText(
            trn("{n}건", "{n}건", len(found))
            + (tr(" · 기한 경과 {n}건", n=overdue) if overdue else "")
        )
        self._show_current()

    def current(self) -> ImprovementView | None:
        item = self.table.currentItem()
        if item is None:
            return None
        return self.rows.get(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _show_current(self) -> None:
        imp = self.current()
        self.cause.setText(imp.root_cause if imp else "")
        self.action.setText(imp.preventive_action if imp else "")
        self.notes.setText((imp.notes or "") if imp else "")
        made = ""
        if imp is not None:
            made = f"{imp.created_by_name} {local_text(imp.created_at, self.desk.tz)}"
            if imp.verified_at:
                when = local_text(imp.verified_at, self.desk.tz)
                made += " · " + tr("효과 확인 {when}", when=when)
            elif imp.closed_at:
                made += " · " + tr("종료 {when}", when=local_text(imp.closed_at, self.desk.tz))
        self.made.setText(made)
        self.cases.clear()
        for case_id, case_no, subject in imp.cases if imp else ():
            item = QTreeWidgetItem([case_no, subject])
            item.setData(0, Qt.ItemDataRole.UserRole, case_id)
            item.setToolTip(1, subject)
            self.cases.addTopLevelItem(item)
        self.edit_button.setEnabled(imp is not None)
        for status, button in self.status_buttons.items():
            allowed = imp is not None and can_move(imp.status, status)
            button.setEnabled(allowed)
            button.setToolTip("" if allowed else tr("지금 상태에서는 이 상태로 바꿀 수 없습니다"))

    # ------------------------------------------------------------------ changing

    def open_dialog(self, existing: ImprovementView | None) -> ImprovementDialog | None:
        """개선 조치 등록 (``existing`` None) or 수정; opened, and returned for tests."""
        if not self.desk.can(Permission.IMPROVEMENT_MANAGE):
            return None
        self.dialog = ImprovementDialog(self.desk, existing=existing, parent=self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def set_status(self, status: str) -> None:
        imp = self.current()
        if imp is None:
            return
        self.error.show_error("")
        ops.set_improvement_status(
            self.desk,
            improvement_id=imp.id,
            status=status,
            on_done=lambda _r: self.refresh(),
            on_error=lambda exc: self.error.show_error(self.desk.describe(exc)),
        )
