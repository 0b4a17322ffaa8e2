"""Correcting an intake after saving, and back-dating a paper intake, through the real
dialogs: what is typed is what the case then says, and a bad value is refused by its field."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget
from sqlalchemy import select

from core import services as sv
from core.db.models import AuditEvent
from core.store.audit import fingerprint
from gui.case.case_view import CaseView
from gui.case.step_forms import step_dialog
from tests.conftest import intake
from tests.gui.conftest import settle, type_korean

SEOUL = ZoneInfo("Asia/Seoul")


def _dialog(qtbot, desk, case_id: int, step: str):
    parent = QWidget()
    qtbot.addWidget(parent)
    detail = sv.get_case(desk.db, desk.actor, case_id)
    dialog = step_dialog(desk, detail, step, precedents=None, parent=parent)
    assert dialog is not None
    qtbot.addWidget(dialog)
    settle(qtbot, desk)  # the category list arrives
    return parent, dialog


def _retype(widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    widget.del_()
    type_korean(widget, text)


def _ok(qtbot, desk, dialog) -> None:
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.ok.click()
    settle(qtbot, desk)


def test_the_edit_dialog_corrects_the_place_and_the_rest_of_the_intake(
    qtbot, desks, gui_db, staff_on, clock
):
    clock.set(datetime(2026, 3, 16, 10, 0, tzinfo=SEOUL))
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake()).id
    clerk = desks("clerk")
    _parent, dialog = _dialog(qtbot, clerk, case_id, "edit")
    assert dialog.widgets["incident_place"].text() == "101동 1203호"
    _retype(dialog.widgets["incident_place"], "102동 지하 주차장")
    _retype(dialog.widgets["staff_involved"], "경비 김씨")
    when = dialog.widgets["incident_at"]
    when.setFocus()
    when.clear()
    qtbot.keyClicks(when, "0315 2230")
    channel = dialog.widgets["channel"]
    channel.setCurrentIndex(channel.findData("phone"))
    _ok(qtbot, clerk, dialog)

    d = sv.get_case(gui_db, staff_on.clerk, case_id)
    assert d.incident_place == "102동 지하 주차장"
    assert d.staff_involved == "경비 김씨"
    assert d.incident_at == datetime(2026, 3, 15, 22, 30, tzinfo=SEOUL)
    assert d.channel == "phone"
    assert d.subject == intake().subject  # what was not touched stays as it was
    with gui_db.unit_of_work(write=False) as uow:
        (event,) = uow.session.scalars(
            select(AuditEvent).where(
                AuditEvent.case_id == case_id, AuditEvent.action == "case.update"
            )
        ).all()
    changes = json.loads(event.changes)
    # The trail names the field and fingerprints the words (the case holds them).
    assert changes["incident_place"] == [
        fingerprint("101동 1203호"),
        fingerprint("102동 지하 주차장"),
    ]
    assert set(changes) == {"incident_place", "staff_involved", "incident_at", "channel"}

    # Opened again, the dialog shows the corrected time as the office reads it.
    _parent, again = _dialog(qtbot, clerk, case_id, "edit")
    assert again.widgets["incident_at"].text() == "2026-03-15 22:30"


def test_an_unreadable_incident_time_is_refused_under_its_field(qtbot, desks, gui_db, staff_on):
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake()).id
    clerk = desks("clerk")
    _parent, dialog = _dialog(qtbot, clerk, case_id, "edit")
    _retype(dialog.widgets["incident_place"], "관리동 앞")
    _retype(dialog.widgets["incident_at"], "어제쯤")
    dialog.ok.click()
    settle(qtbot, clerk)
    assert dialog.isVisible() or dialog.result() == 0  # still open, nothing saved
    assert dialog.form.errors["incident_at"].text().startswith("날짜·시각을 읽을 수 없습니다")
    assert sv.get_case(gui_db, staff_on.clerk, case_id).incident_place == "101동 1203호"


def test_a_supervisor_backdates_a_paper_intake_in_its_dialog(qtbot, desks, gui_db, staff_on, clock):
    clock.set(datetime(2026, 3, 16, 10, 0, tzinfo=SEOUL))  # typed in on Monday morning
    case_id = sv.receive_complaint(gui_db, staff_on.clerk, intake()).id
    clock.set(datetime(2026, 3, 16, 11, 0, tzinfo=SEOUL))
    supervisor = desks("supervisor")
    _parent, dialog = _dialog(qtbot, supervisor, case_id, "backdate")
    assert dialog.windowTitle() == "접수 일시 소급"
    assert dialog.values()["received_at"] == datetime(2026, 3, 16, 10, 0, tzinfo=SEOUL)
    dialog.set_value("received_at", datetime(2026, 3, 13, 17, 0, tzinfo=SEOUL))
    dialog.ok.click()  # no reason yet
    settle(qtbot, supervisor)
    assert dialog.form.errors["reason"].text() == "필수 항목입니다"
    type_korean(dialog.widgets["reason"], "전산 장애 중 종이 접수서로 받음")
    _ok(qtbot, supervisor, dialog)
    d = sv.get_case(gui_db, staff_on.supervisor, case_id)
    assert d.received_at == datetime(2026, 3, 13, 17, 0, tzinfo=SEOUL)
    assert d.ack_due == datetime(2026, 3, 16, 17, 0, tzinfo=SEOUL)  # Friday 17:00 -> Monday
    assert d.backdate_reason == "전산 장애 중 종이 접수서로 받음"
    # The case window says why the date differs from when it was typed in.
    view = CaseView(supervisor, case_id)
    qtbot.addWidget(view)
    settle(qtbot, supervisor)
    form = view.tabs.details_form
    shown = {
        form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text(): form.itemAt(
            row, QFormLayout.ItemRole.FieldRole
        )
        .widget()
        .text()
        for row in range(form.rowCount())
    }
    assert shown["접수 일시 정정 사유"] == "전산 장애 중 종이 접수서로 받음"
