"""What this PC remembers of a window between runs: where it was and how big, where its
dividers were and how wide the case tables' columns (QSettings: per PC and user, beside the
language).

A window opens within its screen's work area: maximised on a short screen (a 1366×768
laptop, a Full HD screen at 150 %), else at its usual size, centred. A remembered place
that no longer fits — a monitor unplugged, a smaller screen, other scaling — is pulled back
onto the screen.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QSplitter, QWidget

from gui.common.screen import compact_height, keep_inside, room_for
from gui.lists.case_table import CaseTable

log = logging.getLogger(__name__)


class WindowMemory:
    """Kept under ``name`` in ``prefs``; without ``prefs`` nothing is kept (tests, the
    packaged app's smoke test)."""

    def __init__(self, prefs: QSettings | None, name: str) -> None:
        self.prefs = prefs
        self.name = name

    def _key(self, *parts: str) -> str:
        return "/".join((self.name, *parts))

    # ------------------------------------------------------------------ opening

    def restore(self, window: QWidget, usual: QSize) -> None:
        """Size and place ``window`` before it is first shown."""
        restored = False
        data = self.prefs.value(self._key("geometry")) if self.prefs is not None else None
        if isinstance(data, (QByteArray, bytes)):
            restored = window.restoreGeometry(QByteArray(data))
        if restored and not (window.windowState() & Qt.WindowState.WindowMaximized):
            window.resize(window.size().boundedTo(room_for(window)))
            keep_inside(window)
        elif not restored:
            window.resize(usual.boundedTo(room_for(window)))
            keep_inside(window, centre=True)
            if compact_height(window):
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        self.restore_parts(window)

    def restore_parts(self, window: QWidget) -> None:
        """The dividers and columns in ``window``: a whole window, or a page built later."""
        if self.prefs is None:
            return
        for splitter in self._named(window, QSplitter):
            state = self.prefs.value(self._key("splitters", splitter.objectName()))
            if isinstance(state, (QByteArray, bytes)):
                splitter.restoreState(QByteArray(state))
        for table in self._named(window, CaseTable):
            text = self.prefs.value(self._key("columns", table.objectName()))
            try:
                widths = json.loads(str(text)) if text else {}
            except ValueError:
                log.warning("remembered column widths of %s unreadable", table.objectName())
                continue
            if isinstance(widths, dict):
                table.set_column_widths(widths)

    # ------------------------------------------------------------------ closing

    def save(self, window: QWidget) -> None:
        if self.prefs is None:
            return
        self.prefs.setValue(self._key("geometry"), window.saveGeometry())
        for splitter in self._named(window, QSplitter):
            self.prefs.setValue(self._key("splitters", splitter.objectName()), splitter.saveState())
        for table in self._named(window, CaseTable):
            self.prefs.setValue(
                self._key("columns", table.objectName()), json.dumps(table.column_widths())
            )
        self.prefs.sync()

    @staticmethod
    def _named(window: QWidget, kind: type) -> list:
        return [w for w in window.findChildren(kind) if w.objectName()]
