"""The intake form's fields, in two columns: the customer and when/where/who on the left,
the complaint in the customer's own words and its category on the right. Read as plain
values (also a draft's content) and written back from them.

A walk-in needs twelve stops of Tab: 연락처, 이름, 동의, 발생 일시, 장소, 관련 직원, 제목,
내용, 요구사항, 기대치, 최종선, 분류. What a walk-in rarely needs (이메일, 주소, 선호 연락
방법, 접수 경로, 성격, 중요도, 유형, 동기) waits behind "더 보기": hidden, so out of the Tab
chain, until the clerk opens it (Alt+M or Ctrl+E) and then in the chain where it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from gui.common.i18n import tr
from gui.common.vocab import channels, motives, natures, severities, styles
from gui.common.widgets import ErrorLabel, FormWithErrors, required
from gui.intake.smart_fields import (
    MOMENT_FORMAT,
    CategoryField,
    MomentEdit,
    QuietCombo,
    TabTextEdit,
)

TEXT_FIELDS = (
    "phone",
    "name",
    "email",
    "address",
    "incident_at",
    "incident_place",
    "staff_involved",
    "subject",
)
AREA_FIELDS = ("description", "request", "expectation", "bottom_line")
CHOICE_FIELDS = ("preferred", "channel", "nature", "severity", "style", "motive")
TAB_ORDER = (
    "phone",
    "name",
    "consent",
    "email",
    "address",
    "preferred",
    "incident_at",
    "incident_place",
    "staff_involved",
    "channel",
    "nature",
    "severity",
    "style",
    "motive",
    "subject",
    "description",
    "request",
    "expectation",
    "bottom_line",
    "category",
)
# Behind "더 보기": each has a default or may stay empty.
MORE_FIELDS = ("email", "address", "preferred", "channel", "nature", "severity", "style", "motive")
DEFAULTS = {
    "channel": "visit",
    "nature": "unclassified",
    "severity": "normal",
    "style": "unknown",
    "motive": "unknown",
}


class IntakeFields(QWidget):
    """The form. ``w`` holds every field by name; ``form`` (the customer), ``form2`` (the
    complaint) and ``form3`` (its classification) show the problems the service names,
    under their fields. ``after_customer`` go under the customer's fields (what the
    repeat-customer look-up finds); ``now`` is the office's local time now."""

    def __init__(self, after_customer: list[QWidget], now: Callable[[], datetime]) -> None:
        super().__init__()
        self.w: dict[str, Any] = {}
        self._more_rows: list[tuple[QFormLayout, QWidget]] = []
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)

        cust = QGroupBox(tr("고객"))
        cform = QFormLayout(cust)
        self.form = FormWithErrors(cform)
        self.w["phone"] = self._row(self.form, "customer.phone", tr("연락처"), QLineEdit())
        self.w["phone"].setPlaceholderText(tr("010-1234-5678 · 앞/끝 4자리로 찾기"))
        self.w["name"] = self._row(self.form, "customer.name", tr("고객 이름"), QLineEdit(), True)
        self.w["consent"] = QCheckBox(tr("개인정보 수집·이용 동의 (불만 처리·결과 회신)"))
        self.w["consent"].setToolTip(
            tr("개인정보 수집·이용에 동의함 (불만 처리 및 결과 회신 목적)")
        )
        self._row(self.form, "customer.consent", "", self.w["consent"])
        self.w["consent"].setAccessibleName(tr("개인정보 수집 동의"))
        self.w["email"] = self._row(
            self.form, "customer.email", tr("이메일"), QLineEdit(), more=True
        )
        self.w["address"] = self._row(
            self.form, "customer.address", tr("주소"), QLineEdit(), more=True
        )
        self.w["preferred"] = self._row(
            self.form, "customer.preferred_channel", tr("선호 연락 방법"), QuietCombo(), more=True
        )
        for widget in after_customer:
            cform.addRow(widget)
        left.addWidget(cust)

        what = QGroupBox(tr("불만 내용 (고객의 말 그대로)"))
        wform = QFormLayout(what)
        self.form2 = FormWithErrors(wform)
        when = QGroupBox(tr("언제·어디서·누가"))
        when_form = QFormLayout(when)
        self.w["incident_at"] = self._row(
            self.form2, "incident_at", tr("발생 일시"), MomentEdit(now), layout=when_form
        )
        self.w["incident_at"].problem = self.form2.errors["incident_at"].show_error
        self.w["incident_place"] = self._row(
            self.form2, "incident_place", tr("발생 장소"), QLineEdit(), layout=when_form
        )
        self.w["staff_involved"] = self._row(
            self.form2, "staff_involved", tr("관련 직원"), QLineEdit(), layout=when_form
        )
        left.addWidget(when)
        # A key (Alt+M, Ctrl+E), not a Tab stop.
        self.more_button = QPushButton(tr("더 보기 (Alt+M)"))
        self.more_button.setCheckable(True)
        self.more_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more_button.toggled.connect(self.show_more)
        left.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.more_box = QGroupBox(tr("접수 정보"))
        more_form = QFormLayout(self.more_box)
        self.form3 = FormWithErrors(more_form)
        self.w["channel"] = self._row(
            self.form2, "channel", tr("접수 경로"), QuietCombo(), True, layout=more_form
        )
        self.w["nature"] = self._row(self.form3, "nature", tr("성격"), QuietCombo())
        self.w["severity"] = self._row(self.form3, "severity", tr("중요도"), QuietCombo())
        self.w["style"] = self._row(
            self.form3, "style_hint", tr("고객 유형 (내부 참고용)"), QuietCombo()
        )
        self.w["motive"] = self._row(
            self.form3, "motive_hint", tr("불만 동기 (내부 참고용)"), QuietCombo()
        )
        left.addWidget(self.more_box)
        left.addStretch(1)

        self.w["subject"] = self._row(self.form2, "subject", tr("제목"), QLineEdit(), True)
        self.w["description"] = self._row(
            self.form2, "description", tr("불만 내용"), TabTextEdit(3, 10, grows=True), True
        )
        self.w["request"] = self._row(self.form2, "request", tr("요구사항"), TabTextEdit())
        self.w["expectation"] = self._row(self.form2, "expectation", tr("기대치"), TabTextEdit())
        self.w["bottom_line"] = self._row(self.form2, "bottom_line", tr("최종선"), TabTextEdit())
        self.w["category"] = self._row(
            self.form3, "category", tr("분류"), CategoryField(), True, layout=wform
        )
        right.addWidget(what, 1)

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
        self.show_more(False)

    def _row(
        self,
        form: FormWithErrors,
        name: str,
        label: str,
        widget: QWidget,
        is_required: bool = False,
        *,
        layout: QFormLayout | None = None,
        more: bool = False,
    ) -> Any:
        """A field with its error line right under it (in the same cell, so a hidden error
        takes no room), registered in ``form`` under the service's field name."""
        layout = layout or form.layout
        cell = QWidget()
        col = QVBoxLayout(cell)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(widget)
        err = ErrorLabel()
        col.addWidget(err)
        if label:
            lab = QLabel(required(label) if is_required else label)
            lab.setBuddy(widget)
            widget.setAccessibleName(label)
            layout.addRow(lab, cell)
        else:
            layout.addRow(cell)
        form.errors[name] = err
        form.fields[name] = widget
        if more:
            self._more_rows.append((layout, cell))
        return widget

    # ------------------------------------------------------------------ 더 보기

    def show_more(self, shown: bool) -> None:
        """더 보기: the fields a walk-in rarely needs, shown and in the Tab chain."""
        for layout, cell in self._more_rows:
            layout.setRowVisible(cell, shown)
        self.more_box.setVisible(shown)
        self.more_button.setText(tr("간단히 (Alt+M)") if shown else tr("더 보기 (Alt+M)"))
        if self.more_button.isChecked() != shown:
            self.more_button.setChecked(shown)

    def more_shown(self) -> bool:
        return self.more_box.isVisibleTo(self)

    def more_has_values(self) -> bool:
        """Something other than the defaults behind "더 보기" (a draft, a repeat customer)."""
        v = self.values()
        return any(v[k] not in ("", None, DEFAULTS.get(k)) for k in MORE_FIELDS)

    # ------------------------------------------------------------------ values

    @property
    def forms(self) -> tuple[FormWithErrors, FormWithErrors, FormWithErrors]:
        return self.form, self.form2, self.form3

    def tab_order(self) -> list[QWidget]:
        return [self.w[k] for k in TAB_ORDER]

    def default_chain(self) -> list[QWidget]:
        return [self.w[k] for k in TAB_ORDER if k not in MORE_FIELDS]

    def first_to_fill(self) -> QWidget:
        """The first field after 연락처 in the walk-in's chain that is still empty (the
        last one, 분류, when all are filled)."""
        v = self.values()
        chain = [k for k in TAB_ORDER if k not in MORE_FIELDS][1:]
        return self.w[next((k for k in chain if not v[k]), chain[-1])]

    def values(self) -> dict[str, Any]:
        """What the clerk typed, as plain values."""
        v: dict[str, Any] = {k: self.w[k].text() for k in TEXT_FIELDS}
        v |= {k: self.w[k].toPlainText() for k in AREA_FIELDS}
        for k in CHOICE_FIELDS:
            v[k] = self.w[k].currentData()
        v["category"] = self.w["category"].code()
        v["consent"] = self.w["consent"].isChecked()
        return v

    def set_values(self, v: dict[str, Any], tz: Any = UTC) -> None:
        v = _older_draft(v, tz)
        for k in TEXT_FIELDS:
            self.w[k].setText(str(v.get(k) or ""))
        for k in AREA_FIELDS:
            self.w[k].setPlainText(str(v.get(k) or ""))
        for k in CHOICE_FIELDS:
            idx = self.w[k].findData(v.get(k, DEFAULTS.get(k)))
            self.w[k].setCurrentIndex(max(idx, 0))
        self.w["category"].set_code(v.get("category"))
        self.w["consent"].setChecked(bool(v.get("consent")))
        if self.more_has_values():
            self.show_more(True)

    def is_empty(self) -> bool:
        v = self.values()
        return not any(str(v[k]).strip() for k in (*TEXT_FIELDS, *AREA_FIELDS))

    def intake_input(
        self, existing_customer_id: int | None, *, separate_customer: bool = False
    ) -> sv.IntakeInput:
        """The form as the service takes it; the service checks it (and says what is wrong,
        발생 일시 as typed included)."""
        v = self.values()
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
            incident_text=v["incident_at"],
            incident_place=v["incident_place"],
            staff_involved=v["staff_involved"],
            nature=v["nature"],
            severity=v["severity"],
            style_hint=v["style"],
            motive_hint=v["motive"],
            existing_customer_id=existing_customer_id,
            separate_customer=separate_customer,
        )


def _older_draft(v: dict[str, Any], tz: Any) -> dict[str, Any]:
    """A draft written before 발생 일시 was typed text: a checkbox and seconds since 1970."""
    if "has_incident" not in v:
        return v
    v = dict(v)
    stamp = v.pop("incident_at", None)
    known = v.pop("has_incident")
    text = ""
    if known and isinstance(stamp, int):
        text = datetime.fromtimestamp(stamp, tz=UTC).astimezone(tz).strftime(MOMENT_FORMAT)
    v["incident_at"] = text
    return v
