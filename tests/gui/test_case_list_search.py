"""The case list's search box: Korean words inside compounds, with the match highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core import services as sv
from gui.lists.case_list_page import CaseListPage
from gui.lists.highlight import SNIPPET_ROLE
from tests.conftest import intake
from tests.gui.conftest import settle, type_korean


def test_typing_a_word_finds_it_inside_compounds_and_highlights_it(qtbot, gui_db, desks, staff_on):
    noise = sv.receive_complaint(gui_db, staff_on.clerk, intake(subject="윗집 층간소음이 심함"))
    sv.receive_complaint(
        gui_db, staff_on.clerk, intake(subject="주차장 조명", description="어둡다")
    )
    desk = desks("clerk")
    page = CaseListPage(desk)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    settle(qtbot, desk)
    match_column = page.model.column_of("match")
    assert page.model.rowCount() == 2
    assert page.table.isColumnHidden(match_column)  # no search, no match column

    type_korean(page.search, "소음")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.model.case_id(0) == noise.id
    assert not page.table.isColumnHidden(match_column)
    before, match, after = page.model.index(0, match_column).data(SNIPPET_ROLE)
    assert (before.endswith("층간"), match, after.startswith("이")) == (True, "소음", True)
    assert page.model.index(0, match_column).data(Qt.ItemDataRole.DisplayRole).count("소음") == 1

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    assert page.table.isColumnHidden(match_column)
