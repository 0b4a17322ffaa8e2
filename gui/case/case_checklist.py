"""What the case window's side panel says: why a step is not available now, and for each
record rule what is missing and which step's dialog fixes it.

The buttons stay where they are whatever the case's state (every step the role could ever
take, in one order); one that cannot be taken now is disabled with the reason as its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from core.procedure.enums import Role, Status
from core.procedure.permissions import allows
from core.procedure.steps import STEPS, step_applies
from core.views import CaseDetail
from core.words.messages import field_name
from gui.common.i18n import language, tr
from gui.common.vocab import compensation_kinds, compensation_statuses, rules, statuses
from gui.common.widgets import local_text, won

# The record rules in the checklist's order (the four of 004 summary 3, then compensation).
RULE_ORDER = (
    "recorded",
    "handled",
    "result",
    "followed_up",
    "pending_approval",
    "compensation_settled",
)
# Steps that settle an offer, the first the case offers being the rule's fix.
SETTLING_STEPS = (
    "record_compensation_outcome",
    "record_compensation_choice",
    "deliver_compensation",
)
_OPEN_STATUSES = frozenset(Status) - {Status.CLOSED}


def role_steps(role: Role, titles: dict[str, str]) -> list[str]:
    """Every step ``role`` could ever take, in the buttons' order (``titles``' order)."""
    return [s for s in titles if s in STEPS and allows(role, STEPS[s][1])]


def why_unavailable(step: str, d: CaseDetail) -> str:
    """Why ``step`` (one the role may take) is not offered on this case now."""
    if not step_applies(step, d.status):
        allowed, _ = STEPS[step]
        if d.status == Status.CLOSED and allowed == _OPEN_STATUSES:
            return tr("종결된 사건에는 할 수 없습니다.")
        names = statuses()
        shown = ", ".join(names.get(s.value, s.value) for s in Status if s in allowed)
        return tr("{statuses} 상태에서만 할 수 있습니다.", statuses=shown)
    if step in ("record_follow_up", "waive_follow_up"):
        return tr("예정된 재방문이 없습니다.")
    if step in ("record_win_back", "schedule_follow_up"):
        return tr("낮은 만족도가 기록된 사건에만 할 수 있습니다.")
    if step == "approve_compensation":
        return tr("승인을 기다리는 보상이 없습니다.")
    if step in SETTLING_STEPS:
        return tr("고객의 답이나 지급을 기다리는 보상이 없습니다.")
    return tr("지금은 할 수 없습니다.")


def close_blocked(d: CaseDetail) -> str:
    """Why 종결 is offered but closed: the record rules still missing."""
    names = rules()
    missing = "\n".join(f"- {names.get(m, m)}" for m in d.record_rules.missing)
    return tr("기록 원칙을 모두 충족해야 종결할 수 있습니다:\n{missing}", missing=missing)


@dataclass(frozen=True)
class RuleLine:
    key: str
    met: bool
    title: str
    missing: str  # what is missing, in words; empty when met
    fix: str | None  # the step whose dialog fixes it, when the case offers it now


def rule_lines(d: CaseDetail, tz: tzinfo) -> list[RuleLine]:
    r = d.record_rules
    met = {
        "recorded": r.recorded,
        "handled": r.handled,
        "result": r.result,
        "followed_up": r.followed_up,
        "pending_approval": r.no_pending_approval,
        "compensation_settled": r.compensation_settled,
    }
    names = rules()
    out = []
    for key in RULE_ORDER:
        ok = met[key]
        fix = None if ok else _fix(key, d)
        out.append(RuleLine(key, ok, names.get(key, key), "" if ok else _missing(key, d, tz), fix))
    return out


def _missing(key: str, d: CaseDetail, tz: tzinfo) -> str:
    if key == "recorded":
        return ", ".join(_gap(g) for g in d.record_rules.missing_intake)
    if key == "handled":
        return tr("처리 기록 없음")
    if key == "result":
        return tr("처리 결과 기록 없음")
    if key == "followed_up":
        if d.winback_due is not None:
            return tr("만족도 낮음: 회복 조치나 재방문 다시 예약이 필요합니다")
        due = [f for f in d.follow_ups if f.status == "due"]
        if due:
            return tr("재방문 예정 {due}", due=local_text(due[0].due_at, tz))
        return tr("처리 완료 후 재방문 필요")
    if key == "pending_approval":
        return ", ".join(_offer(c) for c in d.compensations if c.status == "pending_approval")
    if key == "compensation_settled":
        states = compensation_statuses()
        return ", ".join(
            f"{_offer(c)} ({states.get(c.status, c.status)})"
            for c in d.compensations
            if c.status in ("offered", "accepted")
        )
    return ""


def _gap(field: str) -> str:
    if field == "nature":
        return tr("성격 미분류")
    if field == "category":
        return tr("분류 없음")
    return tr("{field} 없음", field=field_name(field, language()))


def _offer(c: object) -> str:
    kind = getattr(c, "kind", "")
    return f"{compensation_kinds().get(kind, kind)} {won(getattr(c, 'amount', 0) or 0)}"


def _fix(key: str, d: CaseDetail) -> str | None:
    """The step whose dialog fixes the rule ``key``, if the case offers it to this user now."""
    if key == "followed_up":
        wanted: tuple[str, ...] = (
            ("record_win_back", "schedule_follow_up")
            if d.winback_due is not None
            else ("record_follow_up", "waive_follow_up")
        )
    elif key == "compensation_settled":
        wanted = SETTLING_STEPS
    else:
        wanted = {
            "recorded": ("edit",),
            "handled": ("record_action",),
            "result": ("resolve",),
            "pending_approval": ("approve_compensation",),
        }[key]
    return next((s for s in wanted if s in d.allowed_steps), None)
