"""개선 조치: the register of corrective and preventive actions and the cases behind them.

An improvement names a root cause and the action taken against it, who owns it and by when;
it moves 계획 → 진행 → 완료 → 효과 확인 (or 중단) as ``core.procedure.improvements`` allows, and
cites any number of cases, closed ones above all. Handlers and supervisors keep it; anyone
who sees cases may read it. A change that reaches a linked case tells that case's windows
(the cases go into ``tx.touched``); linking and unlinking are written to the case's trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.db.models import Case, Improvement, ImprovementCase, User
from core.errors import NotFound
from core.procedure.enums import ImprovementKind, ImprovementStatus, Role
from core.procedure.improvements import FINISHED, can_move
from core.procedure.limits import MAX_LEN
from core.procedure.permissions import Permission
from core.procedure.steps import ASSIGNABLE_ROLES
from core.procedure.validation import Checker
from core.services.base import Tx, service
from core.services.common import get_row, holds_id
from core.views import ImprovementView

_OPEN = [ImprovementStatus.OPEN.value, ImprovementStatus.IN_PROGRESS.value]


def _today(tx: Tx) -> date:
    """Today in the office's time zone: an improvement due today is not yet overdue."""
    return tx.now.astimezone(ZoneInfo(tx.settings.timezone)).date()


def _load(tx: Tx, improvement_id: int) -> Improvement:
    imp = get_row(tx, Improvement, improvement_id)
    if imp is None:
        raise NotFound(entity="improvement", id=improvement_id)
    return imp


def _case(tx: Tx, case_id: int) -> Case:
    case = get_row(tx, Case, case_id)
    if case is None:
        raise NotFound(entity="case", id=case_id)
    return case


def _linked(tx: Tx, improvement_id: int) -> list[int]:
    return list(
        tx.session.scalars(
            select(ImprovementCase.case_id)
            .where(ImprovementCase.improvement_id == improvement_id)
            .order_by(ImprovementCase.case_id)
        )
    )


def _fields(
    tx: Tx,
    *,
    title: str,
    root_cause: str,
    preventive_action: str,
    kind: str,
    owner_id: int | None,
    due_date: date | None,
    notes: str | None,
) -> dict[str, Any]:
    """What people typed, checked and cleaned; every problem at once."""
    c = Checker()
    out: dict[str, Any] = {
        "title": c.text("title", title, required=True, max_len=MAX_LEN["improvement.title"]),
        "root_cause": c.text(
            "root_cause", root_cause, required=True, max_len=MAX_LEN["improvement.root_cause"]
        ),
        "preventive_action": c.text(
            "preventive_action",
            preventive_action,
            required=True,
            max_len=MAX_LEN["improvement.preventive_action"],
        ),
        "notes": c.text("notes", notes, max_len=MAX_LEN["improvement.notes"]) or None,
        "owner_id": owner_id,
        "due_date": due_date,
    }
    chosen = c.choice("kind", kind, ImprovementKind)
    out["kind"] = chosen.value if chosen is not None else None
    if due_date is not None:
        # A datetime is a date too, and would be stored as one without its time: refused.
        if not isinstance(due_date, date) or hasattr(due_date, "hour"):
            c.fail("due_date", "unknown_value", value=str(due_date)[:40])
        elif due_date.year < 2000:
            c.fail("due_date", "too_old")
        elif due_date.year > 2100:
            c.fail("due_date", "too_far")
    if owner_id is not None:
        owner = get_row(tx, User, owner_id)
        if owner is None or not owner.active:
            raise NotFound(entity="user", id=owner_id)
        # The one who carries the action out: someone who may handle cases.
        if Role(owner.role) not in ASSIGNABLE_ROLES:
            c.fail("owner", "not_assignable", role=owner.role)
    c.done()
    return out


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _link(tx: Tx, imp: Improvement, case_id: int) -> bool:
    """Link one case; False when it already was."""
    _case(tx, case_id)
    if tx.session.get(ImprovementCase, (imp.id, case_id)) is not None:
        return False
    tx.session.add(ImprovementCase(improvement_id=imp.id, case_id=case_id))
    tx.audit("improvement.link", "improvement", imp.id, case_id=case_id)
    return True


def _unlink(tx: Tx, imp: Improvement, case_id: int) -> bool:
    row = tx.session.get(ImprovementCase, (imp.id, case_id)) if holds_id(case_id) else None
    if row is None:
        return False
    tx.session.delete(row)
    tx.audit("improvement.unlink", "improvement", imp.id, case_id=case_id)
    return True


def _cases_given(case_ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(case_ids))


@service(Permission.IMPROVEMENT_MANAGE)
def open_improvement(
    tx: Tx,
    *,
    title: str,
    root_cause: str,
    preventive_action: str,
    kind: str = ImprovementKind.CORRECTIVE.value,
    owner_id: int | None = None,
    due_date: date | None = None,
    notes: str | None = None,
    case_ids: Sequence[int] = (),
) -> int:
    """개선 조치 등록: a root cause, the corrective or preventive action, who owns it, by
    when, and the cases behind it. It starts as 계획."""
    values = _fields(
        tx,
        title=title,
        root_cause=root_cause,
        preventive_action=preventive_action,
        kind=kind,
        owner_id=owner_id,
        due_date=due_date,
        notes=notes,
    )
    wanted = _cases_given(case_ids)
    for case_id in wanted:
        _case(tx, case_id)
    imp = Improvement(
        **values,
        status=ImprovementStatus.OPEN.value,
        created_at=tx.now,
        created_by_name=tx.actor.display_name,
    )
    tx.session.add(imp)
    tx.session.flush()
    tx.audit(
        "improvement.open",
        "improvement",
        imp.id,
        changes={**{k: _plain(v) for k, v in values.items()}, "case_ids": wanted},
    )
    for case_id in wanted:
        _link(tx, imp, case_id)
    return imp.id


@service(Permission.IMPROVEMENT_MANAGE)
def update_improvement(
    tx: Tx,
    improvement_id: int,
    *,
    title: str,
    root_cause: str,
    preventive_action: str,
    kind: str,
    owner_id: int | None,
    due_date: date | None,
    notes: str | None,
    case_ids: Sequence[int] | None = None,
) -> None:
    """Correct or carry on an improvement: every field as it should now read, each change
    audited with what it was. ``case_ids``, when given, is the whole set of linked cases:
    the missing ones are linked and the others unlinked."""
    imp = _load(tx, improvement_id)
    values = _fields(
        tx,
        title=title,
        root_cause=root_cause,
        preventive_action=preventive_action,
        kind=kind,
        owner_id=owner_id,
        due_date=due_date,
        notes=notes,
    )
    wanted = None if case_ids is None else _cases_given(case_ids)
    for case_id in wanted or ():
        _case(tx, case_id)
    changes = {
        key: [_plain(getattr(imp, key)), _plain(value)]
        for key, value in values.items()
        if getattr(imp, key) != value
    }
    if changes:
        for key, value in values.items():
            setattr(imp, key, value)
        imp.updated_at = tx.now
        tx.audit("improvement.update", "improvement", imp.id, changes=changes)
    before = _linked(tx, imp.id)
    if wanted is not None:
        for case_id in wanted:
            _link(tx, imp, case_id)
        for case_id in before:
            if case_id not in wanted:
                _unlink(tx, imp, case_id)
    if changes:
        tx.touched.update(before)  # the cases' windows show the improvement as it now reads


@service(Permission.IMPROVEMENT_MANAGE)
def set_improvement_status(tx: Tx, improvement_id: int, status: str) -> None:
    """계획 → 진행 → 완료 → 효과 확인, or 중단, as ``core.procedure.improvements`` allows.
    Finishing sets when (closed_at), the effect checked sets verified_at; going back to the
    work clears them."""
    imp = _load(tx, improvement_id)
    c = Checker()
    new = c.choice("status", status, ImprovementStatus)
    c.done()
    assert new is not None
    if new.value == imp.status:
        return
    if not can_move(imp.status, new.value):
        c.fail("status", "bad_move", current=imp.status, wanted=new.value)
        c.done()
    tx.audit(
        "improvement.status", "improvement", imp.id, changes={"status": [imp.status, new.value]}
    )
    imp.status = new.value
    imp.updated_at = tx.now
    if new not in FINISHED:
        imp.closed_at = None
    elif imp.closed_at is None or new is not ImprovementStatus.VERIFIED:
        imp.closed_at = tx.now
    imp.verified_at = tx.now if new is ImprovementStatus.VERIFIED else None
    tx.touched.update(_linked(tx, imp.id))


@service(Permission.IMPROVEMENT_MANAGE)
def link_improvement(tx: Tx, improvement_id: int, case_id: int) -> None:
    """기존 조치에 연결: one more case behind an improvement (any case, closed ones too)."""
    imp = _load(tx, improvement_id)
    _link(tx, imp, case_id)


@service(Permission.IMPROVEMENT_MANAGE)
def unlink_improvement(tx: Tx, improvement_id: int, case_id: int) -> None:
    """A case linked by mistake taken off an improvement; its trail keeps both events."""
    imp = _load(tx, improvement_id)
    _unlink(tx, imp, case_id)


@service(Permission.CASE_VIEW, write=False)
def list_improvements(
    tx: Tx,
    *,
    status: str | None = None,
    owner_id: int | None = None,
    overdue: bool = False,
    case_id: int | None = None,
    open_only: bool = False,
) -> tuple[ImprovementView, ...]:
    """The register: open ones first by due date (overdue at the top), then the finished
    ones, latest first. ``overdue``: open (계획 or 진행) with a due date before today in the
    office's time; ``open_only``: 계획 and 진행."""
    c = Checker()
    wanted = c.choice("status", status, ImprovementStatus, required=False)
    if owner_id is not None and not holds_id(owner_id):
        c.fail("owner", "unknown_value", value=str(owner_id)[:40])
    if case_id is not None and not holds_id(case_id):
        c.fail("cases", "unknown_value", value=str(case_id)[:40])
    c.done()
    q = select(Improvement)
    if wanted is not None:
        q = q.where(Improvement.status == wanted.value)
    if open_only or overdue:
        q = q.where(Improvement.status.in_(_OPEN))
    if overdue:
        q = q.where(Improvement.due_date < _today(tx))
    if owner_id is not None:
        q = q.where(Improvement.owner_id == owner_id)
    if case_id is not None:
        q = q.where(
            Improvement.id.in_(
                select(ImprovementCase.improvement_id).where(ImprovementCase.case_id == case_id)
            )
        )
    views = improvement_views(tx, list(tx.session.scalars(q)))

    def order(v: ImprovementView) -> tuple:
        if v.status in _OPEN:
            return (0, v.due_date or date.max, v.id)
        finished = v.closed_at.timestamp() if v.closed_at else 0.0
        return (1, -finished, -v.id)

    return tuple(sorted(views, key=order))


@service(Permission.CASE_VIEW, write=False)
def get_improvement(tx: Tx, improvement_id: int) -> ImprovementView:
    """One improvement with its linked cases' numbers and subjects."""
    return improvement_views(tx, [_load(tx, improvement_id)])[0]


def improvement_views(tx: Tx, imps: list[Improvement]) -> list[ImprovementView]:
    """The views of ``imps``, their owners and linked cases read in two queries."""
    if not imps:
        return []
    ids = [imp.id for imp in imps]
    owner_ids = {imp.owner_id for imp in imps if imp.owner_id is not None}
    owners = (
        {
            uid: name
            for uid, name in tx.session.execute(
                select(User.id, User.display_name).where(User.id.in_(owner_ids))
            )
        }
        if owner_ids
        else {}
    )
    cases: dict[int, list[tuple[int, str, str]]] = {i: [] for i in ids}
    for imp_id, cid, case_no, subject in tx.session.execute(
        select(ImprovementCase.improvement_id, Case.id, Case.case_no, Case.subject)
        .join(Case, Case.id == ImprovementCase.case_id)
        .where(ImprovementCase.improvement_id.in_(ids))
        .order_by(Case.received_at, Case.id)
    ):
        cases[imp_id].append((cid, case_no, subject))
    today = _today(tx)
    return [
        ImprovementView(
            id=imp.id,
            title=imp.title,
            root_cause=imp.root_cause,
            preventive_action=imp.preventive_action,
            owner_id=imp.owner_id,
            owner_name=owners.get(imp.owner_id) if imp.owner_id is not None else None,
            due_date=imp.due_date,
            status=imp.status,
            case_ids=tuple(c[0] for c in cases[imp.id]),
            kind=imp.kind or ImprovementKind.CORRECTIVE.value,
            notes=imp.notes,
            created_at=imp.created_at,
            created_by_name=imp.created_by_name,
            updated_at=imp.updated_at,
            closed_at=imp.closed_at,
            verified_at=imp.verified_at,
            cases=tuple(cases[imp.id]),
            overdue=imp.status in _OPEN and imp.due_date is not None and imp.due_date < today,
        )
        for imp in imps
    ]
