"""Started by bench_all.py as its own process: a bare PySide6 window, or the app's main window.

Prints the seconds from process start to a shown window whose first data has arrived, and the
process's resident memory then (MB). ``bare`` is the baseline DESIGN.md compares against.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("경청"))
    window.show()
    app.processEvents()


def desk_app(url: str) -> None:
    from sqlalchemy import select

    from core.actor import Actor
    from core.db.models import User
    from core.procedure.enums import Role
    from core.services import open_database
    from gui.app import make_app
    from gui.desk.operations import Desk
    from gui.shell.main_window import MainWindow

    app = make_app("ko")
    db = open_database(url)
    with db.unit_of_work(write=False) as uow:
        assert uow.session is not None
        user = uow.session.scalars(select(User).where(User.role == "supervisor")).first()
    actor = Actor(user.id, user.username, user.display_name, Role(user.role))
    desk = Desk(db, actor)
    window = MainWindow(desk, Path(os.environ.get("TMPDIR", "/tmp")) / "bench-drafts")
    window.show()
    window.show_page("cases")
    # Interactive: the queues and the first page of the case list are on screen.
    while window.cases.model.rowCount() == 0 or desk.tasks.pending:
        app.processEvents()
        time.sleep(0.005)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        desk_app(sys.argv[2])
    print(f"{time.perf_counter() - STARTED:.3f} {rss_mb():.0f}")
