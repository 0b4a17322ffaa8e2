"""First run, and the admin's settings page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core import services as sv
from gui.admin.settings_page import SettingsPage
from gui.case.step_dialog import StepDialog
from gui.shell.start_dialogs import FirstRunDialog
from tests.gui.conftest import settle, type_korean

pytestmark = pytest.mark.gui


def test_first_run_creates_office_and_admin(qtbot, gui_db):
    dialog = FirstRunDialog(gui_db)
    qtbot.addWidget(dialog)
    type_korean(dialog.office, "서초 행복 의원")
    qtbot.keyClicks(dialog.prefix, "sc")
    type_korean(dialog.display_name, "원장")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.password2, "short")
    dialog.submit()
    assert "8자" in dialog.form.errors["password"].text()
    assert sv.needs_setup(gui_db)  # nothing half-saved
    dialog.password.clear()
    dialog.password2.clear()
    qtbot.keyClicks(dialog.password, "clinic-pass-1")
    qtbot.keyClicks(dialog.password2, "clinic-pass-2")
    dialog.submit()
    assert dialog.form.errors["password2"].text() == "비밀번호가 서로 다릅니다"
    dialog.password2.clear()
    qtbot.keyClicks(dialog.password2, "clinic-pass-1")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor.role == "admin"
    assert not sv.needs_setup(gui_db)
    assert sv.get_settings(gui_db, dialog.actor).case_prefix == "SC"


def test_admin_changes_deadlines_and_bad_hours_are_refused(qtbot, desks, gui_db, staff_on):
    admin = desks("admin")
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    settle(qtbot, admin)
    tab = page.office_tab
    tab.ints["approval_threshold"].setValue(300_000)
    tab.ints["followup_delay_days"].setValue(5)
    tab.save()
    settle(qtbot, admin)
    assert tab.saved.text() == "저장했습니다."
    s = sv.get_settings(gui_db, staff_on.admin)
    assert (s.approval_threshold, s.followup_delay_days) == (300_000, 5)
    tab.end.setTime(tab.start.time().addSecs(-3600))
    tab.save()
    settle(qtbot, admin)
    assert tab.form.errors["office_end"].text()
    assert sv.get_settings(gui_db, staff_on.admin).office_end == "18:00"


def test_admin_adds_a_user(qtbot, desks, gui_db, staff_on):
    admin = desks("admin")
    page = SettingsPage(admin)
    qtbot.addWidget(page)
    settle(qtbot, admin)
    tab = page.users_tab
    assert tab.tree.topLevelItemCount() == 4
    tab.add_user()
    dialog = tab.findChildren(StepDialog)[0]
    dialog.set_value("username", "clerk2")
    type_korean(dialog.widgets["display_name"], "정새봄")
    dialog.set_value("password", "new-clerk-pass")
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.accept_clicked()
    settle(qtbot, admin)
    names = [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())]
    assert "정새봄" in names
    assert sv.login(gui_db, "clerk2", "new-clerk-pass").role == "clerk"


def test_settings_page_is_for_admins_only(qtbot, desks, tmp_path):
    from gui.shell.main_window import MainWindow

    clerk = desks("clerk")
    window = MainWindow(clerk, tmp_path / "drafts")
    qtbot.addWidget(window)
    settle(qtbot, clerk)
    keys = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
    assert keys == ["intake", "queues", "cases"]
    assert "김접수" in window.user_label.text()
