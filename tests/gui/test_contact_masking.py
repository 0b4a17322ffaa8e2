"""The case list and the queues show how to reach the customer masked, for every role: a list
shows many customers at once and writes no access record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core import services as sv
from gui.lists.case_list_page import CaseListPage
from gui.lists.queues_page import QueuesPage
from tests.conftest import intake
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui

RAW = ("010-1234-5678", "hong@example.com", "minji@example.com")


@pytest.fixture
def two_cases(gui_db, staff_on):
    sv.receive_complaint(gui_db, staff_on.clerk, intake())  # phone and e-mail: phone shown
    sv.receive_complaint(
        gui_db,
        staff_on.clerk,
        intake(customer=sv.CustomerInput(name="박민지", email="minji@example.com", consent=True)),
    )


def _cells(model) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    return [
        str(model.index(r, c).data(role) or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in roles
    ]


def _contacts(model) -> set[str]:
    column = model.column_of("contact")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "연락처"
    return {model.index(r, column).data() for r in range(model.rowCount())}


def test_the_case_list_masks_contacts_for_an_admin(qtbot, desks, two_cases):
    page = CaseListPage(desks("admin"))
    qtbot.addWidget(page)
    settle(qtbot, page.desk)
    assert _contacts(page.model) == {"010-1234-****", "m***@example.com"}
    shown = "\n".join(_cells(page.model))
    assert not any(raw in shown for raw in RAW)  # in no column, not even in a tooltip


def test_the_case_list_masks_them_for_the_counter_too(qtbot, desks, two_cases):
    """A list writes no access record: whole numbers only in the opened case."""
    page = CaseListPage(desks("clerk"))
    qtbot.addWidget(page)
    settle(qtbot, page.desk)
    assert _contacts(page.model) == {"010-1234-****", "m***@example.com"}


def test_the_queues_mask_them_for_an_admin_too(qtbot, desks, two_cases):
    page = QueuesPage(desks("admin"))
    qtbot.addWidget(page)
    settle(qtbot, page.desk)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # 접수 확인 대기: both
    assert _contacts(page.model) == {"010-1234-****", "m***@example.com"}
