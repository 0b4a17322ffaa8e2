"""The intake's keys on its fields: Enter saves from any single-line field, choice or tick
box (a multi-line text keeps Enter for its new lines; Ctrl+Enter saves from anywhere, a
shortcut of the page), and Ctrl+Z in one of them undoes the link to a customer on record
while its note is shown (before the field's own undo, which would take back a letter; in
the customer's words Ctrl+Z stays the text's own undo)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FormKeys(QObject):
    """Installed on each field (and on an editable choice's line edit): ``save`` is emitted
    for Enter, ``undo_link`` for Ctrl+Z while ``can_undo_link()`` says there is a link to
    undo. (Signals, not callbacks: a callback kept here would keep the page alive.)"""

    save = Signal()
    undo_link = Signal()

    def __init__(self, parent: QObject, *, can_undo_link: Callable[[], bool]) -> None:
        super().__init__(parent)
        self._can_undo_link = can_undo_link

    def watch(self, fields: list[QWidget]) -> None:
        for widget in fields:
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        assert isinstance(event, QKeyEvent)
        multi_line = isinstance(watched, QPlainTextEdit)
        if (
            event.matches(QKeySequence.StandardKey.Undo)
            and not multi_line  # there Ctrl+Z takes back what was written
            and self._can_undo_link()
        ):
            if kind == QEvent.Type.KeyPress:
                self.undo_link.emit()
                return True
            event.accept()  # delivered as a key press, to this filter before the field
            return False
        if kind != QEvent.Type.KeyPress or event.key() not in ENTER:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+Enter is the page's shortcut; Shift+Enter is the widget's
        if multi_line:
            return False  # a new line
        combo = _combo_of(watched)
        if combo is not None and combo.view().isVisible():
            return False  # the list is open: Enter picks from it
        self.save.emit()
        return True


def _combo_of(widget: QObject) -> QComboBox | None:
    if isinstance(widget, QComboBox):
        return widget
    parent = widget.parent()
    return parent if isinstance(parent, QComboBox) else None
