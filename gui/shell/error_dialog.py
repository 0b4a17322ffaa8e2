"""An error that no window expected: say so in the user's language, keep what was typed, keep
the app running, and give the person who fixes it the details.

``ErrorReporter`` takes the place of ``sys.excepthook`` (an exception in a Qt slot lands
there) and ``threading.excepthook``. For each error it writes the exception's type and frames
to the log — not its message, which may hold a customer's data — asks the intake page to save
its draft, and shows ``ErrorDialog`` on the UI thread, whichever thread failed. A desk
operation that fails unexpectedly with nobody to handle it is shown the same way
(``show_traceback``; the desk has logged it).
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.logs import traceback_without_values
from core.version import version
from gui.common.i18n import tr, trn
from gui.common.screen import fit_to_screen

log = logging.getLogger(__name__)


def details_head() -> str:
    """Versions, platform and time: what support needs besides the traceback."""
    return (
        f"Gyeongcheong {version()} · Python {platform.python_version()} · "
        f"PySide6 {pyside_version} · {platform.system()} {platform.release()}\n"
        f"{datetime.now().astimezone().isoformat(timespec='seconds')}\n\n"
    )


def error_details(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> str:
    """What support needs: versions, platform, time, and the traceback without values."""
    return details_head() + traceback_without_values(exc_type, exc, tb)


class ErrorDialog(QDialog):
    """Tells that something went wrong, that nothing typed was lost, and offers the details."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(tr("예상하지 못한 오류"))
        layout = QVBoxLayout(self)
        message = QLabel(
            tr(
                "예상하지 못한 오류가 생겼습니다. 작성 중이던 접수는 임시 저장했고, "
                "하던 일을 계속할 수 있습니다. 같은 오류가 되풀이되면 세부 정보를 복사해 "
                "관리자에게 보내 주세요."
            )
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("오류 세부 정보"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        self.copied = QLabel()
        self.copied.setObjectName("hint")
        layout.addWidget(self.copied)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("세부 정보 복사"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("닫기"))
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.repeats = 0
        fit_to_screen(self, QSize(640, 420))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copied.setText(tr("세부 정보를 클립보드에 복사했습니다."))

    def again(self) -> None:
        """The same failure again while the dialog is open (a failing repaint, a timer)."""
        self.repeats += 1
        self.copied.setText(
            trn(
                "같은 오류가 {n}번 더 생겼습니다.",
                "같은 오류가 {n}번 더 생겼습니다.",
                self.repeats,
            )
        )

    @classmethod
    def ask(cls, details: str, parent: QWidget | None = None) -> ErrorDialog:
        """Show the dialog without blocking the caller; tests replace or drive it."""
        dialog = cls(details, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog


class ErrorReporter(QObject):
    """Catches unhandled errors from any thread and reports them on the UI thread."""

    _reported = Signal(str)

    def __init__(
        self,
        *,
        save_work: Callable[[], None] | None = None,
        parent_window: Callable[[], QWidget | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.save_work = save_work
        self.parent_window = parent_window
        self.dialog: ErrorDialog | None = None
        self._previous: tuple[object, object] | None = None
        # Queued even on the UI thread: never open a window from inside the failing code.
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal stays Ctrl+C
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        self.report(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):
            return
        self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def report(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Log now (whatever thread this is), show later on the UI thread. Never raises."""
        try:
            details = error_details(exc_type, exc, tb)
            log.error("unhandled error %s\n%s", exc_type.__qualname__, details)
            self._reported.emit(details)
        except Exception:  # the reporter itself failed: fall back to Python's own printout
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]

    def show_traceback(self, traceback_text: str) -> None:
        """Show a failure that was already logged (a desk operation's, ``Desk.unexpected``):
        the same dialog, the draft saved the same way, no second log record."""
        self._reported.emit(details_head() + traceback_text)

    def _show(self, details: str) -> None:
        try:
            if self.save_work is not None:
                self.save_work()
        except Exception:
            log.exception("saving the draft after an error failed")
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.again()
            return
        parent = self.parent_window() if self.parent_window is not None else None
        self.dialog = ErrorDialog.ask(details, parent)
        self.dialog.destroyed.connect(self._forget)

    def _forget(self, *_: object) -> None:
        self.dialog = None
