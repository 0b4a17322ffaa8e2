"""Garbage collection on the UI thread only.

Python's collector runs in whatever thread happens to allocate. If it runs in the database
worker and finds a cycle holding a widget, Qt destroys that widget off the UI thread and the
app crashes. So automatic collection is off and the UI thread collects on a timer (as Anki
does in ``aqt``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        # Young generations are cheap; a full pass only when the counts say so.
        gc.collect(2 if gc.get_count()[0] > 5000 else 0)
