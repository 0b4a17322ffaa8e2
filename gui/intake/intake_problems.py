"""What the service refused, shown all at once: each problem under its field (behind
"더 보기" too, which then opens), their count beside 저장 ("3개 항목 확인"), and the cursor in
the first of them in Tab order, scrolled into sight — so the clerk sees something happen
even when the field is below the fold."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from gui.common.i18n import trn
from gui.common.widgets import ErrorLabel
from gui.intake.intake_fields import MORE_FIELDS, IntakeFields


class IntakeProblems:
    """The form's error lines, the general one under the form and the count beside 저장.
    ``more`` is the "더 보기" toggle (checked to show the fields behind it)."""

    def __init__(
        self,
        fields: IntakeFields,
        scroll: QScrollArea,
        more: QPushButton,
        general: ErrorLabel,
        count: QLabel,
    ) -> None:
        self.fields, self.scroll, self.more = fields, scroll, more
        self.general, self.count = general, count

    def clear(self) -> None:
        self.general.show_error("")
        self.count.hide()
        for f in self.fields.forms:
            f.clear_errors()

    def show(self, problems: dict[str, str]) -> None:
        forms = self.fields.forms
        wrong = {f.fields[k] for f in forms for k in problems if k in f.fields}
        if any(self.fields.w[k] in wrong for k in MORE_FIELDS):
            self.more.setChecked(True)
        for f in forms:
            f.show_errors({k: v for k, v in problems.items() if k in f.errors})
        rest = [v for k, v in problems.items() if not any(k in f.errors for f in forms)]
        if rest:
            self.general.show_error("\n".join(rest))
        self.count.setText(trn("{n}개 항목 확인", "{n}개 항목 확인", len(problems)))
        self.count.show()
        first = next((w for w in self.fields.tab_order() if w in wrong), None)
        if first is not None:
            # After the error lines are laid out, or the scroll would miss the field.
            QTimer.singleShot(0, first, lambda: self._reveal(first))

    def _reveal(self, widget: QWidget) -> None:
        self.scroll.ensureWidgetVisible(widget, 10, 40)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
