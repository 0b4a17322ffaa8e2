"""A PDF inside the app: preview (QtPdf), print through Qt's print dialog, or save."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPainter
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

from gui.common.i18n import tr


class PdfPanel(QWidget):
    """A viewer with print and save buttons; ``show_pdf(bytes, name)`` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = b""
        self.file_name = "document.pdf"
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
        row = QHBoxLayout()
        self.info = QLabel()
        self.info.setObjectName("hint")
        self.print_button = QPushButton(tr("인쇄…"))
        self.print_button.setObjectName("primary")
        self.save_button = QPushButton(tr("PDF로 저장…"))
        row.addWidget(self.info, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        col.addLayout(row)
        self.print_button.clicked.connect(self.print_dialog)
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
        self.info.setText(tr("{pages}쪽", pages=self.document.pageCount()))
        self._enable(self.document.pageCount() > 0)

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page (or the chosen range) at the printer's resolution."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        count = self.document.pageCount()
        first, last = printer.fromPage() or 1, printer.toPage() or count
        printed = 0
        for index in range(first - 1, min(last, count)):
            if printed:
                printer.newPage()
            area = painter.viewport().size()
            size = self.document.pagePointSize(index).toSize()
            scaled = size.scaled(area, Qt.AspectRatioMode.KeepAspectRatio)
            image = self.document.render(index, QSize(scaled.width(), scaled.height()))
            painter.drawImage(0, 0, image)
            printed += 1
        painter.end()
        return printed

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("PDF로 저장"), self.file_name, "PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        with open(path, "wb") as f:
            f.write(self.data)


class PdfDialog(QDialog):
    """The same panel in its own window, for a receipt, a letter or a case file."""

    def __init__(
        self, title: str, data: bytes, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        col = QVBoxLayout(self)
        self.panel = PdfPanel(self)
        col.addWidget(self.panel)
        close = QPushButton(tr("닫기"))
        close.clicked.connect(self.accept)
        col.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.panel.show_pdf(data, file_name)
        self.resize(760, 900)
