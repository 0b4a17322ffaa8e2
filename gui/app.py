"""Start-up of the desktop app: Qt application, bundled Korean font, the main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from core.db.database import open_database
from core.resources import font_path


def load_fonts(app: QApplication) -> None:
    """Hangul must render on a PC without Korean fonts: use the bundled NanumGothic."""
    families: list[str] = []
    for bold in (False, True):
        font_id = QFontDatabase.addApplicationFont(str(font_path(bold=bold)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if families:
        app.setFont(QFont(families[0], app.font().pointSize()))


def run(*, db_url: str | None = None, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    load_fonts(app)
    db = open_database(db_url)
    window = QMainWindow()
    window.setWindowTitle("경청 고객불만 접수처" if lang != "en" else "Gyeongcheong Complaint Desk")
    label = QLabel(db.location)
    window.setCentralWidget(label)
    window.resize(1200, 760)
    window.show()
    code = app.exec()
    db.dispose()
    return code
