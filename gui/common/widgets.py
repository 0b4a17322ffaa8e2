"""Small building blocks shared by the windows: form rows with inline errors, badges."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QWidget

from core.errors import ValidationFailed
from core.words.messages import describe
from gui.common.i18n import language, tr

SEOUL_FMT = "%Y-%m-%d %H:%M"


def local_text(moment: datetime | None, tz: object | None = None) -> str:
    """A moment as the office reads it (local time), or an empty string."""
    if moment is None:
        return ""
    return moment.astimezone(tz).strftime(SEOUL_FMT)  # type: ignore[arg-type]


def won(amount: int) -> str:
    return f"{amount:,}원" if language() == "ko" else f"KRW {amount:,}"


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
    return {
        "received": tr("접수"),
        "acknowledged": tr("접수확인"),
        "in_progress": tr("처리중"),
        "resolved": tr("처리완료"),
        "closed": tr("종결"),
    }.get(status, status)


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
