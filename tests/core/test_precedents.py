"""Precedents: similar resolved cases, same category first, and a note on far-off offers."""

from __future__ import annotations

from core import services as sv
from tests.conftest import intake


def _resolved(db, staff, clock, subject, description, category, refund=None, score=None):
    ref = sv.receive_complaint(
        db,
        staff.clerk,
        intake(subject=subject, description=description, category_code=category),
    )
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "조치")
    if refund:
        sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=refund)
    clock.advance(hours=5)
    sv.resolve(db, staff.handler, ref.id, result=f"{subject} 해결", told_channel="phone")
    if score:
        sv.record_follow_up(
            db, staff.clerk, ref.id, channel="phone", outcome="확인", satisfaction=score
        )
    return ref.id


def test_similar_cases_rank_same_category_then_text(db, staff, clock):
    parking = "equipment.parking"
    a = _resolved(db, staff, clock, "주차장 차단기 고장", "차단기가 안 열림", parking, 20_000, 4)
    b = _resolved(db, staff, clock, "지하 주차장 누수", "천장에서 물", parking, 30_000, 5)
    c = _resolved(db, staff, clock, "차단기 고장 민원", "정문 차단기 고장", "quality.repair")
    _resolved(db, staff, clock, "택배 분실", "경비실 보관 택배", "quality.management")
    open_one = sv.receive_complaint(
        db, staff.clerk, intake(subject="차단기 고장", category_code="quality.repair")
    )
    now = sv.receive_complaint(
        db,
        staff.clerk,
        intake(subject="주차장 차단기 고장", description="차단기 또 고장", category_code=parking),
    )
    found = sv.similar_cases(db, staff.handler, now.id)
    ids = [p.case_id for p in found.items]
    # Same category first (the closer text first), then the text-alike one; never the open
    # case, the unrelated one, or the case itself.
    assert ids == [a, b, c]
    assert found.items[0].same_category and not found.items[2].same_category
    assert found.items[0].similarity > found.items[1].similarity > 0
    assert found.items[0].result == "주차장 차단기 고장 해결"
    assert (found.items[0].compensation_kind, found.items[0].compensation_amount) == (
        "refund",
        20_000,
    )
    assert found.items[1].satisfaction == 5
    assert open_one.id not in ids and now.id not in ids
    assert found.ranges == {"refund": (20_000, 30_000)}


def test_an_offer_far_outside_the_precedents_gets_a_note(db, staff, clock):
    parking = "equipment.parking"
    _resolved(db, staff, clock, "주차장 차단기 고장", "고장", parking, 20_000)
    _resolved(db, staff, clock, "주차장 조명 고장", "고장", parking, 30_000)
    now = sv.receive_complaint(db, staff.clerk, intake(subject="주차장", category_code=parking))
    found = sv.similar_cases(db, staff.handler, now.id)
    assert sv.compensation_note(found, "refund", 25_000) is None
    assert sv.compensation_note(found, "refund", 60_000) is None  # twice the highest: fine
    note = sv.compensation_note(found, "refund", 200_000)
    assert note and "20,000~30,000원" in note
    assert sv.compensation_note(found, "refund", 5_000)  # far below too
    assert sv.compensation_note(found, "exchange", 900_000) is None  # no precedent of that kind
    assert "KRW" in sv.compensation_note(found, "refund", 200_000, "en")
