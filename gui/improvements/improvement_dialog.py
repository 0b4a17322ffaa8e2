"""The dialogs of 개선 조치: open or correct one (root cause → action, owner, due date, the
cases behind it), and link a case to one that exists."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

from core import services as sv
from core.procedure.steps import ASSIGNABLE_ROLES
from core.views import CaseDetail, ImprovementView
from gui.case.step_dialog import Field, StepDialog
from gui.common.i18n import tr
from gui.common.vocab import improvement_kinds, improvement_statuses
from gui.desk.operations import Desk
from gui.operations import improvements as ops

NO_DATE = QDate(2000, 1, 1)  # the date edit's "기한 없음"


class ImprovementDialog(StepDialog):
    """개선 조치 등록 / 수정. ``existing`` is the improvement being corrected (None: a new one);
    ``case`` the case window it was opened from, whose number and root cause fill it in."""

    def __init__(
        self,
        desk: Desk,
        *,
        existing: ImprovementView | None = None,
        case: CaseDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        e = existing
        if e is not None:
            title, cause, action, kind = e.title, e.root_cause, e.preventive_action, e.kind
            owner, notes, numbers = e.owner_id, e.notes or "", [no for _, no, _ in e.cases]
        else:
            title, action, kind, notes = "", "", "corrective", ""
            # From a case: its number, and the root cause its result recorded.
            cause = (case.resolution.root_cause or "") if case and case.resolution else ""
            numbers = [case.case_no] if case else []
            title = case.subject if case else ""
            mine = desk.actor.role in ASSIGNABLE_ROLES
            owner = desk.actor.user_id if mine else None
        fields = [
            Field("title", tr("조치명"), "line", value=title, required=True),
            Field("kind", tr("구분"), "choice", improvement_kinds(), value=kind),
            Field("root_cause", tr("근본 원인"), "text", value=cause, required=True),
            Field("preventive_action", tr("조치 내용"), "text", value=action, required=True),
            Field("owner", tr("책임자"), "choice", {"": tr("미지정")}),
            Field("due_date", tr("완료 기한"), "date", value=e.due_date if e else None),
            Field("cases", tr("관련 사건 (접수번호)"), "line", value=", ".join(numbers)),
            Field("notes", tr("비고"), "text", value=notes),
        ]
        super().__init__(
            tr("개선 조치 수정") if e else tr("개선 조치 등록"),
            fields,
            self._save,
            intro=tr(
                "원인을 없애는 시정 조치나 다른 곳에서 되풀이되지 않게 하는 예방 조치를 "
                "적습니다. 관련 사건은 접수번호를 쉼표로 나눠 적습니다."
            ),
            parent=parent,
        )
        self.desk = desk
        self.existing = existing
        self.owner_choice = owner
        # Only those the service accepts as owners: people who handle cases.
        desk.run(sv.list_users, on_done=self._fill_owners)

    def _fill_owners(self, users: list[Any]) -> None:
        combo = self.widgets["owner"]
        assert isinstance(combo, QComboBox)
        for u in users:
            if u.role in ASSIGNABLE_ROLES:
                combo.addItem(u.display_name, u.id)
        if self.owner_choice is not None:
            combo.setCurrentIndex(max(0, combo.findData(self.owner_choice)))

    def _widget(self, f: Field) -> QWidget:
        if f.kind != "date":
            return super()._widget(f)
        w = QDateEdit()
        w.setCalendarPopup(True)
        w.setDisplayFormat("yyyy-MM-dd")
        w.setMinimumDate(NO_DATE)
        w.setSpecialValueText(tr("기한 없음"))
        value = f.value
        w.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        return w

    def values(self) -> dict[str, Any]:
        out = super().values()
        w = self.widgets["due_date"]
        assert isinstance(w, QDateEdit)
        picked = w.date()
        out["due_date"] = (
            None if picked == NO_DATE else date(picked.year(), picked.month(), picked.day())
        )
        return out

    def set_value(self, name: str, value: Any) -> None:
        w = self.widgets[name]
        if isinstance(w, QDateEdit):
            w.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        else:
            super().set_value(name, value)

    def _save(self, values: dict[str, Any], done: Any, failed: Any) -> None:
        ops.save_improvement(
            self.desk,
            improvement_id=self.existing.id if self.existing else None,
            title=values["title"],
            root_cause=values["root_cause"],
            preventive_action=values["preventive_action"],
            kind=values["kind"],
            owner_id=values["owner"] or None,
            due_date=values["due_date"],
            notes=values["notes"],
            cases=values["cases"],
            on_done=done,
            on_error=failed,
        )


def link_dialog(desk: Desk, case: CaseDetail, parent: QWidget | None = None) -> StepDialog:
    """기존 조치에 연결: pick an improvement (open ones first) for this case to join."""
    field = Field("improvement", tr("개선 조치"), "choice", {})

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        if values["improvement"] is None:
            dialog.error.show_error(tr("연결할 개선 조치를 고르세요."))
            dialog.ok.setEnabled(True)
            return
        ops.link_improvement(
            desk,
            improvement_id=values["improvement"],
            case_id=case.id,
            on_done=done,
            on_error=failed,
        )

    dialog = StepDialog(
        tr("기존 조치에 연결"),
        [field],
        submit,
        intro=tr(
            "이 사건({case_no})을 이미 등록된 개선 조치의 관련 사건으로 더합니다.",
            case_no=case.case_no,
        ),
        ok_text=tr("연결"),
        parent=parent,
    )
    combo = dialog.widgets["improvement"]
    assert isinstance(combo, QComboBox)
    linked = {imp.id for imp in case.improvements}
    words = improvement_statuses()

    def fill(found: tuple[ImprovementView, ...]) -> None:
        for imp in found:
            if imp.id not in linked and imp.status != "dropped":
                combo.addItem(f"[{words.get(imp.status, imp.status)}] {imp.title}", imp.id)
        if combo.count() == 0:
            dialog.error.show_error(tr("연결할 수 있는 개선 조치가 없습니다. 새로 등록하세요."))

    desk.run(sv.list_improvements, on_done=fill)
    return dialog
