"""One worker thread for the database; results come back to the UI thread as plain values.

Windows never wait on the database: they hand a function to ``TaskManager.run`` and get
``on_done(result)`` or ``on_error(exception)`` called later on the UI thread. Only frozen
values cross the thread boundary — never a widget, never an ORM object (DESIGN.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from core.logs import traceback_without_values

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], report: Callable[[object], None]) -> None:
        super().__init__()
        self.fn, self.report = fn, report

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except BaseException as exc:  # delivered to the caller's on_error
            result, ok = exc, False
        self.report((self, ok, result))


class TaskManager(QObject):
    _finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, what: str = "background task") -> None:
        super().__init__(parent)
        self.what = what  # names a failed job in the log
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time, in order
        self._callbacks: dict[_Job, tuple[Callable | None, Callable | None]] = {}
        self._finished.connect(self._deliver)

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        job = _Job(fn, self._finished.emit)
        job.setAutoDelete(False)
        self._callbacks[job] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._pool.start(job)

    def _deliver(self, payload: object) -> None:
        job, ok, result = payload  # type: ignore[misc]
        on_done, on_error = self._callbacks.pop(job, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        if ok:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(result)
        else:
            # Nobody asked to hear of it: the log must. Frames only, never the message,
            # which may hold a customer's data.
            log.error(
                "%s failed\n%s",
                self.what,
                traceback_without_values(type(result), result, result.__traceback__),
            )

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
