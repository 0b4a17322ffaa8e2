"""The case window's small truths, through the real widgets: step buttons that stay put and
say why they are disabled, a follow-up with no score until one is picked, the assignee
preselected, each record rule saying what is missing and opening the dialog that fixes it,
waiting for the customer, and a low score answered by a supervisor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from core import services as sv
from gui.case.case_view import CaseView
from gui.lists.queues_page import QueuesPage
from tests.conftest import intake
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui


def open_view(qtbot, desk, case_id: int) -> CaseView:
    view = CaseView(desk, case_id)
    qtbot.addWidget(view)
    settle(qtbot, desk)
    return view


def refreshed(qtbot, view: CaseView) -> None:
    view.refresh()
    settle(qtbot, view.desk)


def submit(qtbot, view: CaseView, dialog, **values) -> None:
    """Fill the dialog as a person would and press its OK; wait for the save."""
    qtbot.addWidget(dialog)
    for name, value in values.items():
        dialog.set_value(name, value)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.accept_clicked()
    settle(qtbot, view.desk)


def resolved(db, staff) -> int:
    case_id = sv.receive_complaint(db, staff.clerk, intake()).id
    sv.acknowledge(db, staff.clerk, case_id)
    sv.record_action(db, staff.handler, case_id, "investigation", "현장 확인")
    sv.resolve(db, staff.handler, case_id, result="조치 완료", told_channel="phone")
    return case_id


# ---------------------------------------------------------------- stable buttons


def test_the_step_buttons_stay_put_and_say_why_one_is_disabled(qtbot, gui_db, desks, staff_on):
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake()).id
    view = open_view(qtbot, desks("handler"), case_id)
    order = list(view.step_buttons)
    assert order.index("acknowledge") < order.index("resolve") < order.index("close")
    assert "approve_compensation" not in order  # never the handler's to take
    assert view.offered_steps() == [s for s in order if s in view.detail.allowed_steps]
    resolve = view.step_buttons["resolve"]
    assert not resolve.isEnabled()
    assert resolve.toolTip() == "처리중 상태에서만 할 수 있습니다."
    assert view.step_buttons["record_follow_up"].toolTip() == "처리완료 상태에서만 할 수 있습니다."
    assert view.step_buttons["close"].text() == "종결"

    sv.acknowledge(gui_db, staff_on.clerk, case_id)
    sv.record_action(gui_db, staff_on.handler, case_id, "investigation", "현장 확인")
    refreshed(qtbot, view)
    assert list(view.step_buttons) == order  # nothing moved
    assert view.step_buttons["resolve"].isEnabled()
    assert view.step_buttons["acknowledge"].toolTip() == "접수 상태에서만 할 수 있습니다."
    assert view.step_buttons["resume"].toolTip() == "고객 회신 대기 상태에서만 할 수 있습니다."

    sv.resolve(gui_db, staff_on.handler, case_id, result="조치 완료", told_channel="phone")
    refreshed(qtbot, view)
    assert list(view.step_buttons) == order
    close = view.step_buttons["close"]
    assert not close.isEnabled()  # offered, but the follow-up is still to be made
    assert "모든 재방문" in close.toolTip()
    assert view.step_buttons["record_follow_up"].isEnabled()


def test_a_supervisor_sees_the_steps_that_wait_on_the_records(qtbot, gui_db, desks, staff_on):
    case_id = resolved(gui_db, staff_on)
    view = open_view(qtbot, desks("supervisor"), case_id)
    approve = view.step_buttons["approve_compensation"]
    assert not approve.isEnabled()
    assert approve.toolTip() == "승인을 기다리는 보상이 없습니다."
    assert not view.step_buttons["record_win_back"].isEnabled()
    assert "낮은 만족도" in view.step_buttons["record_win_back"].toolTip()
    assert view.step_buttons["reopen_closed"].toolTip() == "종결 상태에서만 할 수 있습니다."


# ---------------------------------------------------------------- dialogs


def test_the_follow_up_has_no_score_until_one_is_picked(qtbot, gui_db, desks, staff_on):
    case_id = resolved(gui_db, staff_on)
    view = open_view(qtbot, desks("clerk"), case_id)
    dialog = view.dialog_for("record_follow_up")
    qtbot.addWidget(dialog)
    assert dialog.values()["satisfaction"] == ""
    assert dialog.widgets["satisfaction"].currentText() == "— 고르세요 —"
    dialog.set_value("outcome", "결과 확인 전화")
    dialog.accept_clicked()
    settle(qtbot, view.desk)
    assert "응답 없음" in dialog.form.errors["satisfaction"].text()
    assert sv.get_case(gui_db, staff_on.supervisor, case_id).follow_ups[0].status == "due"

    # The customer would not say: 응답 없음 records no score (not 5 ★).
    submit(qtbot, view, dialog, satisfaction="none")
    case = sv.get_case(gui_db, staff_on.supervisor, case_id)
    assert case.follow_ups[0].status == "done"
    assert case.follow_ups[0].satisfaction is None
    assert case.winback_due is None
    refreshed(qtbot, view)
    assert view.tabs.follow_ups.topLevelItem(0).text(3) == "응답 없음"


def test_assigning_opens_on_the_current_assignee(qtbot, gui_db, desks, staff_on):
    case_id = sv.receive_complaint(
        gui_db, staff_on.clerk, intake(assignee_id=staff_on.handler.user_id)
    ).id
    view = open_view(qtbot, desks("supervisor"), case_id)
    dialog = view.dialog_for("assign")
    qtbot.addWidget(dialog)
    settle(qtbot, view.desk)
    assert dialog.values()["assignee"] == staff_on.handler.user_id
    submit(qtbot, view, dialog)  # Enter keeps the assignee
    assert sv.get_case(gui_db, staff_on.supervisor, case_id).assignee_id == (
        staff_on.handler.user_id
    )


def test_the_close_dialog_says_close(qtbot, gui_db, desks, staff_on):
    case_id = resolved(gui_db, staff_on)
    view = open_view(qtbot, desks("handler"), case_id)
    dialog = view.dialog_for("close")
    qtbot.addWidget(dialog)
    assert dialog.ok.text() == "종결"


# ---------------------------------------------------------------- the record rules


def test_each_rule_says_what_is_missing_and_opens_its_dialog(qtbot, gui_db, desks, staff_on):
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake(nature="unclassified")).id
    sv.acknowledge(gui_db, staff_on.clerk, case_id)
    view = open_view(qtbot, desks("handler"), case_id)
    texts = [w.text() for w in view.findChildren(type(view.message)) if w.isVisibleTo(view)]
    assert "성격 미분류" in texts
    assert "처리 기록 없음" in texts
    assert set(view.rule_fixes) == {"recorded", "handled"}  # the result comes later

    view.rule_fixes["recorded"].click()
    assert view.step_dialog is not None and view.step_dialog.windowTitle() == "내용 수정·분류"
    qtbot.addWidget(view.step_dialog)
    view.step_dialog.reject()
    view.rule_fixes["handled"].click()
    dialog = view.step_dialog
    assert dialog.windowTitle() == "처리 기록"
    submit(qtbot, view, dialog, kind="investigation", note="현장 확인")
    refreshed(qtbot, view)
    assert "handled" not in view.rule_fixes
    assert "처리 기록 없음" not in [w.text() for w in view.findChildren(type(view.message))]


# ---------------------------------------------------------------- waiting, a low score


def test_waiting_for_the_customer_through_the_window(qtbot, gui_db, desks, staff_on, clock):
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake()).id
    sv.acknowledge(gui_db, staff_on.clerk, case_id)
    sv.record_action(gui_db, staff_on.handler, case_id, "investigation", "현장 확인")
    view = open_view(qtbot, desks("handler"), case_id)
    dialog = view.dialog_for("wait_for_customer")
    expected = clock() + timedelta(days=2)
    submit(qtbot, view, dialog, reason="누수 사진을 보내 주기로 함", waiting_until=expected)
    refreshed(qtbot, view)
    assert view.detail.status == "waiting"
    badges = [b for b in view.header.findChildren(type(view.message)) if b.property("kind")]
    assert len(badges) == 1
    assert "누수 사진을 보내 주기로 함" in badges[0].text()
    assert "고객 회신 예정" in badges[0].text()
    assert not view.step_buttons["wait_for_customer"].isEnabled()
    assert not view.step_buttons["resolve"].isEnabled()

    submit(qtbot, view, view.dialog_for("resume"), note="사진 받음")
    refreshed(qtbot, view)
    assert view.detail.status == "in_progress"
    assert not [b for b in view.header.findChildren(type(view.message)) if b.property("kind")]


def test_a_low_score_reaches_the_supervisor_and_is_answered(qtbot, gui_db, desks, staff_on):
    case_id = resolved(gui_db, staff_on)
    clerk_view = open_view(qtbot, desks("clerk"), case_id)
    submit(
        qtbot,
        clerk_view,
        clerk_view.dialog_for("record_follow_up"),
        outcome="결과 확인 전화",
        satisfaction="2",
        comment="보상 못 받음",
    )
    supervisor = desks("supervisor")
    queues = QueuesPage(supervisor)
    qtbot.addWidget(queues)
    settle(qtbot, supervisor)
    keys = [queues.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(queues.list.count())]
    assert "low_satisfaction" in keys and "waiting" in keys
    queues.list.setCurrentRow(keys.index("low_satisfaction"))
    settle(qtbot, supervisor)
    subject = queues.model.index(0, queues.model.column_of("subject")).data()
    assert subject.endswith("— ★2 · 보상 못 받음")
    handler_queues = QueuesPage(desks("handler"))
    qtbot.addWidget(handler_queues)
    hkeys = [
        handler_queues.list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(handler_queues.list.count())
    ]
    assert "low_satisfaction" not in hkeys and "waiting" in hkeys

    view = open_view(qtbot, supervisor, case_id)
    assert "만족도 낮음" in "".join(b.text() for b in view.header.findChildren(type(view.message)))
    assert not view.step_buttons["close"].isEnabled()
    view.rule_fixes["followed_up"].click()
    dialog = view.step_dialog
    assert dialog.windowTitle() == "만족도 회복 조치"
    submit(qtbot, view, dialog, note="사과 전화, 관리비 감면 안내")
    refreshed(qtbot, view)
    assert view.detail.winback_due is None
    assert view.step_buttons["close"].isEnabled()
