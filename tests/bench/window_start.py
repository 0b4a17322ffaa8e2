"""Started by bench_all.py as its own process: a bare PySide6 window, or the app as it starts.

    window_start.py bare
    window_start.py app URL USERNAME      (the password in GYEONGCHEONG_PASSWORD)

``bare`` prints the seconds from process start to a painted window, and the resident memory
(MB) then: the baseline DESIGN.md compares against.

``app`` runs the app's own start (``gui.app.run``) and watches it as a person would meet it:
the login painted (first paint); the data opened behind it (ready); the name and password
entered the moment both are there; the main window painted with its first page (the login's
Enter to interactive); the queues, their counts and the first page of the case list shown
(filled). It prints ``first_paint ready enter interactive filled rss_mb``, seconds from
process start, and quits without the backup at exit.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def now() -> float:
    return time.perf_counter() - STARTED


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("경청"))
    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is window and not painted:
                painted.append(now())
            return False

    watch = Watch()
    app.installEventFilter(watch)
    window.show()
    while not painted:
        app.processEvents()
    print(f"{painted[0]:.3f} {rss_mb():.0f}")


def desk_app(url: str, username: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from gui import app as desk
    from gui.shell.start_dialogs import LoginDialog

    qapp = QApplication(sys.argv)
    marks: dict[str, float] = {}

    class Watch(QObject):
        """The first paint of the login, and of the main window after the Enter."""

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                if isinstance(obj, LoginDialog):
                    marks.setdefault("first_paint", now())
                elif "enter" in marks and type(obj).__name__ == "MainWindow":
                    marks.setdefault("interactive", now())
            return False

    def step() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible() and "enter" not in marks:
                if widget.db is None or "first_paint" not in marks:
                    return
                marks["ready"] = now()
                widget.username.setText(username)
                widget.password.setText(os.environ["GYEONGCHEONG_PASSWORD"])
                marks["enter"] = now()
                widget.submit()
                return
            if type(widget).__name__ == "MainWindow" and "interactive" in marks:
                if "asked" not in marks:
                    marks["asked"] = now()
                    widget.show_page("queues")  # F3
                    widget.show_page("cases")  # F4
                queues = widget.queues
                filled = (
                    widget.cases.model.rowCount() > 0
                    and queues.model.rowCount() > 0
                    and bool(widget.overdue_label.text())
                    and not widget.desk.tasks.pending
                )
                if filled:
                    marks["filled"] = now()
                    order = ("first_paint", "ready", "enter", "interactive", "filled")
                    print(" ".join(f"{marks[k]:.3f}" for k in order), f"{rss_mb():.0f}")
                    sys.stdout.flush()
                    os._exit(0)  # not the backup at exit

    watch = Watch()
    qapp.installEventFilter(watch)
    poll = QTimer(interval=2)
    poll.timeout.connect(step)
    poll.start()
    desk.run(db_url=url, lang="ko")
    print("the app ended before its window filled", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        desk_app(sys.argv[2], sys.argv[3])
