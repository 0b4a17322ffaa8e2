"""기록 관리 through the real widgets: a backup to a chosen folder, a restore as the admin,
the monthly access review, and the automatic backups of the main window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from core import services as sv
from core.store import backup
from gui.records.access_review_tab import AccessReviewTab
from gui.records.backup_tab import BackupTab, Choose
from gui.shell.main_window import MainWindow
from tests.conftest import intake
from tests.gui.conftest import settle


def _nav(window: MainWindow) -> list[str]:
    return [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]


def test_records_page_shows_each_role_its_tabs(qtbot, desks, tmp_path):
    seen = {}
    for role in ("clerk", "handler", "supervisor", "admin"):
        desk = desks(role)
        window = MainWindow(desk, tmp_path / role)
        qtbot.addWidget(window)
        settle(qtbot, desk)
        tabs = []
        if window.records is not None:
            tabs = [window.records.tabs.tabText(i) for i in range(window.records.tabs.count())]
        seen[role] = ("records" in _nav(window), tabs)
    assert seen["clerk"] == (False, []) and seen["handler"] == (False, [])
    assert seen["supervisor"] == (True, ["백업", "접속기록 점검", "개인정보 파기", "기록 검증"])
    assert seen["admin"] == (True, ["백업", "접속기록 점검", "기록 검증"])


def test_backup_to_a_chosen_folder_then_restore(
    qtbot, desks, gui_db, staff_on, tmp_path, monkeypatch
):
    sv.receive_complaint(gui_db, staff_on.clerk, intake(subject="백업 전 사건"))
    supervisor = BackupTab(desks("supervisor"))
    qtbot.addWidget(supervisor)
    assert not supervisor.restore_button.isVisibleTo(supervisor)  # restore is the admin's

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(Choose, "folder", classmethod(lambda cls, parent: str(usb)))
    qtbot.mouseClick(supervisor.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "백업했습니다" in supervisor.status.text(), timeout=10000)
    (copy,) = usb.glob("gyeongcheong-*-manual.sqlite3")
    assert str(copy) in supervisor.status.text()
    assert backup.verify_file(copy)[0] == 1

    later = sv.receive_complaint(gui_db, staff_on.clerk, intake(subject="백업 뒤 사건"))
    admin = BackupTab(desks("admin"))
    qtbot.addWidget(admin)
    assert admin.restore_button.isVisibleTo(admin)
    monkeypatch.setattr(Choose, "backup_file", classmethod(lambda cls, p, start: str(copy)))
    asked = []
    monkeypatch.setattr(
        Choose,
        "confirm_restore",
        classmethod(lambda cls, p, *shown: asked.append(shown) or False),
    )
    qtbot.mouseClick(admin.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    # The question names the file and shows whose data it holds beside the current data.
    ((name, facts, warning),) = asked
    assert name == copy.name and warning == ""
    assert facts.splitlines() == [
        "백업: 강남 관리사무소 (접수번호 GN), 사건 1건",
        "현재: 강남 관리사무소 (접수번호 GN), 사건 2건",
    ]
    settle(qtbot, admin.desk)  # said no: nothing happens
    assert sv.get_case(gui_db, staff_on.clerk, later.id).subject == "백업 뒤 사건"

    monkeypatch.setattr(Choose, "confirm_restore", classmethod(lambda cls, p, *shown: True))
    with qtbot.waitSignal(admin.restored, timeout=10000):
        qtbot.mouseClick(admin.restore_button, Qt.MouseButton.LeftButton)
    assert "안전 사본" in admin.status.text()
    cases = sv.list_cases(gui_db, staff_on.clerk)
    assert [r.subject for r in cases.rows] == ["백업 전 사건"]
    admin.refresh()
    kinds = {admin.tree.topLevelItem(i).text(1) for i in range(admin.tree.topLevelItemCount())}
    assert "복원 전 안전 사본" in kinds


def test_restore_warns_of_another_office_and_refuses_a_newer_release(
    qtbot, desks, gui_db, staff_on, tmp_path, monkeypatch
):
    import sqlite3

    admin = BackupTab(desks("admin"))
    qtbot.addWidget(admin)
    other = tmp_path / "other.sqlite3"
    with (
        sqlite3.connect(gui_db.url.removeprefix("sqlite:///")) as src,
        sqlite3.connect(other) as dst,
    ):
        src.backup(dst)
    with sqlite3.connect(other) as con:
        con.execute("UPDATE settings SET value = '\"부산 관리사무소\"' WHERE key = 'office_name'")
    monkeypatch.setattr(Choose, "backup_file", classmethod(lambda cls, p, start: str(other)))
    asked = []
    monkeypatch.setattr(
        Choose, "confirm_restore", classmethod(lambda cls, p, *shown: asked.append(shown) or False)
    )
    qtbot.mouseClick(admin.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked))
    assert "다른 사무소의 백업" in asked[0][2] and "부산 관리사무소" in asked[0][2]

    with sqlite3.connect(other) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    asked.clear()
    qtbot.mouseClick(admin.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: admin.error.isVisibleTo(admin))
    assert asked == []  # not even asked: this release could not open it
    assert "더 새 버전" in admin.error.text() and "현재 데이터는 그대로" in admin.error.text()


def test_a_failed_backup_says_why_in_korean(qtbot, desks, tmp_path, monkeypatch):
    tab = BackupTab(desks("admin"))
    qtbot.addWidget(tab)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(Choose, "folder", classmethod(lambda cls, parent: str(blocked)))
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.error.text() != "", timeout=10000)
    assert "백업 폴더" in tab.error.text()
    assert tab.backup_button.isEnabled()


def test_access_review_tab_flags_and_prints(qtbot, desks, gui_db, staff_on, tmp_path):
    ids = [
        sv.receive_complaint(
            gui_db,
            staff_on.clerk,
            intake(
                customer=sv.CustomerInput(name=f"고객{i}", phone=f"010-7777-{i:04d}", consent=True)
            ),
        ).id
        for i in range(25)
    ]
    for case_id in ids:
        sv.get_case(gui_db, staff_on.handler, case_id)  # none of them the handler's
    desk = desks("supervisor")
    tab = AccessReviewTab(desk)
    qtbot.addWidget(tab)
    tab.first.setDate(QDate(date(2026, 3, 1)))
    tab.last.setDate(QDate(date(2026, 3, 31)))
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1, timeout=10000)
    row = tab.tree.topLevelItem(0)
    assert row.text(0) == "이처리 (handler)" and row.text(4) == "25"
    assert row.text(6) == "담당 외 열람 과다"
    assert "무결성 정상" in tab.chain.text()
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.pdf_dialog is not None, timeout=10000)
    assert tab.pdf_dialog.panel.data.startswith(b"%PDF")
    tab.pdf_dialog.close()


def test_main_window_backs_up_daily_and_at_exit(qtbot, desks, gui_db, clock, tmp_path):
    desk = desks("clerk")
    window = MainWindow(desk, tmp_path / "drafts")
    qtbot.addWidget(window)
    settle(qtbot, desk)
    window.daily_backup()
    qtbot.waitUntil(lambda: window.backup_tasks.pending == 0, timeout=10000)
    first = [b.path for b in sv.list_backups(gui_db)]
    assert len(first) == 1
    window.daily_backup()  # today's exists: nothing more
    qtbot.waitUntil(lambda: window.backup_tasks.pending == 0, timeout=10000)
    assert [b.path for b in sv.list_backups(gui_db)] == first
    clock.advance(hours=8)
    window.close()  # the backup at exit replaces today's as the newest of the day
    after = sv.list_backups(gui_db)
    assert len(after) == 1 and after[0].path != first[0]
    assert backup.verify_file(after[0].path)[0] == 0


def test_a_damaged_trail_is_said_over_every_page_and_the_backup_still_taken(
    qtbot, desks, gui_db, staff_on, tmp_path
):
    from sqlalchemy import text

    with gui_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET action = 'x' WHERE seq = 2"))
    window = MainWindow(desks("clerk"), tmp_path / "drafts")
    qtbot.addWidget(window)
    window.show()
    assert not window.chain_banner.isVisible()
    window.daily_backup(force=True)
    qtbot.waitUntil(lambda: window.chain_banner.isVisible(), timeout=10000)
    assert "감사 기록 체인이 #2번부터" in window.chain_banner.text()
    assert list(gui_db.backup_dir.glob("gyeongcheong-*.sqlite3"))
    window.page("cases")  # the counter goes on
    window.show_page("cases")
    assert window.chain_banner.isVisible()


@pytest.mark.edits_past_the_app
def test_the_check_of_the_records_names_a_row_changed_past_the_app(
    qtbot, desks, gui_db, staff_on, tmp_path, monkeypatch
):
    """A supervisor checks the records in the window: all is well, then a compensation
    amount changed in the file is named by its case number, in red."""
    from sqlalchemy import text

    from gui.records import verify_tab
    from gui.records.verify_tab import VerifyTab

    ref = sv.receive_complaint(gui_db, staff_on.clerk, intake())
    sv.acknowledge(gui_db, staff_on.clerk, ref.id)
    tab = VerifyTab(desks("supervisor"))
    qtbot.addWidget(tab)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.check_button.isEnabled(), timeout=10000)
    assert tab.verdict.text() == "이상 없음: 기록이 모두 맞습니다."
    lines = [tab.findings.item(i).text() for i in range(tab.findings.count())]
    assert lines[0].startswith("✔ 감사 기록 무결성 확인")
    assert any("현재 데이터와 감사 기록 대조" in line for line in lines)

    usb = tmp_path / "usb"
    sv.make_backup(gui_db, staff_on.supervisor, usb)
    monkeypatch.setattr(verify_tab.Choose, "folder", classmethod(lambda cls, p: str(usb)))
    qtbot.mouseClick(tab.usb_button, Qt.MouseButton.LeftButton)
    assert str(usb) in tab.usb_label.text()
    with gui_db.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET subject = '고객 과실' WHERE id = :i"), {"i": ref.id})
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tab.check_button.isEnabled() and tab.findings.count() > 0, timeout=10000
    )
    assert tab.verdict.text().startswith("이상 발견: 앱을 거치지 않고 바뀐 기록이 있습니다")
    bad = [tab.findings.item(i) for i in range(tab.findings.count())]
    red = [i.text() for i in bad if i.text().startswith("✖")]
    assert len(red) == 1 and f"사건 {ref.case_no}: 마지막 기록(#" in red[0]
    assert any("백업 1회의 고정값과 일치" in i.text() and str(usb) in i.text() for i in bad)


def test_the_admin_sets_a_passphrase_and_a_usb_backup_is_sealed_then_restored(
    qtbot, desks, gui_db, staff_on, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.records.passphrase_dialog import PassphraseDialog

    sv.receive_complaint(gui_db, staff_on.clerk, intake(subject="백업 전 사건"))
    admin = BackupTab(desks("admin"))
    qtbot.addWidget(admin)
    settle(qtbot, admin.desk)
    assert "백업 암호가 없어" in admin.sealing.text()
    assert admin.passphrase_button.isVisibleTo(admin)

    # The admin's dialog: OK only once both fields hold the same, long enough passphrase
    # (typed in ASCII: QTest cannot type Hangul).
    dialog = PassphraseDialog(admin)  # the tab owns it (and closes it)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.first, "short")
    assert not ok.isEnabled() and "10자 이상" in dialog.problem.text()
    dialog.first.clear()
    qtbot.keyClicks(dialog.first, "office-backup-2026")
    qtbot.keyClicks(dialog.second, "office-backup-2025")
    assert not ok.isEnabled() and "다릅니다" in dialog.problem.text()
    dialog.second.clear()
    qtbot.keyClicks(dialog.second, "office-backup-2026")
    assert ok.isEnabled() and dialog.problem.text() == ""
    monkeypatch.setattr(Choose, "new_passphrase", classmethod(lambda cls, p: dialog.passphrase))
    qtbot.mouseClick(admin.passphrase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "백업 암호를 정했습니다" in admin.status.text(), timeout=10000)
    settle(qtbot, admin.desk)
    assert "백업 암호로 잠급니다" in admin.sealing.text()

    # A supervisor's backup to the stick asks for it: a wrong one is said, the right one seals.
    supervisor = BackupTab(desks("supervisor"))
    qtbot.addWidget(supervisor)
    assert not supervisor.passphrase_button.isVisibleTo(supervisor)
    usb = tmp_path / "usb"
    usb.mkdir()
    typed = iter(["wrong-passphrase-1", "office-backup-2026"])
    asked: list[str] = []
    monkeypatch.setattr(Choose, "folder", classmethod(lambda cls, parent: str(usb)))
    monkeypatch.setattr(
        Choose, "passphrase", classmethod(lambda cls, p, why: asked.append(why) or next(typed))
    )
    qtbot.mouseClick(supervisor.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "백업했습니다" in supervisor.status.text(), timeout=10000)
    assert asked[0] == "사무소의 백업 암호를 입력하세요."
    assert "백업 암호가 맞지 않습니다" in asked[1]
    (copy,) = usb.glob("gyeongcheong-*-manual.sqlite3.enc")
    assert sv.is_sealed(copy)

    # The restore asks for it too before it can show whose data the copy holds.
    sv.receive_complaint(gui_db, staff_on.clerk, intake(subject="백업 뒤 사건"))
    typed = iter(["office-backup-2026"])
    monkeypatch.setattr(Choose, "backup_file", classmethod(lambda cls, p, start: str(copy)))
    monkeypatch.setattr(Choose, "confirm_restore", classmethod(lambda cls, p, *shown: True))
    with qtbot.waitSignal(admin.restored, timeout=10000):
        qtbot.mouseClick(admin.restore_button, Qt.MouseButton.LeftButton)
    cases = sv.list_cases(gui_db, staff_on.clerk)
    assert [r.subject for r in cases.rows] == ["백업 전 사건"]
