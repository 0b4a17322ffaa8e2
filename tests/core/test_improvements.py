"""개선 조치 as a register: opened from a case or on their own, corrected with the trail
keeping what they said, moved 계획 → 진행 → 완료 → 효과 확인 as the table allows, linked to
any number of cases, listed with the filters a supervisor uses, and overdue by the office's
calendar day."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core import services as sv
from core.db.models import AuditEvent
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.procedure.enums import ImprovementStatus
from core.procedure.improvements import MOVES, can_move
from tests.conftest import intake

SEOUL = ZoneInfo("Asia/Seoul")


def events(db, action: str, *, case_id: int | None = None) -> list[AuditEvent]:
    with db.unit_of_work(write=False) as uow:
        q = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        if case_id is not None:
            q = q.where(AuditEvent.case_id == case_id)
        return list(uow.session.scalars(q))


def new_case(db, staff, subject: str = "주차장 조명 고장") -> int:
    return sv.receive_complaint(db, staff.clerk, intake(subject=subject)).id


def open_one(db, actor, **overrides) -> int:
    values = {
        "title": "주차장 조명 점검 주기",
        "root_cause": "조명 점검이 분기마다라 고장이 석 달 방치됨",
        "preventive_action": "매주 월요일 야간 순찰 때 조명 점검",
        "kind": "preventive",
        "due_date": date(2026, 3, 31),
    }
    values.update(overrides)
    return sv.open_improvement(db, actor, **values)


def test_opened_from_a_case_it_is_planned_and_the_case_shows_it(db, staff):
    case_id = new_case(db, staff)
    imp_id = open_one(
        db,
        staff.handler,
        owner_id=staff.handler.user_id,
        notes="관리소장 승인",
        case_ids=(case_id,),
    )
    imp = sv.get_improvement(db, staff.clerk, imp_id)
    assert imp.status == "open" and imp.kind == "preventive"
    assert imp.owner_name == staff.handler.display_name
    assert imp.due_date == date(2026, 3, 31) and imp.notes == "관리소장 승인"
    case_no = sv.get_case(db, staff.clerk, case_id).case_no
    assert imp.cases == ((case_id, case_no, "주차장 조명 고장"),)
    assert imp.created_by_name == staff.handler.display_name
    shown = sv.get_case(db, staff.clerk, case_id).improvements
    assert [(v.id, v.title, v.kind) for v in shown] == [(imp_id, imp.title, "preventive")]
    # The case's own trail says it was linked, so its case file shows it.
    assert [e.entity_id for e in events(db, "improvement.link", case_id=case_id)] == [imp_id]


def test_an_improvement_on_its_own_needs_no_case(db, staff):
    imp_id = open_one(db, staff.supervisor, kind="corrective")
    assert sv.get_improvement(db, staff.clerk, imp_id).cases == ()


def test_what_is_typed_is_checked_all_at_once(db, staff):
    with pytest.raises(ValidationFailed) as err:
        open_one(db, staff.handler, title=" ", root_cause="", kind="later", notes="x" * 20_001)
    fields = {p.field: p.reason for p in err.value.problems}
    assert fields == {
        "title": "required",
        "root_cause": "required",
        "kind": "unknown_value",
        "notes": "too_long",
    }


def test_the_owner_is_someone_who_handles_cases(db, staff):
    with pytest.raises(ValidationFailed) as err:
        open_one(db, staff.handler, owner_id=staff.clerk.user_id)
    assert [(p.field, p.reason) for p in err.value.problems] == [("owner", "not_assignable")]
    with pytest.raises(NotFound):
        open_one(db, staff.handler, owner_id=999_999)


def test_a_due_date_is_a_day_not_a_moment(db, staff):
    with pytest.raises(ValidationFailed) as err:
        open_one(db, staff.handler, due_date=datetime(2026, 3, 31, 9, 0, tzinfo=SEOUL))
    assert err.value.problems[0].field == "due_date"


def test_an_update_is_audited_with_before_and_after(db, staff, clock):
    imp_id = open_one(db, staff.handler)
    clock.advance(hours=2)
    sv.update_improvement(
        db,
        staff.supervisor,
        imp_id,
        title="주차장 조명 점검 주기",
        root_cause="조명 점검이 분기마다라 고장이 석 달 방치됨",
        preventive_action="매주 월·목 야간 순찰 때 조명 점검, 점검표 게시",
        kind="corrective",
        owner_id=staff.supervisor.user_id,
        due_date=date(2026, 4, 15),
        notes="점검표 양식 첨부",
    )
    imp = sv.get_improvement(db, staff.clerk, imp_id)
    assert imp.preventive_action.endswith("점검표 게시")
    assert (imp.kind, imp.owner_id, imp.due_date) == (
        "corrective",
        staff.supervisor.user_id,
        date(2026, 4, 15),
    )
    assert imp.updated_at == clock()
    (event,) = events(db, "improvement.update")
    changes = json.loads(event.changes)
    assert changes["due_date"] == ["2026-03-31", "2026-04-15"]
    assert changes["kind"] == ["preventive", "corrective"]
    assert changes["owner_id"] == [None, staff.supervisor.user_id]
    assert changes["notes"] == [None, "점검표 양식 첨부"]
    assert "title" not in changes  # only what changed


def test_an_update_with_the_cases_links_and_unlinks_the_difference(db, staff):
    first, second, third = (new_case(db, staff, f"조명 {n}") for n in range(3))
    imp_id = open_one(db, staff.handler, case_ids=(first, second))
    current = sv.get_improvement(db, staff.clerk, imp_id)
    sv.update_improvement(
        db,
        staff.handler,
        imp_id,
        title=current.title,
        root_cause=current.root_cause,
        preventive_action=current.preventive_action,
        kind=current.kind,
        owner_id=current.owner_id,
        due_date=current.due_date,
        notes=current.notes,
        case_ids=(second, third),
    )
    assert sv.get_improvement(db, staff.clerk, imp_id).case_ids == (second, third)
    assert [e.case_id for e in events(db, "improvement.unlink")] == [first]
    assert not events(db, "improvement.update")  # the fields did not change


def test_link_and_unlink_many_to_many(db, staff):
    a, b = new_case(db, staff, "소음 1"), new_case(db, staff, "소음 2")
    one = open_one(db, staff.handler, case_ids=(a,))
    two = open_one(db, staff.handler, title="방송 안내")
    sv.link_improvement(db, staff.handler, one, b)
    sv.link_improvement(db, staff.handler, one, b)  # twice is once
    sv.link_improvement(db, staff.handler, two, a)
    assert sv.get_improvement(db, staff.clerk, one).case_ids == (a, b)
    assert {v.id for v in sv.get_case(db, staff.clerk, a).improvements} == {one, two}
    assert len(events(db, "improvement.link", case_id=b)) == 1
    sv.unlink_improvement(db, staff.handler, one, a)
    sv.unlink_improvement(db, staff.handler, one, a)  # already off: nothing more recorded
    assert sv.get_improvement(db, staff.clerk, one).case_ids == (b,)
    assert [v.id for v in sv.get_case(db, staff.clerk, a).improvements] == [two]
    assert len(events(db, "improvement.unlink", case_id=a)) == 1
    with pytest.raises(NotFound):
        sv.link_improvement(db, staff.handler, one, 999_999)
    with pytest.raises(NotFound):
        sv.unlink_improvement(db, staff.handler, 999_999, a)


def test_a_closed_case_can_be_cited(db, staff):
    case_id = new_case(db, staff)
    sv.close_invalid(db, staff.handler, case_id, reason="중복 접수")
    imp_id = open_one(db, staff.handler)
    sv.link_improvement(db, staff.handler, imp_id, case_id)
    assert sv.get_improvement(db, staff.clerk, imp_id).case_ids == (case_id,)


def test_status_moves_from_plan_to_a_checked_effect(db, staff, clock):
    imp_id = open_one(db, staff.handler)
    sv.set_improvement_status(db, staff.handler, imp_id, "in_progress")
    clock.advance(days=3)
    sv.set_improvement_status(db, staff.handler, imp_id, "done")
    done = sv.get_improvement(db, staff.clerk, imp_id)
    assert done.status == "done" and done.closed_at == clock() and done.verified_at is None
    clock.advance(days=30)
    sv.set_improvement_status(db, staff.supervisor, imp_id, "verified")
    checked = sv.get_improvement(db, staff.clerk, imp_id)
    assert checked.status == "verified" and checked.verified_at == clock()
    assert checked.closed_at == done.closed_at  # finished when it was done, not when checked
    # The cause came back: back to the work, no longer finished.
    sv.set_improvement_status(db, staff.supervisor, imp_id, "in_progress")
    again = sv.get_improvement(db, staff.clerk, imp_id)
    assert again.closed_at is None and again.verified_at is None
    trail = [json.loads(e.changes)["status"] for e in events(db, "improvement.status")]
    assert trail == [
        ["open", "in_progress"],
        ["in_progress", "done"],
        ["done", "verified"],
        ["verified", "in_progress"],
    ]


@pytest.mark.parametrize(("start", "to"), [("open", "verified"), ("dropped", "done")])
def test_a_move_the_table_does_not_offer_is_refused(db, staff, start, to):
    imp_id = open_one(db, staff.handler)
    if start == "dropped":
        sv.set_improvement_status(db, staff.handler, imp_id, "dropped")
    with pytest.raises(ValidationFailed) as err:
        sv.set_improvement_status(db, staff.handler, imp_id, to)
    assert [(p.field, p.reason) for p in err.value.problems] == [("status", "bad_move")]
    assert sv.get_improvement(db, staff.clerk, imp_id).status == start


def test_the_moves_table_reaches_every_status():
    reached = {to for moves in MOVES.values() for to in moves}
    assert reached == set(ImprovementStatus) and set(MOVES) == set(ImprovementStatus)
    assert can_move("done", "verified") and not can_move("open", "verified")
    assert not can_move("open", "nonsense")


def test_only_handlers_and_supervisors_change_anyone_reads(db, staff):
    imp_id = open_one(db, staff.handler)
    for actor in (staff.clerk, staff.admin):
        with pytest.raises(PermissionDenied):
            sv.set_improvement_status(db, actor, imp_id, "in_progress")
        with pytest.raises(PermissionDenied):
            open_one(db, actor)
    assert [v.id for v in sv.list_improvements(db, staff.clerk)] == [imp_id]


def test_the_list_filters_by_status_owner_case_and_overdue(db, staff, clock):
    case_id = new_case(db, staff)
    late = open_one(db, staff.handler, title="늦음", due_date=date(2026, 3, 5))
    mine = open_one(
        db,
        staff.handler,
        title="담당",
        owner_id=staff.handler.user_id,
        due_date=date(2026, 3, 20),
        case_ids=(case_id,),
    )
    finished = open_one(db, staff.handler, title="끝남", due_date=date(2026, 3, 1))
    sv.set_improvement_status(db, staff.handler, finished, "done")
    undated = open_one(db, staff.handler, title="기한 없음", due_date=None)

    def ids(**filters) -> list[int]:
        return [v.id for v in sv.list_improvements(db, staff.supervisor, **filters)]

    # Open ones by due date (the overdue first, no date last), then the finished.
    assert ids() == [late, mine, undated, finished]
    assert ids(overdue=True) == [late]  # a finished one is never overdue
    assert ids(status="done") == [finished]
    assert ids(open_only=True) == [late, mine, undated]
    assert ids(owner_id=staff.handler.user_id) == [mine]
    assert ids(case_id=case_id) == [mine]
    rows = {v.id: v for v in sv.list_improvements(db, staff.supervisor)}
    assert rows[late].overdue and not rows[finished].overdue and not rows[undated].overdue
    with pytest.raises(ValidationFailed):
        sv.list_improvements(db, staff.supervisor, status="someday")


def test_overdue_counts_the_office_day_not_utc(db, staff, clock):
    imp_id = open_one(db, staff.handler, due_date=date(2026, 3, 9))
    clock.set(datetime(2026, 3, 9, 23, 30, tzinfo=SEOUL))  # still the due day in Seoul
    assert not sv.get_improvement(db, staff.clerk, imp_id).overdue
    # 00:30 on the 10th in Seoul is still the 9th in UTC: overdue all the same.
    clock.set(datetime(2026, 3, 10, 0, 30, tzinfo=SEOUL))
    assert sv.get_improvement(db, staff.clerk, imp_id).overdue
    assert [v.id for v in sv.list_improvements(db, staff.clerk, overdue=True)] == [imp_id]


def test_a_change_tells_the_windows_of_the_linked_cases(db, staff):
    case_id = new_case(db, staff)
    imp_id = open_one(db, staff.handler, case_ids=(case_id,))
    outcome = sv.set_improvement_status.run(db, staff.handler, imp_id, "in_progress")
    assert outcome.changed(case_id)
    assert sv.open_improvement.run(
        db, staff.handler, title="t", root_cause="r", preventive_action="p", case_ids=(case_id,)
    ).changed(case_id)
    assert not sv.list_improvements.run(db, staff.clerk).changed_any


def test_the_case_file_lists_the_case_improvements(db, staff):
    from tests.core.test_masking import pdf_text

    case_id = new_case(db, staff)
    imp_id = open_one(
        db,
        staff.handler,
        owner_id=staff.handler.user_id,
        due_date=date(2026, 4, 30),
        case_ids=(case_id,),
    )
    sv.set_improvement_status(db, staff.handler, imp_id, "in_progress")
    # Read back without the line breaks a narrow column puts into a Korean word.
    text = "".join(pdf_text(sv.case_file_pdf(db, staff.supervisor, case_id)).split())
    section = text[text.index("개선조치") : text.index("기록원칙")]
    for shown in ("주차장조명점검주기", "예방조치", "진행", "2026-04-30", "매주월요일야간순찰"):
        assert shown in section
    assert "".join(staff.handler.display_name.split()) in section
    english = "".join(pdf_text(sv.case_file_pdf(db, staff.supervisor, case_id, lang="en")).split())
    assert "Improvements" in english and "Preventive" in english and "Inprogress" in english
