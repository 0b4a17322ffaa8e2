"""The table every list of cases is shown in: the queues and the whole register.

Columns are as wide as what they hold (measured in the table's font, so at any scaling),
the subject takes the rest and elides, with the whole subject in its tooltip: at 1366 pixels
(and at 1280, a Full HD screen at 150 %) the default columns need no sideways scrolling. A
right click on the header shows or hides a column; the widths a person set are kept
(``column_widths``) by the main window for the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from gui.common.vocab import channels, due_kinds, statuses
from gui.lists.case_table_model import CaseRowsModel

PADDING = 18  # a cell's margins and a little air
STRETCH = "subject"
# Names are measured in Hangul syllables (all about as wide as U+AC00): four make a long
# name; the search snippet shows about two dozen.
SYLLABLE = chr(0xAC00)
# While a search shows where each case matched, these make room for it.
ASIDE_WHILE_SEARCHING = ("received_at", "channel", "contact")


def samples(case_prefix: str) -> dict[str, list[str]]:
    """The widest text each column usually holds (names and contacts elide beyond it)."""
    moment = "2026-12-31 23:59"
    return {
        "case_no": [f"{case_prefix or 'GN'}-2026-000000"],
        "received_at": [moment],
        "status": list(statuses().values()),
        "customer": [SYLLABLE * 4],
        "channel": list(channels().values()),
        "assignee": [SYLLABLE * 4],
        "due": [f"⚠ {kind} {moment}" for kind in due_kinds().values()],
        "contact": ["010-0000-0000"],
        "match": [SYLLABLE * 24],
    }


class CaseTable(QTableView):
    """A table of cases where Enter opens the current one, as double-click does."""

    activated_case = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        case_prefix: str = "",
        hidden: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self._stepped_aside: dict[str, int] = {}  # key: its width, during a search
        self.case_prefix = case_prefix
        self.hidden_by_default = hidden
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.setWordWrap(False)
        self.doubleClicked.connect(self._open)
        header = self.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def case_model(self) -> CaseRowsModel:
        model = self.model()
        assert isinstance(model, CaseRowsModel)
        return model

    def setModel(self, model) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(40)
        self.fit_columns()
        for key in self.hidden_by_default:
            self.setColumnHidden(model.column_of(key), True)

    def keys(self) -> list[str]:
        return self.case_model().keys()

    def fit_columns(self) -> None:
        """Each column as wide as its usual content; the subject stretches over the rest."""
        metrics = self.fontMetrics()
        header_metrics = self.horizontalHeader().fontMetrics()
        wanted = samples(self.case_prefix)
        for column, key in enumerate(self.keys()):
            title = str(self.model().headerData(column, Qt.Orientation.Horizontal))
            width = header_metrics.horizontalAdvance(title) + PADDING
            for text in wanted.get(key, ()):
                width = max(width, metrics.horizontalAdvance(text) + PADDING)
            self.setColumnWidth(column, width)
        stretch = self.keys().index(STRETCH)
        self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # ---------------------------------------------------------------- a search's matches

    def show_matches(self, on: bool) -> None:
        """With a search, where each case matched, beside the subject and taking the rest
        of the width (columns less needed for finding step aside until the search ends)."""
        keys = self.keys()
        if "match" not in keys or on == (not self.isColumnHidden(keys.index("match"))):
            return
        header = self.horizontalHeader()
        match, subject = keys.index("match"), keys.index(STRETCH)
        if on:
            self._stepped_aside = {
                k: self.columnWidth(keys.index(k))
                for k in ASIDE_WHILE_SEARCHING
                if not self.isColumnHidden(keys.index(k))
            }
            for key in self._stepped_aside:
                self.setColumnHidden(keys.index(key), True)
            header.moveSection(header.visualIndex(match), header.visualIndex(subject) + 1)
            header.setSectionResizeMode(subject, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(subject, self.fontMetrics().horizontalAdvance(SYLLABLE * 14))
            self.setColumnHidden(match, False)
            header.setSectionResizeMode(match, QHeaderView.ResizeMode.Stretch)
        else:
            self.setColumnHidden(match, True)
            header.setSectionResizeMode(match, QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(subject, QHeaderView.ResizeMode.Stretch)
            for key, width in self._stepped_aside.items():
                self.setColumnHidden(keys.index(key), False)
                self.setColumnWidth(keys.index(key), width)
            self._stepped_aside = {}

    # ---------------------------------------------------------------- kept between runs

    def column_widths(self) -> dict[str, int]:
        """The width of each column a person can size; 0 for a hidden one."""
        return {
            key: self._kept_width(column, key)
            for column, key in enumerate(self.keys())
            if key not in (STRETCH, "match")
        }

    def _kept_width(self, column: int, key: str) -> int:
        if key in self._stepped_aside:  # hidden for a search only
            return self._stepped_aside[key]
        return 0 if self.isColumnHidden(column) else self.columnWidth(column)

    def set_column_widths(self, widths: dict[str, int]) -> None:
        keys = self.keys()
        for key, width in widths.items():
            if key in keys and key not in (STRETCH, "match") and isinstance(width, int):
                column = keys.index(key)
                self.setColumnHidden(column, width <= 0)
                if width > 0:
                    self.setColumnWidth(column, width)

    # ---------------------------------------------------------------- choosing columns

    def _column_menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        for column, key in enumerate(self.keys()):
            if key in (STRETCH, "match", "case_no"):
                continue  # always there (the match column comes with a search)
            title = str(self.model().headerData(column, Qt.Orientation.Horizontal))
            action = QAction(title, menu, checkable=True, checked=not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(at))

    # ---------------------------------------------------------------- opening a case

    def _open(self, index: QModelIndex) -> None:
        case_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.activated_case.emit(int(case_id))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)
