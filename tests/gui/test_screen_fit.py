"""Every window and dialog on the counter path fits the office's screens.

Two screens that offices have: the common office laptop (1366×768, its taskbar leaves
1366×728) and a Full HD monitor at 150 % scaling (1920×1080, 1280×720 logical; 1280×680
above the taskbar). Each is a Qt offscreen platform configured with that one screen (a JSON
file given as ``offscreen:configfile=``). A QApplication keeps its platform for its life, so
``test_fits_the_screen`` starts a child pytest per screen that collects the checks
themselves: the ``on_this_screen_*`` functions below (``-o python_functions=...``; a plain run
does not collect them).

A check fails when a window's frame is not inside the screen's available area, when a
button (a dialog's button box, the intake's 저장, a print button) or the status bar is cut off
or squeezed below its own size, when a case table needs a horizontal scrollbar, or when the
intake's side panel lays its phrases over each other.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStatusBar,
    QWidget,
)

from core import services as sv
from gui.common.screen import ScrollingBody
from gui.lists.case_table_model import columns
from tests.conftest import intake
from tests.gui.conftest import settle

ROOT = Path(__file__).resolve().parents[2]
SCREEN_ENV = "GYEONGCHEONG_FIT_SCREEN"

# name: the screen in device pixels, its work area (above the taskbar), its scaling, and the
# work area in the logical pixels the app lays out in.
SCREENS = {
    "laptop-1366x768": {
        "size": (1366, 768),
        "work_area": (1366, 728),
        "scale": 1.0,
        "logical": (1366, 728),
    },
    "fullhd-150": {
        "size": (1920, 1080),
        "work_area": (1920, 1020),
        "scale": 1.5,
        "logical": (1280, 680),
    },
}

LONG_SUBJECT = (
    "윗집 층간소음으로 석 달째 밤잠을 못 잡니다 — 새벽 발망치 소리와 가구 끄는 소리, "
    "관리사무소 안내문 게시와 방문 중재 요청"
)
LONG_TEXT = "\n".join(
    f"{n}. 밤 11시 이후에도 윗집에서 쿵쿵거리는 소리가 계속됩니다. "
    "여러 번 말씀드렸는데 그대로입니다."
    for n in range(1, 41)
)


def platform_config(screen: dict, folder: Path) -> str:
    """The offscreen platform with one screen like ``screen`` (dpi 144 on a base of 96 is
    Windows' 150 %)."""
    # The screen is made as large as its work area: Qt 6.11's offscreen platform reads no
    # "availableGeometry" and would hand the whole screen to the window, taskbar included.
    avail_w, avail_h = screen["work_area"]
    width, height = avail_w, avail_h
    config = {
        "screens": [
            {
                "name": "office",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "availableGeometry": {"x": 0, "y": 0, "width": avail_w, "height": avail_h},
                "logicalDpi": round(96 * screen["scale"]),
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }
    path = folder / "screen.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"


@pytest.mark.slow
@pytest.mark.skipif(SCREEN_ENV in os.environ, reason="this is the child run")
@pytest.mark.parametrize("name", list(SCREENS))
def test_fits_the_screen(name: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": platform_config(SCREENS[name], tmp_path),
        SCREEN_ENV: name,
    }
    for scaling in ("QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_ENABLE_HIGHDPI_SCALING"):
        env.pop(scaling, None)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(Path(__file__).relative_to(ROOT)),
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "python_functions=on_this_screen_*",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = (child.stdout + child.stderr)[-12_000:]
    assert child.returncode == 0, f"on the {name} screen:\n{report}"
    summary = child.stdout.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary) and "skipped" not in summary, report


def test_deadline_comes_right_after_the_case_number() -> None:
    keys = [key for key, _ in columns()]
    assert keys[:2] == ["case_no", "due"]
    assert keys.index("subject") < keys.index("contact")


# ---------------------------------------------------------------------------------------
# The checks, on the screen the child was started with.


@pytest.fixture
def area(qapp) -> QRect:
    """The screen's work area, in logical pixels; the platform must have taken the screen."""
    screen = SCREENS[os.environ[SCREEN_ENV]]
    found = QGuiApplication.primaryScreen().availableGeometry()
    assert (found.width(), found.height()) == screen["logical"]
    assert len(QGuiApplication.screens()) == 1
    return found


def _name(w: QWidget) -> str:
    return f"{type(w).__name__} {w.windowTitle()!r}"


def _rect(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}×{r.height()}"


def _scrolled(w: QWidget, window: QWidget) -> bool:
    """Whether ``w`` lies inside a scrolling area of ``window`` (it may be scrolled away)."""
    parent = w.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _cut_off(w: QWidget, window: QWidget) -> str | None:
    """How ``w`` is cut off by one of its parents up to ``window``, or None."""
    parent = w.parentWidget()
    while parent is not None:
        shown = QRect(w.mapTo(parent, QPoint(0, 0)), w.size())
        if not parent.rect().contains(shown):
            return f"{_rect(shown)} outside {type(parent).__name__} {_rect(parent.rect())}"
        if parent is window:
            return None
        parent = parent.parentWidget()
    return None


def problems(window: QWidget, area: QRect) -> list[str]:
    """What of ``window`` a person could not see or reach on this screen."""
    QApplication.processEvents()
    found = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        found.append(f"{_name(window)}: frame {_rect(frame)} not inside {_rect(area)}")
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, (QPushButton, QDialogButtonBox, QStatusBar)) and w.isVisible()
    ]
    for w in controls:
        label = f"{_name(window)}: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
        if _scrolled(w, window):
            continue
        cut = _cut_off(w, window)
        if cut is not None:
            found.append(f"{label} cut off: {cut}")
        elif isinstance(w, QPushButton) and w.width() < w.minimumSizeHint().width():
            found.append(f"{label} squeezed to {w.width()} < {w.minimumSizeHint().width()}")
    if isinstance(window, QDialog) and frame.height() < area.height():
        # A dialog with room to grow shows all it holds: nothing half-hidden in its body.
        for body in window.findChildren(ScrollingBody):
            content = body.widget()
            if body.isVisible() and content.height() > body.viewport().height():
                found.append(
                    f"{_name(window)}: content {content.height()} px scrolls in "
                    f"{body.viewport().height()} px though the screen has room"
                )
    return found


def overlaps(container: QWidget) -> list[str]:
    """Labels and check boxes of ``container`` drawn over each other."""
    items = [
        w
        for w in container.findChildren(QWidget)
        if isinstance(w, (QLabel, QCheckBox)) and w.isVisible() and w.width() > 0
    ]
    found = []
    for i, a in enumerate(items):
        ra = QRect(a.mapTo(container, QPoint(0, 0)), a.size())
        for b in items[i + 1 :]:
            rb = QRect(b.mapTo(container, QPoint(0, 0)), b.size())
            if ra.intersects(rb):
                found.append(f"{a.text()[:20]!r} overlaps {b.text()[:20]!r}")
    return found


@pytest.fixture
def cases(gui_db, staff_on, clock) -> dict[str, int]:
    """A few cases with long words: one received, one waiting for the supervisor's approval
    with a callback promised, one important."""
    clerk, handler = staff_on.clerk, staff_on.handler
    made = {}
    new = sv.receive_complaint(
        gui_db, clerk, intake(subject=LONG_SUBJECT, description=LONG_TEXT, severity="important")
    )
    made["new"] = new.id
    busy = sv.receive_complaint(gui_db, clerk, intake(subject=LONG_SUBJECT + " (2)"))
    sv.acknowledge(gui_db, clerk, busy.id)
    sv.start_handling(gui_db, handler, busy.id)
    sv.log_contact(
        gui_db,
        handler,
        busy.id,
        direction="outbound",
        channel="phone",
        summary=LONG_TEXT[:600],
        promised_next_at=clock() + timedelta(days=1),
    )
    sv.offer_compensation(gui_db, handler, busy.id, kind="refund", amount=500_000)
    made["busy"] = busy.id
    for n in range(12):
        sv.receive_complaint(gui_db, clerk, intake(subject=f"{LONG_SUBJECT} #{n}"))
    clock.advance(days=5)  # some deadlines have passed: the ⚠ marks show
    return made


@pytest.fixture
def main_window(qtbot, desks, tmp_path) -> Iterator[Callable]:
    from gui.shell.main_window import MainWindow

    made = []

    def open_as(role: str) -> MainWindow:
        desk = desks(role)
        prefs = QSettings(str(tmp_path / f"{role}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(desk, tmp_path / f"drafts-{role}", prefs=prefs)
        qtbot.addWidget(window)
        window.show()  # as the app does
        qtbot.waitExposed(window)
        settle(qtbot, desk)
        made.append(window)
        return window

    yield open_as
    for window in made:
        window.idle_lock.timer.stop()


def _case_tables(window) -> list:
    from gui.lists.case_table import CaseTable

    return [t for t in window.findChildren(CaseTable) if t.isVisible()]


@pytest.mark.parametrize("role", ["clerk", "supervisor", "admin"])
def on_this_screen_every_page(role, main_window, cases, area, qtbot):
    window = main_window(role)
    found = []
    for key in list(window._index):
        window.show_page(key)
        settle(qtbot, window.desk)
        found += [f"[{key}] {p}" for p in problems(window, area)]
        for table in _case_tables(window):
            if table.horizontalScrollBar().isVisible():
                widths = [table.columnWidth(c) for c in range(table.model().columnCount())]
                found.append(f"[{key}] {table.accessibleName()}: horizontal scrollbar {widths}")
        if key == "intake":
            found += [f"[intake guide] {p}" for p in overlaps(window.intake.guide)]
    assert not found, "\n".join(found)


def on_this_screen_case_window_and_its_dialogs(main_window, cases, area, qtbot):
    from gui.common.pdf_preview import PdfDialog

    window = main_window("supervisor")
    found = []
    for case_id in cases.values():
        window.open_case(case_id)
        view = window.case_windows[case_id]
        qtbot.waitExposed(view)
        settle(qtbot, window.desk)
        found += problems(view, area)
        steps = [*view.step_buttons, "edit"]
        assert len(steps) > 3
        for step in steps:
            dialog = view.dialog_for(step)
            if dialog is None:
                continue
            dialog.open()
            qtbot.waitExposed(dialog)
            found += [f"[{step}] {p}" for p in problems(dialog, area)]
            dialog.reject()
        data = sv.receipt_pdf(window.desk.db, window.desk.actor, case_id, lang="ko")
        preview = PdfDialog("접수증", data, "receipt.pdf", view)
        preview.open()
        qtbot.waitExposed(preview)
        found += [f"[receipt] {p}" for p in problems(preview, area)]
        preview.reject()
        view.close()
    assert not found, "\n".join(found)


def on_this_screen_start_and_lock_dialogs(gui_db, staff_on, main_window, area, qtbot):
    from gui.shell.start_dialogs import FirstRunDialog, LoginDialog

    found = []
    login = LoginDialog(gui_db, "강남 관리사무소")
    qtbot.addWidget(login)
    login.show()
    qtbot.waitExposed(login)
    login.submit()  # the error line shows
    found += problems(login, area)
    first = FirstRunDialog(gui_db)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.submit()  # every field's error line shows
    found += problems(first, area)
    window = main_window("clerk")
    window.idle_lock.lock()
    qtbot.waitExposed(window.idle_lock.screen)
    found += problems(window.idle_lock.screen, area)
    window.idle_lock.unlock()
    assert not found, "\n".join(found)


def on_this_screen_import_and_error_dialogs(main_window, area, qtbot, tmp_path):
    from gui.shell.error_dialog import ErrorDialog

    window = main_window("supervisor")
    found = []
    dialog = window.cases.open_import()
    qtbot.waitExposed(dialog)
    found += problems(dialog, area)
    register = tmp_path / "register.csv"
    headings = [f"열 이름이 꽤 긴 항목 {n}" for n in range(30)]
    rows = [",".join(headings)] + [",".join(["값" * 12] * 30) for _ in range(20)]
    register.write_text("\n".join(rows), encoding="utf-8")
    dialog.load(register)
    found += problems(dialog, area)
    dialog.reject()
    error = ErrorDialog.ask("Traceback (most recent call last):\n" + LONG_TEXT, window)
    qtbot.waitExposed(error)
    found += problems(error, area)
    error.reject()
    from gui.records.passphrase_dialog import PassphraseDialog

    passphrase = PassphraseDialog(window)
    passphrase.open()
    qtbot.waitExposed(passphrase)
    passphrase.first.setText("short")  # the error line shows
    found += problems(passphrase, area)
    passphrase.reject()
    assert not found, "\n".join(found)


def on_this_screen_message_boxes(main_window, area, qtbot):
    from gui.common.widgets import confirm_irreversible

    window = main_window("clerk")
    found: list[str] = []

    def look_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QDialog), box
        found.extend(problems(box, area))
        box.reject()

    def check(action: Callable[[], object]) -> None:
        QTimer.singleShot(0, look_and_close)
        action()

    check(lambda: confirm_irreversible(window, "개인정보 파기 승인", LONG_SUBJECT, LONG_TEXT[:400]))
    check(lambda: window.show_failure(LONG_TEXT[:300]))
    assert window.intake is not None
    check(window.intake.confirm_discard)
    from gui.records.passphrase_dialog import ask_passphrase

    check(lambda: ask_passphrase(window, LONG_TEXT[:200]))
    assert not found, "\n".join(found)


def on_this_screen_main_window_remembers_and_comes_back(desks, tmp_path, area, qtbot) -> None:
    from gui.shell.main_window import MainWindow

    desk = desks("clerk")
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    first = MainWindow(desk, tmp_path / "drafts", prefs=prefs)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    if first.isMaximized():
        first.showNormal()
    first.setGeometry(QRect(area.topLeft() + QPoint(40, 30), QSize(900, 560)))
    first.queues.splitter.setSizes([180, 700])
    customer = first.queues.model.column_of("customer")
    first.queues.table.setColumnWidth(customer, 123)
    QApplication.processEvents()
    kept = first.geometry()
    first.close()

    again = MainWindow(desk, tmp_path / "drafts", prefs=prefs)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.geometry() == kept
    assert again.queues.splitter.sizes()[0] == 180
    assert again.queues.table.columnWidth(customer) == 123
    again.close()

    # A monitor that is no longer there: the window comes back onto this screen.
    gone = QRect(area.right() + 200, 100, 1600, 1000)
    again.setGeometry(gone)
    prefs.setValue("mainWindow/geometry", again.saveGeometry())
    back = MainWindow(desk, tmp_path / "drafts", prefs=prefs)
    qtbot.addWidget(back)
    back.show()
    qtbot.waitExposed(back)
    assert area.contains(back.frameGeometry()), (_rect(back.frameGeometry()), _rect(area))
    back.close()


def on_this_screen_intake_guide_folds_on_a_narrow_window(main_window, area, qtbot):
    window = main_window("clerk")
    guide = window.intake.guide
    window.show_page("intake")
    assert guide.is_open  # a maximised window on either screen has room for it
    window.showNormal()
    window.resize(1000, min(640, area.height() - 60))
    qtbot.waitUntil(lambda: not guide.is_open)
    assert guide.width() < 60
    assert not any(box.isVisible() for box in guide.checks)
    found = problems(window, area)
    guide.toggle.click()  # the clerk opens it anyway
    assert guide.is_open
    QApplication.processEvents()
    found += problems(window, area) + overlaps(guide)
    window.resize(1250, window.height())  # wide again: open by itself
    window.resize(1000, window.height())  # and folded again when narrow
    qtbot.waitUntil(lambda: not guide.is_open)
    assert not found, "\n".join(found)


def on_this_screen_improvements_page_and_dialogs(main_window, cases, area, qtbot):
    """개선 조치: the page, its create/edit dialog, and a case window's 등록 and 연결."""
    window = main_window("supervisor")
    desk = window.desk
    sv.open_improvement(
        desk.db,
        desk.actor,
        title=LONG_SUBJECT,
        root_cause=LONG_TEXT[:1500],
        preventive_action=LONG_TEXT[:1500],
        notes=LONG_TEXT[:1500],
        case_ids=tuple(cases.values()),
    )
    window.show_page("improvements")
    settle(qtbot, desk)
    page = window.improvements
    assert page is not None and page.table.topLevelItemCount() == 1
    found = [f"[improvements] {p}" for p in problems(window, area)]
    edit = page.open_dialog(page.current())
    assert edit is not None
    qtbot.waitExposed(edit)
    settle(qtbot, desk)
    found += [f"[edit] {p}" for p in problems(edit, area)]
    edit.reject()
    window.open_case(cases["busy"])
    view = window.case_windows[cases["busy"]]
    qtbot.waitExposed(view)
    settle(qtbot, desk)
    view.tabs.setCurrentWidget(view.tabs.improvements)
    found += [f"[case tab] {p}" for p in problems(view, area)]
    for name, make in (
        ("register", view.tabs.improvements.register_dialog),
        ("link", view.tabs.improvements.link_dialog),
    ):
        dialog = make()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        settle(qtbot, desk)
        found += [f"[{name}] {p}" for p in problems(dialog, area)]
        dialog.reject()
    view.close()
    assert not found, "\n".join(found)
