"""This PC's receipt printer: which printer, which paper, and which receipt layout (an A4
sheet, or one long page for an 80 mm roll printer).

Per PC, so kept in QSettings and not in the office's database: counter PCs sharing one
database have different printers. Chosen once through Qt's own print dialog (the first
save-and-print on a PC asks), changed with "프린터 변경…" or in 설정.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from core import services as sv
from core.services.reports import prepare_receipt
from gui.common.i18n import N_, language, tr
from gui.common.pdf_preview import PdfDialog
from gui.common.printing import PrintQueue, PrintReport, PrintTarget, print_failure

if TYPE_CHECKING:
    from gui.desk.operations import Desk

LAYOUTS = {
    "a4": N_("A4 (아래 절반은 사무소 보관용)"),
    "thermal80": N_("80mm 영수증 프린터"),
}
ROLL_WIDTH_MM = 90  # paper this narrow is a receipt roll


def pc_settings() -> QSettings:
    """Where this PC keeps its choices (replaced in tests)."""
    return QSettings()


@dataclass(frozen=True)
class ReceiptPrinter:
    """The receipt printer of this PC, as plain values."""

    layout: str = "a4"
    printer_name: str = ""  # "" with nothing in output_file: not chosen yet
    output_file: str = ""  # the print dialog's "print to file"
    paper_mm: tuple[float, float] | None = None

    @property
    def chosen(self) -> bool:
        return bool(self.printer_name or self.output_file)

    def target(self, doc_name: str) -> PrintTarget:
        # A roll has no fixed length: the receipt's page is the paper. An A4 receipt is
        # fitted to the paper chosen (A4, or Letter where that is what the tray holds).
        paper = None if self.layout == "thermal80" else self.paper_mm
        return PrintTarget(
            printer_name=self.printer_name,
            output_file=self.output_file,
            paper_mm=paper,
            doc_name=doc_name,
        )

    def describe(self) -> str:
        """The printer as the clerk knows it, for the settings and the buttons' hints."""
        if self.printer_name:
            return self.printer_name
        return self.output_file or tr("(아직 고르지 않음)")


def load() -> ReceiptPrinter:
    s = pc_settings()
    s.beginGroup("receipt_printer")
    try:
        layout = str(s.value("layout", "a4"))
        width, height = float(s.value("paper_w", 0) or 0), float(s.value("paper_h", 0) or 0)
        return ReceiptPrinter(
            layout=layout if layout in LAYOUTS else "a4",
            printer_name=str(s.value("printer", "") or ""),
            output_file=str(s.value("output_file", "") or ""),
            paper_mm=(width, height) if width and height else None,
        )
    finally:
        s.endGroup()


def save(choice: ReceiptPrinter) -> None:
    s = pc_settings()
    s.beginGroup("receipt_printer")
    s.setValue("layout", choice.layout)
    s.setValue("printer", choice.printer_name)
    s.setValue("output_file", choice.output_file)
    width, height = choice.paper_mm or (0, 0)
    s.setValue("paper_w", width)
    s.setValue("paper_h", height)
    s.endGroup()
    s.sync()


def set_layout(layout: str) -> ReceiptPrinter:
    choice = replace(load(), layout=layout)
    save(choice)
    return choice


def from_printer(printer: QPrinter) -> ReceiptPrinter:
    """What the clerk picked in Qt's print dialog; a roll's width decides the layout."""
    size = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter)
    paper = (round(size.width(), 1), round(size.height(), 1))
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    return ReceiptPrinter(
        layout="thermal80" if 0 < paper[0] <= ROLL_WIDTH_MM else "a4",
        printer_name="" if to_file else printer.printerName(),
        output_file=printer.outputFileName() if to_file else "",
        paper_mm=paper,
    )


class PrinterChoice:
    """Qt's print dialog, asked once per PC; ``ask`` is replaced in tests (pytest-qt)."""

    @classmethod
    def ask(cls, parent: QWidget | None, current: ReceiptPrinter) -> ReceiptPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if current.printer_name:
            printer.setPrinterName(current.printer_name)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("영수증 프린터 고르기"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return from_printer(printer)


def choose_printer(parent: QWidget | None) -> ReceiptPrinter | None:
    """Ask for this PC's receipt printer and remember it; None when the clerk cancelled."""
    picked = PrinterChoice.ask(parent, load())
    if picked is not None:
        save(picked)
    return picked


def warm_up(delay_ms: int = 1500) -> None:
    """Have the receipt's renderer loaded in the print thread shortly, while the clerk
    types, so the first Ctrl+P of the session is as quick as the rest."""

    def start() -> None:
        layout = load().layout
        PrintQueue.shared().run(lambda: prepare_receipt(layout))

    QTimer.singleShot(delay_ms, start)


def ask_receipt_target(parent: QWidget, doc_name: str) -> PrintTarget | None:
    """This PC's receipt printer (asked for the first time); None when the clerk cancelled."""
    choice = load()
    if not choice.chosen:
        choice = choose_printer(parent)
    return choice.target(doc_name) if choice is not None else None


def send_receipt(
    desk: Desk,
    case_id: int,
    *,
    choice: ReceiptPrinter,
    on_sent: Callable[[PrintReport], None],
    on_failed: Callable[[str], None],
) -> None:
    """The case's receipt, in this PC's layout, straight to its printer: rendered by the
    database worker, painted by the print queue; the UI thread only hands it on."""
    doc_name = f"receipt-{case_id}.pdf"

    def rendered(data: bytes) -> None:
        PrintQueue.shared().submit(
            data,
            choice.target(doc_name),
            on_done=on_sent,
            on_error=lambda exc: on_failed(print_failure(exc)),
        )

    desk.run(
        sv.receipt_pdf,
        case_id,
        lang=language(),
        layout=choice.layout,
        on_done=rendered,
        on_error=lambda exc: on_failed(desk.describe(exc)),
    )


def preview_receipt(
    desk: Desk, case_id: int, parent: QWidget, on_shown: Callable[[PdfDialog], None]
) -> None:
    """The receipt in this PC's layout, in a preview whose 인쇄 (Enter) prints it to this
    PC's receipt printer; ``on_shown`` gets the dialog, already open."""

    def show(data: bytes) -> None:
        dialog = PdfDialog(
            tr("접수증"), data, f"receipt-{case_id}.pdf", parent, ask_target=ask_receipt_target
        )
        dialog.open()
        on_shown(dialog)

    desk.run(sv.receipt_pdf, case_id, lang=language(), layout=load().layout, on_done=show)


class ReceiptPrinterGroup(QGroupBox):
    """설정's "이 PC의 영수증 프린터": the layout and the printer of this PC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("이 PC의 영수증 프린터"), parent)
        form = QFormLayout(self)
        self.layout_box = QComboBox()
        for key, text in LAYOUTS.items():
            self.layout_box.addItem(tr(text), key)
        form.addRow(tr("영수증 모양"), self.layout_box)
        row = QHBoxLayout()
        self.printer_label = QLabel()
        self.change_button = QPushButton(tr("프린터 변경…"))
        row.addWidget(self.printer_label, 1)
        row.addWidget(self.change_button)
        form.addRow(tr("프린터"), row)
        note = QLabel(tr("이 PC에만 적용됩니다. 다른 접수 PC는 각자 고릅니다."))
        note.setObjectName("hint")
        form.addRow("", note)
        self.show_choice(load())
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self.change_button.clicked.connect(self.change_printer)

    def show_choice(self, choice: ReceiptPrinter) -> None:
        self.layout_box.blockSignals(True)
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(choice.layout)))
        self.layout_box.blockSignals(False)
        self.printer_label.setText(choice.describe())

    def _layout_changed(self, _index: int) -> None:
        self.show_choice(set_layout(self.layout_box.currentData()))

    def change_printer(self) -> None:
        picked = choose_printer(self)
        if picked is not None:
            self.show_choice(picked)
