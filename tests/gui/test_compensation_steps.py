"""Compensation through the windows: an offer of two options with their amounts, 승인 and
거부 as two buttons (never the proposer's own), the customer's choice or refusal, the
delivery, and the case window's tab that shows each of these."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import update

from core import services as sv
from core.db.models import User
from gui.case.case_view import CaseView
from tests.conftest import intake
from tests.documents.conftest import read_pdf
from tests.gui.conftest import settle, type_korean

pytestmark = pytest.mark.gui


def in_progress(db, staff) -> int:
    ref = sv.receive_complaint(db, staff.clerk, intake())
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "investigation", "현장 확인")
    return ref.id


def open_case(qtbot, desk, case_id: int) -> CaseView:
    view = CaseView(desk, case_id)
    qtbot.addWidget(view)
    settle(qtbot, desk)
    return view


def open_dialog(qtbot, view: CaseView, step: str):
    assert step in view.offered_steps(), f"{step} not offered: {view.offered_steps()}"
    dialog = view.dialog_for(step)
    qtbot.addWidget(dialog)
    dialog.show()  # clicked as a person clicks: on a dialog laid out on the screen
    qtbot.waitExposed(dialog)
    return dialog


def press(qtbot, view: CaseView, dialog, button) -> None:
    """Click a dialog's button and wait for the save and the window's refresh."""
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, view.desk)


def press_refused(qtbot, view: CaseView, dialog, button) -> None:
    """Click a button whose save is refused: the dialog stays open with what was typed."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, view.desk)
    assert dialog.result() == 0


def tab_row(view: CaseView, n: int = 0) -> list[str]:
    item = view.tabs.compensations.topLevelItem(n)
    return [item.text(c) for c in range(item.columnCount())]


def test_two_options_chosen_approved_and_delivered(qtbot, gui_db, desks, staff_on, clock):
    case_id = in_progress(gui_db, staff_on)
    handler = desks("handler")
    view = open_case(qtbot, handler, case_id)

    # The offer: 환불 300,000원, or 수리 ticked among the other options.
    dialog = open_dialog(qtbot, view, "offer_compensation")
    dialog.set_value("kind", "refund")
    dialog.set_value("amount", 300_000)
    repair = dialog.options_editor.rows["repair"][0]
    qtbot.mouseClick(repair, Qt.MouseButton.LeftButton, pos=QPoint(8, repair.height() // 2))
    type_korean(dialog.widgets["note"], "환불 또는 수리 제시")
    press(qtbot, view, dialog, dialog.ok)
    offer = view.detail.compensations[0]
    assert offer.options == (("refund", 300_000), ("repair", 0))
    assert offer.status == "pending_approval"
    assert tab_row(view)[0] == "환불 300,000원 / 수리"
    # The customer may answer while the offer waits for a supervisor; here they think it over.
    assert "record_compensation_outcome" in view.offered_steps()

    # The supervisor approves with the 승인 button.
    boss = desks("supervisor")
    boss_view = open_case(qtbot, boss, case_id)
    dialog = open_dialog(qtbot, boss_view, "approve_compensation")
    assert (dialog.ok.text(), dialog.reject_button.text()) == ("승인", "거부")
    assert dialog.ok.isEnabled() and dialog.why.text() == ""
    press(qtbot, boss_view, dialog, dialog.ok)
    assert boss_view.detail.compensations[0].decided_by_name == "박관리"

    # The customer chooses repair; nothing is picked for the handler beforehand.
    view.refresh()
    settle(qtbot, handler)
    dialog = open_dialog(qtbot, view, "record_compensation_outcome")
    outcomes = dialog.widgets["outcome"]
    shown = [outcomes.itemText(i) for i in range(outcomes.count())]
    assert shown == [
        "— 고르세요 —",
        "고객이 고름: 환불 300,000원",
        "고객이 고름: 수리",
        "고객이 거절함",
    ]
    press_refused(qtbot, view, dialog, dialog.ok)
    assert dialog.form.errors["outcome"].text() == "필수 항목입니다"
    dialog.set_value("outcome", "choose:repair:0")
    press(qtbot, view, dialog, dialog.ok)
    chosen = view.detail.compensations[0]
    assert (chosen.status, chosen.customer_choice, chosen.chosen_amount) == (
        "accepted",
        "repair",
        0,
    )

    # Delivered: what, when, the reference.
    clock.advance(days=1)
    dialog = open_dialog(qtbot, view, "record_compensation_outcome")
    dialog.set_value("outcome", "deliver")
    layout = dialog.form.layout
    assert not layout.isRowVisible(dialog.widgets["decline_reason"])
    assert layout.isRowVisible(dialog.widgets["delivery_ref"])
    type_korean(dialog.widgets["delivery_note"], "보일러 부품 교체")
    qtbot.keyClicks(dialog.widgets["delivery_ref"], "AS-2026-0311")
    press(qtbot, view, dialog, dialog.ok)
    given = view.detail.compensations[0]
    assert (given.status, given.delivery_ref, given.delivered_by_name, given.settled_at) == (
        "delivered",
        "AS-2026-0311",
        "이처리",
        clock.now,
    )
    row = tab_row(view)
    assert row[1] == "지급·이행 완료" and "박관리" in row[3]
    assert row[4].startswith("수리") and "AS-2026-0311" in row[5] and "보일러 부품 교체" in row[5]
    assert "record_compensation_outcome" not in view.offered_steps()

    # The letter says what the customer chose and got, not the refund first proposed.
    sv.resolve(gui_db, staff_on.handler, case_id, result="보일러 수리 완료", told_channel="phone")
    _, text = read_pdf(sv.result_letter_pdf(gui_db, staff_on.handler, case_id))
    flat = text.replace("\n", " ")
    assert "수리" in flat and "지급·이행 완료" in flat
    assert "환불" not in flat and "300,000" not in flat


def test_reject_is_its_own_button_and_needs_a_reason(qtbot, gui_db, desks, staff_on):
    case_id = in_progress(gui_db, staff_on)
    sv.offer_compensation(gui_db, staff_on.handler, case_id, kind="refund", amount=500_000)
    boss = desks("supervisor")
    view = open_case(qtbot, boss, case_id)
    dialog = open_dialog(qtbot, view, "approve_compensation")
    assert dialog.about.text() == "환불 500,000원 — 승인 대기 — 제안: 이처리"
    press_refused(qtbot, view, dialog, dialog.reject_button)
    assert dialog.form.errors["note"].text() == "필수 항목입니다"
    assert dialog.ok.isEnabled() and dialog.reject_button.isEnabled()
    type_korean(dialog.widgets["note"], "선례보다 과다")
    press(qtbot, view, dialog, dialog.reject_button)
    refused = view.detail.compensations[0]
    assert (refused.status, refused.decision_note) == ("rejected", "선례보다 과다")


def test_the_proposer_sees_why_and_an_admin_approves(qtbot, gui_db, desks, staff_on):
    case_id = in_progress(gui_db, staff_on)
    boss = desks("supervisor")
    view = open_case(qtbot, boss, case_id)
    dialog = open_dialog(qtbot, view, "offer_compensation")
    dialog.set_value("kind", "refund")
    dialog.set_value("amount", 500_000)
    press(qtbot, view, dialog, dialog.ok)

    dialog = open_dialog(qtbot, view, "approve_compensation")
    assert "본인이 제안한 보상" in dialog.why.text()
    assert not dialog.ok.isEnabled() and not dialog.reject_button.isEnabled()
    assert dialog.ok.toolTip() == dialog.why.text()
    assert not dialog.form.layout.isRowVisible(dialog.widgets["override_reason"])
    dialog.close()

    admin = desks("admin")
    admin_view = open_case(qtbot, admin, case_id)
    dialog = open_dialog(qtbot, admin_view, "approve_compensation")
    assert dialog.ok.isEnabled()
    press(qtbot, admin_view, dialog, dialog.ok)
    assert admin_view.detail.compensations[0].decided_by_name == "관리자"


@pytest.mark.edits_past_the_app  # the admin is made inactive in the file
def test_a_sole_supervisor_approves_with_a_reason(qtbot, gui_db, desks, staff_on):
    with gui_db.unit_of_work() as uow:
        uow.session.execute(
            update(User).where(User.id == staff_on.admin.user_id).values(active=False)
        )
        uow.commit()
    case_id = in_progress(gui_db, staff_on)
    sv.offer_compensation(gui_db, staff_on.supervisor, case_id, kind="refund", amount=500_000)
    boss = desks("supervisor")
    view = open_case(qtbot, boss, case_id)
    dialog = open_dialog(qtbot, view, "approve_compensation")
    assert "사유" in dialog.why.text() and dialog.ok.isEnabled()
    assert dialog.form.layout.isRowVisible(dialog.widgets["override_reason"])
    press_refused(qtbot, view, dialog, dialog.ok)
    assert dialog.form.errors["override_reason"].text() == "필수 항목입니다"
    type_korean(dialog.widgets["override_reason"], "관리자 1인 사무소")
    press(qtbot, view, dialog, dialog.ok)
    approved = view.detail.compensations[0]
    assert (approved.status, approved.approval_override) == ("offered", "관리자 1인 사무소")
    assert "예외 승인: 관리자 1인 사무소" in tab_row(view)[3]


def test_declined_with_a_reason_picking_among_open_offers(qtbot, gui_db, desks, staff_on):
    case_id = in_progress(gui_db, staff_on)
    sv.offer_compensation(gui_db, staff_on.handler, case_id, kind="apology")
    credit = sv.offer_compensation(
        gui_db, staff_on.handler, case_id, kind="service_credit", amount=50_000
    )
    handler = desks("handler")
    view = open_case(qtbot, handler, case_id)
    dialog = open_dialog(qtbot, view, "record_compensation_outcome")
    which = dialog.form.fields["compensation"]
    assert which.count() == 2
    which.setCurrentIndex(which.findData(credit))
    outcomes = dialog.widgets["outcome"]
    # One option: taken now and given later, or given on the spot.
    assert [outcomes.itemText(i) for i in range(1, outcomes.count())] == [
        "고객이 고름: 서비스 크레딧 50,000원",
        "지급·이행 완료: 서비스 크레딧 50,000원",
        "고객이 거절함",
    ]
    dialog.set_value("outcome", "decline")
    assert dialog.form.layout.isRowVisible(dialog.widgets["decline_reason"])
    assert not dialog.form.layout.isRowVisible(dialog.widgets["delivery_ref"])
    press_refused(qtbot, view, dialog, dialog.ok)
    assert dialog.form.errors["decline_reason"].text() == "필수 항목입니다"
    type_korean(dialog.widgets["decline_reason"], "크레딧은 필요 없다고 하심")
    press(qtbot, view, dialog, dialog.ok)
    by_id = {c.id: c for c in view.detail.compensations}
    assert (by_id[credit].status, by_id[credit].decline_reason) == (
        "declined",
        "크레딧은 필요 없다고 하심",
    )
    assert tab_row(view, 1)[4].startswith("거절: 크레딧은 필요 없다고 하심")
    # The apology is still open: the step stays, now for that one alone.
    dialog = open_dialog(qtbot, view, "record_compensation_outcome")
    assert "compensation" not in dialog.form.fields
