"""화면 잠금: after the office's idle time without a key, a click or a touch, every open window
is covered and the person logged in types their password to go on.

Nothing is closed or cleared: the windows stay open under their covers, so a half-typed
intake is there as it was. The password is checked by the login service, with its lockout
(five wrong passwords lock the account for 15 minutes). Only the user who is logged in can
unlock; anyone else logs out, which closes the app (the intake draft is saved on the way),
and logs in as themselves.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.errors import DeskError
from core.logs import traceback_without_values
from core.words.messages import describe
from gui.common.i18n import language, tr
from gui.common.screen import fit_to_screen
from gui.common.widgets import ErrorLabel
from gui.desk.operations import Desk

log = logging.getLogger(__name__)

# What a person at the counter does; anything else (paints, timers, the database worker's
# results) is not a sign that someone is there.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.InputMethod,  # Korean typed through the IME
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.TabletRelease,
    }
)
_COVERED_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet)


class LockCover(QWidget):
    """An opaque sheet over one window's content while the screen is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        label = QLabel(tr("화면이 잠겨 있습니다"))
        label.setObjectName("pageTitle")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        self.fit()
        self.raise_()
        self.show()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())


class LockDialog(QDialog):
    """Names the user and asks for their password; cannot be dismissed any other way."""

    unlocked = Signal()
    log_out = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._done = False
        actor = desk.actor
        self.setWindowTitle(tr("화면 잠금"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        self.who = QLabel(
            tr(
                "{name} ({username}) 님의 화면이 잠겼습니다.",
                name=actor.display_name,
                username=actor.username,
            )
        )
        self.who.setObjectName("pageTitle")
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        hint = QLabel(tr("하던 작업은 그대로 있습니다. 비밀번호를 입력하면 이어서 할 수 있습니다."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("비밀번호"))
        self.password.setPlaceholderText(tr("비밀번호"))
        layout.addWidget(self.password)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        other = QLabel(tr("다른 분은 로그아웃한 뒤 자기 계정으로 로그인하세요."))
        other.setObjectName("hint")
        other.setWordWrap(True)
        layout.addWidget(other)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton(tr("잠금 해제"))
        self.unlock_button.setProperty("primary", True)
        self.logout_button = QPushButton(tr("로그아웃 (프로그램 종료)"))
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        # Enter in the password field tries once: no default button, or one key press would
        # count twice towards the lockout (as in the login dialog).
        for b in (self.unlock_button, self.logout_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.unlock_button.clicked.connect(self.submit)
        self.logout_button.clicked.connect(self.log_out.emit)
        self.password.returnPressed.connect(self.submit)
        self.setMinimumWidth(420)
        fit_to_screen(self)

    def submit(self) -> None:
        password = self.password.text()
        self.password.clear()
        if not password:
            self.error.show_error(tr("비밀번호를 입력하세요."))
            self.password.setFocus()
            return
        try:
            sv.login(self.desk.db, self.desk.actor.username, password)
        except DeskError as err:
            self.error.show_error(describe(err, language()))
            self.password.setFocus()
            return
        except Exception as exc:  # the database is gone, ...: say so, stay locked
            log.error(
                "unlock failed\n%s", traceback_without_values(type(exc), exc, exc.__traceback__)
            )
            self.error.show_error(self.desk.describe(exc))
            return
        self.error.show_error("")
        self.unlocked.emit()

    def finish(self) -> None:
        self._done = True
        self.close()

    def reject(self) -> None:  # Esc does not unlock
        if self._done:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()


class IdleLock(QObject):
    """Watches the whole application's input; locks after ``interval_ms`` without any.

    The interval is the office's ``idle_lock_minutes`` (re-read when the settings change)
    unless one is given, as tests do.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, desk: Desk, *, interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.screen: LockDialog | None = None
        self.covers: dict[QWidget, LockCover] = {}
        self._fixed = interval_ms
        self._focus: QWidget | None = None
        self.timer = QTimer(self, singleShot=True)
        # Precise: a coarse timer may run 5 % long, half a minute on ten.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.lock)
        desk.settings_changed.connect(self._apply_interval)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._apply_interval()

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    @property
    def interval_ms(self) -> int:
        return self.timer.interval()

    def set_interval_ms(self, ms: int | None) -> None:
        """A fixed interval (None: the office setting again)."""
        self._fixed = ms
        self._apply_interval()

    def _apply_interval(self) -> None:
        minutes = self.desk.settings.idle_lock_minutes
        self.timer.setInterval(max(1, self._fixed if self._fixed is not None else minutes * 60_000))
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if self.screen is None:
                self.timer.start()  # someone is here: the idle time starts again
        elif self.covers and kind == QEvent.Type.Resize and watched in self.covers:
            self.covers[watched].fit()  # type: ignore[index]
        return False

    # ------------------------------------------------------------------ locking

    def lock(self) -> None:
        if self.screen is not None or not self.window.isVisible():
            return  # locked already, or the app is closing
        self.timer.stop()
        self._focus = QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open list would keep the keyboard
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w.windowType() in _COVERED_TYPES and w not in self.covers:
                self.covers[w] = LockCover(w)
        self.screen = LockDialog(self.desk, self.window)
        self.screen.unlocked.connect(self.unlock)
        self.screen.log_out.connect(self.log_out)
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.password.setFocus()
        self.locked.emit()

    def unlock(self) -> None:
        if self.screen is None:
            return
        screen, self.screen = self.screen, None
        screen.finish()
        screen.deleteLater()
        for cover in self.covers.values():
            if shiboken6.isValid(cover):
                cover.hide()
                cover.deleteLater()
        self.covers.clear()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.activateWindow()
            focus.setFocus()
        self.timer.start()
        self.unlocked.emit()

    def log_out(self) -> None:
        """Close the app as its close button would (the intake draft is kept)."""
        if self.screen is not None:
            self.screen.finish()
            self.screen.deleteLater()
            self.screen = None
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        QApplication.closeAllWindows()
