"""Korean full-text search against a brute-force scan of the same texts, on both databases."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from core import services as sv
from core.store import search
from tests.conftest import intake

WORDS = [
    "층간소음",
    "소음",
    "주차",
    "주차장",
    "환불",
    "환불요청",
    "누수",
    "엘리베이터",
    "관리비",
    "쓰레기",
    "분리수거",
    "택배",
    "경비실",
    "소독",
    "난방",
    "온수",
    "Refund",
    "parking",
]
NAMES = ["홍길동", "김소연", "박주차", "이환희", "최음", "정다운"]
QUERIES = [
    # one syllable (or letter): the fallback scan
    "소",
    "음",
    "차",
    "수",
    "r",
    # two syllables
    "소음",
    "주차",
    "환불",
    "누수",
    "수거",
    "소연",
    "ar",
    # three and more
    "층간소",
    "엘리베",
    "관리비",
    "분리수거",
    "환불요청",
    "refund",
    "주차장",
    # hostile to a query language: must be plain text, and still exact
    '"',
    "소음 AND",
    "*",
    "NEAR(소음",
    "'; DROP TABLE cases; --",
    "소음)",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(["", "으로", "이", " 문제"]) for _ in range(3))


@pytest.fixture
def corpus(db, staff):
    rng = random.Random(5)
    ids = []
    for _ in range(40):
        ref = sv.receive_complaint(
            db,
            staff.clerk,
            intake(
                subject=_sentence(rng),
                description=_sentence(rng) + "\n" + _sentence(rng),
                customer=sv.CustomerInput(name=rng.choice(NAMES)),
            ),
        )
        ids.append(ref.id)
        if rng.random() < 0.5:
            sv.acknowledge(db, staff.clerk, ref.id)
            sv.record_action(db, staff.handler, ref.id, "investigation", _sentence(rng))
        if rng.random() < 0.3:
            sv.log_contact(
                db,
                staff.handler,
                ref.id,
                direction="outbound",
                channel="phone",
                summary=_sentence(rng),
            )
    return ids


def _brute_force(db, word: str) -> set[int]:
    """Every case whose subject, description, customer name, actions or contacts contain it."""
    needle = word.casefold()
    found = set()
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.id, c.subject, c.description, u.name FROM cases c "
                "JOIN customers u ON u.id = c.customer_id"
            )
        ).all()
        extra = conn.execute(
            text(
                "SELECT case_id, note FROM actions UNION ALL SELECT case_id, summary FROM contacts"
            )
        ).all()
    for case_id, *values in rows + [(i, t) for i, t in extra]:
        if any(needle in " ".join(v.split()).casefold() for v in values if v):
            found.add(case_id)
    return found


@pytest.mark.parametrize("first", [500, 3])
def test_search_finds_exactly_what_a_scan_finds(db, staff, corpus, first, monkeypatch):
    """Also when the first batch of candidates is tiny and has to grow (a big register)."""
    monkeypatch.setattr(search, "FIRST_CANDIDATES", first)
    for word in QUERIES:
        hits = sv.search_cases(db, staff.clerk, word, limit=1000)
        assert {h.case_id for h in hits} == _brute_force(db, word), word
        assert len(hits) == len({h.case_id for h in hits})
    assert sv.search_cases(db, staff.clerk, "소음", limit=3)  # the corpus has it
    assert len(sv.search_cases(db, staff.clerk, "소음", limit=3)) == 3


def test_more_matches_rank_higher(db, staff):
    once = sv.receive_complaint(db, staff.clerk, intake(subject="누수", description="확인 바람"))
    thrice = sv.receive_complaint(
        db, staff.clerk, intake(subject="누수 누수", description="천장 누수가 심함")
    )
    ranked = [h.case_id for h in sv.search_cases(db, staff.clerk, "누수")]
    assert ranked == [thrice.id, once.id]


def test_the_index_follows_every_change(db, staff):
    ref = sv.receive_complaint(db, staff.clerk, intake(subject="주차 문제", description="차단기"))
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "주차")] == [ref.id]
    case = sv.get_case(db, staff.clerk, ref.id)
    sv.update_case(
        db,
        staff.clerk,
        ref.id,
        sv.CaseEdit(subject="택배 분실", description="택배 보관함"),
        expected_version=case.version,
    )
    assert sv.search_cases(db, staff.clerk, "주차") == []
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "분실")] == [ref.id]
    sv.acknowledge(db, staff.clerk, ref.id)
    sv.record_action(db, staff.handler, ref.id, "fix", "경비실에서 보관 확인")
    assert [h.case_id for h in sv.search_cases(db, staff.clerk, "경비실")] == [ref.id]
    # A repeat complainant's corrected name reaches their earlier case too.
    customer = sv.get_case(db, staff.clerk, ref.id).customer
    again = sv.receive_complaint(
        db,
        staff.clerk,
        intake(customer=sv.CustomerInput(name="홍길순"), existing_customer_id=customer.id),
    )
    found = {h.case_id for h in sv.search_cases(db, staff.clerk, "길순")}
    assert found == {ref.id, again.id}


def test_case_list_search_keeps_filters_and_shows_the_match(db, staff):
    open_one = sv.receive_complaint(db, staff.clerk, intake(subject="윗집 층간소음이 심합니다"))
    acked = sv.receive_complaint(db, staff.clerk, intake(subject="밤마다 소음"))
    sv.acknowledge(db, staff.clerk, acked.id)
    search.FIRST_CANDIDATES, saved = 1, search.FIRST_CANDIDATES  # the filter drops the newest
    try:
        page = sv.list_cases(db, staff.clerk, text="소음", statuses=("received",))
    finally:
        search.FIRST_CANDIDATES = saved
    assert [r.id for r in page.rows] == [open_one.id]
    before, match, after = page.rows[0].snippet
    assert match == "소음" and before.endswith("층간") and after.startswith("이")
    # A case number still finds the case itself.
    by_no = sv.list_cases(db, staff.clerk, text=acked.case_no)
    assert [r.id for r in by_no.rows] == [acked.id]
