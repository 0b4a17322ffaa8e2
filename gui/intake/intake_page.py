"""접수: the counter's intake form, for the keyboard. F2 or Ctrl+N puts the cursor in 연락처;
Tab goes through the twelve fields of a walk-in (Alt+M or Ctrl+E shows the rest); Enter
saves from any one-line field or choice, Ctrl+Enter from anywhere, Ctrl+P saves and prints
the receipt; Esc asks before it clears (and "계속 작성" is the answer Enter gives). Drafts
are autosaved and offered back after a crash.

The parts live beside it: ``intake_fields`` (the form), ``smart_fields`` (its kinds of
field), ``form_keys`` (Enter and Ctrl+Z on the fields), ``repeat_customers`` (the customer
on record found while 연락처 is typed), ``intake_guide`` (the side panel) and ``drafts``
(the autosaved draft on disk).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.errors import DeskError, ValidationFailed
from core.views import CategoryView
from core.words.messages import describe
from core.words.vocab import IDENTIFIER_KINDS
from gui.common import receipt_printer
from gui.common.i18n import language, tr
from gui.common.widgets import ErrorLabel, local_text, problems_by_field
from gui.desk.operations import Desk
from gui.intake.drafts import DraftStore
from gui.intake.form_keys import FormKeys
from gui.intake.intake_fields import (
    AREA_FIELDS,
    CHOICE_FIELDS,
    DEFAULTS,
    TEXT_FIELDS,
    IntakeFields,
)
from gui.intake.intake_guide import IntakeGuide
from gui.intake.intake_problems import IntakeProblems
from gui.intake.repeat_customers import RepeatCustomers
from gui.operations.intake import receive_complaint


class IntakePage(QWidget):
    saved = Signal(int, str)  # case id, case number
    open_case = Signal(int)

    def __init__(self, desk: Desk, drafts_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.drafts = DraftStore(drafts_dir, f"intake-{desk.actor.username.replace(':', '_')}")
        self.categories: list[CategoryView] = []
        self._loading = False
        self._build()
        self._autosave = QTimer(self, singleShot=True, interval=1500)
        self._autosave.timeout.connect(self.save_draft)
        self._wire()
        self.clear_form()
        self.desk.run(sv.list_categories, on_done=self._set_categories)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.repeat = RepeatCustomers(self.desk, self)
        self.matches = self.repeat.list
        self.match_label = self.repeat.label
        self.use_customer = self.repeat.use_button
        desk = self.desk  # not self: a field keeping the page alive would outlive it
        self.fields = IntakeFields(
            self.repeat.widgets(), now=lambda: desk.db.clock().astimezone(desk.tz)
        )
        self.w = self.fields.w
        self.form, self.form2, self.form3 = self.fields.forms
        self.scroll.setWidget(self.fields)
        left.addWidget(self.scroll, 1)

        self.general_error = ErrorLabel()
        left.addWidget(self.general_error)
        self.result = QLabel()
        self.result.setObjectName("savedBanner")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        # The case just saved: its number, and its buttons beside it (not in the row below,
        # which has to fit a 1280-pixel-wide screen).
        done = QHBoxLayout()
        done.addWidget(self.result, 1)
        self.open_button = QPushButton(tr("사건 열기"))
        self.open_button.hide()
        self.receipt_button = QPushButton(tr("접수증 미리보기"))
        self.receipt_button.hide()
        corner = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight  # not stretched
        done.addWidget(self.open_button, 0, corner)
        done.addWidget(self.receipt_button, 0, corner)
        left.addLayout(done)
        buttons = QHBoxLayout()
        self.more_button = self.fields.more_button
        self.new_button = QPushButton(tr("새 접수 (Ctrl+N)"))
        self.cancel_button = QPushButton(tr("취소 (Esc)"))
        self.problem_count = QLabel()
        self.problem_count.setObjectName("fieldError")
        self.problem_count.hide()
        self.save_button = QPushButton(tr("저장 (Enter · Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.save_button.setObjectName("primary")
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.problem_count)
        buttons.addWidget(self.cancel_button)
        self._add_save_and_print(buttons)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        outer.addLayout(left, 3)
        self.problems = IntakeProblems(
            self.fields, self.scroll, self.more_button, self.general_error, self.problem_count
        )
        self.guide = IntakeGuide()
        self.checks = self.guide.checks
        outer.addWidget(self.guide, 1)

    def _wire(self) -> None:
        order = [*self.fields.tab_order(), self.save_button]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel)
        self.new_button.clicked.connect(self.new_intake)
        self.open_button.clicked.connect(lambda: self.open_case.emit(self._last_saved_id))
        self.receipt_button.clicked.connect(self.print_receipt)
        # Enter and Ctrl+Z on the fields; the look-up's keys in 연락처 come first (an event
        # filter installed later runs earlier).
        self.keys = FormKeys(self, can_undo_link=self.repeat.can_undo)
        self.keys.save.connect(self.submit)
        self.keys.undo_link.connect(self.repeat.undo)
        self.keys.watch(self.fields.tab_order())
        self.repeat.watch(self.w)
        self.repeat.taken.connect(self._after_customer)
        self.repeat.changed.connect(self._changed)
        self.repeat.open_case.connect(self.open_case)
        for key in TEXT_FIELDS:
            self.w[key].textChanged.connect(self._changed)
        for key in AREA_FIELDS:
            self.w[key].textChanged.connect(self._changed)
        for key in CHOICE_FIELDS:
            self.w[key].currentIndexChanged.connect(self._changed)
        self.w["category"].editTextChanged.connect(self._changed)
        self.w["consent"].toggled.connect(self._changed)
        for keys, slot in (
            ("Ctrl+N", self.new_intake),
            ("Ctrl+Return", self.submit),
            ("Ctrl+Enter", self.submit),
            ("Alt+M", self.more_button.toggle),
            ("Ctrl+E", self.more_button.toggle),
            ("Alt+H", self.repeat.focus_history),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self._last_saved_id = 0

    def _set_categories(self, cats: list[CategoryView]) -> None:
        self.categories = [c for c in cats if c.active and c.parent_id is not None]
        self._loading = True
        self.w["category"].set_categories([(c.label(language()), c.code) for c in self.categories])
        self._loading = False

    # ------------------------------------------------------------------ the cursor

    def focus_start(self) -> None:
        """The cursor in 연락처, in sight: after F2, Ctrl+N, a save, a draft given back."""
        self.scroll.verticalScrollBar().setValue(0)
        self.w["phone"].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.w["phone"].selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            QTimer.singleShot(0, self, self.focus_start)

    def _after_customer(self) -> None:
        """A customer taken from the drop-down: on to the first field still to fill."""
        self.fields.first_to_fill().setFocus(Qt.FocusReason.TabFocusReason)

    # ------------------------------------------------------------------ values

    @property
    def existing_customer_id(self) -> int | None:
        return self.repeat.linked_id

    def values(self) -> dict[str, Any]:
        """What the clerk typed, as plain values (also the draft's content)."""
        return self.fields.values() | {"existing_customer_id": self.repeat.linked_id}

    def set_values(self, v: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.fields.set_values(v, self.desk.tz)
            self.repeat.set_linked(v.get("existing_customer_id"))
            self.fields.show_more(self.fields.more_has_values())
        finally:
            self._loading = False

    def is_empty(self) -> bool:
        return self.fields.is_empty()

    def intake_input(self) -> sv.IntakeInput:
        return self.fields.intake_input(
            self.repeat.linked_id, separate_customer=self.repeat.separate
        )

    # ------------------------------------------------------------------ drafts

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.result.hide()
            self._autosave.start()

    def save_draft(self) -> None:
        if self.is_empty():
            self.drafts.clear()
        else:
            self.drafts.save(self.values())

    def offer_draft(self) -> bool:
        """At start: give back what was being typed when the app last stopped."""
        draft = self.drafts.load()
        restored = False
        if draft and self.ask_restore():
            self.set_values(draft)
            restored = True
        elif draft:
            self.drafts.clear()
        self.focus_start()
        return restored

    def ask_restore(self) -> bool:
        """Replaced in tests (pytest-qt's advice for dialogs)."""
        answer = QMessageBox.question(
            self,
            tr("작성 중이던 접수"),
            tr("저장하지 않은 접수 내용이 있습니다. 이어서 작성하시겠습니까?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ saving

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.problems.clear()
        # The service says what is wrong (a category, 발생 일시 as typed), every field at once.
        self.save_button.setEnabled(False)
        receive_complaint(
            self.desk, intake=self.intake_input(), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, ref: sv.CaseRef) -> None:
        self.save_button.setEnabled(True)
        self._autosave.stop()
        self.drafts.clear()
        self._last_saved_id = ref.id
        tz = self.desk.tz
        text = tr(
            "접수 완료: {case_no} — 접수 확인 기한 {due} (처리 기한 {resolve})",
            case_no=ref.case_no,
            due=local_text(ref.ack_due, tz),
            resolve=local_text(ref.resolve_due, tz),
        )
        if ref.linked_by_phone > 1:
            text += "\n" + tr(
                "같은 번호의 고객 {n}명 중 가장 최근 고객으로 연결했습니다.", n=ref.linked_by_phone
            )
        elif ref.linked_by_phone:
            text += "\n" + tr("같은 번호의 기존 고객으로 연결했습니다 (재접수).")
        if ref.masked:
            kinds = ", ".join(tr(IDENTIFIER_KINDS[k]) for k in ref.masked)
            text += "\n" + tr(
                "{kinds}로 보이는 번호는 가려서 저장했습니다 (개인정보 보호: 예 900101-1******).",
                kinds=kinds,
            )
        self.result.setText(text)
        self.result.show()
        self.open_button.show()
        self.receipt_button.show()
        self.clear_form(keep_result=True)
        self.saved.emit(ref.id, ref.case_no)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._print_after_save = False  # a refused Ctrl+P prints nothing later
        if isinstance(exc, ValidationFailed):
            self.problems.show(problems_by_field(exc))
        elif isinstance(exc, DeskError):
            self.general_error.show_error(describe(exc, language()))
        else:
            self.general_error.show_error(tr("저장하지 못했습니다. 입력한 내용은 그대로 있습니다."))

    def cancel(self) -> None:
        if self.is_empty():
            return
        if self.confirm_discard():
            self.clear_form()
            self.drafts.clear()

    def confirm_discard(self) -> bool:
        """Esc or Ctrl+N on a typed intake. "계속 작성" is the default and Esc's answer:
        Esc then Enter keeps the intake."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("접수 취소"))
        box.setText(tr("입력한 내용을 지우시겠습니까? 이 작업은 되돌릴 수 없습니다."))
        keep = box.addButton(tr("계속 작성"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(tr("지우기"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is not keep and box.clickedButton() is not None

    def new_intake(self) -> None:
        if not self.is_empty() and not self.confirm_discard():
            return
        self.clear_form()
        self.drafts.clear()

    def clear_form(self, *, keep_result: bool = False) -> None:
        self.set_values(dict(DEFAULTS))
        self.repeat.clear()
        self.guide.reset()
        self.problems.clear()
        if not keep_result:
            self.result.hide()
            self.open_button.hide()
            self.receipt_button.hide()
        self.focus_start()

    # ------------------------------------------------------------------ 저장 후 인쇄 (Ctrl+P)
    # Save, then the receipt straight to this PC's receipt printer: no preview, rendered by
    # the database worker and printed by the print queue, never on the UI thread. The first
    # time on a PC, Qt's print dialog asks which printer (gui/common/receipt_printer.py).

    def _add_save_and_print(self, buttons: QHBoxLayout) -> None:
        self._print_after_save = False
        self.printer_button = QPushButton(tr("프린터 변경…"))
        self.save_print_button = QPushButton(tr("저장 후 인쇄 (Ctrl+P)"))
        buttons.addWidget(self.printer_button)
        buttons.addWidget(self.save_print_button)
        self.printer_button.clicked.connect(lambda: receipt_printer.choose_printer(self))
        self.save_print_button.clicked.connect(self.save_and_print)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.save_and_print)
        self.saved.connect(self._print_saved)
        receipt_printer.warm_up()

    def save_and_print(self) -> None:
        if not self.save_button.isEnabled():
            return  # a save is under way
        if not receipt_printer.load().chosen and receipt_printer.choose_printer(self) is None:
            return  # no printer chosen: neither saved nor printed, the form as it was
        self._print_after_save = True
        self.submit()

    def _print_saved(self, case_id: int, case_no: str) -> None:
        if not self._print_after_save:
            return
        self._print_after_save = False
        receipt_printer.send_receipt(
            self.desk,
            case_id,
            choice=receipt_printer.load(),
            on_sent=lambda _report: self._receipt_sent(case_no),
            on_failed=self.general_error.show_error,
        )

    def _receipt_sent(self, case_no: str) -> None:
        sent = tr("접수증을 프린터로 보냈습니다: {case_no}", case_no=case_no)
        self.result.setText(f"{self.result.text()}\n{sent}")

    def print_receipt(self) -> None:
        """The receipt for the case just saved, previewed; 인쇄 (Enter) prints it."""
        if self._last_saved_id:
            receipt_printer.preview_receipt(
                self.desk, self._last_saved_id, self, lambda d: setattr(self, "receipt_dialog", d)
            )
