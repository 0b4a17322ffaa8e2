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
    assert page.receipt_button.isVisible() or not page.isVisible()
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
