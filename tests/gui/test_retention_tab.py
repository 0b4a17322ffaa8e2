"""The supervisor's retention tab: the counts, the approval (confirmation replaced), the purge
off the UI thread, the destruction record shown and listed for reprinting."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core import services as sv
from gui.records.retention_tab import PurgeConfirmation, RetentionTab
from tests.conftest import intake
from tests.gui.conftest import settle

pytestmark = pytest.mark.gui

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def old_cases(gui_db, staff_on, clock):
    """Three customers whose complaints were withdrawn in 2022; one more still open."""
    refs = []
    for day, name, phone in (
        (7, "홍길동", "010-1111-2222"),
        (8, "최민지", "010-3333-4444"),
        (9, "김영희", "010-5555-6666"),
    ):
        clock.set(datetime(2022, 11, day, 10, 0, tzinfo=SEOUL))
        customer = sv.CustomerInput(name=name, phone=phone, consent=True)
        ref = sv.receive_complaint(gui_db, staff_on.clerk, intake(customer=customer))
        sv.withdraw(gui_db, staff_on.handler, ref.id, reason="고객이 철회함")
        refs.append(ref)
    customer = sv.CustomerInput(name="정다운", phone="010-9999-0000", consent=True)
    sv.receive_complaint(gui_db, staff_on.clerk, intake(customer=customer))  # never closed
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=SEOUL))
    return refs


def test_supervisor_approves_the_purge_and_gets_the_record(
    qtbot, desks, gui_db, staff_on, old_cases, monkeypatch
):
    boss = desks("supervisor")
    tab = RetentionTab(boss)
    qtbot.addWidget(tab)
    settle(qtbot, boss)
    assert tab.period.text() == "3년 (전자상거래법: 3년)"
    assert tab.cutoff.text() == "종결일이 2023-03-08 이전인 사건"
    assert tab.counts.text() == "고객 3명 · 사건 3건"
    assert tab.closed_range.text() == "2022-11-07 ~ 2022-11-09"
    assert tab.approve_button.isEnabled() and tab.tree.topLevelItemCount() == 0

    asked = []
    monkeypatch.setattr(
        PurgeConfirmation, "ask", classmethod(lambda cls, parent, found: asked.append(found) or 0)
    )
    tab.approve()  # declined: nothing happens
    settle(qtbot, boss)
    assert [(f.customers, f.cases) for f in asked] == [(3, 3)]
    assert sv.retention_candidates(gui_db, staff_on.supervisor).customers == 3

    monkeypatch.setattr(PurgeConfirmation, "ask", classmethod(lambda cls, parent, found: True))
    changed = []
    boss.cases_changed.connect(lambda cases, what: changed.append((what, cases)))
    with qtbot.waitSignal(tab.purged, timeout=10000) as purged:
        tab.approve()
    settle(qtbot, boss)
    record_id = purged.args[0]
    assert tab.error.text() == ""
    assert f"제 {record_id}호" in tab.status.text()
    # Names in open lists and cases changed: exactly the purged cases are told to refresh.
    assert ("purge_expired_personal_data", {ref.id for ref in old_cases}) in changed
    assert tab.counts.text() == "고객 0명 · 사건 0건" and not tab.approve_button.isEnabled()
    # The record is shown for printing at once, and listed for reprinting later.
    assert tab.pdf_dialog is not None and tab.pdf_dialog.panel.document.pageCount() == 1
    assert tab.tree.topLevelItemCount() == 1
    item = tab.tree.topLevelItem(0)
    assert item.text(0) == f"제 {record_id}호" and item.text(2) == "박관리"
    assert (item.text(3), item.text(4), item.text(5)) == ("3", "3", "~ 2023-03-08")
    assert sv.search_cases(gui_db, staff_on.supervisor, "홍길동") == []
    assert sv.search_cases(gui_db, staff_on.supervisor, "정다운") != []

    first = tab.pdf_dialog
    tab.tree.setCurrentItem(item)
    assert tab.reprint_button.isEnabled()
    tab.reprint_button.click()
    settle(qtbot, boss)
    assert tab.pdf_dialog is not first and tab.pdf_dialog.panel.document.pageCount() == 1


def test_a_changed_count_is_refused_in_words(
    qtbot, desks, gui_db, staff_on, old_cases, monkeypatch
):
    boss = desks("supervisor")
    tab = RetentionTab(boss)
    qtbot.addWidget(tab)
    settle(qtbot, boss)
    # Another counter PC purges meanwhile: the numbers on this screen are stale.
    sv.purge_expired_personal_data(gui_db, staff_on.supervisor, expected=3)
    monkeypatch.setattr(PurgeConfirmation, "ask", classmethod(lambda cls, parent, found: True))
    tab.approve()
    settle(qtbot, boss)
    assert "아무것도 파기하지 않았습니다" in tab.error.text()
    assert tab.counts.text() == "고객 0명 · 사건 0건"  # counted again
    assert tab.tree.topLevelItemCount() == 1  # only the other purge


def test_other_roles_see_no_counts(qtbot, desks, old_cases):
    clerk = desks("clerk")
    tab = RetentionTab(clerk)
    qtbot.addWidget(tab)
    settle(qtbot, clerk)
    assert tab.counts.text() == "" and not tab.approve_button.isEnabled()
    assert not tab.refresh_button.isEnabled() and tab.status.text() != ""


def test_the_admin_sets_the_retention_period(qtbot, desks, gui_db, staff_on):
    from gui.admin.settings_page import OfficeTab

    admin = desks("admin")
    tab = OfficeTab(admin)
    qtbot.addWidget(tab)
    spin = tab.ints["retention_years"]
    assert spin.value() == 3
    spin.setValue(5)
    tab.save()
    settle(qtbot, admin)
    assert tab.error.text() == "" and tab.saved.text() != ""
    assert sv.get_settings(gui_db, staff_on.supervisor).retention_years == 5
    spin.setValue(0)  # out of range (1-10 years): refused, said under the field
    tab.save()
    settle(qtbot, admin)
    assert tab.form.errors["retention_years"].text() != ""
    assert sv.get_settings(gui_db, staff_on.supervisor).retention_years == 5
