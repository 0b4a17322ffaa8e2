"""The case window's 유사 사례 tab, and the note on a compensation far from the precedents."""

from __future__ import annotations

from core import services as sv
from gui.case.case_view import CaseView
from tests.conftest import intake
from tests.gui.conftest import settle


def _resolved_with_refund(db, staff, subject, amount):
    ref = sv.receive_complaint(
        db, staff.clerk, intake(subject=subject, category_code="equipment.parking")
    )
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=amount)
    sv.resolve(db, staff.handler, ref.id, result="차단기 교체", told_channel="phone")
    return ref


def test_precedents_are_listed_and_a_far_off_offer_is_questioned(qtbot, gui_db, desks, staff_on):
    old = _resolved_with_refund(gui_db, staff_on, "주차장 차단기 고장", 20_000)
    _resolved_with_refund(gui_db, staff_on, "주차장 차단기 또 고장", 40_000)
    now = sv.receive_complaint(
        gui_db, staff_on.clerk, intake(subject="차단기 고장", category_code="equipment.parking")
    )
    sv.acknowledge(gui_db, staff_on.clerk, now.id)
    desk = desks("handler")
    view = CaseView(desk, now.id)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, desk)
    assert view.similar.topLevelItemCount() == 2
    numbers = {view.similar.topLevelItem(i).text(0) for i in range(2)}
    assert old.case_no in numbers
    assert view.similar.topLevelItem(0).text(2) == "차단기 교체"

    dialog = view.dialog_for("offer_compensation")
    qtbot.addWidget(dialog)
    dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData("refund"))
    dialog.widgets["amount"].setValue(30_000)
    assert not dialog.precedent_note.text()
    dialog.widgets["amount"].setValue(500_000)
    assert "20,000~40,000원" in dialog.precedent_note.text()
