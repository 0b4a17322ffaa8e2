"""The main window: navigation on the left, one page at a time, a status bar that says who is
working, where the data lives and how many cases are overdue."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from core.views import BackupInfo
from core.words.messages import chain_break_words
from gui.admin.settings_page import SettingsPage
from gui.case.case_view import CaseView
from gui.common.i18n import language, tr
from gui.common.vocab import roles
from gui.common.widgets import ElidedLabel
from gui.desk.operations import Desk
from gui.desk.taskman import TaskManager
from gui.improvements.improvements_page import ImprovementsPage
from gui.intake.intake_page import IntakePage
from gui.lists.case_list_page import CaseListPage
from gui.lists.queues_page import QueuesPage
from gui.operations.records import keep_summary_figures
from gui.records.records_page import RecordsPage
from gui.reports.reports_page import ReportsPage
from gui.shell.idle_lock import IdleLock
from gui.shell.window_memory import WindowMemory

log = logging.getLogger(__name__)


# The window's size where the screen has room for it (a larger screen at 100 %); a short
# screen gets a maximised window (gui/common/screen.py).
USUAL_SIZE = QSize(1280, 760)


class MainWindow(QMainWindow):
    """``prefs``: where this PC keeps the window's size, place, dividers and columns
    between runs (none: nothing is kept)."""

    def __init__(self, desk: Desk, drafts_dir: Path, *, prefs: QSettings | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.setWindowTitle(tr("경청 고객불만 접수처 — {office}", office=desk.settings.office_name))
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # Said over every page while the records do not verify: the counter goes on.
        self.chain_banner = QLabel()
        self.chain_banner.setObjectName("chainBanner")
        self.chain_banner.setWordWrap(True)
        self.chain_banner.setVisible(False)
        outer.addWidget(self.chain_banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        outer.addLayout(layout, 1)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(tr("메뉴"))
        self.nav.setFixedWidth(150)
        self.pages = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        # Each page is built the first time it is shown: the window opens with one page
        # built and loading, not seven (a records page alone reads the retention lists).
        can = desk.can
        entries: list[tuple[str, str, Callable[[], QWidget] | None, str | None]] = [
            (
                "intake",
                tr("접수"),
                (lambda: IntakePage(desk, drafts_dir)) if can(Permission.CASE_RECEIVE) else None,
                "F2",
            ),
            ("queues", tr("대기열"), lambda: QueuesPage(desk), "F3"),
            ("cases", tr("사건"), lambda: CaseListPage(desk), "F4"),
            (
                "reports",
                tr("보고서"),
                (lambda: ReportsPage(desk)) if can(Permission.REPORTS_VIEW) else None,
                "F6",
            ),
            (
                "improvements",
                tr("개선 조치"),
                (lambda: ImprovementsPage(desk)) if can(Permission.IMPROVEMENT_MANAGE) else None,
                None,
            ),
            (
                "records",
                tr("기록 관리"),
                (lambda: RecordsPage(desk)) if RecordsPage.shown_to(desk) else None,
                None,
            ),
            (
                "settings",
                tr("설정"),
                (lambda: SettingsPage(desk)) if can(Permission.SETTINGS_MANAGE) else None,
                None,
            ),
        ]
        self.memory = WindowMemory(prefs, "mainWindow")
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._built: dict[str, QWidget] = {}
        self._index: dict[str, int] = {}
        for key, label, factory, shortcut in entries:
            if factory is None:
                continue
            item = QListWidgetItem(f"{label}" + (f"   {shortcut}" if shortcut else ""))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self._factories[key] = factory
            self._index[key] = self.pages.addWidget(QWidget())  # stands in until shown
            if shortcut:
                QShortcut(QKeySequence(shortcut), self, activated=lambda k=key: self.show_page(k))
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

        self.user_label = QLabel(
            tr(
                "{name} ({role})",
                name=desk.actor.display_name,
                role=roles().get(desk.actor.role.value, desk.actor.role.value),
            )
        )
        # A long path or server address must not widen the window: elided in the middle,
        # whole in its tooltip.
        self.db_label = ElidedLabel(
            tr("데이터: {where}", where=desk.db.location), Qt.TextElideMode.ElideMiddle
        )
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueCount")
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.overdue_label)
        desk.cases_changed.connect(lambda *_: self.refresh_overdue())
        desk.failed.connect(self.show_failure)
        self._timer = QTimer(self, interval=60_000)  # deadlines pass while nobody clicks
        self._timer.timeout.connect(self.refresh_overdue)
        self._timer.start()
        # The daily backup: checked a minute after start (the first paint and the lists
        # come first) and every hour, taken when today's is missing. On a thread of its own,
        # so a long copy never holds up a clerk's save.
        self.backup_tasks = TaskManager(self)
        self._backup_timer = QTimer(self, interval=3_600_000)
        self._backup_timer.timeout.connect(self.daily_backup)
        self._backup_timer.start()
        QTimer.singleShot(60_000, self, self.daily_backup)
        self.refresh_overdue()
        # Queued behind the first page loads: bring the kept monthly summary figures up to
        # date, so the supervisor's summary reads them instead of a year of cases.
        keep_summary_figures(desk, on_error=lambda _e: None)
        self.case_windows: dict[int, CaseView] = {}
        self.memory.restore(self, USUAL_SIZE)
        # 화면 잠금: after the office's idle time every window is covered until the user's
        # password is typed again; what was typed stays as it was.
        self.idle_lock = IdleLock(self, desk)

    def page(self, key: str) -> QWidget | None:
        """The page named ``key``, built now if it was not yet; None when this user has
        no such page."""
        built = self._built.get(key)
        if built is not None or key not in self._factories:
            return built
        page = self._factories[key]()
        self._built[key] = page
        index = self._index[key]
        stand_in = self.pages.widget(index)
        self.pages.insertWidget(index, page)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        self.memory.restore_parts(page)
        if hasattr(page, "open_case"):
            page.open_case.connect(self.open_case)
        if isinstance(page, RecordsPage) and page.backup is not None:
            page.backup.restored.connect(self.after_restore)
        return page

    def _show_row(self, row: int) -> None:
        key = list(self._index)[row]
        self.page(key)
        self.pages.setCurrentIndex(self._index[key])

    # The pages by name, built when first asked for.
    @property
    def intake(self) -> IntakePage | None:
        return self.page("intake")  # type: ignore[return-value]

    @property
    def queues(self) -> QueuesPage:
        return self.page("queues")  # type: ignore[return-value]

    @property
    def cases(self) -> CaseListPage:
        return self.page("cases")  # type: ignore[return-value]

    @property
    def reports(self) -> ReportsPage | None:
        return self.page("reports")  # type: ignore[return-value]

    @property
    def improvements(self) -> ImprovementsPage | None:
        return self.page("improvements")  # type: ignore[return-value]

    @property
    def records(self) -> RecordsPage | None:
        return self.page("records")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage | None:
        return self.page("settings")  # type: ignore[return-value]

    def daily_backup(self, *, force: bool = False) -> None:
        """The app's automatic backup, on the database thread; a failure is logged and
        shown in the status bar, and never stops the counter."""
        db = self.desk.db

        def failed(exc: BaseException) -> None:
            log.warning("automatic backup failed: %s", getattr(exc, "code", type(exc).__name__))
            self.statusBar().showMessage(
                tr("자동 백업 실패: {why}", why=self.desk.describe(exc)), 15_000
            )

        self.backup_tasks.run(
            lambda: sv.automatic_backup(db, force=force), on_done=self._backed_up, on_error=failed
        )

    def _backed_up(self, info: BackupInfo | None) -> None:
        if info is not None and info.chain_break:
            self.chain_banner.setText(chain_break_words(info.chain_break, language()))
            self.chain_banner.setVisible(True)

    def after_restore(self) -> None:
        QMessageBox.information(
            self,
            tr("복원 완료"),
            tr("데이터를 복원했습니다. 프로그램을 종료합니다. 다시 시작해 로그인하세요."),
        )
        self._restored = True
        self.close()

    def show_page(self, key: str) -> None:
        if key in self._index:
            self.nav.setCurrentRow(list(self._index).index(key))
        if key == "intake" and self.intake is not None:
            self.intake.focus_start()  # F2 again on the intake: the cursor back in 연락처

    def refresh_overdue(self) -> None:
        self.desk.run(sv.overdue_count, on_done=self._show_overdue, on_error=lambda _e: None)

    def _show_overdue(self, n: int) -> None:
        self.overdue_label.setText(tr("기한 경과 {n}건", n=n))
        self.overdue_label.setProperty("alert", n > 0)
        self.overdue_label.style().unpolish(self.overdue_label)
        self.overdue_label.style().polish(self.overdue_label)

    def open_case(self, case_id: int) -> None:
        view = self.case_windows.get(case_id)
        if view is None:
            view = CaseView(self.desk, case_id)
            view.open_case.connect(self.open_case)
            view.destroyed.connect(lambda *_: self.case_windows.pop(case_id, None))
            self.case_windows[case_id] = view
        view.show()
        view.raise_()
        view.activateWindow()

    def show_failure(self, message: str) -> None:
        QMessageBox.warning(self, tr("처리하지 못했습니다"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.memory.save(self)
        intake = self._built.get("intake")
        if isinstance(intake, IntakePage):
            intake.save_draft()
        for view in list(self.case_windows.values()):
            view.close()
        self.desk.tasks.wait_idle()
        if not getattr(self, "_restored", False):
            self.statusBar().showMessage(tr("종료 전에 백업하는 중입니다…"))
            self.daily_backup(force=True)  # the backup at exit
        self.backup_tasks.wait_idle(600_000)
        super().closeEvent(event)
