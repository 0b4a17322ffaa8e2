"""보고서: choose a period, type the notes, preview the summary, print or save it."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from gui.common.i18n import N_, language, tr
from gui.common.pdf_preview import PdfDialog, PdfPanel
from gui.common.screen import ScrollingBody
from gui.common.widgets import ErrorLabel
from gui.desk.operations import Desk

NOTES = (
    ("focus", N_("중점 사안")),
    ("records", N_("기록·절차 개선")),
    ("training", N_("직원 교육")),
    ("problems", N_("발견된 문제")),
    ("plan", N_("다음 기간 계획")),
)
FORM_WIDTH = 380  # the choices and notes beside the preview, where there is room


class ReportsPage(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        form = QFormLayout()
        today = QDate.currentDate()
        self.kind = QComboBox()
        self.kind.addItem(tr("월간 요약"), "month")
        self.kind.addItem(tr("연간 요약"), "year")
        self.kind.setAccessibleName(tr("요약 종류"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year())
        self.year.setAccessibleName(tr("연도"))
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month())
        self.month.setAccessibleName(tr("해당 월"))
        form.addRow(tr("종류"), self.kind)
        form.addRow(tr("연도"), self.year)
        form.addRow(tr("해당 월"), self.month)
        self.notes: dict[str, QPlainTextEdit] = {}
        for key, title in NOTES:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setMaximumHeight(70)
            box.setAccessibleName(tr(title))
            self.notes[key] = box
            form.addRow(tr(title), box)
        left.addLayout(form)
        self.preview_button = QPushButton(tr("요약 미리보기"))
        self.preview_button.setObjectName("primary")
        self.blank_form = QPushButton(tr("빈 접수서 인쇄 (전산 장애 대비)"))
        self.error = ErrorLabel()
        left.addWidget(self.preview_button)
        left.addWidget(self.blank_form)
        left.addWidget(self.error)
        left.addStretch(1)
        # The choices and notes scroll on a short screen; the preview takes the rest of the
        # width (the divider is the person's to move, and is kept for the next start).
        holder = ScrollingBody.around(left)
        holder.setMinimumWidth(300)
        self.panel = PdfPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reportsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(holder)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([FORM_WIDTH, 1000])
        outer.addWidget(self.splitter)
        self.kind.currentIndexChanged.connect(lambda _i: self.month.setEnabled(self.is_month()))
        self.preview_button.clicked.connect(self.preview)
        self.blank_form.clicked.connect(self.print_blank_form)

    def is_month(self) -> bool:
        return self.kind.currentData() == "month"

    def period(self) -> str:
        year = self.year.value()
        return f"{year}-{self.month.value():02d}" if self.is_month() else str(year)

    def preview(self) -> None:
        self.error.show_error("")
        self.preview_button.setEnabled(False)
        self.preview_button.setText(tr("만드는 중…"))
        period = self.period()
        notes = {k: w.toPlainText() for k, w in self.notes.items()}

        def shown(data: bytes) -> None:
            self._done()
            self.panel.show_pdf(data, f"complaint-summary-{period}.pdf")

        def failed(exc: BaseException) -> None:
            self._done()
            self.error.show_error(self.desk.describe(exc))

        self.desk.run(
            sv.summary_pdf, period, notes=notes, lang=language(), on_done=shown, on_error=failed
        )

    def _done(self) -> None:
        self.preview_button.setEnabled(True)
        self.preview_button.setText(tr("요약 미리보기"))

    def print_blank_form(self) -> None:
        self.desk.run(
            sv.intake_form_pdf,
            None,
            lang=language(),
            on_done=lambda data: PdfDialog(
                tr("고객불만 접수서"), data, "intake-form.pdf", self
            ).open(),
        )
