"""Small building blocks shared by the windows: form rows with inline errors, badges, labels
and columns that give way on a small screen."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from core.errors import ValidationFailed
from core.words.messages import describe
from gui.common.i18n import language, tr
from gui.common.vocab import statuses

SEOUL_FMT = "%Y-%m-%d %H:%M"


def local_text(moment: datetime | None, tz: object | None = None) -> str:
    """A moment as the office reads it (local time), or an empty string."""
    if moment is None:
        return ""
    return moment.astimezone(tz).strftime(SEOUL_FMT)  # type: ignore[arg-type]


def won(amount: int) -> str:
    # Translators: an amount of money in won; the amount comes with its thousands separators.
    return tr("{amount}원", amount=f"{amount:,}")


class ErrorLabel(QLabel):
    """The red line under a field that says what is wrong with it, in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class ElidedLabel(QLabel):
    """One line that gives way: shortened with "…" where the room ends (the whole text in
    its tooltip), so a long path or name never widens its window."""

    def __init__(
        self,
        text: str = "",
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 8), hint.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), self.mode, room.width())
        painter.drawText(room, int(self.alignment()), shown)


def share_columns(
    view: QAbstractItemView, stretch: int, *, widths: dict[int, int] | None = None
) -> None:
    """Columns as wide as their content (or ``widths``), ``stretch`` taking what is left
    and eliding: no column cut off beside empty space, no sideways scrolling for a short
    table. For lists of tens of rows (sizing to content reads every row)."""
    header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif widths and column in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, widths[column])
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


class WrappingDelegate(QStyledItemDelegate):
    """Cells whose rows grow to show long text whole, wrapped to the column's width (Qt's
    own delegate measures the text on one line, so a long entry is cut)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        header = self.view.header()
        if header.sectionResizeMode(index.column()) == QHeaderView.ResizeMode.ResizeToContents:
            return super().sizeHint(option, index)  # sized to its text: one line
        measured = QStyleOptionViewItem(option)
        self.initStyleOption(measured, index)
        measured.rect = QRect(0, 0, self.view.columnWidth(index.column()), 1)
        return super().sizeHint(measured, index)


def wrap_text(view: QTreeView) -> None:
    """Rows of ``view`` as tall as their longest text needs at the columns' widths."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    view.setItemDelegate(WrappingDelegate(view))
    view.header().sectionResized.connect(lambda *_: view.doItemsLayout())


def required(label: str) -> str:
    """A field label marked as required."""
    return f"{label} *"


class FormWithErrors:
    """A QFormLayout where every field has an error line below it, addressed by field name."""

    def __init__(self, layout: QFormLayout) -> None:
        self.layout = layout
        self.errors: dict[str, ErrorLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, name: str, label: str, widget: QWidget, *, is_required: bool = False) -> QWidget:
        shown = required(label) if is_required else label
        lab = QLabel(shown)
        lab.setBuddy(widget)
        widget.setAccessibleName(label)
        self.layout.addRow(lab, widget)
        err = ErrorLabel()
        self.layout.addRow("", err)
        self.errors[name] = err
        self.fields[name] = widget
        return widget

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.show_error("")

    def show_errors(self, problems: dict[str, str]) -> QWidget | None:
        """Show each message under its field; return the first field with a problem."""
        self.clear_errors()
        first = None
        for name, message in problems.items():
            err = self.errors.get(name)
            if err is not None:
                err.show_error(message)
                if first is None:
                    first = self.fields[name]
        return first


def problems_by_field(exc: ValidationFailed) -> dict[str, str]:
    """Field name -> the reason in words, for the error line under each field."""
    out: dict[str, str] = {}
    for p in exc.problems:
        out.setdefault(p.field, describe(ValidationFailed([p]), language()).split(": ", 1)[-1])
    return out


def status_text(status: str) -> str:
    return statuses().get(status, status)


def confirm_irreversible(parent: QWidget, title: str, text: str, details: str) -> bool:
    """A warning that asks Yes or No about something that cannot be undone; No is the
    default and Esc answers No."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
