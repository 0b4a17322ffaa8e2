"""설정 (admin): office and deadlines, users and roles, categories."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.errors import ValidationFailed
from core.procedure.office import OfficeSettings
from core.views import CategoryView
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import N_, tr
from gui.common.receipt_printer import ReceiptPrinterGroup
from gui.common.screen import ScrollingBody
from gui.common.vocab import roles
from gui.common.widgets import ErrorLabel, FormWithErrors, problems_by_field, share_columns
from gui.desk.operations import Desk
from gui.operations import office

WEEKDAYS = (N_("월"), N_("화"), N_("수"), N_("목"), N_("금"), N_("토"), N_("일"))
# How the acknowledgement deadline is counted (core.procedure.enums.AckRule).
ACK_RULES = (
    ("next_business_day", N_("같은 시각 다음 영업일 (기본: 금 17:00 → 월 17:00)")),
    ("clock_hours", N_("시계 기준 N시간 (밤·주말·휴일 포함)")),
    ("business_hours", N_("업무 시간 기준 N시간")),
)


class ClosedDaysTable(QWidget):
    """The office's closed days and extra holidays (임시공휴일): date and name, one a row.

    The date is typed (2026-03-16); the service refuses a date it cannot read, and the row
    is selected so the admin sees which one."""

    def __init__(self) -> None:
        super().__init__()
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([tr("날짜 (예: 2026-03-16)"), tr("이름")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(tr("휴무일 목록"))
        # A few rows show; more scroll inside, so the form still fits a laptop's screen.
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(170)
        col.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("휴무일 추가"))
        self.remove_button = QPushButton(tr("선택한 휴무일 삭제"))
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        col.addLayout(row)
        self.add_button.clicked.connect(lambda: self.add_day())
        self.remove_button.clicked.connect(self.remove_selected)

    def set_days(self, days: tuple[tuple[str, str], ...]) -> None:
        self.table.setRowCount(0)
        for day, name in days:
            self._append(day, name)

    def _append(self, day: str, name: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(day))
        self.table.setItem(row, 1, QTableWidgetItem(name))
        return row

    def add_day(self, day: str = "", name: str = "") -> None:
        """A new row, its date cell open for typing (today's date when none is given)."""
        row = self._append(day or QDate.currentDate().toString("yyyy-MM-dd"), name)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def days(self) -> list[list[str]]:
        """The rows as [date, name]; a row left wholly blank is no day."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            day, name = (c.text().strip() if c is not None else "" for c in cells)
            if day or name:
                out.append([day, name])
        return out

    def select_first_bad(self) -> None:
        """Select the first row whose date cannot be read or whose name is blank."""
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            day, name = (c.text().strip() if c is not None else "" for c in cells)
            if not day and not name:
                continue
            try:
                date.fromisoformat(day)
            except ValueError:
                self.table.setCurrentCell(row, 0)
                return
            if not name:
                self.table.setCurrentCell(row, 1)
                return


class OfficeTab(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        # A long form: it scrolls on a short screen, the save button with it.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        col = QVBoxLayout()
        outer.addWidget(ScrollingBody.around(col))
        form = QFormLayout()
        self.form = FormWithErrors(form)
        self.office_name = self.form.add(
            "office_name", tr("사무소 이름"), QLineEdit(), is_required=True
        )
        self.office_contact = self.form.add("office_contact", tr("사무소 연락처"), QLineEdit())
        self.case_prefix = self.form.add(
            "case_prefix", tr("접수번호 머리글자"), QLineEdit(), is_required=True
        )
        self.start = self.form.add("office_start", tr("업무 시작"), QTimeEdit())
        self.end = self.form.add("office_end", tr("업무 종료"), QTimeEdit())
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.days = []
        for i, name in enumerate(WEEKDAYS):
            box = QCheckBox(tr(name))
            box.setProperty("day", i)
            self.days.append(box)
            row.addWidget(box)
        self.form.add("workdays", tr("업무일"), days)
        self.ack_rule = QComboBox()
        for key, label in ACK_RULES:
            self.ack_rule.addItem(tr(label), key)
        self.form.add("ack_rule", tr("접수 확인 기한"), self.ack_rule)
        self.ints: dict[str, QSpinBox] = {}
        self.ack_hours = QSpinBox()
        self.ack_hours.setRange(1, 240)
        self.ack_hours.setSuffix(tr(" 시간"))
        self.ints["ack_business_hours"] = self.ack_hours
        self.form.add("ack_business_hours", tr("기한 시간 (N)"), self.ack_hours)
        ack_note = QLabel(
            tr(
                "바꾼 기한은 새로 접수하는 사건부터 적용됩니다. "
                "이미 접수한 사건은 안내한 기한을 그대로 유지합니다."
            )
        )
        ack_note.setObjectName("hint")
        ack_note.setWordWrap(True)
        form.addRow("", ack_note)
        self.ack_rule.currentIndexChanged.connect(lambda _i: self._ack_rule_changed())
        for key, label, hi, suffix in (
            ("resolve_days_normal", tr("처리 기한 (보통)"), 120, tr(" 업무일")),
            ("resolve_days_important", tr("처리 기한 (중요)"), 120, tr(" 업무일")),
            ("progress_interval_days", tr("진행 안내 주기"), 60, tr(" 업무일")),
            ("followup_delay_days", tr("처리 후 재방문"), 60, tr(" 업무일 후")),
            ("approval_threshold", tr("보상 승인 기준 금액"), 1_000_000_000, tr(" 원 초과")),
            ("winback_score", tr("만족도 낮음 기준"), 5, tr(" 점 이하 (관리자 대기열로)")),
            ("idle_lock_minutes", tr("자동 화면 잠금"), 240, tr(" 분")),
            ("retention_years", tr("개인정보 보존 기간"), 10, tr(" 년 (사건 종결 후)")),
        ):
            spin = QSpinBox()
            spin.setRange(0, hi)
            spin.setSuffix(suffix)
            spin.setGroupSeparatorShown(True)
            if key == "approval_threshold":
                spin.setSingleStep(10_000)
            self.ints[key] = spin
            self.form.add(key, label, spin)
        self.ints["winback_score"].setMinimum(1)
        # The retention period's note comes right below it (the last of the numbers).
        retention_note = QLabel(tr("전자상거래법: 3년. 지나면 관리자가 파기를 승인합니다."))
        retention_note.setObjectName("hint")
        retention_note.setWordWrap(True)
        form.addRow("", retention_note)
        self.closed_days = ClosedDaysTable()
        self.form.add("closed_days", tr("휴무일·임시공휴일"), self.closed_days)
        closed_note = QLabel(
            tr(
                "법정 공휴일은 자동으로 빠집니다. "
                "사무소 휴무일과 나중에 지정된 임시공휴일을 여기에 넣으세요."
            )
        )
        closed_note.setObjectName("hint")
        closed_note.setWordWrap(True)
        form.addRow("", closed_note)
        col.addLayout(form)
        self.error = ErrorLabel()
        col.addWidget(self.error)
        self.saved = QLabel()
        self.saved.setObjectName("hint")
        col.addWidget(self.saved)
        save = QPushButton(tr("설정 저장"))
        save.setObjectName("primary")
        save.clicked.connect(self.save)
        col.addWidget(save, alignment=Qt.AlignmentFlag.AlignRight)
        col.addStretch(1)
        self.show_settings(desk.settings)

    def show_settings(self, s: OfficeSettings) -> None:
        self.office_name.setText(s.office_name)
        self.office_contact.setText(s.office_contact)
        self.case_prefix.setText(s.case_prefix)
        self.start.setTime(QTime.fromString(s.office_start, "HH:mm"))
        self.end.setTime(QTime.fromString(s.office_end, "HH:mm"))
        for box in self.days:
            box.setChecked(box.property("day") in s.workdays)
        for key, spin in self.ints.items():
            spin.setValue(int(getattr(s, key)))
        self.ack_rule.setCurrentIndex(max(0, self.ack_rule.findData(s.ack_rule)))
        self._ack_rule_changed()
        self.closed_days.set_days(s.closed_days)

    def _ack_rule_changed(self) -> None:
        # The hours count only for the clock-hours and office-hours rules.
        self.ack_hours.setEnabled(self.ack_rule.currentData() != "next_business_day")

    def values(self) -> dict[str, Any]:
        return {
            "office_name": self.office_name.text(),
            "office_contact": self.office_contact.text(),
            "case_prefix": self.case_prefix.text(),
            "office_start": self.start.time().toString("HH:mm"),
            "office_end": self.end.time().toString("HH:mm"),
            "workdays": [b.property("day") for b in self.days if b.isChecked()],
            "ack_rule": self.ack_rule.currentData(),
            "closed_days": self.closed_days.days(),
            **{k: s.value() for k, s in self.ints.items()},
        }

    def save(self) -> None:
        self.form.clear_errors()
        self.error.show_error("")
        self.saved.setText("")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationFailed):
                problems = problems_by_field(exc)
                self.form.show_errors(problems)
                if "closed_days" in problems:
                    self.closed_days.select_first_bad()
            else:
                self.error.show_error(self.desk.describe(exc))

        office.update_settings(
            self.desk,
            changes=self.values(),
            on_done=lambda s: (self.show_settings(s), self.saved.setText(tr("저장했습니다."))),
            on_error=failed,
        )


class UsersTab(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        col = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("이름"), tr("아이디"), tr("역할"), tr("상태")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(tr("사용자 목록"))
        share_columns(self.tree, stretch=3)
        col.addWidget(self.tree, 1)
        row = QHBoxLayout()
        add = QPushButton(tr("사용자 추가"))
        edit = QPushButton(tr("역할·상태 변경"))
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        col.addLayout(row)
        add.clicked.connect(self.add_user)
        edit.clicked.connect(self.edit_user)
        self.refresh()

    def refresh(self) -> None:
        self.desk.run(sv.list_users, include_inactive=True, on_done=self._show)

    def _show(self, users: list) -> None:
        self.tree.clear()
        self.users = {u.id: u for u in users}
        for u in users:
            state = tr("잠김") if u.locked else tr("사용") if u.active else tr("중지")
            item = QTreeWidgetItem(
                [u.display_name, u.username, roles().get(u.role.value, ""), state]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, u.id)
            self.tree.addTopLevelItem(item)

    def add_user(self) -> None:
        fields = [
            Field("username", tr("아이디"), required=True),
            Field("display_name", tr("이름"), required=True),
            Field("role", tr("역할"), "choice", roles(), value="clerk"),
            Field("password", tr("처음 비밀번호 (8자 이상)"), required=True),
        ]
        dialog = StepDialog(
            tr("사용자 추가"),
            fields,
            lambda v, done, failed: office.create_user(
                self.desk,
                username=v["username"],
                display_name=v["display_name"],
                role=v["role"],
                password=v["password"],
                on_done=done,
                on_error=failed,
            ),
            parent=self,
        )
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def edit_user(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        user = self.users[item.data(0, Qt.ItemDataRole.UserRole)]
        fields = [
            Field("role", tr("역할"), "choice", roles(), value=user.role.value),
            Field("active", tr("사용"), "check", value=user.active),
            Field("new_password", tr("새 비밀번호 (바꿀 때만)")),
        ]
        dialog = StepDialog(
            tr("{name} 변경", name=user.display_name),
            fields,
            lambda v, done, failed: office.update_user(
                self.desk,
                user_id=user.id,
                role=v["role"],
                active=v["active"],
                new_password=v["new_password"] or None,
                on_done=done,
                on_error=failed,
            ),
            parent=self,
        )
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()


class CategoriesTab(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        col = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([tr("분류 (한국어)"), tr("영어"), tr("코드"), tr("사용")])
        self.tree.setAccessibleName(tr("분류 목록"))
        share_columns(self.tree, stretch=1)  # the names and codes whole, English takes the rest
        col.addWidget(self.tree, 1)
        row = QHBoxLayout()
        add = QPushButton(tr("분류 추가"))
        edit = QPushButton(tr("분류 수정"))
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        col.addLayout(row)
        add.clicked.connect(lambda: self.edit(None))
        edit.clicked.connect(self.edit_current)
        desk.settings_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.desk.run(sv.list_categories, on_done=self._show)

    def _show(self, cats: list[CategoryView]) -> None:
        self.tree.clear()
        self.cats = {c.id: c for c in cats}
        tops: dict[int, QTreeWidgetItem] = {}
        for c in cats:
            item = QTreeWidgetItem([c.name_ko, c.name_en, c.code, "✔" if c.active else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            if c.parent_id is None:
                tops[c.id] = item
                self.tree.addTopLevelItem(item)
            elif c.parent_id in tops:
                tops[c.parent_id].addChild(item)
        self.tree.expandAll()

    def edit_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.edit(self.cats[item.data(0, Qt.ItemDataRole.UserRole)])

    def edit(self, cat: CategoryView | None) -> None:
        parents = {"": tr("(최상위)")} | {
            c.code: c.name_ko for c in self.cats.values() if c.parent_id is None
        }
        fields = [
            Field(
                "parent", tr("상위 분류"), "choice", parents, value=cat.parent_code if cat else ""
            ),
            Field("code", tr("코드 (영문)"), value=cat.code if cat else "", required=True),
            Field("name_ko", tr("이름 (한국어)"), value=cat.name_ko if cat else "", required=True),
            Field("name_en", tr("이름 (영어)"), value=cat.name_en if cat else "", required=True),
            Field("active", tr("사용"), "check", value=cat.active if cat else True),
        ]
        dialog = StepDialog(
            tr("분류 수정") if cat else tr("분류 추가"),
            fields,
            lambda v, done, failed: office.save_category(
                self.desk,
                code=v["code"],
                name_ko=v["name_ko"],
                name_en=v["name_en"],
                parent_code=v["parent"] or None,
                active=v["active"],
                category_id=cat.id if cat else None,
                on_done=done,
                on_error=failed,
            ),
            parent=self,
        )
        dialog.open()


class SettingsPage(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        tabs = QTabWidget()
        self.office_tab = OfficeTab(desk)
        self.users_tab = UsersTab(desk)
        self.categories_tab = CategoriesTab(desk)
        tabs.addTab(self.office_tab, tr("사무소·기한"))
        tabs.addTab(self.users_tab, tr("사용자·역할"))
        tabs.addTab(self.categories_tab, tr("분류"))
        # This PC's receipt printer: kept on the PC (QSettings), not in the office's database.
        self.pc_tab = QWidget()
        pc = QVBoxLayout(self.pc_tab)
        self.receipt_printer = ReceiptPrinterGroup()
        pc.addWidget(self.receipt_printer)
        pc.addStretch(1)
        tabs.addTab(self.pc_tab, tr("이 PC"))
        col.addWidget(tabs)
