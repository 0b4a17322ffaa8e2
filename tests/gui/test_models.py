"""The item models behind the queues and the case list pass Qt's model tester."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core import services as sv
from gui.lists.case_table_model import CaseRowsModel, LazyCaseModel
from tests.conftest import intake

pytestmark = pytest.mark.gui
TZ = ZoneInfo("Asia/Seoul")


@pytest.fixture
def some_cases(gui_db, staff_on, clock):
    for _ in range(12):
        clock.advance(minutes=7)
        sv.receive_complaint(gui_db, staff_on.clerk, intake())
    clock.advance(days=4)  # some deadlines pass


def test_queue_model(qtmodeltester, gui_db, staff_on, some_cases):
    model = CaseRowsModel(TZ)
    model.set_rows(sv.queue(gui_db, staff_on.clerk, "awaiting_ack"))
    qtmodeltester.check(model)
    assert model.rowCount() == 12


def test_lazy_model_pages_through_everything(qtmodeltester, gui_db, staff_on, some_cases):
    def fetch(after, limit):
        return sv.list_cases(gui_db, staff_on.clerk, after=after, limit=limit)

    model = LazyCaseModel(TZ, fetch)
    model.PAGE = 5
    model.reload()
    assert model.rowCount() == 5 and model.canFetchMore()
    qtmodeltester.check(model)  # the tester itself fetches more pages
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 12
    numbers = [model.rows[i].case_no for i in range(12)]
    assert numbers == sorted(numbers, reverse=True)  # newest first, nothing twice
    qtmodeltester.check(model)
