"""A day at the counter, through the real widgets: from login to a closed case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core import services as sv
from core.errors import PermissionDenied
from gui.case.case_view import CaseView
from gui.intake.intake_page import IntakePage
from gui.shell.start_dialogs import LoginDialog
from tests.conftest import PASSWORD, intake
from tests.gui.conftest import settle, type_korean

pytestmark = pytest.mark.gui


def fill_intake(qtbot, page: IntakePage) -> None:
    qtbot.keyClicks(page.w["phone"], "010-2345-6789")
    type_korean(page.w["name"], "최민수")
    page.w["consent"].setChecked(True)
    type_korean(page.w["incident_place"], "102동 지하 2층 주차장")
    type_korean(page.w["subject"], "주차장 조명이 꺼져 위험합니다")
    type_korean(
        page.w["description"], "어젯밤 11시쯤 지하 2층 조명이 여러 개 나가 있어 넘어질 뻔했습니다."
    )
    type_korean(page.w["request"], "조명을 빨리 교체해 주세요")
    type_korean(page.w["expectation"], "이번 주 안에 교체")
    type_korean(page.w["bottom_line"], "임시 조명이라도 설치")
    page.w["category"].setCurrentIndex(page.w["category"].findData("equipment.parking"))
    page.w["nature"].setCurrentIndex(page.w["nature"].findData("effective"))


def run_step(qtbot, view: CaseView, step: str, **values) -> None:
    """Open the step's dialog, fill it as a person would, press OK, wait for the save."""
    assert step in view.offered_steps(), f"{step} not offered: {view.offered_steps()}"
    dialog = view.dialog_for(step)
    qtbot.addWidget(dialog)
    for name, value in values.items():
        dialog.set_value(name, value)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.accept_clicked()
    settle(qtbot, view.desk)
    qtbot.waitUntil(lambda: view.detail is not None and view.desk.tasks.pending == 0)


def test_login_dialog(qtbot, gui_db, staff_on):
    dialog = LoginDialog(gui_db, "강남 관리사무소")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "clerk")
    qtbot.keyClicks(dialog.password, "wrong-one")
    dialog.submit()
    assert "올바르지 않습니다" in dialog.error.text() and dialog.result() == 0
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.role == "clerk"


def test_a_resident_number_typed_at_the_counter_is_masked_and_said(
    qtbot, gui_db, desks, staff_on, tmp_path
):
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    fill_intake(qtbot, page)
    page.w["description"].appendPlainText("본인 확인: 900101-1234567")
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        qtbot.keyClick(page.w["subject"], Qt.Key.Key_Return)
    assert "주민등록번호로 보이는 번호는 가려서 저장했습니다" in page.result.text()
    case = sv.get_case(gui_db, staff_on.supervisor, saved.args[0])
    assert "900101-1******" in case.description and "1234567" not in case.description


def test_whole_procedure_through_the_windows(qtbot, gui_db, desks, clock, tmp_path):
    # The clerk registers a walk-in complaint, typed in Korean; Enter saves.
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    fill_intake(qtbot, page)
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        qtbot.keyClick(page.w["subject"], Qt.Key.Key_Return)
    case_id, case_no = saved.args
    assert case_no.startswith("GN-2026-")
    assert case_no in page.result.text() and "접수 확인 기한" in page.result.text()
    assert page.w["subject"].text() == ""  # ready for the next customer

    # The handler works the case.
    handler = desks("handler")
    view = CaseView(handler, case_id)
    qtbot.addWidget(view)
    settle(qtbot, handler)
    assert view.detail.subject == "주차장 조명이 꺼져 위험합니다"
    assert "approve_compensation" not in view.step_buttons
    run_step(qtbot, view, "acknowledge", channel="phone", note="접수 확인, 내일까지 교체 안내")
    run_step(qtbot, view, "record_action", kind="investigation", note="현장 확인: 조명 6개 고장")
    run_step(
        qtbot,
        view,
        "log_contact",
        direction="outbound",
        channel="phone",
        purpose="progress",
        summary="부품 주문, 내일 교체 예정 안내",
    )
    run_step(
        qtbot,
        view,
        "offer_compensation",
        kind="service_credit",
        amount=150_000,
        note="넘어질 뻔한 불편에 대한 관리비 감면",
    )
    assert view.detail.compensations[0].status == "pending_approval"

    # The supervisor approves it from the same screen.
    supervisor = desks("supervisor")
    boss_view = CaseView(supervisor, case_id)
    qtbot.addWidget(boss_view)
    settle(qtbot, supervisor)
    run_step(qtbot, boss_view, "approve_compensation", note="선례 범위 내")  # OK is 승인
    assert boss_view.detail.compensations[0].status == "offered"
    assert boss_view.detail.compensations[0].decided_by_name == "박관리"

    # The handler gives the credit (one option: the offer is the customer's choice),
    # resolves; days later the clerk calls back; the case closes.
    view.refresh()
    settle(qtbot, handler)
    run_step(
        qtbot,
        view,
        "record_compensation_outcome",
        outcome="deliver",
        delivery_note="다음 달 관리비에서 감면",
        delivery_ref="관리비-2026-04",
    )
    assert view.detail.compensations[0].status == "delivered"
    run_step(
        qtbot,
        view,
        "resolve",
        root_cause="등기구 노후",
        result="조명 6개 교체 완료",
        told_channel="phone",
        customer_response="감사하다고 하심",
    )
    clock.advance(days=3)
    clerk_view = CaseView(clerk, case_id)
    qtbot.addWidget(clerk_view)
    settle(qtbot, clerk)
    run_step(
        qtbot,
        clerk_view,
        "record_follow_up",
        channel="phone",
        outcome="밝아진 것 확인",
        satisfaction="5",
        comment="빨리 해 주셔서 좋았어요",
    )
    view.refresh()
    settle(qtbot, handler)
    assert all(
        view.detail.record_rules.__dict__[k]
        for k in ("recorded", "handled", "result", "followed_up")
    )
    run_step(qtbot, view, "close")
    assert view.detail.status == "closed"
    assert "close" not in view.offered_steps()


def test_clerk_is_not_offered_approval_and_is_refused(qtbot, gui_db, desks, staff_on):
    ref = sv.receive_complaint(gui_db, staff_on.clerk, _intake())
    sv.acknowledge(gui_db, staff_on.clerk, ref.id)
    comp = sv.offer_compensation(gui_db, staff_on.handler, ref.id, kind="refund", amount=900_000)
    clerk = desks("clerk")
    view = CaseView(clerk, ref.id)
    qtbot.addWidget(view)
    settle(qtbot, clerk)
    assert "approve_compensation" not in view.step_buttons  # not the clerk's to take
    assert "acknowledge" not in view.offered_steps()  # already done
    with pytest.raises(PermissionDenied):
        sv.approve_compensation(gui_db, staff_on.clerk, comp)


def test_edit_conflict_keeps_what_was_typed(qtbot, gui_db, desks, staff_on):
    ref = sv.receive_complaint(gui_db, staff_on.clerk, _intake())
    a, b = desks("handler"), desks("supervisor")
    view_a, view_b = CaseView(a, ref.id), CaseView(b, ref.id)
    qtbot.addWidget(view_a)
    qtbot.addWidget(view_b)
    settle(qtbot, a)
    settle(qtbot, b)
    first = view_a.dialog_for("edit")
    second = view_b.dialog_for("edit")
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    settle(qtbot, a)
    settle(qtbot, b)
    first.set_value("subject", "처리 담당이 고친 제목")
    with qtbot.waitSignal(first.finished, timeout=10000):
        first.accept_clicked()
    second.set_value("subject", "관리자가 고친 제목")
    second.accept_clicked()
    settle(qtbot, b)
    assert "다른 사용자가 먼저" in second.error.text()
    assert second.values()["subject"] == "관리자가 고친 제목"  # nothing typed is lost
    assert second.result() == 0
    assert sv.get_case(gui_db, staff_on.supervisor, ref.id).subject == "처리 담당이 고친 제목"


def test_draft_survives_a_crash(qtbot, gui_db, desks, tmp_path):
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    type_korean(page.w["name"], "한지민")
    type_korean(page.w["description"], "엘리베이터가 또 멈췄어요")
    qtbot.waitUntil(
        lambda: (tmp_path / "drafts").exists() and any((tmp_path / "drafts").iterdir()),
        timeout=5000,
    )  # the autosave timer fired
    page.deleteLater()  # the app dies without saving: no clean shutdown path runs
    qtbot.wait(10)

    again = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(again)
    again.ask_restore = lambda: True
    assert again.offer_draft()
    assert again.w["name"].text() == "한지민"
    assert again.w["description"].toPlainText() == "엘리베이터가 또 멈췄어요"


def test_bad_input_is_shown_inline_and_kept(qtbot, desks, tmp_path):
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    qtbot.keyClicks(page.w["phone"], "12ab")
    type_korean(page.w["description"], "내용만 적었습니다")
    page.w["category"].setCurrentIndex(1)
    page.submit()
    settle(qtbot, clerk)
    assert page.form.errors["customer.name"].text() == "필수 항목입니다"
    assert "전화번호" in page.form.errors["customer.phone"].text()
    assert page.form2.errors["subject"].text() == "필수 항목입니다"
    assert not page.form2.errors["subject"].isHidden()
    assert page.w["description"].toPlainText() == "내용만 적었습니다"


def test_repeat_complainant_is_found_while_typing(qtbot, gui_db, desks, staff_on, tmp_path):
    sv.receive_complaint(gui_db, staff_on.clerk, _intake())
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    qtbot.keyClicks(page.w["phone"], "01012345678")
    qtbot.waitUntil(lambda: page.matches.count() == 1, timeout=5000)
    assert "이전 불만 1건" in page.match_label.text()
    page.use_customer.click()
    assert page.w["name"].text() == "홍길동" and page.existing_customer_id is not None


def _intake():
    return intake()


def test_queues_refresh_when_a_case_changes(qtbot, gui_db, desks, staff_on, clock):
    from gui.lists.queues_page import QueuesPage

    clerk = desks("clerk")
    page = QueuesPage(clerk)
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    assert page.model.rowCount() == 0
    done = []
    clerk.run(sv.receive_complaint, _intake(), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done) and clerk.tasks.pending == 0)
    assert page.model.rowCount() == 1  # awaiting acknowledgement, without polling
    clock.advance(days=5)
    page.list.setCurrentRow(1)  # overdue
    settle(qtbot, clerk)
    assert page.model.rows[0].overdue
    assert page.model.data(page.model.index(0, page.model.column_of("due"))).startswith("⚠")
