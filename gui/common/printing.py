"""Printing a PDF off the UI thread, as page images no finer than 300 dpi.

QtPdf draws a page only as an image, and at Qt's default 1200 dpi one A4 page is a
9,582×13,559 image (5–6 s, ~0.5 GB; DESIGN.md traps). So the printer is asked for at most
300 dpi before painting starts (``QPrinter.setResolution``; a printer's page then holds a
2,480×3,508 image, a 72 mm receipt line 850 pixels), and the painting runs in a worker
thread: a ``QPainter`` may paint on a ``QPrinter`` outside the GUI thread (not on a widget or
a pixmap). Measured on the build machine: an A4 receipt 0.4 s and ~35 MB, an 80 mm receipt
0.1 s.

A job gets plain values — the PDF's bytes and a ``PrintTarget`` (a printer's name, or a PDF
file for PDF printers, tests and benchmarks) — builds its own ``QPdfDocument`` and
``QPrinter`` in the worker, and reports a ``PrintReport`` (or the exception) back on the UI
thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QObject,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from gui.common.i18n import tr
from gui.desk.taskman import TaskManager

MAX_DPI = 300


class PrinterUnavailable(Exception):
    """The printer is not installed on this PC (any more), or refused to start a job."""

    def __init__(self, printer_name: str) -> None:
        super().__init__(printer_name)
        self.printer_name = printer_name


class UnreadablePdf(Exception):
    """The bytes handed to the job are not a PDF QtPdf can read."""


@dataclass(frozen=True)
class PrintTarget:
    """Where and how to print; plain values, so it may cross to the worker thread."""

    printer_name: str = ""  # "" = this PC's default printer
    output_file: str = ""  # a PDF file instead of a printer
    paper_mm: tuple[float, float] | None = None  # None: each page on paper of its own size
    doc_name: str = "document"
    first_page: int = 0  # 1-based; 0 = from the first
    last_page: int = 0  # 0 = to the last
    copies: int = 1


@dataclass(frozen=True)
class PrintReport:
    pages: int
    dpi: int  # the resolution the pages were painted at
    raster: tuple[int, int]  # the largest page image, in pixels
    seconds: float
    thread: int  # threading.get_ident() of the thread that painted


def open_printer(target: PrintTarget) -> QPrinter:
    """A QPrinter for ``target``, capped at ``MAX_DPI``, not yet painted on."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if target.output_file:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(target.output_file)
    elif target.printer_name:
        if QPrinterInfo.printerInfo(target.printer_name).isNull():
            raise PrinterUnavailable(target.printer_name)
        printer.setPrinterName(target.printer_name)
    printer.setDocName(target.doc_name)
    printer.setCopyCount(max(1, target.copies))
    if target.first_page or target.last_page:
        printer.setFromTo(target.first_page, target.last_page)
    if target.paper_mm is not None:
        # Fuzzy: a size within a few points of a standard one (A4, Letter) is that size, so
        # the driver feeds its own paper rather than a custom size.
        paper = QPageSize(
            QSizeF(*target.paper_mm),
            QPageSize.Unit.Millimeter,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )
        printer.setPageSize(paper)
    return printer


def paint_pages(document: QPdfDocument, printer: QPrinter, *, own_paper: bool) -> PrintReport:
    """Paint the document's pages (the printer's range, if set) on ``printer``, each scaled
    to fit its paper, at no more than ``MAX_DPI``. ``own_paper``: each page on paper of its
    own size (an 80 mm roll, whose length is the receipt's). Runs on any thread."""
    started = time.perf_counter()
    if printer.resolution() > MAX_DPI:
        printer.setResolution(MAX_DPI)  # before begin(): it sets the painter's coordinates
    printer.setFullPage(True)  # the PDF carries its own margins
    count = document.pageCount()
    first = max(1, printer.fromPage() or 1)
    last = min(count, printer.toPage() or count)
    if own_paper and first <= last:
        _paper_of(document, first - 1, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(printer.printerName())
    largest = (0, 0)
    printed = 0
    try:
        for index in range(first - 1, last):
            if printed:
                if own_paper:
                    _paper_of(document, index, printer)
                printer.newPage()
            area = painter.viewport().size()
            size = document.pagePointSize(index).toSize()
            fitted = size.scaled(area, Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(index, fitted)
            painter.drawImage(0, 0, image)
            largest = max(largest, (image.width(), image.height()), key=lambda s: s[0] * s[1])
            printed += 1
    finally:
        painter.end()
    return PrintReport(
        pages=printed,
        dpi=printer.resolution(),
        raster=largest,
        seconds=time.perf_counter() - started,
        thread=threading.get_ident(),
    )


def _paper_of(document: QPdfDocument, index: int, printer: QPrinter) -> None:
    exact = QPageSize.SizeMatchPolicy.ExactMatch  # a roll's paper is as long as the page
    size = QPageSize(document.pagePointSize(index), QPageSize.Unit.Point, "", exact)
    printer.setPageSize(size)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0))


def print_pdf(data: bytes, target: PrintTarget) -> PrintReport:
    """Print ``data`` to ``target`` on the calling thread (the job calls it in the worker)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)  # synchronous for a buffer
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            raise UnreadablePdf(str(document.error()))
        printer = open_printer(target)
        return paint_pages(document, printer, own_paper=target.paper_mm is None)
    finally:
        document.close()
        buffer.close()


Done = Callable[[PrintReport], None] | None
Failed = Callable[[BaseException], None] | None


class PrintQueue(TaskManager):
    """Print jobs, one at a time in the order given, in a thread of their own (never the
    database worker: a slow printer must not hold up saving)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, what="print job")

    @classmethod
    def shared(cls) -> PrintQueue:
        """The application's queue, made on first use (this PC has one set of printers)."""
        app = QCoreApplication.instance()
        found = app.findChild(PrintQueue, "printQueue") if app is not None else None
        if found is None:
            found = cls(app)
            found.setObjectName("printQueue")
        return found

    def submit(
        self, data: bytes, target: PrintTarget, *, on_done: Done = None, on_error: Failed = None
    ) -> None:
        """Print in the background; ``on_done(report)`` or ``on_error(exc)`` on the UI thread."""
        self.run(lambda: print_pdf(data, target), on_done=on_done, on_error=on_error)


def print_failure(exc: BaseException) -> str:
    """A failed print job in the clerk's words."""
    if isinstance(exc, PrinterUnavailable):
        return tr(
            "프린터 '{name}'에 인쇄할 수 없습니다. 프린터를 켜고 다시 하거나 "
            "'프린터 변경…'으로 다른 프린터를 고르세요.",
            name=exc.printer_name or tr("기본 프린터"),
        )
    if isinstance(exc, UnreadablePdf):
        return tr("문서를 읽지 못해 인쇄하지 못했습니다.")
    return tr("인쇄하지 못했습니다. 프린터를 확인하고 다시 해 주세요.")
