"""The compensation dialogs of a case: the offer with its options and amounts, the decision
(승인 and 거부, two buttons; the proposer is told why they cannot decide, or a sole
supervisor gives a reason), and the customer's answer or the delivery."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.errors import FieldProblem, SelfApproval, ValidationFailed
from core.procedure.limits import MAX_AMOUNT
from core.views import CaseDetail, CompensationView
from core.words.messages import describe
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import language, tr
from gui.common.screen import ScrollingBody, fit_now
from gui.common.vocab import compensation_kinds, compensation_statuses
from gui.common.widgets import ErrorLabel, won
from gui.desk.operations import Desk
from gui.operations import compensation


def option_text(kind: str, amount: int | None) -> str:
    """환불 300,000원; 수리 (no amount)."""
    text = compensation_kinds().get(kind, kind)
    return f"{text} {won(amount)}" if amount else text


def offer_text(c: CompensationView) -> str:
    """Every option offered, the status after: 환불 300,000원 / 수리 — 제안됨."""
    options = " / ".join(option_text(k, a) for k, a in c.options or ((c.kind, c.amount),))
    return f"{options} — {compensation_statuses().get(c.status, c.status)}"


class OptionsEditor(QWidget):
    """The other options given to the customer: a kind ticked, with its amount."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        for n, (key, text) in enumerate(compensation_kinds().items()):
            check = QCheckBox(text)
            amount = QSpinBox()
            amount.setRange(0, MAX_AMOUNT)
            amount.setSingleStep(10_000)
            amount.setGroupSeparatorShown(True)
            amount.setSuffix(tr(" 원"))
            amount.setAccessibleName(tr("{kind} 금액", kind=text))
            amount.setEnabled(False)
            check.toggled.connect(amount.setEnabled)
            grid.addWidget(check, n, 0)
            grid.addWidget(amount, n, 1)
            self.rows[key] = (check, amount)

    def set_option(self, kind: str, amount: int) -> None:
        check, spin = self.rows[kind]
        check.setChecked(True)
        spin.setValue(amount)

    def options(self) -> list[tuple[str, int]]:
        return [(k, spin.value()) for k, (check, spin) in self.rows.items() if check.isChecked()]


def _insert_row(dialog: StepDialog, before: str, name: str, label: str, widget: QWidget) -> None:
    """A field of the dialog's own making, placed above ``before``, with its error line."""
    layout = dialog.form.layout
    row, _ = cast(tuple[int, Any], layout.getWidgetPosition(dialog.form.fields[before]))
    err = ErrorLabel()
    layout.insertRow(row, "", err)
    lab = QLabel(label)
    lab.setBuddy(widget)
    widget.setAccessibleName(label)
    layout.insertRow(row, lab, widget)
    dialog.form.errors[name] = err
    dialog.form.fields[name] = widget


def _show_row(dialog: StepDialog, name: str, shown: bool) -> None:
    layout = dialog.form.layout
    layout.setRowVisible(dialog.form.fields[name], shown)
    layout.setRowVisible(dialog.form.errors[name], shown)


def _refit(dialog: StepDialog) -> None:
    """An open dialog grows (up to its screen) for the rows it now shows."""
    if dialog.isVisible():
        body = dialog.findChild(ScrollingBody)
        if body is not None:  # its size hint is cached by the dialog's layout
            body.updateGeometry()
        top = dialog.layout()
        if top is not None:
            top.activate()
        fit_now(dialog, centre=False)
        # Once more when the rows have their sizes (a word-wrapped label settles late).
        QTimer.singleShot(0, lambda: fit_now(dialog, centre=False))


def offer_dialog(desk: Desk, d: CaseDetail, title: str, parent: QWidget) -> StepDialog:
    """보상 제안: the proposal (kind, amount), the other options with theirs, a note."""
    fields = [
        Field("kind", tr("보상 종류"), "choice", compensation_kinds()),
        Field("amount", tr("금액 (원)"), "int"),
        Field("note", tr("메모"), "text"),
    ]
    editor = OptionsEditor()

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        proposal = (values["kind"], values["amount"])
        compensation.offer_compensation(
            desk,
            case_id=d.id,
            kind=values["kind"],
            amount=values["amount"],
            options_offered=[proposal, *(o for o in editor.options() if o != proposal)],
            note=values["note"],
            on_done=done,
            on_error=failed,
        )

    dialog = StepDialog(
        title,
        fields,
        submit,
        parent=parent,
        intro=tr(
            "고객에게 여러 보상을 제시했다면 '다른 선택지'에 금액과 함께 표시하세요. "
            "{amount}을 넘는 선택지가 있으면 관리자 승인 후 확정됩니다.",
            amount=won(desk.settings.approval_threshold),
        ),
    )
    _insert_row(dialog, "note", "options_offered", tr("다른 선택지"), editor)
    dialog.options_editor = editor  # type: ignore[attr-defined]
    return dialog


def _pick(dialog: StepDialog, comps: list[CompensationView], before: str) -> QComboBox | None:
    """With more than one compensation to act on, a combo to pick which (None with one)."""
    if len(comps) < 2:
        return None
    combo = QComboBox()
    for c in comps:
        combo.addItem(offer_text(c), c.id)
    _insert_row(dialog, before, "compensation", tr("보상"), combo)
    return combo


def _picked(combo: QComboBox | None, comps: list[CompensationView]) -> CompensationView:
    """The compensation chosen in ``_pick``'s combo (the only one when there is none)."""
    if combo is None:
        return comps[0]
    return next(c for c in comps if c.id == combo.currentData())


def approval_dialog(desk: Desk, d: CaseDetail, title: str, parent: QWidget) -> StepDialog | None:
    """보상 승인: 승인 and 거부 as two buttons; a refusal needs a reason. The proposer is told
    why they cannot decide, or, alone in the office, gives a reason for the override."""
    pending = [c for c in d.compensations if c.status == "pending_approval"]
    if not pending:
        return None
    fields = [
        Field("note", tr("의견 (거부 시 필수)"), "text"),
        Field("override_reason", tr("예외 승인 사유"), "text"),
    ]
    holder: dict[str, Any] = {}

    def current() -> CompensationView:
        return _picked(holder.get("combo"), pending)

    def decide(approve: bool, values: dict[str, Any], done: Any, failed: Any) -> None:
        c = current()
        override = values["override_reason"] if c.self_approval == "override" else None
        if c.self_approval == "override" and not (override or "").strip():
            failed(ValidationFailed([FieldProblem("override_reason", "required")]))
            return
        if approve:
            compensation.approve_compensation(
                desk,
                compensation_id=c.id,
                note=values["note"] or None,
                override_reason=override or None,
                on_done=done,
                on_error=failed,
            )
        else:
            compensation.reject_compensation(
                desk,
                compensation_id=c.id,
                note=values["note"],
                override_reason=override or None,
                on_done=done,
                on_error=failed,
            )

    dialog = StepDialog(
        title,
        fields,
        lambda values, done, failed: decide(True, values, done, failed),
        parent=parent,
        ok_text=tr("승인"),
    )
    reject = QPushButton(tr("거부"))
    reject.setObjectName("rejectButton")
    dialog.buttons.addButton(reject, QDialogButtonBox.ButtonRole.ActionRole)
    dialog.reject_button = reject  # type: ignore[attr-defined]
    about = QLabel()
    about.setWordWrap(True)
    why = QLabel()
    why.setObjectName("fieldError")
    why.setWordWrap(True)
    dialog.notes.addWidget(about)
    dialog.notes.addWidget(why)
    dialog.why = why  # type: ignore[attr-defined]
    dialog.about = about  # type: ignore[attr-defined]
    holder["combo"] = _pick(dialog, pending, "note")

    def failed(exc: BaseException) -> None:
        dialog._failed(exc)
        show()

    def reject_clicked() -> None:
        dialog.form.clear_errors()
        dialog.error.show_error("")
        dialog.ok.setEnabled(False)
        reject.setEnabled(False)
        decide(False, dialog.values(), dialog._done, failed)

    reject.clicked.connect(reject_clicked)

    def show() -> None:
        c = current()
        about.setText(
            tr(
                "{offer} — 제안: {who}{note}",
                offer=offer_text(c),
                who=c.proposed_by_name,
                note=f"\n{c.note}" if c.note else "",
            )
            + (
                "\n"
                + tr(
                    "고객이 고른 보상: {option}",
                    option=option_text(c.customer_choice, c.chosen_amount),
                )
                if c.customer_choice
                else ""
            )
        )
        refused = c.self_approval == "refused"
        override = c.self_approval == "override"
        code = "sole_approver" if override else "self_approval"
        why.setText(describe(SelfApproval(code), language()) if (refused or override) else "")
        why.setVisible(refused or override)
        _show_row(dialog, "override_reason", override)
        _refit(dialog)
        for button in (dialog.ok, reject):
            button.setEnabled(not refused)
            button.setToolTip(why.text() if refused else "")

    if holder["combo"] is not None:
        holder["combo"].currentIndexChanged.connect(lambda _i: show())
    show()
    return dialog


# ---------------------------------------------------------------- the answer, the delivery


def answer_dialog(desk: Desk, d: CaseDetail, title: str, parent: QWidget) -> StepDialog | None:
    """보상 답변·지급: the customer's choice among the options or their refusal (with the
    reason), or the delivery of what was chosen (what, when, a reference)."""
    open_ = [c for c in d.compensations if c.status in ("pending_approval", "offered", "accepted")]
    if not open_:
        return None
    fields = [
        Field("outcome", tr("결과"), "choice", {}, required=True),
        Field("decline_reason", tr("거절 사유"), "text", required=True),
        Field("delivery_note", tr("지급·이행 내용"), "text"),
        Field("delivered_at", tr("지급·이행 일시"), "moment"),
        Field("delivery_ref", tr("참조번호 (환불 거래번호, 수리 접수번호 등)"), "line"),
    ]
    holder: dict[str, Any] = {}

    def current() -> CompensationView:
        return _picked(holder.get("combo"), open_)

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        c, outcome = current(), values["outcome"] or ""
        if outcome.startswith("choose:"):
            _, kind, amount = outcome.split(":")
            compensation.record_compensation_choice(
                desk,
                compensation_id=c.id,
                kind=kind,
                amount=int(amount) if amount else None,
                on_done=done,
                on_error=failed,
            )
        elif outcome == "decline":
            compensation.decline_compensation(
                desk,
                compensation_id=c.id,
                reason=values["decline_reason"],
                on_done=done,
                on_error=failed,
            )
        elif outcome == "deliver":
            compensation.deliver_compensation(
                desk,
                compensation_id=c.id,
                note=values["delivery_note"] or None,
                delivered_at=values["delivered_at"],
                ref=values["delivery_ref"] or None,
                on_done=done,
                on_error=failed,
            )
        else:
            failed(ValidationFailed([FieldProblem("outcome", "required")]))

    dialog = StepDialog(title, fields, submit, parent=parent)
    dialog.set_value("delivered_at", desk.db.clock())
    about = QLabel()
    about.setWordWrap(True)
    dialog.notes.addWidget(about)
    holder["combo"] = _pick(dialog, open_, "outcome")
    outcome: QComboBox = dialog.widgets["outcome"]  # type: ignore[assignment]

    def fill_outcomes() -> None:
        c = current()
        outcome.blockSignals(True)
        outcome.clear()
        outcome.addItem(tr("— 고르세요 —"), "")
        options = c.options or ((c.kind, c.amount),)
        if c.status in ("pending_approval", "offered") and not c.customer_choice:
            for kind, amount in options:
                key = f"choose:{kind}:{'' if amount is None else amount}"
                outcome.addItem(tr("고객이 고름: {option}", option=option_text(kind, amount)), key)
        if c.status == "accepted" or len(options) == 1:
            chosen = option_text(
                c.customer_choice or options[0][0],
                c.chosen_amount if c.customer_choice else options[0][1],
            )
            outcome.addItem(tr("지급·이행 완료: {option}", option=chosen), "deliver")
        outcome.addItem(tr("고객이 거절함"), "decline")
        outcome.blockSignals(False)
        about.setText(
            tr("{offer} — 제안: {who}", offer=offer_text(c), who=c.proposed_by_name)
            + (
                "\n" + tr("승인 대기 중: 지급·이행은 승인 후에 기록합니다")
                if c.status == "pending_approval"
                else ""
            )
            + (
                "\n"
                + tr(
                    "고객이 고른 보상: {option}",
                    option=option_text(c.customer_choice, c.chosen_amount),
                )
                if c.customer_choice
                else ""
            )
        )
        show_fields()

    def show_fields() -> None:
        chosen = outcome.currentData() or ""
        _show_row(dialog, "decline_reason", chosen == "decline")
        for name in ("delivery_note", "delivered_at", "delivery_ref"):
            _show_row(dialog, name, chosen == "deliver")
        _refit(dialog)

    outcome.currentIndexChanged.connect(lambda _i: show_fields())
    if holder["combo"] is not None:
        holder["combo"].currentIndexChanged.connect(lambda _i: fill_outcomes())
    fill_outcomes()
    return dialog
