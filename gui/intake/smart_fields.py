"""The intake's own kinds of field, each built for typing without the mouse:

- ``QuietCombo``: a choice the mouse wheel passes over unless it has focus, so scrolling
  the form never changes a choice on the way;
- ``CategoryField``: 분류, found by typing part of its name (a filtered list; Enter takes it);
- ``MomentEdit``: 발생 일시 in one line ("어제 23시", "1201 2300"), shown back in full;
- ``TabTextEdit``: the customer's words, where Tab moves on and the box grows with the text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QSizePolicy

from core.procedure.typed_moments import UnreadableMoment, read_moment
from gui.common.i18n import tr

MOMENT_FORMAT = "%Y-%m-%d %H:%M"  # what the field shows back; read_moment reads it too


class QuietCombo(QComboBox):
    """A combo box that takes the wheel only when it has focus (and focus only from Tab or
    a click, never from the wheel)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the form, which scrolls


class CategoryField(QuietCombo):
    """분류: type part of a name ("주차"), the list narrows to the categories that contain it,
    Enter (or ↓ then Enter) takes one. ``code()`` is what the service gets."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(tr("입력해서 찾기 (예: 주차)"))
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.popup().installEventFilter(self)  # runs before the completer's own

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the narrowed list with nothing picked takes its first line."""
        popup = self.completer().popup()
        if (
            watched is popup
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not popup.currentIndex().isValid()
            and popup.model().rowCount() > 0
        ):
            popup.setCurrentIndex(popup.model().index(0, 0))
        return super().eventFilter(watched, event)

    def set_categories(self, items: list[tuple[str, str]]) -> None:
        """(label, code) pairs; what was chosen stays chosen."""
        keep = self.code()
        self.blockSignals(True)
        self.clear()
        for label, code in items:
            self.addItem(label, code)
        self.blockSignals(False)
        self.set_code(keep)

    def set_code(self, code: str | None) -> None:
        index = self.findData(code) if code else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def code(self) -> str | None:
        """The chosen category's code: the item whose name was typed, or the only one whose
        name contains it. Text that names none goes to the service as it is, which says
        it is no category; nothing is guessed."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == text:
            return self.itemData(index)
        found = [i for i in range(self.count()) if text.lower() in self.itemText(i).lower()]
        exact = [i for i in found if self.itemText(i).lower() == text.lower()]
        if len(exact) == 1 or len(found) == 1:
            return self.itemData((exact or found)[0])
        return text

    def choices_open(self) -> bool:
        return self.completer().popup().isVisible() or self.view().isVisible()


class MomentEdit(QLineEdit):
    """발생 일시 as typed (core.procedure.typed_moments); on leaving the field the moment
    read is shown back in full, or ``problem`` says what the field expects."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        super().__init__()
        self._now = now  # the office's local time now
        self.problem: Callable[[str], None] = lambda _text: None
        self.setPlaceholderText(tr("예: 어제 23시 · 1201 2300 · 12/1 14:30"))
        self.editingFinished.connect(self.show_back)

    def moment(self) -> datetime | None:
        """The moment typed; raises ``UnreadableMoment`` for text it cannot read."""
        return read_moment(self.text(), self._now())

    def show_back(self) -> None:
        try:
            moment = self.moment()
        except UnreadableMoment:
            self.problem(expected_moment())
            return
        self.problem("")
        if moment is not None:
            shown = moment.strftime(MOMENT_FORMAT)
            if shown != self.text():
                self.setText(shown)


def expected_moment() -> str:
    return tr("날짜·시각을 읽을 수 없습니다 (예: 1201 2300, 2300, 어제 23시, 12/1 14:30)")


class TabTextEdit(QPlainTextEdit):
    """Multi-line text where Tab moves on, as in every other field, and Enter is a new line.
    ``min_lines`` high when empty, growing with the text up to ``max_lines``; ``grows``
    also takes the room the form has left (the complaint itself)."""

    def __init__(self, min_lines: int = 2, max_lines: int = 6, *, grows: bool = False) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self._lines = (min_lines, max_lines)
        self._grows = grows
        vertical = QSizePolicy.Policy.Expanding if grows else QSizePolicy.Policy.Fixed
        self.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)
        self.textChanged.connect(self._fit)
        self._fit()

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        return self.fontMetrics().lineSpacing() * lines + frame + 2

    def _fit(self) -> None:
        low, high = self._lines
        used = max(self.document().blockCount(), self.document().lineCount() or 1)
        height = self._height_for(min(max(used, low), high))
        self.setMinimumHeight(height)
        if not self._grows:
            self.setMaximumHeight(height)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())
