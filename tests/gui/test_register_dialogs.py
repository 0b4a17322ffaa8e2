"""Importing and exporting the register from the case list, as a supervisor would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.register import read_rows
from gui.lists.case_list_page import CaseListPage
from tests.gui.conftest import settle

REGISTER = (
    "접수일시,제목,내용,접수경로,메모\r\n"
    '2026-02-03 10:20,주차 문제,"지하 주차장\r\n조명이 꺼짐",방문,-\r\n'
    "2026-02-30,날짜 오류,내용,전화,-\r\n"
    "2026.02.05,소음,윗집 층간소음,온라인,-\r\n"
)


def test_supervisor_imports_a_register_with_a_trial_run_first(qtbot, gui_db, desks, tmp_path):
    path = tmp_path / "예전 대장.csv"
    path.write_bytes(REGISTER.encode("cp949"))
    desk = desks("supervisor")
    page = CaseListPage(desk)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, desk)
    assert page.import_button.isVisible() and page.model.rowCount() == 0
    dialog = page.open_import()
    qtbot.addWidget(dialog)
    dialog.load(path)

    # The preview shows the first rows, numbered by their line in the file.
    assert dialog.preview.rowCount() == 3
    assert dialog.preview.verticalHeaderItem(1).text() == "4"  # the first row took two lines
    # Columns named as ours are connected without asking.
    assert dialog.choosers["received_at"].currentData() == "접수일시"
    assert dialog.choosers["subject"].currentData() == "제목"
    assert dialog.choosers["channel"].currentData() == "접수경로"
    assert dialog.choosers["customer_name"].currentData() is None

    qtbot.mouseClick(dialog.try_run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.dry_run and dialog.report.imported == 2
    assert "4행" in dialog.result.toPlainText()  # the impossible 30th of February
    settle(qtbot, desk)
    assert page.model.rowCount() == 0  # a trial writes nothing

    asked = []
    dialog.confirm = lambda text: asked.append(text) or True
    dialog.report = None
    qtbot.mouseClick(dialog.run_import, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert asked and not dialog.report.dry_run and dialog.report.imported == 2
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)  # the list follows

    out = tmp_path / "내보낸 대장.xlsx"
    page.export_to(out)
    qtbot.waitUntil(lambda: out.exists() and "2" in page.count.text(), timeout=10_000)
    headings, rows = read_rows(out)
    assert headings[:3] == ["접수번호", "접수일시", "접수경로"]
    assert sorted(r.values["제목"] for r in rows) == ["소음", "주차 문제"]


def test_clerk_sees_no_register_buttons(qtbot, gui_db, desks):
    desk = desks("clerk")
    page = CaseListPage(desk)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, desk)
    assert not page.import_button.isVisible() and not page.export_button.isVisible()
