"""One case in a window of its own: the header with deadline badges, the tabs of what was
recorded, the record rules (each saying what is missing, with the step that fixes it), the
steps, and the printouts.

The step buttons stay put: every step the user's role could take, in one order, those the
case's state rules out disabled with the reason as their tooltip.

The parts live beside it: ``case_header`` (number, badges), ``case_tabs`` and
``case_timeline`` (what was recorded), ``case_checklist`` (why not, what is missing),
``step_forms`` (a dialog per step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from core.views import CaseDetail
from gui.case.case_checklist import close_blocked, role_steps, rule_lines, why_unavailable
from gui.case.case_header import CaseHeader, clear_layout
from gui.case.case_tabs import CaseTabs
from gui.case.step_dialog import StepDialog
from gui.case.step_forms import step_dialog, step_titles
from gui.common.i18n import language, tr
from gui.common.screen import ScrollingBody, fit_to_screen
from gui.desk.operations import Desk

# Where the screen has room; on a smaller one the window takes what there is.
USUAL_SIZE = QSize(1100, 720)
SIDE_WIDTH = 300


class CaseView(QWidget):
    """A top-level window for one case. Refreshes when a change reaches this case."""

    open_case = Signal(int)  # a precedent double-clicked

    def __init__(self, desk: Desk, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.desk = desk
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.precedents: sv.Precedents | None = None
        # Every step the role could take, in one order; the enabled ones are those the case
        # allows now.
        self.step_buttons: dict[str, QPushButton] = {}
        # A missing record rule's button that opens the dialog fixing it, by rule.
        self.rule_fixes: dict[str, QPushButton] = {}
        self.step_dialog: StepDialog | None = None
        self._build()
        fit_to_screen(self, USUAL_SIZE)
        desk.cases_changed.connect(self._maybe_refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.header = CaseHeader()
        outer.addWidget(self.header)

        self.tabs = CaseTabs()
        self.tabs.improvements.attach(self.desk)
        self.tabs.open_case.connect(self.open_case)
        self.similar = self.tabs.similar

        side = QFrame()
        side.setObjectName("sidePanel")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        col = QVBoxLayout()
        t = QLabel(tr("기록 원칙"))
        t.setObjectName("panelTitle")
        col.addWidget(t)
        self.rules_box = QVBoxLayout()
        col.addLayout(self.rules_box)
        t2 = QLabel(tr("다음 단계"))
        t2.setObjectName("panelTitle")
        col.addWidget(t2)
        self.steps_box = QVBoxLayout()
        col.addLayout(self.steps_box)
        col.addStretch(1)
        # On a short screen the rules and the steps scroll rather than squeeze; the
        # printouts and the message stay in view below them.
        side_layout.addWidget(ScrollingBody.around(col), 1)
        bottom = QVBoxLayout()
        bottom.setContentsMargins(9, 0, 9, 9)
        t3 = QLabel(tr("인쇄"))
        t3.setObjectName("panelTitle")
        bottom.addWidget(t3)
        self.print_box = QVBoxLayout()
        bottom.addLayout(self.print_box)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        bottom.addWidget(self.message)
        side_layout.addLayout(bottom)
        side.setMinimumWidth(SIDE_WIDTH)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("caseSplitter")
        body.setChildrenCollapsible(False)
        body.addWidget(self.tabs)
        body.addWidget(side)
        body.setStretchFactor(0, 1)
        body.setSizes([USUAL_SIZE.width() - SIDE_WIDTH, SIDE_WIDTH])
        self.splitter = body
        outer.addWidget(body, 1)

    # ------------------------------------------------------------------ data

    def _maybe_refresh(self, changed: frozenset[int] | None, _what: str) -> None:
        # Only this case's own changes: reading it again records an access to its customer.
        if changed is None or self.case_id in changed:
            self.refresh()

    def refresh(self) -> None:
        self.desk.run(sv.get_case, self.case_id, on_done=self.show_detail)
        self.desk.run(sv.similar_cases, self.case_id, on_done=self.show_precedents)

    def show_precedents(self, found: sv.Precedents) -> None:
        self.precedents = found
        self.tabs.show_precedents(found)

    def show_detail(self, d: CaseDetail) -> None:
        self.detail = d
        self.setWindowTitle(f"{d.case_no} — {d.subject}")
        self.header.show_case(d, self.desk.db.clock(), self.desk.tz)
        self.tabs.show_case(d, self.desk.tz)
        self._fill_rules(d)
        self._fill_steps(d)
        self._fill_prints(d)

    def _fill_rules(self, d: CaseDetail) -> None:
        clear_layout(self.rules_box)
        self.rule_fixes = {}
        titles = step_titles()
        for line in rule_lines(d, self.desk.tz):
            lab = QLabel(("✔ " if line.met else "✘ ") + line.title)
            lab.setObjectName("ruleOk" if line.met else "ruleMissing")
            lab.setWordWrap(True)
            lab.setAccessibleName(line.title + (tr(" 충족") if line.met else tr(" 미충족")))
            self.rules_box.addWidget(lab)
            if line.met:
                continue
            if line.missing:
                what = QLabel(line.missing)
                what.setObjectName("ruleDetail")
                what.setWordWrap(True)
                what.setIndent(14)
                self.rules_box.addWidget(what)
            if line.fix is not None and line.fix in titles:
                fix = QPushButton(f"→ {titles[line.fix]}")
                fix.setObjectName("ruleFix")
                fix.setToolTip(tr("이 기록 원칙을 채우는 대화상자를 엽니다."))
                fix.clicked.connect(lambda _c=False, s=line.fix: self.start_step(s))
                self.rules_box.addWidget(fix)
                self.rule_fixes[line.key] = fix

    # ------------------------------------------------------------------ steps

    def dialog_for(self, step: str) -> StepDialog | None:
        """The dialog for ``step`` (tests drive it without exec())."""
        assert self.detail is not None
        return step_dialog(self.desk, self.detail, step, precedents=self.precedents, parent=self)

    def _fill_steps(self, d: CaseDetail) -> None:
        clear_layout(self.steps_box)
        self.step_buttons = {}
        names = step_titles()
        for step in role_steps(self.desk.actor.role, names):
            button = QPushButton(names[step])
            button.setObjectName("stepButton")
            if step in ("close", "resolve", "acknowledge"):
                button.setProperty("primary", True)
            if step not in d.allowed_steps:
                button.setEnabled(False)
                button.setToolTip(why_unavailable(step, d))
            elif step == "close" and not d.record_rules.all_met:
                # Offered, but closed until the record rules hold: the checklist says why.
                button.setEnabled(False)
                button.setToolTip(close_blocked(d))
            button.clicked.connect(lambda _c=False, s=step: self.start_step(s))
            self.steps_box.addWidget(button)
            self.step_buttons[step] = button
        if not any(b.isEnabled() for b in self.step_buttons.values()):
            self.steps_box.addWidget(QLabel(tr("이 사건에 할 수 있는 작업이 없습니다.")))

    def offered_steps(self) -> list[str]:
        """The steps whose buttons are enabled now, in the buttons' order."""
        return [s for s, b in self.step_buttons.items() if b.isEnabled()]

    def start_step(self, step: str) -> None:
        dialog = self.dialog_for(step)
        if dialog is not None:
            self.step_dialog = dialog  # the one open now (tests read it)
            dialog.open()

    def _fill_prints(self, d: CaseDetail) -> None:
        clear_layout(self.print_box)
        self.print_buttons: dict[str, QPushButton] = {}
        choices = [
            ("receipt", tr("접수증"), sv.receipt_pdf),
            ("intake_form", tr("접수서"), sv.intake_form_pdf),
        ]
        if d.resolution is not None or d.closure in ("invalid", "withdrawn"):
            choices.append(("letter", tr("처리 결과 통지서"), sv.result_letter_pdf))
        if self.desk.can(Permission.REPORTS_VIEW):
            choices.append(("case_file", tr("사건 기록부"), sv.case_file_pdf))
        # Two to a row: four titles side by side do not fit the panel's width.
        grid = QGridLayout()
        for n, (key, title, service) in enumerate(choices):
            button = QPushButton(title)
            button.clicked.connect(
                lambda _c=False, k=key, t=title, s=service: self.print_document(k, t, s)
            )
            self.print_buttons[key] = button
            grid.addWidget(button, n // 2, n % 2)
        self.print_box.addLayout(grid)

    def print_document(self, key: str, title: str, service: Any) -> None:
        """Render off the UI thread, then preview with print and save."""
        from gui.common import receipt_printer
        from gui.common.pdf_preview import PdfDialog

        button = self.print_buttons.get(key)
        if button is not None:  # rendering a long case file takes a moment: say so
            button.setEnabled(False)
            button.setText(tr("만드는 중…"))

        def restore() -> None:
            if button is not None:
                button.setEnabled(True)
                button.setText(title)

        def failed(exc: BaseException) -> None:
            restore()
            self.message.setText(self.desk.describe(exc))
            self.message.show()

        # A receipt is reprinted as this PC prints receipts: its layout (A4 or an 80 mm
        # roll) and its receipt printer.
        receipt = key == "receipt"
        extra: dict[str, Any] = {"layout": receipt_printer.load().layout} if receipt else {}

        def show(data: bytes) -> None:
            restore()
            self.pdf_dialog = PdfDialog(
                f"{title} — {self.detail.case_no if self.detail else ''}",
                data,
                f"{key}-{self.case_id}.pdf",
                self,
                **({"ask_target": receipt_printer.ask_receipt_target} if receipt else {}),
            )
            self.pdf_dialog.open()

        self.desk.run(
            service, self.case_id, lang=language(), on_done=show, on_error=failed, **extra
        )
