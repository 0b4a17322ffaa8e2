"""사건: the whole register, lazily paged, with filters and a search box."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from core.views import CategoryView, Page
from gui.common.i18n import language, tr, trn
from gui.common.vocab import channels, natures, statuses
from gui.desk.operations import Desk
from gui.lists.case_table import CaseTable
from gui.lists.case_table_model import LazyCaseModel
from gui.lists.highlight import SnippetDelegate
from gui.lists.import_dialog import ImportDialog


class CaseListPage(QWidget):
    open_case = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            tr("접수번호, 또는 제목·내용·처리·연락·고객 이름의 낱말로 찾기 (소음 → 층간소음)")
        )
        self.search.setAccessibleName(tr("검색"))
        self.status = self._combo({"": tr("모든 상태"), **statuses()})
        self.category = QComboBox()
        self.category.setAccessibleName(tr("분류"))
        self.category.addItem(tr("모든 분류"), None)
        self.nature = self._combo({"": tr("모든 성격"), **natures()})
        self.channel = self._combo({"": tr("모든 경로"), **channels()})
        self.assignee = QComboBox()
        self.assignee.setAccessibleName(tr("담당자"))
        self.assignee.addItem(tr("모든 담당자"), None)
        self.use_dates = QCheckBox(tr("접수 기간"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for d, name in ((self.date_from, tr("시작일")), (self.date_to, tr("종료일"))):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
            d.setAccessibleName(name)
        self.reset = QPushButton(tr("조건 지우기"))
        grid.addWidget(self.search, 0, 0, 1, 4)
        grid.addWidget(self.reset, 0, 4)
        # Supervisors bring in an earlier register and take the register out.
        self.import_button = QPushButton(tr("접수대장 가져오기…"))
        self.export_button = QPushButton(tr("접수대장 내보내기…"))
        self.import_button.setVisible(desk.can(Permission.REGISTER_IMPORT))
        self.export_button.setVisible(desk.can(Permission.REGISTER_EXPORT))
        grid.addWidget(self.import_button, 2, 3)
        grid.addWidget(self.export_button, 2, 4)
        grid.addWidget(self.status, 1, 0)
        grid.addWidget(self.category, 1, 1)
        grid.addWidget(self.nature, 1, 2)
        grid.addWidget(self.channel, 1, 3)
        grid.addWidget(self.assignee, 1, 4)
        grid.addWidget(self.use_dates, 2, 0)
        grid.addWidget(self.date_from, 2, 1)
        grid.addWidget(self.date_to, 2, 2)
        layout.addLayout(grid)
        self.table = CaseTable(case_prefix=desk.settings.case_prefix)
        self.table.setObjectName("caseListTable")
        self.table.setAccessibleName(tr("사건 목록"))
        self.model = LazyCaseModel(desk.tz, self._fetch, self)
        self.table.setModel(self.model)
        self._match_column = self.model.column_of("match")
        self.table.setItemDelegateForColumn(self._match_column, SnippetDelegate(self.table))
        self.table.setColumnHidden(self._match_column, True)  # shown with a search
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setObjectName("hint")
        layout.addWidget(self.count)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.status, self.category, self.nature, self.channel, self.assignee):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(self._toggle_dates)
        self.date_from.dateChanged.connect(lambda _d: self.reload())
        self.date_to.dateChanged.connect(lambda _d: self.reload())
        self.reset.clicked.connect(self.clear_filters)
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self._choose_export)
        self.table.activated_case.connect(self.open_case)
        desk.cases_changed.connect(lambda *_: self.reload())
        desk.run(sv.list_categories, on_done=self._set_categories)
        desk.run(sv.list_users, on_done=self._set_users)
        self.reload()

    def _combo(self, values: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        for key, text in values.items():
            combo.addItem(text, key or None)
        return combo

    def _set_categories(self, cats: list[CategoryView]) -> None:
        for c in cats:
            self.category.addItem(
                c.label(language()) if c.parent_id else f"▸ {c.label(language())}", c.id
            )

    def _set_users(self, users: list) -> None:
        for u in users:
            self.assignee.addItem(u.display_name, u.id)

    def _toggle_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.reload()

    def clear_filters(self) -> None:
        for w in (self.status, self.category, self.nature, self.channel, self.assignee):
            w.blockSignals(True)
            w.setCurrentIndex(0)
            w.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.use_dates.setChecked(False)
        self.reload()

    def filters(self) -> dict[str, Any]:
        f: dict[str, Any] = {
            "statuses": (self.status.currentData(),) if self.status.currentData() else (),
            "category_id": self.category.currentData(),
            "nature": self.nature.currentData(),
            "channel": self.channel.currentData(),
            "assignee_id": self.assignee.currentData(),
            "text": self.search.text().strip() or None,
        }
        if self.use_dates.isChecked():
            start = datetime.combine(self.date_from.date().toPython(), time(0), self.desk.tz)
            end = datetime.combine(self.date_to.date().toPython(), time(0), self.desk.tz)
            f["received_from"] = start
            f["received_to"] = end.replace(hour=23, minute=59, second=59)
        return f

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.desk, self)
        dialog.show()
        return dialog

    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr("접수대장 내보내기"),
            tr("접수대장") + ".xlsx",
            tr("엑셀 (*.xlsx);;CSV (*.csv)"),
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        """The register (within the list's date range, if one is set) to ``path``."""
        f = self.filters()
        self.count.setText(tr("내보내는 중입니다…"))
        self.desk.run(
            sv.export_register,
            path,
            received_from=f.get("received_from"),
            received_to=f.get("received_to"),
            lang=language(),
            on_done=lambda n: self.count.setText(
                trn(
                    "사건 {n:,}건을 내보냈습니다: {file}",
                    "사건 {n:,}건을 내보냈습니다: {file}",
                    n,
                    file=path.name,
                )
            ),
        )

    def _fetch(self, after: Any, limit: int) -> Page:
        return sv.list_cases(
            self.desk.db, self.desk.actor, after=after, limit=limit, **self.filters()
        )

    def reload(self) -> None:
        self.model.reload()
        self.table.show_matches(any(r.snippet for r in self.model.rows))
        shown = self.model.rowCount()
        more = self.model.canFetchMore()
        self.count.setText(
            trn(
                "{n}건 이상 표시 (스크롤하면 더 불러옵니다)",
                "{n}건 이상 표시 (스크롤하면 더 불러옵니다)",
                shown,
            )
            if more
            else trn("{n}건", "{n}건", shown)
        )
        self.table.scrollToTop()
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
