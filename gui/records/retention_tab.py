"""개인정보 파기 (supervisor): what retention would destroy now, the approval, the records.

The counts come from core; the approval is a confirmation with the exact counts (No by
default), the purge runs on the database thread, and the destruction record is shown for
printing or saving at once and can be reprinted from the list at any time.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
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
from gui.common.i18n import language, tr, trn
from gui.common.pdf_preview import PdfDialog
from gui.common.widgets import ErrorLabel, confirm_irreversible, local_text, share_columns
from gui.desk.operations import Desk
from gui.operations.records import purge_expired_personal_data


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _last_day(cutoff: date) -> date:
    """The cutoff is the first day kept; people read the last day destroyed."""
    return date.fromordinal(cutoff.toordinal() - 1)


class PurgeConfirmation:
    """The supervisor's approval. ``ask`` is replaced in tests (pytest-qt's advice)."""

    @classmethod
    def ask(cls, parent: QWidget, found: sv.RetentionCandidates) -> bool:
        return confirm_irreversible(
            parent,
            tr("개인정보 파기 승인"),
            tr(
                "고객 {customers}명, 사건 {cases}건의 개인정보를 파기합니다.",
                customers=f"{found.customers:,}",
                cases=f"{found.cases:,}",
            ),
            tr(
                "성명·연락처·이메일·주소·동의 내용이 지워지며 되돌릴 수 없습니다. "
                "사건 기록과 통계는 그대로 남습니다. 승인하시겠습니까?"
            ),
        )


class RetentionTab(QWidget):
    purged = Signal(int)  # the new destruction record's number

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.found: sv.RetentionCandidates | None = None
        self.records: dict[int, sv.DestructionRecord] = {}
        self.pdf_dialog: PdfDialog | None = None
        col = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "보존 기간이 지난 고객의 개인정보(성명, 연락처, 이메일, 주소, 동의 내용)를 "
                "파기합니다. 고객의 모든 사건이 종결되고 마지막 종결 후 보존 기간이 지난 "
                "경우에만 대상이 됩니다. 사건 기록과 통계는 남습니다."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        col.addWidget(intro)

        form = QFormLayout()
        self.period = QLabel()
        self.cutoff = QLabel()
        self.counts = QLabel()
        self.closed_range = QLabel()
        for label, widget in (
            (tr("보존 기간"), self.period),
            (tr("파기 기준"), self.cutoff),
            (tr("파기 대상"), self.counts),
            (tr("종결일 범위"), self.closed_range),
        ):
            widget.setAccessibleName(label)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, widget)
        col.addLayout(form)

        row = QHBoxLayout()
        self.refresh_button = QPushButton(tr("다시 계산"))
        self.approve_button = QPushButton(tr("파기 승인…"))
        self.approve_button.setObjectName("primary")
        self.approve_button.setEnabled(False)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        col.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        col.addWidget(self.status)
        col.addWidget(self.error)

        box = QGroupBox(tr("파기 기록 (개인정보 파기 관리대장)"))
        inner = QVBoxLayout(box)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [tr("번호"), tr("파기 일시"), tr("승인자"), tr("고객"), tr("사건"), tr("종결일 기준")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(tr("파기 기록 목록"))
        share_columns(self.tree, stretch=2)  # the approver's name takes the rest
        inner.addWidget(self.tree, 1)
        self.reprint_button = QPushButton(tr("파기 확인서 보기·인쇄…"))
        self.reprint_button.setEnabled(False)
        inner.addWidget(self.reprint_button, alignment=Qt.AlignmentFlag.AlignRight)
        col.addWidget(box, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.approve_button.clicked.connect(self.approve)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.reprint_current())
        self.tree.currentItemChanged.connect(
            lambda item, _prev: self.reprint_button.setEnabled(item is not None)
        )
        desk.settings_changed.connect(self.refresh)
        if desk.can(Permission.RETENTION_PURGE):
            self.refresh()
        else:
            self.refresh_button.setEnabled(False)
            self.status.setText(tr("개인정보 파기는 관리자만 승인할 수 있습니다."))

    # ------------------------------------------------------------------ reading
    def refresh(self) -> None:
        self.error.show_error("")
        self.approve_button.setEnabled(False)
        self.desk.run(sv.retention_candidates, on_done=self._show_candidates, on_error=self._fail)
        self.desk.run(sv.destruction_records, on_done=self._show_records, on_error=self._fail)

    def _show_candidates(self, found: sv.RetentionCandidates) -> None:
        self.found = found
        self.period.setText(tr("{years}년 (전자상거래법: 3년)", years=found.retention_years))
        self.cutoff.setText(tr("종결일이 {day} 이전인 사건", day=_day(_last_day(found.cutoff))))
        self.counts.setText(
            trn("고객 {n:,}명", "고객 {n:,}명", found.customers)
            + " · "
            + trn("사건 {n:,}건", "사건 {n:,}건", found.cases)
        )
        self.closed_range.setText(
            f"{_day(found.oldest_closed)} ~ {_day(found.newest_closed)}"
            if found.cases
            else tr("대상 없음")
        )
        self.approve_button.setEnabled(found.customers > 0)

    def _show_records(self, records: list[sv.DestructionRecord]) -> None:
        self.tree.clear()
        self.records = {r.id: r for r in records}
        for r in records:
            item = QTreeWidgetItem(
                [
                    tr("제 {n}호", n=r.id),
                    local_text(r.at, self.desk.tz),
                    r.approved_by,
                    f"{r.customers:,}",
                    f"{r.cases:,}",
                    f"~ {_day(_last_day(r.cutoff))}",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            self.tree.addTopLevelItem(item)

    # ------------------------------------------------------------------ the purge
    def approve(self) -> None:
        found = self.found
        if found is None or found.customers == 0:
            return
        self.error.show_error("")
        if not PurgeConfirmation.ask(self, found):
            return
        self.approve_button.setEnabled(False)
        self.refresh_button.setEnabled(False)
        self.status.setText(tr("파기하는 중…"))
        purge_expired_personal_data(
            self.desk,
            customers=found.customers,
            cases=found.cases,
            on_done=self._purged,
            on_error=self._purge_failed,
        )

    def _purged(self, record: sv.DestructionRecord) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(
            tr(
                "파기했습니다: 제 {n}호 — 고객 {customers}명, 사건 {cases}건",
                n=record.id,
                customers=f"{record.customers:,}",
                cases=f"{record.cases:,}",
            )
        )
        self.refresh()
        self.show_record(record.id)
        self.purged.emit(record.id)

    def _purge_failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, sv.RetentionChanged):
            self.refresh()  # count again; the message below stays
            self.error.show_error(
                tr(
                    "승인한 뒤 파기 대상이 바뀌어 아무것도 파기하지 않았습니다. "
                    "다시 계산된 대상을 확인하고 다시 승인하세요."
                )
            )
        else:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.error.show_error(self.desk.describe(exc))

    # ------------------------------------------------------------------ the record
    def reprint_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.show_record(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def show_record(self, record_id: int) -> None:
        self.desk.run(
            sv.destruction_record_pdf,
            record_id,
            lang=language(),
            on_done=lambda data: self._open_pdf(record_id, data),
            on_error=self._fail,
        )

    def _open_pdf(self, record_id: int, data: bytes) -> None:
        self.pdf_dialog = PdfDialog(
            tr("개인정보 파기 확인서"), data, f"destruction-record-{record_id}.pdf", self
        )
        self.pdf_dialog.open()
