"""Documents from the windows: the receipt after intake, the case's printouts, the reports
page's summary — rendered off the UI thread, previewed with QtPdf, printed through a real
QPrinter."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter

from core import services as sv
from gui.case.case_view import CaseView
from gui.intake.intake_page import IntakePage
from gui.reports.reports_page import ReportsPage
from tests.conftest import intake
from tests.gui.conftest import settle, type_korean

pytestmark = pytest.mark.gui


def print_to_pdf_file(panel, path) -> int:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return panel.print_to(printer)


def test_receipt_after_intake(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    type_korean(page.w["name"], "최민수")
    type_korean(page.w["subject"], "주차장 조명 고장")
    type_korean(page.w["description"], "지하 2층 조명이 꺼져 있습니다.")
    page.w["category"].setCurrentIndex(1)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.submit()
    # isHidden, not isVisible: the page itself is never shown, so isVisible is always False.
    assert not page.receipt_button.isHidden()  # offered once the complaint is saved
    page.print_receipt()
    settle(qtbot, clerk)
    panel = page.receipt_dialog.panel
    assert panel.document.pageCount() == 1
    assert print_to_pdf_file(panel, tmp_path / "printed.pdf") == 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_case_view_prints_case_file_for_supervisors_only(qtbot, gui_db, desks, staff_on):
    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    clerk, boss = desks("clerk"), desks("supervisor")
    clerk_view, boss_view = CaseView(clerk, ref.id), CaseView(boss, ref.id)
    qtbot.addWidget(clerk_view)
    qtbot.addWidget(boss_view)
    settle(qtbot, clerk)
    settle(qtbot, boss)
    assert "case_file" not in clerk_view.print_buttons
    assert "letter" not in boss_view.print_buttons  # nothing resolved yet
    boss_view.print_buttons["case_file"].click()
    settle(qtbot, boss)
    assert boss_view.pdf_dialog.panel.document.pageCount() >= 1


def test_reports_page_previews_and_prints_the_summary(qtbot, gui_db, desks, staff_on, tmp_path):
    sv.receive_complaint(gui_db, staff_on.clerk, intake())
    boss = desks("supervisor")
    page = ReportsPage(boss)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.month.setValue(3)
    type_korean(page.notes["focus"], "층간소음 민원 집중 관리")
    page.preview()
    settle(qtbot, boss)
    assert page.error.text() == ""
    assert page.panel.document.pageCount() >= 2
    assert (
        print_to_pdf_file(page.panel, tmp_path / "summary.pdf") == page.panel.document.pageCount()
    )
    page.panel.save_to(str(tmp_path / "saved.pdf"))
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "saved.pdf").pages)
    assert "층간소음 민원 집중 관리" in text and "2026년 3월" in text


# ---------------------------------------------------------------- printing off the UI thread
# The receipt's own printer, the print job, the preview's keys. This PC's choices are kept in
# a settings file of the test's own, never in the user's.


@pytest.fixture(autouse=True)
def pc_settings(monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    from gui.common import receipt_printer

    path = str(tmp_path / "this-pc.ini")
    monkeypatch.setattr(
        receipt_printer, "pc_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )
    return path


@pytest.fixture
def asked(monkeypatch):
    """Qt's print dialog replaced: it "chooses" the PDF file in ``asked.answer``."""
    from gui.common import receipt_printer

    class Asked:
        calls = 0
        answer: receipt_printer.ReceiptPrinter | None = None

    def ask(cls, parent, current):
        Asked.calls += 1
        return Asked.answer

    monkeypatch.setattr(receipt_printer.PrinterChoice, "ask", classmethod(ask))
    return Asked


def fill(page) -> None:
    type_korean(page.w["name"], "최민수")
    type_korean(page.w["subject"], "주차장 조명 고장")
    type_korean(page.w["description"], "지하 2층 조명이 꺼져 있습니다.")
    page.w["category"].setCurrentIndex(1)


def page_width_mm(path) -> float:
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) == 1
    return float(reader.pages[0].mediabox.width) / 72 * 25.4


def shown_page(qtbot, desk, tmp_path):
    page = IntakePage(desk, tmp_path / "drafts")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    settle(qtbot, desk)
    return page


def test_print_job_paints_off_the_ui_thread_at_300_dpi(qtbot, gui_db, staff_on, tmp_path):
    import threading

    from gui.common.printing import MAX_DPI, PrintQueue, PrintTarget

    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    data = sv.receipt_pdf(gui_db, staff_on.clerk, ref.id)
    queue = PrintQueue()
    reports = []
    out = tmp_path / "a4.pdf"
    queue.submit(data, PrintTarget(output_file=str(out)), on_done=reports.append)
    qtbot.waitUntil(lambda: bool(reports), timeout=20000)
    report = reports[0]
    assert report.thread != threading.get_ident()  # painted by the queue's worker
    assert report.pages == 1 and report.dpi <= MAX_DPI
    # An A4 page at 300 dpi is 2,480 × 3,508 pixels; at Qt's default 1200 dpi it was 9,582 wide.
    assert report.raster[0] <= 2481 and report.raster[1] <= 3509
    assert round(page_width_mm(out)) == 210


def test_a_missing_printer_is_reported_in_words(qtbot, gui_db, staff_on):
    from gui.common.printing import PrinterUnavailable, PrintQueue, PrintTarget, print_failure

    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    data = sv.receipt_pdf(gui_db, staff_on.clerk, ref.id)
    errors = []
    queue = PrintQueue()
    queue.submit(data, PrintTarget(printer_name="없는 프린터"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert isinstance(errors[0], PrinterUnavailable)
    assert "없는 프린터" in print_failure(errors[0])


def test_ctrl_p_saves_and_prints_the_receipt_without_a_preview(qtbot, desks, tmp_path, asked):
    from PySide6.QtCore import Qt

    from gui.common import receipt_printer

    out = tmp_path / "roll.pdf"
    receipt_printer.save(receipt_printer.ReceiptPrinter(layout="thermal80", output_file=str(out)))
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    fill(page)
    with qtbot.waitSignal(page.saved, timeout=10000):
        qtbot.keyClick(page.w["subject"], Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "프린터로 보냈습니다" in page.result.text(), timeout=20000)
    assert asked.calls == 0  # the printer was chosen already: no dialog
    assert not hasattr(page, "receipt_dialog")  # and no preview
    assert round(page_width_mm(out)) == 80  # the 80 mm layout this PC uses
    assert page.is_empty()  # saved: the form is ready for the next customer


def test_the_first_ctrl_p_on_a_pc_asks_for_the_printer_once(qtbot, desks, tmp_path, asked):
    from gui.common import receipt_printer

    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    fill(page)
    page.save_and_print()  # cancelled in the dialog: nothing saved, nothing printed
    assert asked.calls == 1 and not page.is_empty() and page.save_button.isEnabled()
    asked.answer = receipt_printer.ReceiptPrinter(output_file=str(tmp_path / "first.pdf"))
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_and_print()
    qtbot.waitUntil(lambda: "프린터로 보냈습니다" in page.result.text(), timeout=20000)
    assert round(page_width_mm(tmp_path / "first.pdf")) == 210  # A4 by default
    assert receipt_printer.load() == asked.answer  # remembered on this PC
    fill(page)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.save_and_print()
    assert asked.calls == 2  # asked once more only for the cancelled first time
    qtbot.waitUntil(lambda: page.result.text().count("프린터로 보냈습니다") == 1, timeout=20000)


def test_a_refused_save_prints_nothing_later(qtbot, desks, tmp_path, asked):
    from gui.common import receipt_printer
    from gui.common.printing import PrintQueue

    out = tmp_path / "never.pdf"
    receipt_printer.save(receipt_printer.ReceiptPrinter(output_file=str(out)))
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    type_korean(page.w["name"], "최민수")  # no subject, no complaint: refused
    with qtbot.assertNotEmitted(page.saved):
        page.save_and_print()
        settle(qtbot, clerk)
    assert not page.is_empty()  # kept, with what is missing shown
    fill(page)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.submit()  # a plain save (Enter) afterwards
    settle(qtbot, clerk)
    qtbot.waitUntil(lambda: PrintQueue.shared().pending == 0, timeout=20000)
    assert not out.exists()


def test_enter_in_the_preview_prints_and_esc_closes(qtbot, gui_db, desks, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from gui.common.pdf_preview import PdfDialog
    from gui.common.printing import PrintTarget

    def no_save(*_args, **_kwargs):
        raise AssertionError("Enter opened the save dialog")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_save)
    clerk = desks("clerk")
    ref = sv.receive_complaint(gui_db, clerk.actor, intake())
    data = sv.receipt_pdf(gui_db, clerk.actor, ref.id, layout="thermal80")
    out = tmp_path / "from-preview.pdf"
    targets = []

    def ask(parent, doc_name):  # where the dialog's 인쇄 prints: a PDF file, a real QPrinter
        targets.append(doc_name)
        return PrintTarget(output_file=str(out), doc_name=doc_name)

    dialog = PdfDialog("접수증", data, "receipt.pdf", ask_target=ask)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.panel.print_button.isDefault()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):  # closes once handed over
        qtbot.keyClick(dialog.panel.view, Qt.Key.Key_Return)
    assert targets == ["receipt.pdf"] and round(page_width_mm(out)) == 80

    again = PdfDialog("접수증", data, "receipt.pdf", ask_target=ask)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    with qtbot.waitSignal(again.rejected, timeout=5000):
        qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert targets == ["receipt.pdf"]  # Esc printed nothing


def test_the_preview_fits_the_screen(qtbot, gui_db, staff_on):
    from PySide6.QtCore import QRect

    from gui.common.pdf_preview import PdfDialog

    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    a4 = sv.receipt_pdf(gui_db, staff_on.clerk, ref.id)
    roll = sv.receipt_pdf(gui_db, staff_on.clerk, ref.id, layout="thermal80")
    available = QRect(0, 0, 1366, 728)  # a 1366×768 screen less the taskbar
    for data in (a4, roll):
        dialog = PdfDialog("접수증", data, "receipt.pdf")
        qtbot.addWidget(dialog)
        own = dialog.screen().availableGeometry()
        assert own.contains(dialog.geometry())  # as opened, on the screen it opened on
        dialog.fit_to(available)
        # move() places the window's frame; the size set leaves room for a title bar.
        assert available.contains(dialog.frameGeometry())
        assert dialog.height() + dialog.FRAME <= available.height()
        assert dialog.height() >= 600  # and uses the height it has
    assert dialog.width() < 700  # a roll receipt is not blown up to the A4 width


def test_the_receipt_preview_prints_to_this_pcs_printer(qtbot, desks, tmp_path, asked):
    from gui.common import receipt_printer

    out = tmp_path / "preview-roll.pdf"
    receipt_printer.save(receipt_printer.ReceiptPrinter(layout="thermal80", output_file=str(out)))
    clerk = desks("clerk")
    page = shown_page(qtbot, clerk, tmp_path)
    fill(page)
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.submit()
    page.print_receipt()
    qtbot.waitUntil(lambda: hasattr(page, "receipt_dialog"), timeout=10000)
    dialog = page.receipt_dialog
    assert dialog.panel.document.pagePointSize(0).width() < 230  # the 80 mm layout
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.panel.print_button.click()
    assert round(page_width_mm(out)) == 80 and asked.calls == 0


def test_settings_keep_the_receipt_printer_on_this_pc(qtbot, tmp_path, asked, pc_settings):
    from PySide6.QtCore import QSettings

    from gui.common import receipt_printer

    group = receipt_printer.ReceiptPrinterGroup()
    qtbot.addWidget(group)
    assert group.layout_box.currentData() == "a4"
    group.layout_box.setCurrentIndex(group.layout_box.findData("thermal80"))
    assert QSettings(pc_settings, QSettings.Format.IniFormat).value("receipt_printer/layout") == (
        "thermal80"
    )
    asked.answer = receipt_printer.ReceiptPrinter(
        layout="thermal80", printer_name="RECEIPT-80", paper_mm=(80.0, 297.0)
    )
    group.change_button.click()
    assert group.printer_label.text() == "RECEIPT-80"
    assert receipt_printer.load().paper_mm == (80.0, 297.0)


def test_a_narrow_paper_in_the_print_dialog_means_the_80mm_layout():
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    from gui.common.receipt_printer import from_printer

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QSizeF(80, 297), QPageSize.Unit.Millimeter))
    assert from_printer(printer).layout == "thermal80"
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    assert from_printer(printer).layout == "a4"
