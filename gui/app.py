"""Start-up of the desktop app: Qt, the bundled Korean font, first run, login, main window.

The login is the first thing on screen, before the database code is loaded: the data is
opened behind it (``gui.shell.opening``) while the person types. Only what the first window
needs is imported at the top of this module.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from core.errors import DeskError
from core.logs import setup_logging, traceback_without_values
from core.paths import DATA_DIR_ENV, data_dir
from core.resources import font_path, resource_path
from core.version import version
from core.words.messages import describe
from gui.common import style
from gui.common.i18n import install_qt_translations, language, set_language, tr
from gui.common.screen import fit_to_screen
from gui.desk.gc import UiThreadCollector
from gui.desk.taskman import TaskManager
from gui.shell.error_dialog import ErrorReporter
from gui.shell.opening import Opened, Opening
from gui.shell.start_dialogs import FirstRunDialog, LoginDialog

if TYPE_CHECKING:
    from core.actor import Actor
    from core.db.database import Database
    from gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)
DEMO_CASES = 300
# Set to 1 by installer/smoke_test.sh: set up a throwaway office, show the main window, quit.
SMOKE_ENV = "GYEONGCHEONG_SMOKE_TEST"


def load_fonts(app: QApplication) -> str | None:
    """Hangul must render on a PC without Korean fonts: use the bundled NanumGothic."""
    families: list[str] = []
    for bold in (False, True):
        font_id = QFontDatabase.addApplicationFont(str(font_path(bold=bold)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSizeF(10.5)
    app.setFont(font)
    return families[0]


def app_icon() -> QIcon:
    """The app's icon in every size drawn for it (installer/make_icon.py)."""
    icon = QIcon()
    try:
        folder = resource_path("icons")
    except FileNotFoundError:
        return icon
    for png in sorted(folder.glob("app*.png")):
        icon.addFile(str(png))
    return icon


def make_app(lang: str | None) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Gyeongcheong")
    app.setOrganizationName("Gyeongcheong")
    app.setApplicationVersion(version())
    app.setWindowIcon(app_icon())
    prefs = QSettings()
    chosen = lang or str(prefs.value("language", "ko"))
    set_language(chosen)
    if lang:
        prefs.setValue("language", lang)
    install_qt_translations(app)  # type: ignore[arg-type]
    load_fonts(app)  # type: ignore[arg-type]
    style.apply(app)  # type: ignore[arg-type]
    app._collector = UiThreadCollector(app)  # type: ignore[attr-defined]
    return app  # type: ignore[return-value]


def fill_demo(db: Database) -> None:
    """Demo data off the UI thread, with a busy bar, so the window never freezes."""
    from core.demo.story import generate

    progress = QProgressDialog(tr("데모 사건을 만드는 중입니다…"), "", 0, 0)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setWindowTitle(tr("데모 데이터"))
    fit_to_screen(progress)
    loop = QEventLoop()
    tasks = TaskManager()

    def failed(exc: BaseException) -> None:
        log.error(
            "demo data failed\n%s", traceback_without_values(type(exc), exc, exc.__traceback__)
        )
        loop.quit()

    tasks.run(
        lambda: generate(db, DEMO_CASES, seed=1), on_done=lambda _r: loop.quit(), on_error=failed
    )
    progress.show()
    loop.exec()
    progress.close()


# What the login ends with, besides accepted and rejected.
NEEDS_SETUP = 2
CANNOT_OPEN = 3


def start_session(opening: Opening) -> tuple[Database, Actor] | None:
    """The login at once, the data opened behind it; the first-run setup instead when the
    data turns out to be new. Returns the open data and who logged in, or None when the
    user gave up or the data could not be opened (said to them)."""
    login = LoginDialog()

    def ready(opened: Opened) -> None:
        if opened.needs_setup:
            login.done(NEEDS_SETUP)
        else:
            login.attach(opened.db, opened.office_name)

    opening.ready.connect(ready)
    opening.failed.connect(lambda _exc: login.done(CANNOT_OPEN))
    opening.phase.connect(login.show_phase)
    login.show()
    QApplication.processEvents()  # on screen before the loading competes for the CPU
    opening.start()
    code = login.exec()
    opening.wait()
    opened = opening.opened
    if opened is None:
        cannot_open(opening.error)
        return None
    if code == QDialog.DialogCode.Accepted and login.actor is not None:
        return opened.db, login.actor
    if code == NEEDS_SETUP:
        first = FirstRunDialog(opened.db)
        if first.exec() == QDialog.DialogCode.Accepted and first.actor is not None:
            if first.demo.isChecked():
                fill_demo(opened.db)
            return opened.db, first.actor
    opened.db.dispose()
    return None


def cannot_open(error: BaseException | None) -> None:
    """Why the data could not be opened, in words: the core's own sentence for a known
    refusal (a vanished data file), else what to check (the details are in the log)."""
    if isinstance(error, DeskError):
        text = describe(error, language())
    else:
        text = tr(
            "데이터를 열지 못했습니다. 데이터 파일의 위치와 권한, 공유 서버를 쓰면 서버 "
            "연결을 확인한 뒤 다시 시작하세요. 자세한 내용은 로그에 남겼습니다."
        )
    QMessageBox.critical(None, tr("데이터베이스를 열 수 없습니다"), text)


def smoke_test(app: QApplication, db: Database) -> int:
    """The packaged app's own check (``installer/smoke_test.sh``): on a fresh, throwaway data
    folder, set up an office without asking, show the main window, quit after a second.
    Prints ``SMOKE OK`` and exits 0 when the window was on screen."""
    from core import services as sv
    from gui.desk.operations import Desk
    from gui.shell.main_window import MainWindow

    if not os.environ.get(DATA_DIR_ENV) or not sv.needs_setup(db):
        print(f"smoke test: needs an empty throwaway folder in {DATA_DIR_ENV}", file=sys.stderr)
        db.dispose()
        return 2
    actor = sv.first_run_setup(
        db,
        office_name="Smoke test",
        case_prefix="ST",
        admin_username="smoke",
        admin_display_name="Smoke test",
        admin_password=secrets.token_urlsafe(18),
    )
    # A sealed backup made and recognised: the bundle carries SQLCipher.
    phrase = secrets.token_urlsafe(18)
    sv.set_backup_passphrase(db, actor, phrase)
    sealed = sv.make_backup(db, actor, data_dir() / "usb", passphrase=phrase)
    if not sv.is_sealed(sealed.path):
        print("smoke test: the backup to a USB folder was not sealed", file=sys.stderr)
        db.dispose()
        return 1
    window = MainWindow(Desk(db, actor), data_dir() / "drafts")
    window.show()
    seen: dict[str, object] = {}

    def look() -> None:
        handle = window.windowHandle()
        seen["shown"] = window.isVisible() and handle is not None and handle.isExposed()
        seen["title"] = window.windowTitle()
        app.quit()

    QTimer.singleShot(1000, look)
    app.exec()
    window.close()
    db.dispose()
    if not seen.get("shown"):
        print("smoke test: the main window did not come up", file=sys.stderr)
        return 1
    print(f"SMOKE OK version={version()} window={seen['title']!r} data={data_dir()}")
    return 0


def report_errors_at(window: MainWindow, reporter: ErrorReporter) -> None:
    """Unexpected errors reach the person at ``window``: the dialog over it, the intake's
    draft saved first — an unhandled one (any thread) and a desk operation's alike."""
    reporter.parent_window = lambda: window
    if window.intake is not None:
        reporter.save_work = window.intake.save_draft
    window.desk.unexpected.connect(reporter.show_traceback)


def run(*, db_url: str | None = None, lang: str | None = None) -> int:
    setup_logging()
    log.info("Gyeongcheong %s starting", version())
    app = make_app(lang)
    reporter = ErrorReporter(parent=app)
    reporter.install()  # an unexpected error shows a dialog; the app keeps running
    opening = Opening(db_url)
    if os.environ.get(SMOKE_ENV) == "1":
        opening.start()
        opening.wait()
        if opening.opened is None:
            cannot_open(opening.error)
            return 1
        return smoke_test(app, opening.opened.db)
    session = start_session(opening)
    if session is None:
        return 0 if opening.opened is not None else 1
    db, actor = session
    from gui.desk.operations import Desk
    from gui.shell.main_window import MainWindow

    desk = Desk(db, actor)
    # Kept per PC, where the language is: the window's size and place, dividers, columns.
    window = MainWindow(desk, data_dir() / "drafts", prefs=QSettings())
    report_errors_at(window, reporter)
    window.show()
    if window.intake is not None:
        window.intake.offer_draft()
    code = app.exec()
    reporter.uninstall()
    db.dispose()
    return code
