"""The receipt at the counter: Ctrl+P on a filled intake form until the print job has been
handed to Qt's printer (the painter ended on it), beside DESIGN.md's budget of 1 s.

    .venv/bin/python tests/bench/bench_receipt.py [--db big.sqlite3] [--repeat 10]

Runs headless: the "printer" is a QPrinter writing a PDF file (the same job, the same
painting at no more than 300 dpi, as for a real printer). Both layouts are measured, and the
session's first receipt apart (it pays for importing ReportLab and reading the fonts).
Without ``--db`` a fresh office in a temporary SQLite file. Not part of the default test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BUDGET = 1.0  # seconds


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(what: str, figure: str, budget: str, ok: bool) -> None:
    print(f"{'ok  ' if ok else 'MISS'} {what}: {figure} (budget {budget})", flush=True)


def office(folder: Path, path: str | None):
    """The database and a clerk: the big demo's first clerk, or a fresh office's."""
    from core.services import open_database

    if path is None:
        from tests.conftest import make_staff

        db = open_database(f"sqlite:///{folder / 'bench.sqlite3'}")
        return db, make_staff(db).clerk
    from sqlalchemy import text

    from core.actor import Actor
    from core.procedure.enums import Role

    db = open_database(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, username, display_name FROM users WHERE role = 'clerk' LIMIT 1")
        ).one()
    return db, Actor(row[0], row[1], row[2], Role.CLERK)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a SQLite file (default: a fresh office)")
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()

    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui.app import load_fonts
    from gui.common import receipt_printer
    from gui.common.i18n import set_language
    from gui.common.printing import PrintQueue, PrintReport
    from gui.desk.operations import Desk
    from gui.intake.intake_page import IntakePage
    from tests.gui.conftest import type_korean

    app = QApplication(sys.argv)
    load_fonts(app)
    set_language("ko")
    folder = Path(tempfile.mkdtemp(prefix="bench-receipt-"))
    ini = str(folder / "this-pc.ini")
    receipt_printer.pc_settings = lambda: QSettings(ini, QSettings.Format.IniFormat)
    db, clerk = office(folder, args.db)
    desk = Desk(db, clerk)
    page = IntakePage(desk, folder / "drafts")
    page.resize(1280, 720)
    page.show()
    page.activateWindow()

    def wait(until) -> None:
        # An event loop polled by a timer, not processEvents() in a loop: PySide6 6.12 on
        # Python 3.11 drops a reference to None on every call of a void Qt method, and a
        # tight loop of them ends the process ("deallocating None").
        if until():
            return
        loop = QEventLoop()
        timer = QTimer(interval=2)
        timer.timeout.connect(lambda: until() and loop.quit())
        timer.start()
        loop.exec()
        timer.stop()

    wait(lambda: desk.tasks.pending == 0 and page.w["category"].count() > 1)
    # The clerk types for half a minute; the page loads the receipt's renderer meanwhile.
    typing = time.perf_counter() + 3
    wait(lambda: time.perf_counter() > typing and PrintQueue.shared().pending == 0)
    reports: list[PrintReport] = []
    queue = PrintQueue.shared()
    submit = queue.submit

    def watched(data, target, *, on_done=None, on_error=None):  # also keep the job's report
        def done(r: PrintReport) -> None:
            reports.append(r)
            if on_done is not None:
                on_done(r)

        submit(data, target, on_done=done, on_error=on_error)

    queue.submit = watched  # type: ignore[method-assign]

    def one(layout: str, n: int) -> tuple[float, PrintReport]:
        out = folder / f"{layout}-{n}.pdf"
        receipt_printer.save(receipt_printer.ReceiptPrinter(layout=layout, output_file=str(out)))
        type_korean(page.w["name"], "최민수")
        type_korean(page.w["subject"], "주차장 조명 고장")
        type_korean(page.w["description"], "지하 2층 조명이 꺼져 있어 어둡습니다. " * 3)
        page.w["category"].setCurrentIndex(1)
        before = len(reports)
        start = time.perf_counter()
        QTest.keyClick(page.w["subject"], Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        wait(lambda: len(reports) > before or bool(page.general_error.text()))
        seconds = time.perf_counter() - start
        if len(reports) == before:
            raise SystemExit(f"the receipt was not printed: {page.general_error.text()}")
        if not out.exists() or out.stat().st_size < 1000:
            raise SystemExit(f"no printed file: {out}")
        return seconds, reports[-1]

    rss_before = rss_mb()
    first, first_job = one("a4", 0)
    report(
        "receipt, first of the session (Ctrl+P to the job handed to the printer, A4)",
        f"{first:.2f} s (painting {first_job.seconds:.2f} s at {first_job.dpi} dpi, "
        f"{first_job.raster[0]}×{first_job.raster[1]} px)",
        f"{BUDGET:.0f} s",
        first <= BUDGET,
    )
    for layout, name in (("a4", "A4"), ("thermal80", "80 mm roll")):
        runs = [one(layout, n) for n in range(1, args.repeat + 1)]
        times = sorted(s for s, _ in runs)
        job = runs[-1][1]
        worst = times[-1]
        report(
            f"receipt, Ctrl+P to the job handed to the printer ({name})",
            f"median {statistics.median(times):.2f} s, worst {worst:.2f} s of {len(times)} "
            f"(painting {statistics.median(r.seconds for _, r in runs):.2f} s at {job.dpi} dpi, "
            f"{job.raster[0]}×{job.raster[1]} px, off the UI thread)",
            f"{BUDGET:.0f} s",
            worst <= BUDGET,
        )
    report(
        "memory for printing the receipts",
        f"+{rss_mb() - rss_before:.0f} MB RSS ({rss_mb():.0f} MB)",
        "no 1200 dpi page images (+0.5 GB each)",
        rss_mb() - rss_before < 250,
    )
    queue.wait_idle()
    desk.tasks.wait_idle()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
