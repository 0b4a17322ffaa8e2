"""접수: the counter's intake form. Keyboard first: Tab in order, Enter saves, Esc cancels,
Ctrl+N starts a new one. Drafts are autosaved and offered back after a crash."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.errors import DeskError, ValidationFailed
from core.views import CategoryView, CustomerMatch
from core.words.messages import describe
from gui.common.i18n import N_, language, tr
from gui.common.vocab import channels, motives, natures, severities, statuses, styles
from gui.common.widgets import ErrorLabel, FormWithErrors, local_text, problems_by_field
from gui.desk.operations import Desk
from gui.intake.drafts import DraftStore

CHECKLIST = (
    N_("끝까지 경청하고 공감을 표현했다"),
    N_("발생 시간·장소·관련 직원을 확인했다"),
    N_("고객이 원하는 것(요구사항)을 확인했다"),
    N_("고객의 기대치와 최종선을 파악했다"),
    N_("처리 일정(24시간 내 회신)을 안내했다"),
    N_("개인정보 수집·이용 동의를 받았다"),
)
HELPFUL = (
    N_("불편을 드려 정말 죄송합니다."),
    N_("말씀해 주셔서 감사합니다. 끝까지 듣겠습니다."),
    N_("제가 책임지고 확인해서 ○시까지 연락드리겠습니다."),
    N_("고객님 입장이라면 저라도 화가 났을 것 같습니다."),
)
AVOID = (
    N_("그건 저희 규정이라 어쩔 수 없습니다."),
    N_("제 담당이 아닙니다."),
    N_("진정하세요."),
    N_("고객님이 잘못 아신 겁니다."),
)

_TEXT_FIELDS = ("phone", "name", "email", "address", "incident_place", "staff_involved", "subject")
_AREA_FIELDS = ("description", "request", "expectation", "bottom_line")


class _TabTextEdit(QPlainTextEdit):
    """Multi-line text where Tab moves on, as in every other field of the form."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setMinimumHeight(64)


class IntakePage(QWidget):
    saved = Signal(int, str)  # case id, case number
    open_case = Signal(int)

    def __init__(self, desk: Desk, drafts_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.drafts = DraftStore(drafts_dir, f"intake-{desk.actor.username.replace(':', '_')}")
        self.existing_customer_id: int | None = None
        self.categories: list[CategoryView] = []
        self._loading = False
        self._build()
        self._autosave = QTimer(self, singleShot=True, interval=1500)
        self._autosave.timeout.connect(self.save_draft)
        self._lookup_timer = QTimer(self, singleShot=True, interval=400)
        self._lookup_timer.timeout.connect(self._lookup)
        self._wire()
        self.clear_form()
        self.desk.run(sv.list_categories, on_done=self._set_categories)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        form_col = QVBoxLayout(body)
        self.w: dict[str, Any] = {}

        cust = QGroupBox(tr("고객"))
        cform = QFormLayout(cust)
        self.form = FormWithErrors(cform)
        self.w["phone"] = self.form.add("customer.phone", tr("연락처"), QLineEdit())
        self.w["phone"].setPlaceholderText("010-1234-5678")
        self.w["name"] = self.form.add(
            "customer.name", tr("고객 이름"), QLineEdit(), is_required=True
        )
        self.w["email"] = self.form.add("customer.email", tr("이메일"), QLineEdit())
        self.w["address"] = self.form.add("customer.address", tr("주소"), QLineEdit())
        self.w["preferred"] = self.form.add(
            "customer.preferred_channel", tr("선호 연락 방법"), QComboBox()
        )
        self.w["consent"] = QCheckBox(
            tr("개인정보 수집·이용에 동의함 (불만 처리 및 결과 회신 목적)")
        )
        self.w["consent"].setAccessibleName(tr("개인정보 수집 동의"))
        cform.addRow("", self.w["consent"])
        consent_err = ErrorLabel()
        cform.addRow("", consent_err)
        self.form.errors["customer.consent"] = consent_err
        self.form.fields["customer.consent"] = self.w["consent"]
        form_col.addWidget(cust)

        self.matches = QListWidget()
        self.matches.setAccessibleName(tr("이전 불만 이력"))
        self.matches.setMaximumHeight(110)
        self.matches.hide()
        self.match_label = QLabel()
        self.match_label.setObjectName("hint")
        self.match_label.hide()
        self.use_customer = QPushButton(tr("이 고객 정보 사용"))
        self.use_customer.hide()
        form_col.addWidget(self.match_label)
        form_col.addWidget(self.matches)
        form_col.addWidget(self.use_customer)

        what = QGroupBox(tr("불만 내용 (고객의 말 그대로)"))
        wform = QFormLayout(what)
        self.form2 = FormWithErrors(wform)
        self.w["channel"] = self.form2.add(
            "channel", tr("접수 경로"), QComboBox(), is_required=True
        )
        self.w["has_incident"] = QCheckBox(tr("발생 일시를 알고 있음"))
        self.w["incident_at"] = QDateTimeEdit()
        self.w["incident_at"].setCalendarPopup(True)
        self.w["incident_at"].setDisplayFormat("yyyy-MM-dd HH:mm")
        self.w["incident_at"].setEnabled(False)
        self.w["incident_at"].setAccessibleName(tr("발생 일시"))
        row = QHBoxLayout()
        row.addWidget(self.w["has_incident"])
        row.addWidget(self.w["incident_at"], 1)
        wform.addRow(tr("발생 일시"), row)
        err = ErrorLabel()
        wform.addRow("", err)
        self.form2.errors["incident_at"] = err
        self.form2.fields["incident_at"] = self.w["incident_at"]
        self.w["incident_place"] = self.form2.add("incident_place", tr("발생 장소"), QLineEdit())
        self.w["staff_involved"] = self.form2.add("staff_involved", tr("관련 직원"), QLineEdit())
        self.w["subject"] = self.form2.add("subject", tr("제목"), QLineEdit(), is_required=True)
        self.w["description"] = self.form2.add(
            "description", tr("불만 내용"), _TabTextEdit(), is_required=True
        )
        self.w["description"].setMinimumHeight(110)
        self.w["request"] = self.form2.add("request", tr("요구사항"), _TabTextEdit())
        self.w["expectation"] = self.form2.add("expectation", tr("기대치"), _TabTextEdit())
        self.w["bottom_line"] = self.form2.add("bottom_line", tr("최종선"), _TabTextEdit())
        form_col.addWidget(what)

        cls = QGroupBox(tr("분류"))
        kform = QFormLayout(cls)
        self.form3 = FormWithErrors(kform)
        self.w["category"] = self.form3.add("category", tr("분류"), QComboBox(), is_required=True)
        self.w["nature"] = self.form3.add("nature", tr("성격"), QComboBox())
        self.w["severity"] = self.form3.add("severity", tr("중요도"), QComboBox())
        self.w["style"] = self.form3.add("style_hint", tr("고객 유형 (내부 참고용)"), QComboBox())
        self.w["motive"] = self.form3.add("motive_hint", tr("불만 동기 (내부 참고용)"), QComboBox())
        form_col.addWidget(cls)
        form_col.addStretch(1)
        scroll.setWidget(body)
        left.addWidget(scroll, 1)

        self.general_error = ErrorLabel()
        left.addWidget(self.general_error)
        self.result = QLabel()
        self.result.setObjectName("savedBanner")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        left.addWidget(self.result)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(tr("새 접수 (Ctrl+N)"))
        self.cancel_button = QPushButton(tr("취소 (Esc)"))
        self.open_button = QPushButton(tr("사건 열기"))
        self.open_button.hide()
        self.receipt_button = QPushButton(tr("접수증 인쇄 (Ctrl+P)"))
        self.receipt_button.hide()
        self.save_button = QPushButton(tr("저장 (Enter)"))
        self.save_button.setDefault(True)
        self.save_button.setObjectName("primary")
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.receipt_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        outer.addLayout(left, 3)
        outer.addWidget(self._side_panel(), 1)

        for name, values in (
            ("preferred", {"": tr("선택 안 함"), **channels()}),
            ("channel", channels()),
            ("nature", natures()),
            ("severity", severities()),
            ("style", styles()),
            ("motive", motives()),
        ):
            for key, text in values.items():
                self.w[name].addItem(text, key)

    def _side_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("sidePanel")
        panel.setMinimumWidth(260)
        panel.setMaximumWidth(340)
        col = QVBoxLayout(panel)
        title = QLabel(tr("접수 절차 점검"))
        title.setObjectName("panelTitle")
        col.addWidget(title)
        self.checks = []
        for text in CHECKLIST:
            box = QCheckBox(tr(text))
            box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab on the form
            self.checks.append(box)
            col.addWidget(box)
        for heading, phrases, name in (
            (tr("도움이 되는 말"), HELPFUL, "good"),
            (tr("피해야 할 말"), AVOID, "bad"),
        ):
            lab = QLabel(heading)
            lab.setObjectName("panelTitle")
            col.addWidget(lab)
            for p in phrases:
                line = QLabel(("✓ " if name == "good" else "✗ ") + tr(p))
                line.setObjectName(f"phrase_{name}")
                line.setWordWrap(True)
                col.addWidget(line)
        col.addStretch(1)
        return panel

    def _wire(self) -> None:
        order = [
            self.w[k]
            for k in (
                "phone",
                "name",
                "email",
                "address",
                "preferred",
                "consent",
                "channel",
                "has_incident",
                "incident_at",
                "incident_place",
                "staff_involved",
                "subject",
                "description",
                "request",
                "expectation",
                "bottom_line",
                "category",
                "nature",
                "severity",
                "style",
                "motive",
            )
        ]
        order.append(self.save_button)
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel)
        self.new_button.clicked.connect(self.new_intake)
        self.open_button.clicked.connect(lambda: self.open_case.emit(self._last_saved_id))
        self.receipt_button.clicked.connect(self.print_receipt)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_receipt)
        self.use_customer.clicked.connect(self._use_selected_customer)
        self.w["has_incident"].toggled.connect(self.w["incident_at"].setEnabled)
        self.w["phone"].textEdited.connect(lambda _t: self._lookup_timer.start())
        self.w["email"].textEdited.connect(lambda _t: self._lookup_timer.start())
        for key in _TEXT_FIELDS:
            self.w[key].textChanged.connect(self._changed)
            self.w[key].returnPressed.connect(self.submit)
        for key in _AREA_FIELDS:
            self.w[key].textChanged.connect(self._changed)
        for key in ("preferred", "channel", "category", "nature", "severity", "style", "motive"):
            self.w[key].currentIndexChanged.connect(self._changed)
        self.w["consent"].toggled.connect(self._changed)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_intake)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self._last_saved_id = 0

    def _set_categories(self, cats: list[CategoryView]) -> None:
        self.categories = [c for c in cats if c.active and c.parent_id is not None]
        combo = self.w["category"]
        keep = combo.currentData()
        combo.clear()
        combo.addItem(tr("— 선택 —"), None)
        for c in self.categories:
            combo.addItem(c.label(language()), c.code)
        if keep:
            combo.setCurrentIndex(max(0, combo.findData(keep)))

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """What the clerk typed, as plain values (also the draft's content)."""
        v: dict[str, Any] = {k: self.w[k].text() for k in _TEXT_FIELDS}
        v |= {k: self.w[k].toPlainText() for k in _AREA_FIELDS}
        for k in ("preferred", "channel", "category", "nature", "severity", "style", "motive"):
            v[k] = self.w[k].currentData()
        v["consent"] = self.w["consent"].isChecked()
        v["has_incident"] = self.w["has_incident"].isChecked()
        v["incident_at"] = self.w["incident_at"].dateTime().toSecsSinceEpoch()
        v["existing_customer_id"] = self.existing_customer_id
        return v

    def set_values(self, v: dict[str, Any]) -> None:
        self._loading = True
        try:
            for k in _TEXT_FIELDS:
                self.w[k].setText(str(v.get(k) or ""))
            for k in _AREA_FIELDS:
                self.w[k].setPlainText(str(v.get(k) or ""))
            for k in ("preferred", "channel", "category", "nature", "severity", "style", "motive"):
                idx = self.w[k].findData(v.get(k))
                self.w[k].setCurrentIndex(max(idx, 0))
            self.w["consent"].setChecked(bool(v.get("consent")))
            self.w["has_incident"].setChecked(bool(v.get("has_incident")))
            if v.get("incident_at"):
                self.w["incident_at"].setDateTime(
                    QDateTime.fromSecsSinceEpoch(int(v["incident_at"]))
                )
            self.existing_customer_id = v.get("existing_customer_id")
        finally:
            self._loading = False

    def is_empty(self) -> bool:
        v = self.values()
        return not any(str(v[k]).strip() for k in (*_TEXT_FIELDS, *_AREA_FIELDS))

    def intake_input(self) -> sv.IntakeInput:
        v = self.values()
        incident = None
        if v["has_incident"]:
            incident = datetime.fromtimestamp(v["incident_at"], tz=UTC)
        return sv.IntakeInput(
            customer=sv.CustomerInput(
                name=v["name"],
                phone=v["phone"],
                email=v["email"],
                address=v["address"],
                preferred_channel=v["preferred"] or None,
                consent=v["consent"],
            ),
            channel=v["channel"],
            subject=v["subject"],
            description=v["description"],
            category_code=v["category"],
            request=v["request"],
            expectation=v["expectation"],
            bottom_line=v["bottom_line"],
            incident_at=incident,
            incident_place=v["incident_place"],
            staff_involved=v["staff_involved"],
            nature=v["nature"],
            severity=v["severity"],
            style_hint=v["style"],
            motive_hint=v["motive"],
            existing_customer_id=self.existing_customer_id,
        )

    # ------------------------------------------------------------------ actions

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
        if not draft:
            return False
        if self.ask_restore():
            self.set_values(draft)
            return True
        self.drafts.clear()
        return False

    def ask_restore(self) -> bool:
        """Replaced in tests (pytest-qt's advice for dialogs)."""
        answer = QMessageBox.question(
            self,
            tr("작성 중이던 접수"),
            tr("저장하지 않은 접수 내용이 있습니다. 이어서 작성하시겠습니까?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.general_error.show_error("")
        for f in (self.form, self.form2, self.form3):
            f.clear_errors()
        if self.w["category"].currentData() is None:
            self._show_problems({"category": tr("필수 항목입니다")})
            return
        self.save_button.setEnabled(False)
        self.desk.run(
            sv.receive_complaint, self.intake_input(), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, ref: sv.CaseRef) -> None:
        self.save_button.setEnabled(True)
        self._autosave.stop()
        self.drafts.clear()
        self._last_saved_id = ref.id
        tz = self.desk.tz
        self.result.setText(
            tr(
                "접수 완료: {case_no} — 접수 확인 기한 {due} (처리 기한 {resolve})",
                case_no=ref.case_no,
                due=local_text(ref.ack_due, tz),
                resolve=local_text(ref.resolve_due, tz),
            )
        )
        self.result.show()
        self.open_button.show()
        self.receipt_button.show()
        self.clear_form(keep_result=True)
        self.saved.emit(ref.id, ref.case_no)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_problems(problems_by_field(exc))
        elif isinstance(exc, DeskError):
            self.general_error.show_error(describe(exc, language()))
        else:
            self.general_error.show_error(tr("저장하지 못했습니다. 입력한 내용은 그대로 있습니다."))

    def _show_problems(self, problems: dict[str, str]) -> None:
        first = None
        for f in (self.form, self.form2, self.form3):
            mine = {k: v for k, v in problems.items() if k in f.errors}
            widget = f.show_errors(mine)
            first = first or widget
        rest = [
            v
            for k, v in problems.items()
            if not any(k in f.errors for f in (self.form, self.form2, self.form3))
        ]
        if rest:
            self.general_error.show_error("\n".join(rest))
        if first is not None:
            first.setFocus()

    def cancel(self) -> None:
        if self.is_empty():
            return
        if self.confirm_discard():
            self.clear_form()
            self.drafts.clear()

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, tr("접수 취소"), tr("입력한 내용을 지우시겠습니까? 이 작업은 되돌릴 수 없습니다.")
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_intake(self) -> None:
        if not self.is_empty() and not self.confirm_discard():
            return
        self.clear_form()
        self.drafts.clear()

    def clear_form(self, *, keep_result: bool = False) -> None:
        self.set_values(
            {
                "channel": "visit",
                "nature": "unclassified",
                "severity": "normal",
                "style": "unknown",
                "motive": "unknown",
                "incident_at": int(datetime.now(UTC).timestamp()),
            }
        )
        for box in self.checks:
            box.setChecked(False)
        for f in (self.form, self.form2, self.form3):
            f.clear_errors()
        self.general_error.show_error("")
        self.matches.hide()
        self.match_label.hide()
        self.use_customer.hide()
        if not keep_result:
            self.result.hide()
            self.open_button.hide()
            self.receipt_button.hide()
        self.w["phone"].setFocus()

    def print_receipt(self) -> None:
        """The receipt for the case just saved: preview, then Qt's print dialog."""
        if not self._last_saved_id:
            return
        case_id = self._last_saved_id
        self.desk.run(
            sv.receipt_pdf,
            case_id,
            lang=language(),
            on_done=lambda data: self._show_receipt(case_id, data),
        )

    def _show_receipt(self, case_id: int, data: bytes) -> None:
        from gui.common.pdf_preview import PdfDialog

        self.receipt_dialog = PdfDialog(tr("접수증"), data, f"receipt-{case_id}.pdf", self)
        self.receipt_dialog.open()

    # ------------------------------------------------------------------ repeat complainants

    def _lookup(self) -> None:
        phone, email = self.w["phone"].text(), self.w["email"].text()
        if len([c for c in phone if c.isdigit()]) < 7 and "@" not in email:
            self._show_matches([])
            return
        self.desk.run(
            sv.find_customers,
            phone=phone,
            email=email,
            on_done=self._show_matches,
            on_error=lambda _e: None,
        )

    def _show_matches(self, matches: list[CustomerMatch]) -> None:
        self.matches.clear()
        self._matches = matches
        if not matches:
            self.matches.hide()
            self.match_label.hide()
            self.use_customer.hide()
            return
        total = sum(len(m.earlier_cases) for m in matches)
        self.match_label.setText(
            tr("재접수 고객: {name} — 이전 불만 {n}건", name=matches[0].customer.name, n=total)
        )
        for m in matches:
            for row in m.earlier_cases:
                item = QListWidgetItem(
                    f"{row.case_no}  {local_text(row.received_at, self.desk.tz)[:10]}"
                    f"  [{statuses().get(row.status, row.status)}]  {row.subject}"
                )
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.matches.addItem(item)
        self.match_label.show()
        self.matches.show()
        self.use_customer.show()

    def _use_selected_customer(self) -> None:
        if not getattr(self, "_matches", None):
            return
        customer = self._matches[0].customer
        self.existing_customer_id = customer.id
        self._loading = True
        self.w["name"].setText(customer.name)
        if customer.email and not customer.masked:
            self.w["email"].setText(customer.email)
        if customer.address and not customer.masked:
            self.w["address"].setText(customer.address)
        self._loading = False
        self._changed()
