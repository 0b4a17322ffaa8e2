"""A PDF inside the app: preview (QtPdf), print, or save.

Printing goes through the print queue (gui/common/printing.py): off the UI thread, at no
more than 300 dpi. Where to print is asked for by a function the owner passes: Qt's print
dialog by default, this PC's receipt printer for a receipt.

The dialog fits the screen it opens on (``screen().availableGeometry()``; a fixed size was
taller than a 1366×768 work area), pages scaled to its width. 인쇄 is the default button, so
Enter prints; Esc closes; 저장 is a button of its own.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.i18n import tr, trn
from gui.common.printing import PrintQueue, PrintReport, PrintTarget, paint_pages, print_failure

AskTarget = Callable[[QWidget, str], PrintTarget | None]


class PrintDialog:
    """Qt's print dialog for one document; ``ask`` is replaced in tests (pytest-qt)."""

    @classmethod
    def ask(cls, parent: QWidget, doc_name: str) -> PrintTarget | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(doc_name)
        if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
            return None
        return target_of(printer, doc_name)


def target_of(printer: QPrinter, doc_name: str) -> PrintTarget:
    """What was chosen in a print dialog, as plain values for the print job."""
    size = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter)
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    return PrintTarget(
        printer_name="" if to_file else printer.printerName(),
        output_file=printer.outputFileName() if to_file else "",
        paper_mm=(size.width(), size.height()),
        doc_name=doc_name,
        first_page=printer.fromPage(),
        last_page=printer.toPage(),
        copies=printer.copyCount(),
    )


class PdfPanel(QWidget):
    """A viewer with print and save buttons; ``show_pdf(bytes, name)`` fills it."""

    printed = Signal(object)  # PrintReport: the job was handed to the printer
    print_failed = Signal(object)  # the exception

    def __init__(self, parent: QWidget | None = None, *, ask_target: AskTarget | None = None):
        super().__init__(parent)
        self.data = b""
        self.file_name = "document.pdf"
        self.ask_target = ask_target or PrintDialog.ask
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setAccessibleName(tr("미리보기"))
        col.addWidget(self.view, 1)
        self.buttons = QHBoxLayout()
        self.info = QLabel()
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        # "인쇄…" opens Qt's print dialog; "인쇄" prints at once (a receipt, to this PC's
        # receipt printer).
        self.print_button = QPushButton(tr("인쇄") if ask_target else tr("인쇄…"))
        self.print_button.setObjectName("primary")
        self.save_button = QPushButton(tr("PDF로 저장…"))
        self.buttons.addWidget(self.info, 1)
        self.buttons.addWidget(self.save_button)
        self.buttons.addWidget(self.print_button)
        col.addLayout(self.buttons)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_dialog)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def show_pdf(self, data: bytes, file_name: str) -> None:
        self.data, self.file_name = data, file_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.info.setText(trn("{n}쪽", "{n}쪽", self.document.pageCount()))
        self._enable(self.document.pageCount() > 0)

    # ------------------------------------------------------------------ printing

    def print_document(self) -> None:
        """Ask where (the owner's function), then print off the UI thread."""
        if not self.data:
            return
        target = self.ask_target(self, self.file_name)
        if target is not None:
            self.print_with(target)

    def print_with(self, target: PrintTarget) -> None:
        self.print_button.setEnabled(False)
        self.info.setText(tr("인쇄 중…"))
        PrintQueue.shared().submit(
            self.data, target, on_done=self._job_done, on_error=self._job_failed
        )

    def _job_done(self, report: PrintReport) -> None:
        if shiboken6.isValid(self):  # the window may have been closed meanwhile
            self.print_button.setEnabled(True)
            sent = trn("{n}쪽을 프린터로 보냈습니다.", "{n}쪽을 프린터로 보냈습니다.", report.pages)
            self.info.setText(sent)
            self.printed.emit(report)

    def _job_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.print_button.setEnabled(True)
            self.info.setText(print_failure(exc))
            self.print_failed.emit(exc)

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page (or the printer's range) on ``printer`` now, on this thread, at
        no more than 300 dpi; how many pages were printed."""
        if self.document.pageCount() == 0:
            return 0
        return paint_pages(self.document, printer, own_paper=False).pages

    # ------------------------------------------------------------------ saving

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("PDF로 저장"), self.file_name, "PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        with open(path, "wb") as f:
            f.write(self.data)


class PdfDialog(QDialog):
    """The same panel in its own window, for a receipt, a letter or a case file.

    Enter prints (인쇄 is the default button, the others never take Enter), Esc closes.
    Once a print job has been handed to the printer the window closes itself."""

    PREFERRED = (760, 1000)  # for an A4 page; a narrow page (an 80 mm receipt) gets less
    FRAME = 48  # a title bar and borders, outside the size we set

    def __init__(
        self,
        title: str,
        data: bytes,
        file_name: str,
        parent: QWidget | None = None,
        *,
        ask_target: AskTarget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        col = QVBoxLayout(self)
        self.panel = PdfPanel(self, ask_target=ask_target)
        col.addWidget(self.panel)
        self.close_button = QPushButton(tr("닫기"))
        self.close_button.clicked.connect(self.reject)
        self.panel.buttons.insertWidget(1, self.close_button)
        for button in (self.close_button, self.panel.save_button):
            button.setAutoDefault(False)  # Enter must not save or close
        self.panel.print_button.setAutoDefault(True)
        self.panel.print_button.setDefault(True)
        self.panel.printed.connect(lambda _report: self.accept())
        self.panel.show_pdf(data, file_name)
        screen = (parent.window() if parent is not None else self).screen()
        self.fit_to(screen.availableGeometry())
        self.panel.print_button.setFocus()

    def fit_to(self, available: QRect) -> None:
        """As large as preferred, never larger than ``available``; centred on it."""
        width, height = self.PREFERRED
        if self.panel.document.pageCount():
            page = self.panel.document.pagePointSize(0)
            # A narrow page is shown about 1.6 × its printed size, not blown up to 760 px.
            width = min(width, max(480, int(page.width() * 1.6) + 80))
        width = min(width, available.width() - 2 * self.FRAME)
        height = min(height, available.height() - self.FRAME)
        self.resize(width, height)
        self.move(
            available.x() + (available.width() - width) // 2,
            available.y() + max(0, (available.height() - height - self.FRAME) // 2),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The PDF view keeps the focus after a click; Enter still prints from anywhere.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self.panel.print_button.isEnabled():
                self.panel.print_button.click()
            return
        super().keyPressEvent(event)
