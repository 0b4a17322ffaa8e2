"""설정 → 사무소·기한: the acknowledgement rule and the office's closed days, entered in the
real page and counted by the next intake's deadline."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from core import services as sv
from gui.admin.settings_page import SettingsPage
from tests.conftest import intake
from tests.gui.conftest import settle, type_korean

SEOUL = ZoneInfo("Asia/Seoul")


def _type_into_cell(qtbot, table, row: int, column: int, text: str, *, korean: bool = False):
    """Type into the cell's editor (opened as a double-click does, unless it is open
    already) and press Enter."""
    editing = table.state() == QAbstractItemView.State.EditingState
    if not (editing and (table.currentRow(), table.currentColumn()) == (row, column)):
        table.setCurrentCell(row, column)
        table.editItem(table.item(row, column))
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    if korean:
        type_korean(editor, text)
    else:
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits and closes the editor a moment later (a queued call).
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def _office_tab(qtbot, desks):
    admin = desks("admin")
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, admin)
    return admin, page


def test_a_closed_day_entered_in_settings_moves_the_deadline(qtbot, desks, gui_db, staff_on, clock):
    admin, page = _office_tab(qtbot, desks)
    tab = page.office_tab
    assert tab.ack_rule.currentData() == "next_business_day"
    assert not tab.ack_hours.isEnabled()  # hours mean nothing to the default rule
    table = tab.closed_days.table
    qtbot.mouseClick(tab.closed_days.add_button, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 1
    _type_into_cell(qtbot, table, 0, 0, "2026-03-16")
    _type_into_cell(qtbot, table, 0, 1, "사무소 창립기념일", korean=True)
    tab.save()
    settle(qtbot, admin)
    assert tab.saved.text() == "저장했습니다."
    s = sv.get_settings(gui_db, staff_on.admin)
    assert s.closed_days == (("2026-03-16", "사무소 창립기념일"),)
    # Read back into the page as saved.
    assert [table.item(0, c).text() for c in (0, 1)] == ["2026-03-16", "사무소 창립기념일"]

    clock.set(datetime(2026, 3, 13, 17, 0, tzinfo=SEOUL))  # Friday 17:00
    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    assert ref.ack_due == datetime(2026, 3, 17, 17, 0, tzinfo=SEOUL)  # Tuesday 17:00


def test_a_bad_date_is_refused_in_words_and_its_row_selected(qtbot, desks, gui_db, staff_on):
    admin, page = _office_tab(qtbot, desks)
    tab = page.office_tab
    table = tab.closed_days.table
    tab.closed_days.add_day("2026-05-01", "근로자의 날 휴무")
    tab.closed_days.add_day()
    _type_into_cell(qtbot, table, 1, 0, "2026-02-30")
    _type_into_cell(qtbot, table, 1, 1, "없는 날", korean=True)
    tab.save()
    settle(qtbot, admin)
    assert tab.form.errors["closed_days"].text() == "날짜 형식이 아닙니다 (예: 2026-03-16)"
    assert table.currentRow() == 1
    assert sv.get_settings(gui_db, staff_on.admin).closed_days == ()
    # Removed, the rest saves.
    qtbot.mouseClick(tab.closed_days.remove_button, Qt.MouseButton.LeftButton)
    tab.save()
    settle(qtbot, admin)
    assert sv.get_settings(gui_db, staff_on.admin).closed_days == (
        ("2026-05-01", "근로자의 날 휴무"),
    )


def test_the_rule_and_the_low_score_are_chosen_and_saved(qtbot, desks, gui_db, staff_on, clock):
    admin, page = _office_tab(qtbot, desks)
    tab = page.office_tab
    tab.ack_rule.setCurrentIndex(tab.ack_rule.findData("clock_hours"))
    assert tab.ack_hours.isEnabled()
    tab.ack_hours.setValue(24)
    tab.ints["winback_score"].setValue(3)
    tab.save()
    settle(qtbot, admin)
    s = sv.get_settings(gui_db, staff_on.admin)
    assert (s.ack_rule, s.ack_business_hours, s.winback_score) == ("clock_hours", 24, 3)
    clock.set(datetime(2026, 3, 13, 17, 0, tzinfo=SEOUL))
    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    assert ref.ack_due == datetime(2026, 3, 14, 17, 0, tzinfo=SEOUL)  # Saturday, on the clock
