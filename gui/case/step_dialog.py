"""One small dialog for each step of the procedure, built from a list of fields.

The dialog stays open with what was typed when the service refuses (a missing reason, an edit
conflict), and shows why; it closes only after the save succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, QSize
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import DeskError, ValidationFailed
from core.procedure.limits import MAX_AMOUNT
from core.words.messages import describe
from gui.common.i18n import language, tr
from gui.common.screen import ScrollingBody, fit_to_screen
from gui.common.widgets import ErrorLabel, FormWithErrors, problems_by_field


@dataclass
class Field:
    name: str
    label: str
    kind: str = "line"  # line, text, choice, int, moment, check, choices
    choices: dict[str, str] = field(default_factory=dict)
    required: bool = False
    value: Any = None
    maximum: int = MAX_AMOUNT  # an amount of money, unless the field says otherwise


class NoteEdit(QPlainTextEdit):
    """A note of a few lines: five show, more scroll inside it (Qt's default asks for a
    dozen, which makes a dialog of four notes taller than a laptop's screen)."""

    LINES = 5

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing() * self.LINES
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        return QSize(hint.width(), lines + frame + 2 * int(self.document().documentMargin()))


class StepDialog(QDialog):
    """``submit(values, on_done, on_error)`` runs the service; errors keep the dialog open."""

    def __init__(
        self,
        title: str,
        fields: list[Field],
        submit: Callable[
            [dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None
        ],
        *,
        intro: str = "",
        ok_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        # The fields, notes and errors scroll on a short screen; the buttons stay below.
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(ScrollingBody.around(body), 1)
        if intro:
            lab = QLabel(intro)
            lab.setWordWrap(True)
            body.addWidget(lab)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form = FormWithErrors(form)
        self.widgets: dict[str, QWidget] = {}
        for f in fields:
            self.widgets[f.name] = self.form.add(
                f.name, f.label, self._widget(f), is_required=f.required
            )
        body.addLayout(form)
        # Notes a caller adds under the form (e.g. what similar cases received).
        self.notes = QVBoxLayout()
        body.addLayout(self.notes)
        self.error = ErrorLabel()
        body.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text or tr("저장"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("취소"))
        self.buttons.accepted.connect(self.accept_clicked)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        fit_to_screen(self)

    def _widget(self, f: Field) -> QWidget:
        if f.kind == "text":
            w = NoteEdit()
            w.setTabChangesFocus(True)
            w.setPlainText(f.value or "")
            w.setMinimumHeight(70)
            return w
        if f.kind == "choice":
            w = QComboBox()
            for key, text in f.choices.items():
                w.addItem(text, key)
            if f.value is not None:
                w.setCurrentIndex(max(0, w.findData(f.value)))
            return w
        if f.kind == "int":
            w = QSpinBox()
            w.setRange(0, f.maximum)
            w.setSingleStep(10_000 if f.maximum > 1000 else 1)
            w.setGroupSeparatorShown(True)
            w.setValue(int(f.value or 0))
            return w
        if f.kind == "moment":
            w = QDateTimeEdit(QDateTime.currentDateTime().addDays(1))
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd HH:mm")
            return w
        if f.kind == "check":
            w = QCheckBox()
            w.setChecked(bool(f.value))
            return w
        if f.kind == "choices":
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            for key, text in f.choices.items():
                c = QCheckBox(text)
                c.setProperty("choice", key)
                c.setChecked(key in (f.value or ()))
                col.addWidget(c)
            return box
        w = QLineEdit()
        w.setText(f.value or "")
        return w

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText()
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, QDateTimeEdit):
                out[name] = datetime.fromtimestamp(w.dateTime().toSecsSinceEpoch(), tz=UTC)
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
            else:
                out[name] = tuple(
                    c.property("choice") for c in w.findChildren(QCheckBox) if c.isChecked()
                )
        return out

    def set_value(self, name: str, value: Any) -> None:
        w = self.widgets[name]
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value)
        elif isinstance(w, QLineEdit):
            w.setText(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QDateTimeEdit):
            w.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))

    def accept_clicked(self) -> None:
        self.form.clear_errors()
        self.error.show_error("")
        self.ok.setEnabled(False)
        self._submit(self.values(), self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.ok.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            problems = problems_by_field(exc)
            first = self.form.show_errors(
                {k: v for k, v in problems.items() if k in self.form.errors}
            )
            rest = [
                describe(ValidationFailed([p]), language())
                for p in exc.problems
                if p.field not in self.form.errors
            ]
            self.error.show_error("\n".join(rest))
            if first is not None:
                first.setFocus()
        elif isinstance(exc, DeskError):
            self.error.show_error(describe(exc, language()))
        else:
            self.error.show_error(tr("저장하지 못했습니다. 입력한 내용은 그대로 있습니다."))
