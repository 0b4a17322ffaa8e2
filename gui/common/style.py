"""The look: Fusion with the system's light or dark palette, and a small stylesheet that
uses palette roles so it reads right in both themes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QWidget { font-size: 10.5pt; }
QListWidget::item { padding: 5px 6px; }
#nav { border: none; background: palette(alternate-base); padding-top: 8px; }
#nav::item { padding: 10px 14px; border-radius: 6px; margin: 2px 6px; }
#nav::item:selected { background: palette(highlight); color: palette(highlighted-text); }
#pageTitle, #caseNo { font-size: 15pt; font-weight: bold; }
#caseSubject { font-size: 12pt; }
#panelTitle { font-weight: bold; margin-top: 10px; }
#sidePanel { background: palette(alternate-base); border-radius: 8px; }
#fieldError { color: #d32f2f; }
#hint { color: palette(placeholder-text); }
#savedBanner { background: rgba(46, 125, 50, 0.15); border: 1px solid #2e7d32; border-radius: 6px;
               padding: 8px; font-weight: bold; }
#chainBanner { background: rgba(198, 40, 40, 0.15); border-bottom: 1px solid #c62828;
               padding: 8px 12px; font-weight: bold; }
#phrase_good { color: #2e7d32; }
#phrase_bad { color: #c62828; }
#ruleOk { color: #2e7d32; }
#ruleMissing { color: #c62828; font-weight: bold; }
#badge { border-radius: 9px; padding: 2px 9px; font-size: 9.5pt; }
#badge[state="ok"] { background: rgba(46, 125, 50, 0.18); }
#badge[state="soon"] { background: rgba(239, 108, 0, 0.25); }
#badge[state="late"] { background: rgba(198, 40, 40, 0.25); font-weight: bold; }
#badge[state="neutral"] { background: palette(mid); }
#overdueCount[alert="true"] { color: #c62828; font-weight: bold; }
QPushButton { padding: 5px 14px; }
QPushButton#primary, QPushButton[primary="true"] { font-weight: bold; }
QPushButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QCheckBox:focus,
QDateTimeEdit:focus, QSpinBox:focus, QTableView:focus, QListWidget:focus, QTreeWidget:focus {
    border: 2px solid palette(highlight);
}
"""


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply(app: QApplication, *, dark: bool | None = None) -> None:
    """Fusion in the system's scheme (``dark`` forces one, for screenshots and checks)."""
    app.setStyle("Fusion")
    if is_dark() if dark is None else dark:
        pal = QPalette()
        for role, color in (
            (QPalette.ColorRole.Window, "#202124"),
            (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#171717"),
            (QPalette.ColorRole.AlternateBase, "#2a2b2e"),
            (QPalette.ColorRole.Text, "#e8eaed"),
            (QPalette.ColorRole.Button, "#2f3033"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"),
            (QPalette.ColorRole.Highlight, "#4f8ff7"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"),
            (QPalette.ColorRole.Mid, "#4a4b4f"),
            (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
            (QPalette.ColorRole.ToolTipBase, "#2a2b2e"),
            (QPalette.ColorRole.ToolTipText, "#e8eaed"),
        ):
            pal.setColor(role, QColor(color))
        app.setPalette(pal)
    app.setStyleSheet(STYLE)
