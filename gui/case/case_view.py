"""One case: header with deadline badges, details, one timeline, compensation, follow-up,
improvements, the four record rules, and only the steps the state and role allow."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import services as sv
from core.procedure.permissions import Permission
from core.views import CaseDetail
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import language, tr
from gui.common.vocab import (
    action_kinds,
    channels,
    closures,
    compensation_kinds,
    compensation_statuses,
    contact_purposes,
    directions,
    due_kinds,
    follow_up_statuses,
    motives,
    natures,
    rules,
    severities,
    statuses,
    styles,
)
from gui.common.widgets import local_text, won
from gui.desk.operations import Desk

DUE_SOON = timedelta(hours=4)


def badge(text: str, state: str) -> QLabel:
    """A coloured pill; ``state`` is ok, soon, late or neutral (styled in gui/style.py)."""
    lab = QLabel(text)
    lab.setObjectName("badge")
    lab.setProperty("state", state)
    return lab


class CaseView(QWidget):
    """A top-level window for one case. Refreshes when anything changes the case."""

    open_case = Signal(int)  # a precedent double-clicked

    def __init__(self, desk: Desk, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.desk = desk
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.precedents: sv.Precedents | None = None
        self.step_buttons: dict[str, QPushButton] = {}
        self.resize(1100, 720)
        self._build()
        desk.case_changed.connect(self._maybe_refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        header = QFrame()
        header.setObjectName("caseHeader")
        hl = QGridLayout(header)
        self.title = QLabel()
        self.title.setObjectName("caseNo")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subject = QLabel()
        self.subject.setObjectName("caseSubject")
        self.subject.setWordWrap(True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.assignee = QLabel()
        hl.addWidget(self.title, 0, 0)
        hl.addLayout(self.badges, 0, 1, Qt.AlignmentFlag.AlignLeft)
        hl.addWidget(self.assignee, 0, 2, Qt.AlignmentFlag.AlignRight)
        hl.addWidget(self.subject, 1, 0, 1, 3)
        hl.setColumnStretch(1, 1)
        outer.addWidget(header)

        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.details = QWidget()
        self.details_form = QFormLayout(self.details)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        self.tabs.addTab(scroll, tr("내용"))
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([tr("일시"), tr("구분"), tr("내용"), tr("처리자")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setWordWrap(True)
        self.timeline.setColumnWidth(0, 130)
        self.timeline.setColumnWidth(1, 130)
        self.timeline.setColumnWidth(2, 460)
        self.tabs.addTab(self.timeline, tr("경과"))
        self.compensations = QTreeWidget()
        self.compensations.setHeaderLabels(
            [tr("종류"), tr("금액"), tr("상태"), tr("제안"), tr("승인·결정"), tr("고객 선택")]
        )
        self.compensations.setRootIsDecorated(False)
        self.tabs.addTab(self.compensations, tr("보상"))
        self.follow_ups = QTreeWidget()
        self.follow_ups.setHeaderLabels(
            [tr("예정일"), tr("상태"), tr("완료"), tr("만족도"), tr("결과"), tr("의견")]
        )
        self.follow_ups.setRootIsDecorated(False)
        self.tabs.addTab(self.follow_ups, tr("재방문·만족도"))
        self.improvements = QListWidget()
        self.tabs.addTab(self.improvements, tr("개선 조치"))
        # The seed's advice: treat a complaint as similar past complaints were treated.
        self.similar = QTreeWidget()
        self.similar.setHeaderLabels(
            [tr("접수번호"), tr("제목"), tr("처리결과"), tr("보상"), tr("만족도"), tr("유사도")]
        )
        self.similar.setRootIsDecorated(False)
        for column, width in enumerate((130, 190, 190, 110, 60)):
            self.similar.setColumnWidth(column, width)
        self.similar.itemActivated.connect(
            lambda item, _col: self.open_case.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))
        )
        self.tabs.addTab(self.similar, tr("유사 사례"))
        body.addWidget(self.tabs, 1)

        side = QFrame()
        side.setObjectName("sidePanel")
        side.setFixedWidth(300)
        col = QVBoxLayout(side)
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
        t3 = QLabel(tr("인쇄"))
        t3.setObjectName("panelTitle")
        col.addWidget(t3)
        self.print_box = QVBoxLayout()
        col.addLayout(self.print_box)
        col.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        body.addWidget(side)
        outer.addLayout(body, 1)

    # ------------------------------------------------------------------ data

    def _maybe_refresh(self, case_id: int, _what: str) -> None:
        if case_id in (0, self.case_id):
            self.refresh()

    def refresh(self) -> None:
        self.desk.run(sv.get_case, self.case_id, on_done=self.show_detail)
        self.desk.run(sv.similar_cases, self.case_id, on_done=self.show_precedents)

    def _watch_offer(self, dialog: StepDialog) -> None:
        """Shows what similar cases received, and a note when the amount is far from it."""
        found = self.precedents
        if found is None or not found.ranges:
            return
        kinds = compensation_kinds()
        seen = ", ".join(
            f"{kinds.get(k, k)} {won(low)}" + (f"~{won(high)}" if high != low else "")
            for k, (low, high) in found.ranges.items()
        )
        hint = QLabel(tr("유사 사례의 보상: {seen}", seen=seen))
        hint.setWordWrap(True)
        note = QLabel()
        note.setObjectName("fieldError")
        note.setWordWrap(True)
        dialog.notes.addWidget(hint)
        dialog.notes.addWidget(note)
        kind, amount = dialog.widgets["kind"], dialog.widgets["amount"]

        def update() -> None:
            text = sv.compensation_note(found, kind.currentData(), amount.value(), language())
            note.setText(text or "")
            note.setVisible(bool(text))

        kind.currentIndexChanged.connect(lambda _i: update())
        amount.valueChanged.connect(lambda _v: update())
        dialog.precedent_note = note  # type: ignore[attr-defined]
        update()

    def show_precedents(self, found: sv.Precedents) -> None:
        self.precedents = found
        self.similar.clear()
        kinds = compensation_kinds()
        for p in found.items:
            comp = ""
            if p.compensation_kind:
                comp = kinds.get(p.compensation_kind, p.compensation_kind)
                if p.compensation_amount:
                    comp += f" {won(p.compensation_amount)}"
            mark = tr("같은 분류") if p.same_category else ""
            item = QTreeWidgetItem(
                [
                    p.case_no,
                    p.subject,
                    p.result or "",
                    comp,
                    str(p.satisfaction) if p.satisfaction else "",
                    f"{p.similarity:.0%} {mark}".strip(),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, p.case_id)
            item.setToolTip(2, p.result or "")
            self.similar.addTopLevelItem(item)
        if not found.items:
            self.similar.addTopLevelItem(QTreeWidgetItem(["", tr("처리된 유사 사례가 없습니다.")]))

    def show_detail(self, d: CaseDetail) -> None:
        self.detail = d
        tz = self.desk.tz
        self.setWindowTitle(f"{d.case_no} — {d.subject}")
        self.title.setText(d.case_no)
        self.subject.setText(d.subject)
        self.assignee.setText(tr("담당: {name}", name=d.assignee_name or tr("미지정")))
        self._clear(self.badges)
        status = statuses().get(d.status, d.status)
        if d.closure:
            status = closures().get(d.closure, status)
        self.badges.addWidget(badge(status, "neutral"))
        if d.severity == "important":
            self.badges.addWidget(badge(severities()["important"], "late"))
        now = self.desk.db.clock()
        for kind, due in self._deadlines(d):
            state = "late" if due < now else "soon" if due - now < DUE_SOON else "ok"
            word = {"late": tr("경과"), "soon": tr("임박"), "ok": tr("기한 내")}[state]
            self.badges.addWidget(
                badge(f"{due_kinds()[kind]} {local_text(due, tz)} · {word}", state)
            )
        self._fill_details(d)
        self._fill_timeline(d)
        self._fill_compensations(d)
        self._fill_follow_ups(d)
        self.improvements.clear()
        for imp in d.improvements:
            self.improvements.addItem(f"[{imp.status}] {imp.title} — {imp.preventive_action}")
        self._fill_rules(d)
        self._fill_steps(d)
        self._fill_prints(d)

    def _deadlines(self, d: CaseDetail) -> list[tuple[str, datetime]]:
        out = []
        if d.status == "received":
            out.append(("ack", d.ack_due))
        if d.status in ("received", "acknowledged", "in_progress"):
            out.append(("resolve", d.resolve_due))
        if d.callback_due:
            out.append(("callback", d.callback_due))
        if d.followup_due:
            out.append(("followup", d.followup_due))
        return out

    @staticmethod
    def _clear(layout: Any) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _fill_details(self, d: CaseDetail) -> None:
        while self.details_form.rowCount():
            self.details_form.removeRow(0)
        tz = self.desk.tz
        c = d.customer
        rows = [
            (tr("고객"), c.name),
            (tr("연락처"), c.phone),
            (tr("이메일"), c.email),
            (tr("주소"), c.address),
            (tr("접수 경로"), channels().get(d.channel, d.channel)),
            (tr("접수 일시"), f"{local_text(d.received_at, tz)} ({d.received_by_name})"),
            (tr("발생 일시"), local_text(d.incident_at, tz)),
            (tr("발생 장소"), d.incident_place or ""),
            (tr("관련 직원"), d.staff_involved or ""),
            (tr("불만 내용"), d.description),
            (tr("요구사항"), d.request or ""),
            (tr("기대치"), d.expectation or ""),
            (tr("최종선"), d.bottom_line or ""),
            (tr("분류"), d.category.label(language()) if d.category else tr("미분류")),
            (tr("성격"), natures().get(d.nature, d.nature)),
            (tr("중요도"), severities().get(d.severity, d.severity)),
            (
                tr("고객 유형 (내부 참고용)"),
                f"{styles().get(d.style_hint, '')} / {motives().get(d.motive_hint, '')}",
            ),
            (tr("태그"), ", ".join(d.tags)),
            (tr("관련 사건"), ", ".join(no for _, no in d.related)),
        ]
        if d.resolution:
            rows += [
                (tr("원인"), d.resolution.root_cause or ""),
                (tr("처리 결과"), d.resolution.result),
                (tr("고객 반응"), d.resolution.customer_response or ""),
            ]
        if d.closure_reason:
            rows.append((tr("종결 사유"), d.closure_reason))
        for label, value in rows:
            v = QLabel(value)
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.setAccessibleName(label)
            self.details_form.addRow(QLabel(label), v)

    def _fill_timeline(self, d: CaseDetail) -> None:
        self.timeline.clear()
        tz = self.desk.tz
        for e in d.timeline:
            if e.kind == "status":
                kind, text = (
                    tr("상태 변경"),
                    statuses().get(e.subtype, e.subtype) + (f" — {e.text}" if e.text else ""),
                )
            elif e.kind == "action":
                kind, text = (
                    tr("처리: {kind}", kind=action_kinds().get(e.subtype, e.subtype)),
                    e.text,
                )
            elif e.kind == "contact":
                direction, channel, purpose = ([*e.subtype.split(":"), "", "", ""])[:3]
                kind = tr("연락: {purpose}", purpose=contact_purposes().get(purpose, purpose))
                how = (
                    f"{directions().get(direction, direction)} · {channels().get(channel, channel)}"
                )
                text = f"[{how}] {e.text}"
            elif e.kind == "compensation":
                kind = tr("보상")
                if e.subtype == "offer":
                    k, amount = ([*e.text.split(":"), "0"])[:2]
                    text = tr(
                        "제안: {kind} {amount}",
                        kind=compensation_kinds().get(k, k),
                        amount=won(int(amount)),
                    )
                else:
                    text = compensation_statuses().get(e.subtype, e.subtype) + (
                        f" — {e.text}" if e.text else ""
                    )
            elif e.kind == "resolution":
                kind, text = tr("처리 결과 통지"), e.text
            else:
                kind = tr("재방문")
                text = follow_up_statuses().get(e.subtype, e.subtype) + (
                    f" — {e.text}" if e.text else ""
                )
            item = QTreeWidgetItem([local_text(e.at, tz), kind, text, e.by_name])
            item.setToolTip(2, text)
            self.timeline.addTopLevelItem(item)

    def _fill_compensations(self, d: CaseDetail) -> None:
        self.compensations.clear()
        tz = self.desk.tz
        for c in d.compensations:
            decided = (
                f"{c.decided_by_name} {local_text(c.decided_at, tz)}"
                if c.decided_at
                else (tr("승인 필요") if c.requires_approval else "")
            )
            item = QTreeWidgetItem(
                [
                    compensation_kinds().get(c.kind, c.kind),
                    won(c.amount),
                    compensation_statuses().get(c.status, c.status),
                    f"{c.proposed_by_name} {local_text(c.proposed_at, tz)}",
                    decided,
                    compensation_kinds().get(c.customer_choice or "", ""),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            self.compensations.addTopLevelItem(item)

    def _fill_follow_ups(self, d: CaseDetail) -> None:
        self.follow_ups.clear()
        tz = self.desk.tz
        for f in d.follow_ups:
            stars = (
                "★" * (f.satisfaction or 0) + "☆" * (5 - (f.satisfaction or 0))
                if f.satisfaction
                else ""
            )
            self.follow_ups.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        local_text(f.due_at, tz),
                        follow_up_statuses().get(f.status, f.status),
                        local_text(f.done_at, tz),
                        stars,
                        f.outcome or f.waived_reason or "",
                        f.comment or "",
                    ]
                )
            )

    def _fill_rules(self, d: CaseDetail) -> None:
        self._clear(self.rules_box)
        r = d.record_rules
        states = {
            "recorded": r.recorded,
            "handled": r.handled,
            "result": r.result,
            "followed_up": r.followed_up,
            "pending_approval": r.no_pending_approval,
        }
        for key, ok in states.items():
            lab = QLabel(("✔ " if ok else "✘ ") + rules()[key])
            lab.setObjectName("ruleOk" if ok else "ruleMissing")
            lab.setWordWrap(True)
            lab.setAccessibleName(rules()[key] + (tr(" 충족") if ok else tr(" 미충족")))
            self.rules_box.addWidget(lab)

    # ------------------------------------------------------------------ steps

    def step_specs(self) -> dict[str, str]:
        return {
            "acknowledge": tr("접수 확인"),
            "start_handling": tr("처리 시작"),
            "record_action": tr("처리 기록"),
            "log_contact": tr("고객 연락 기록"),
            "offer_compensation": tr("보상 제안"),
            "approve_compensation": tr("보상 승인"),
            "resolve": tr("처리 완료"),
            "record_follow_up": tr("재방문·만족도 기록"),
            "waive_follow_up": tr("재방문 면제"),
            "close": tr("종결"),
            "edit": tr("내용 수정·분류"),
            "assign": tr("담당자 지정"),
            "close_invalid": tr("무효 종결"),
            "withdraw": tr("철회 종결"),
            "reopen": tr("재처리"),
            "reopen_closed": tr("재처리 (종결 사건)"),
        }

    def _fill_steps(self, d: CaseDetail) -> None:
        self._clear(self.steps_box)
        self.step_buttons = {}
        names = self.step_specs()
        for step in names:
            if step not in d.allowed_steps:
                continue
            button = QPushButton(names[step])
            button.setObjectName("stepButton")
            if step in ("close", "resolve", "acknowledge"):
                button.setProperty("primary", True)
            if step == "close" and not d.record_rules.all_met:
                # Offered, but closed until the record rules hold: the checklist says why.
                button.setEnabled(False)
                button.setToolTip(tr("기록 원칙을 모두 충족해야 종결할 수 있습니다."))
            button.clicked.connect(lambda _c=False, s=step: self.start_step(s))
            self.steps_box.addWidget(button)
            self.step_buttons[step] = button
        if not self.step_buttons:
            self.steps_box.addWidget(QLabel(tr("이 사건에 할 수 있는 작업이 없습니다.")))

    def _fill_prints(self, d: CaseDetail) -> None:
        self._clear(self.print_box)
        self.print_buttons: dict[str, QPushButton] = {}
        choices = [
            ("receipt", tr("접수증"), sv.receipt_pdf),
            ("intake_form", tr("접수서"), sv.intake_form_pdf),
        ]
        if d.resolution is not None or d.closure in ("invalid", "withdrawn"):
            choices.append(("letter", tr("처리 결과 통지서"), sv.result_letter_pdf))
        if self.desk.can(Permission.REPORTS_VIEW):
            choices.append(("case_file", tr("사건 기록부"), sv.case_file_pdf))
        row = QHBoxLayout()
        for key, title, service in choices:
            button = QPushButton(title)
            button.clicked.connect(
                lambda _c=False, k=key, t=title, s=service: self.print_document(k, t, s)
            )
            self.print_buttons[key] = button
            row.addWidget(button)
        self.print_box.addLayout(row)

    def print_document(self, key: str, title: str, service: Any) -> None:
        """Render off the UI thread, then preview with print and save."""
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

        def show(data: bytes) -> None:
            restore()
            self.pdf_dialog = PdfDialog(
                f"{title} — {self.detail.case_no if self.detail else ''}",
                data,
                f"{key}-{self.case_id}.pdf",
                self,
            )
            self.pdf_dialog.open()

        self.desk.run(service, self.case_id, lang=language(), on_done=show, on_error=failed)

    def dialog_for(self, step: str) -> StepDialog | None:
        """The dialog for ``step`` (tests drive it without exec())."""
        d = self.detail
        assert d is not None
        title = self.step_specs()[step]
        run = self.desk.run
        cid, version = d.id, d.version

        def call(service: Any, *args: Any, **kwargs: Any):
            def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
                run(
                    service,
                    *args,
                    **{k: v(values) if callable(v) else v for k, v in kwargs.items()},
                    on_done=done,
                    on_error=failed,
                )

            return submit

        if step == "acknowledge":
            fields = [
                Field(
                    "channel",
                    tr("안내 방법"),
                    "choice",
                    {"": tr("연락 기록 없이"), **channels()},
                    value="phone",
                ),
                Field("note", tr("안내 내용"), "text", value=tr("접수 확인 및 처리 일정 안내")),
            ]
            submit = call(
                sv.acknowledge,
                cid,
                channel=lambda v: v["channel"] or None,
                note=lambda v: v["note"],
                expected_version=version,
            )
        elif step == "start_handling":
            fields = []
            submit = call(sv.start_handling, cid, expected_version=version)
        elif step == "record_action":
            fields = [
                Field("kind", tr("종류"), "choice", action_kinds()),
                Field("note", tr("내용"), "text", required=True),
            ]

            def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
                run(
                    sv.record_action,
                    cid,
                    values["kind"],
                    values["note"],
                    on_done=done,
                    on_error=failed,
                )
        elif step == "log_contact":
            fields = [
                Field("direction", tr("방향"), "choice", directions(), value="outbound"),
                Field("channel", tr("방법"), "choice", channels(), value="phone"),
                Field("purpose", tr("목적"), "choice", contact_purposes(), value="progress"),
                Field("summary", tr("내용"), "text", required=True),
                Field("promise", tr("회신 약속"), "check"),
                Field("promised_next_at", tr("약속한 회신 시각"), "moment"),
            ]
            submit = call(
                sv.log_contact,
                cid,
                direction=lambda v: v["direction"],
                channel=lambda v: v["channel"],
                purpose=lambda v: v["purpose"],
                summary=lambda v: v["summary"],
                promised_next_at=lambda v: v["promised_next_at"] if v["promise"] else None,
            )
        elif step == "offer_compensation":
            threshold = won(self.desk.settings.approval_threshold)
            fields = [
                Field("kind", tr("보상 종류"), "choice", compensation_kinds()),
                Field("amount", tr("금액 (원)"), "int"),
                Field("options", tr("고객에게 제시한 선택지"), "choices", compensation_kinds()),
                Field("note", tr("메모"), "text"),
            ]
            submit = call(
                sv.offer_compensation,
                cid,
                kind=lambda v: v["kind"],
                amount=lambda v: v["amount"],
                options_offered=lambda v: v["options"],
                note=lambda v: v["note"],
            )
            dialog = StepDialog(
                title,
                fields,
                submit,
                parent=self,
                intro=tr("{amount}을 넘는 보상은 관리자 승인 후 확정됩니다.", amount=threshold),
            )
            self._watch_offer(dialog)
            return dialog
        elif step == "approve_compensation":
            pending = [c for c in d.compensations if c.status == "pending_approval"]
            if not pending:
                return None
            c = pending[0]
            fields = [
                Field(
                    "decision", tr("결정"), "choice", {"approve": tr("승인"), "reject": tr("거부")}
                ),
                Field("note", tr("의견 (거부 시 필수)"), "text"),
            ]

            def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
                if values["decision"] == "approve":
                    run(
                        sv.approve_compensation,
                        c.id,
                        note=values["note"] or None,
                        on_done=done,
                        on_error=failed,
                    )
                else:
                    run(
                        sv.reject_compensation,
                        c.id,
                        note=values["note"],
                        on_done=done,
                        on_error=failed,
                    )

            intro = tr(
                "{kind} {amount} — 제안: {who}",
                kind=compensation_kinds().get(c.kind, c.kind),
                amount=won(c.amount),
                who=c.proposed_by_name,
            )
            return StepDialog(title, fields, submit, parent=self, intro=intro)
        elif step == "resolve":
            fields = [
                Field("root_cause", tr("원인"), "text"),
                Field("result", tr("처리 결과"), "text", required=True),
                Field("told_channel", tr("결과 통지 방법"), "choice", channels(), value="phone"),
                Field("customer_response", tr("고객 반응"), "text"),
            ]
            submit = call(
                sv.resolve,
                cid,
                result=lambda v: v["result"],
                told_channel=lambda v: v["told_channel"],
                root_cause=lambda v: v["root_cause"],
                customer_response=lambda v: v["customer_response"],
                expected_version=version,
            )
        elif step == "record_follow_up":
            fields = [
                Field("channel", tr("방법"), "choice", channels(), value="phone"),
                Field("outcome", tr("확인 결과"), "text", required=True),
                Field(
                    "satisfaction",
                    tr("만족도"),
                    "choice",
                    {
                        "5": "5 ★★★★★",
                        "4": "4 ★★★★",
                        "3": "3 ★★★",
                        "2": "2 ★★",
                        "1": "1 ★",
                        "": tr("응답 거부"),
                    },
                ),
                Field("comment", tr("고객 의견"), "text"),
            ]
            submit = call(
                sv.record_follow_up,
                cid,
                channel=lambda v: v["channel"],
                outcome=lambda v: v["outcome"],
                satisfaction=lambda v: int(v["satisfaction"]) if v["satisfaction"] else None,
                comment=lambda v: v["comment"],
            )
        elif step == "waive_follow_up":
            fields = [Field("reason", tr("면제 사유"), "text", required=True)]
            submit = call(sv.waive_follow_up, cid, reason=lambda v: v["reason"])
        elif step == "close":
            fields = [Field("note", tr("종결 메모"), "text")]
            submit = call(sv.close, cid, note=lambda v: v["note"], expected_version=version)
        elif step in ("close_invalid", "withdraw"):
            fields = [Field("reason", tr("사유"), "text", required=True)]
            service = sv.close_invalid if step == "close_invalid" else sv.withdraw
            submit = call(service, cid, reason=lambda v: v["reason"], expected_version=version)
            return StepDialog(
                title,
                fields,
                submit,
                parent=self,
                ok_text=title,
                intro=tr("종결된 불만은 삭제되지 않으며 사유와 함께 기록에 남습니다."),
            )
        elif step in ("reopen", "reopen_closed"):
            fields = [Field("reason", tr("재처리 사유"), "text", required=True)]
            submit = call(sv.reopen, cid, reason=lambda v: v["reason"], expected_version=version)
        elif step == "assign":
            fields = [Field("assignee", tr("담당자"), "choice", {"": tr("미지정")})]
            dialog = StepDialog(
                title,
                fields,
                lambda v, done, failed: run(
                    sv.assign,
                    cid,
                    v["assignee"] or None,
                    expected_version=version,
                    on_done=done,
                    on_error=failed,
                ),
                parent=self,
            )
            combo = dialog.widgets["assignee"]
            run(
                sv.list_users,
                on_done=lambda users: [
                    combo.addItem(u.display_name, u.id)
                    for u in users
                    if u.role.value in ("handler", "supervisor")
                ],
            )
            return dialog
        elif step == "edit":
            return self._edit_dialog(d)
        else:
            return None
        return StepDialog(title, fields, submit, parent=self)

    def _edit_dialog(self, d: CaseDetail) -> StepDialog:
        fields = [
            Field("subject", tr("제목"), "line", value=d.subject, required=True),
            Field("description", tr("불만 내용"), "text", value=d.description, required=True),
            Field("request", tr("요구사항"), "text", value=d.request or ""),
            Field("expectation", tr("기대치"), "text", value=d.expectation or ""),
            Field("bottom_line", tr("최종선"), "text", value=d.bottom_line or ""),
            Field("nature", tr("성격"), "choice", natures(), value=d.nature),
            Field("severity", tr("중요도"), "choice", severities(), value=d.severity),
            Field("category", tr("분류"), "choice", {}),
        ]
        version = d.version

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            edit = sv.CaseEdit(
                subject=values["subject"],
                description=values["description"],
                request=values["request"],
                expectation=values["expectation"],
                bottom_line=values["bottom_line"],
                nature=values["nature"],
                severity=values["severity"],
                category_code=values["category"],
            )
            self.desk.run(
                sv.update_case, d.id, edit, expected_version=version, on_done=done, on_error=failed
            )

        dialog = StepDialog(tr("내용 수정·분류"), fields, submit, parent=self)
        combo = dialog.widgets["category"]

        def fill(cats: list) -> None:
            for c in cats:
                if c.parent_id is not None and c.active:
                    combo.addItem(c.label(language()), c.code)
            if d.category:
                combo.setCurrentIndex(max(0, combo.findData(d.category.code)))

        self.desk.run(sv.list_categories, on_done=fill)
        return dialog

    def start_step(self, step: str) -> None:
        dialog = self.dialog_for(step)
        if dialog is not None:
            dialog.open()
