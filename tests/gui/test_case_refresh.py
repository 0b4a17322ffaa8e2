"""After a write, exactly the cases it changed are read again.

Reading a case records an access to its customer's personal data (PIPA 접속기록): a window
that refreshed for a change elsewhere would leave an access record that nobody asked for.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core import services as sv
from core.db.models import PiiAccess
from gui.case.case_view import CaseView
from gui.operations.intake import receive_complaint
from tests.conftest import intake
from tests.gui.conftest import settle


def accesses(db, case_id: int) -> int:
    """How many personal-data access records name ``case_id``."""
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        query = select(func.count()).select_from(PiiAccess).where(PiiAccess.case_id == case_id)
        return int(uow.session.scalar(query) or 0)


def pending_offer(db, staff, subject: str) -> int:
    """A case in progress whose offer waits for a supervisor's approval."""
    ref = sv.receive_complaint(db, staff.clerk, intake(subject=subject))
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.start_handling(db, staff.handler, ref.id)
    sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=500_000)
    return ref.id


@pytest.mark.parametrize(
    ("decision", "note", "status"),
    [("approve", "선례 범위 내", "offered"), ("reject", "근거 부족", "rejected")],
)
def test_deciding_on_case_a_leaves_case_b_unread(
    qtbot, desks, gui_db, staff_on, decision, note, status
):
    a = pending_offer(gui_db, staff_on, "주차장 조명이 꺼져 위험합니다")
    b = pending_offer(gui_db, staff_on, "엘리베이터가 자주 멈춥니다")
    boss = desks("supervisor")
    view_a, view_b = CaseView(boss, a), CaseView(boss, b)
    qtbot.addWidget(view_a)
    qtbot.addWidget(view_b)
    settle(qtbot, boss)
    shown_b = view_b.detail
    assert shown_b is not None
    before_a, before_b = accesses(gui_db, a), accesses(gui_db, b)

    changed: list[tuple[str, object]] = []
    boss.cases_changed.connect(lambda cases, what: changed.append((what, cases)))
    # 승인 and 거부 are two buttons of the dialog.
    dialog = view_a.dialog_for("approve_compensation")
    qtbot.addWidget(dialog)
    dialog.set_value("note", note)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        (dialog.ok if decision == "approve" else dialog.reject_button).click()
    settle(qtbot, boss)

    assert changed == [(f"{decision}_compensation", {a})]
    # Case A was read again and shows the decision; case B was not touched at all.
    assert view_a.detail.compensations[0].status == status
    assert accesses(gui_db, a) == before_a + 1
    assert accesses(gui_db, b) == before_b
    assert view_b.detail is shown_b


def test_reading_tells_nothing(qtbot, desks, gui_db, staff_on):
    a = pending_offer(gui_db, staff_on, "주차장 조명이 꺼져 위험합니다")
    boss = desks("supervisor")
    with qtbot.assertNotEmitted(boss.cases_changed):
        boss.run(sv.get_case, a)
        boss.run(sv.queue_counts)
        settle(qtbot, boss)


def test_a_receipt_refreshes_the_lists_but_no_other_case(qtbot, desks, gui_db, staff_on):
    other = pending_offer(gui_db, staff_on, "엘리베이터가 자주 멈춥니다")
    clerk = desks("clerk")
    view = CaseView(clerk, other)
    qtbot.addWidget(view)
    settle(qtbot, clerk)
    before = accesses(gui_db, other)
    with qtbot.waitSignal(clerk.cases_changed, timeout=10000) as told:
        receive_complaint(clerk, intake=intake(subject="복도 센서등이 꺼지지 않습니다"))
    settle(qtbot, clerk)
    new_cases, what = told.args
    assert what == "receive_complaint" and other not in new_cases and len(new_cases) == 1
    assert accesses(gui_db, other) == before
