"""The whole procedure through the windows, as an office would keep it: a compensation with two
options carried to delivery with a second supervisor's approval, an improvement opened from
the case, a low follow-up score answered by a win-back before closing; then the case file, the
result letter and the monthly summary read back for each of those facts."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QPoint, Qt

from core import services as sv
from core.actor import Actor
from core.procedure.enums import Role
from gui.case.case_view import CaseView
from gui.desk.operations import Desk
from gui.intake.intake_page import IntakePage
from gui.lists.queues_page import QueuesPage
from tests.conftest import PASSWORD
from tests.gui.conftest import settle, type_korean
from tests.gui.test_counter_scenario import fill_intake, run_step

pytestmark = pytest.mark.gui


def pdf_words(data: bytes) -> str:
    """The PDF's text with all white space taken out (table cells wrap where they like)."""
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def squeezed(text: str) -> str:
    return "".join(text.split())


def open_view(qtbot, desk: Desk, case_id: int) -> CaseView:
    view = CaseView(desk, case_id)
    qtbot.addWidget(view)
    settle(qtbot, desk)
    return view


def refreshed(qtbot, view: CaseView) -> CaseView:
    view.refresh()
    settle(qtbot, view.desk)
    return view


def press_ok(qtbot, view: CaseView, dialog) -> None:
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.ok.click()
    settle(qtbot, view.desk)


def test_compensation_improvement_and_win_back_through_the_windows(
    qtbot, gui_db, desks, staff_on, clock, tmp_path, request
):
    # A second supervisor: approvals are never the proposer's own.
    sv.create_user(
        gui_db,
        staff_on.admin,
        username="supervisor2",
        display_name="정감독",
        role="supervisor",
        password=PASSWORD,
    )
    second = sv.login(gui_db, "supervisor2", PASSWORD)
    assert isinstance(second, Actor) and second.role == Role.SUPERVISOR
    approver = Desk(gui_db, second)
    request.addfinalizer(approver.tasks.wait_idle)

    # 접수: the clerk takes the walk-in at the counter; Enter saves.
    clerk = desks("clerk")
    page = IntakePage(clerk, tmp_path / "drafts")
    qtbot.addWidget(page)
    settle(qtbot, clerk)
    fill_intake(qtbot, page)
    with qtbot.waitSignal(page.saved, timeout=10000) as saved:
        qtbot.keyClick(page.w["subject"], Qt.Key.Key_Return)
    case_id, case_no = saved.args

    # 접수 확인 and the investigation, by the handler.
    handler = desks("handler")
    view = open_view(qtbot, handler, case_id)
    run_step(qtbot, view, "acknowledge", channel="phone", note="접수 확인, 내일 연락 안내")
    run_step(qtbot, view, "record_action", kind="investigation", note="현장 확인: 조명 6개 고장")
    assert view.detail.assignee_name == "이처리"  # the first step took the case

    # 보상 제안 by the first supervisor: 환불 300,000원, or 수리.
    boss = desks("supervisor")
    boss_view = open_view(qtbot, boss, case_id)
    dialog = boss_view.dialog_for("offer_compensation")
    qtbot.addWidget(dialog)
    dialog.set_value("kind", "refund")
    dialog.set_value("amount", 300_000)
    repair = dialog.options_editor.rows["repair"][0]
    qtbot.mouseClick(repair, Qt.MouseButton.LeftButton, pos=QPoint(8, repair.height() // 2))
    type_korean(dialog.widgets["note"], "넘어질 뻔한 불편: 환불 또는 수리")
    press_ok(qtbot, boss_view, dialog)
    offer = boss_view.detail.compensations[0]
    assert offer.options == (("refund", 300_000), ("repair", 0))
    assert offer.status == "pending_approval"

    # The proposer may not approve it: both buttons disabled, the reason shown.
    dialog = boss_view.dialog_for("approve_compensation")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and not dialog.reject_button.isEnabled()
    assert "제안" in dialog.why.text()
    dialog.reject()
    with pytest.raises(Exception) as refused:
        sv.approve_compensation(gui_db, staff_on.supervisor, offer.id)
    assert type(refused.value).__name__ == "SelfApproval"

    # The customer chooses the repair while the offer waits for approval.
    refreshed(qtbot, view)
    dialog = view.dialog_for("record_compensation_outcome")
    qtbot.addWidget(dialog)
    outcomes = dialog.widgets["outcome"]
    shown = [outcomes.itemText(i) for i in range(outcomes.count())]
    assert "고객이 고름: 수리" in shown
    assert not any(text.startswith("지급·이행 완료") for text in shown)  # not before approval
    dialog.set_value("outcome", "choose:repair:0")
    press_ok(qtbot, view, dialog)
    chosen = view.detail.compensations[0]
    assert (chosen.status, chosen.customer_choice) == ("pending_approval", "repair")

    # The second supervisor approves with the 승인 button; the choice then stands.
    approver_view = open_view(qtbot, approver, case_id)
    dialog = approver_view.dialog_for("approve_compensation")
    qtbot.addWidget(dialog)
    assert dialog.ok.text() == "승인" and dialog.ok.isEnabled()
    assert "고객이 고른 보상: 수리" in dialog.about.text()
    type_korean(dialog.widgets["note"], "선례 범위 내")
    press_ok(qtbot, approver_view, dialog)
    approved = approver_view.detail.compensations[0]
    assert (approved.status, approved.decided_by_name) == ("accepted", "정감독")

    # 지급·이행: the repair done, with its reference.
    clock.advance(hours=3)
    refreshed(qtbot, view)
    run_step(
        qtbot,
        view,
        "record_compensation_outcome",
        outcome="deliver",
        delivery_note="주차장 조명 6개 무상 교체",
        delivery_ref="수리-0312",
    )
    delivered = view.detail.compensations[0]
    assert (delivered.status, delivered.delivery_ref) == ("delivered", "수리-0312")
    assert delivered.delivered_by_name == "이처리"

    # 개선 조치 from the case: registered in its tab, linked to it.
    refreshed(qtbot, boss_view)
    tab = boss_view.tabs.improvements
    boss_view.tabs.setCurrentWidget(tab)
    tab.register_button.click()
    dialog = tab.dialog
    settle(qtbot, boss)
    assert dialog.values()["cases"] == case_no
    dialog.set_value("title", "")
    type_korean(dialog.widgets["title"], "주차장 조명 주간 점검")
    type_korean(dialog.widgets["root_cause"], "등기구 노후, 점검 주기 없음")
    type_korean(dialog.widgets["preventive_action"], "매주 월요일 야간 순찰 때 조명 점검")
    dialog.widgets["due_date"].setDate(QDate(2026, 4, 30))
    dialog.ok.click()
    settle(qtbot, boss)
    assert not dialog.isVisible(), dialog.error.text()
    qtbot.waitUntil(lambda: tab.count() == 1)

    # 처리 완료, then the follow-up call three days later: scored 2.
    refreshed(qtbot, view)
    run_step(
        qtbot,
        view,
        "resolve",
        root_cause="등기구 노후",
        result="조명 6개 교체 완료",
        told_channel="phone",
        customer_response="늦었다고 하심",
    )
    clock.advance(days=3)
    clerk_view = open_view(qtbot, clerk, case_id)
    run_step(
        qtbot,
        clerk_view,
        "record_follow_up",
        outcome="결과 확인 전화",
        satisfaction="2",
        comment="수리가 너무 늦었음",
    )

    # 만족도 낮음: the supervisors' queue has it; closing waits for the win-back.
    queues = QueuesPage(boss)
    qtbot.addWidget(queues)
    settle(qtbot, boss)
    keys = [queues.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(queues.list.count())]
    queues.list.setCurrentRow(keys.index("low_satisfaction"))
    settle(qtbot, boss)
    listed = [
        queues.model.index(row, queues.model.column_of("subject")).data()
        for row in range(queues.model.rowCount())
    ]
    assert listed == ["주차장 조명이 꺼져 위험합니다 — ★2 · 수리가 너무 늦었음"]
    refreshed(qtbot, boss_view)
    assert not boss_view.step_buttons["close"].isEnabled()
    run_step(qtbot, boss_view, "record_win_back", note="사과 전화, 다음 점검 일정 안내")
    assert boss_view.detail.winback_due is None

    # 종결.
    refreshed(qtbot, view)
    assert view.step_buttons["close"].text() == "종결"
    run_step(qtbot, view, "close")
    assert view.detail.status == "closed"

    # The case file: the options, who proposed and approved, the customer's answer, the
    # delivery, the improvement, the score and the win-back.
    case_file = pdf_words(sv.case_file_pdf(gui_db, staff_on.supervisor, case_id))
    section = case_file[case_file.index("제시한선택지") :]
    assert section.startswith(
        "제시한선택지상태제안승인고객답변지급·이행환불300,000원/수리지급·이행완료박관리"
    )
    assert "정감독2026-03-0910:00선례범위내수리이처리" in section  # approved; the choice: 수리
    assert "수리-0312주차장조명6개무상교체" in section
    assert "보상승인—선례범위내정감독" in case_file  # the timeline names the approval
    for fact in (
        "주차장조명주간점검시정조치박관리2026-04-30계획매주월요일야간순찰때조명점검",
        "★★결과확인전화수리가너무늦었음",
        "사과전화,다음점검일정안내박관리",
    ):
        assert fact in case_file, fact

    # The result letter: what the customer chose and was given, and the prevention promised.
    letter = pdf_words(sv.result_letter_pdf(gui_db, staff_on.supervisor, case_id))
    assert "보상내용수리(2026년03월09일지급·이행완료)" in letter
    assert "환불" not in letter
    assert "재발방지조치매주월요일야간순찰때조명점검" in letter

    # The month's summary: the offer and its outcome by kind, the low score, the improvement.
    month = (clock.now - timedelta(days=3)).strftime("%Y-%m")
    summary = pdf_words(sv.summary_pdf(gui_db, staff_on.supervisor, month))
    by_kind = summary[summary.index("4.보상") : summary.index("5.만족도")]
    assert "환불1/300,0000/00/00/0" in by_kind  # offered, not taken
    assert "수리0/01/01/00/0" in by_kind  # chosen and delivered
    assert "2점이하(만족도낮음)1건" in summary
    assert "주차장조명주간점검시정조치계획박관리" in summary
