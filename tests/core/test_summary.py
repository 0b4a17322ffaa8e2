"""The summary's figures against an independent ledger of what the test itself did."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core import services as sv
from core.errors import PermissionDenied
from core.procedure.calendar import BusinessCalendar
from core.views import Period
from tests.conftest import intake

SEOUL = ZoneInfo("Asia/Seoul")
CATEGORIES = ["equipment.parking", "quality.sanitation", "quality.repair", "attitude.staff"]
NATURES = ["effective", "help_seeking", "consultation", "venting", "support", "invalid"]
CHANNELS = ["visit", "phone", "online"]


@pytest.fixture
def ledger(db, staff, clock):
    """Forty cases around October 2026; the ledger is what a person would tally by hand."""
    rng = random.Random(11)
    rows = []
    moments = [
        datetime(2026, 10, 1, 9, 30, tzinfo=SEOUL) + timedelta(hours=17 * i) for i in range(40)
    ]
    # The month's edges in local time: 23:30 on the 31st is October, 00:30 on the 1st is not.
    moments += [
        datetime(2026, 10, 31, 23, 30, tzinfo=SEOUL),
        datetime(2026, 11, 1, 0, 30, tzinfo=SEOUL),
        datetime(2026, 9, 30, 23, 50, tzinfo=SEOUL),
    ]
    for at in sorted(moments):
        clock.set(at)
        row = {
            "at": at,
            "cat": rng.choice(CATEGORIES),
            "nature": rng.choice(NATURES),
            "channel": rng.choice(CHANNELS),
        }
        ref = sv.receive_complaint(
            db,
            staff.clerk,
            intake(category_code=row["cat"], nature=row["nature"], channel=row["channel"]),
        )
        row["ack_due"], row["resolve_due"] = ref.ack_due, ref.resolve_due
        row["acked"] = row["resolved"] = row["score"] = row["comp"] = None
        if rng.random() < 0.85:
            clock.advance(hours=rng.choice([1, 5, 40]))
            sv.acknowledge(db, staff.clerk, ref.id)
            row["acked"] = clock.now
            sv.record_action(db, staff.handler, ref.id, "fix", "조치")
            if rng.random() < 0.3:
                amount = rng.choice([20_000, 50_000])
                sv.offer_compensation(db, staff.handler, ref.id, kind="refund", amount=amount)
                row["comp"] = amount
            if rng.random() < 0.8:
                clock.advance(hours=rng.choice([3, 30, 100]))
                sv.resolve(db, staff.handler, ref.id, result="완료", told_channel="phone")
                row["resolved"] = clock.now
                if rng.random() < 0.8:
                    score = rng.randint(1, 5)
                    sv.record_follow_up(
                        db, staff.clerk, ref.id, channel="phone", outcome="확인", satisfaction=score
                    )
                    row["score"] = score
        rows.append(row)
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=SEOUL))
    return rows


def october(rows):
    return [
        r
        for r in rows
        if datetime(2026, 10, 1, tzinfo=SEOUL) <= r["at"] < datetime(2026, 11, 1, tzinfo=SEOUL)
    ]


def test_counts_match_the_ledger(db, staff, ledger):
    s = sv.period_summary(db, staff.supervisor, "2026-10")
    mine = october(ledger)
    assert s.received == len(mine) == 41  # 40 in the month plus the 23:30 case
    natures = Counter(r["nature"] for r in mine)
    assert s.by_nature == {
        "effective": natures["effective"],
        "communication": natures["help_seeking"] + natures["consultation"] + natures["venting"],
        "support": natures["support"],
        "invalid": natures["invalid"],
    }
    cats = Counter(r["cat"] for r in mine)
    assert {r["code"]: r["count"] for r in s.by_category} == dict(cats)
    assert [r["count"] for r in s.by_category] == sorted(cats.values(), reverse=True)
    assert s.top3_share == round(sum(sorted(cats.values(), reverse=True)[:3]) / len(mine), 4)
    assert s.by_channel == dict(Counter(r["channel"] for r in mine))
    comp = [r["comp"] for r in mine if r["comp"]]
    assert s.compensation == ({"refund": {"count": len(comp), "amount": sum(comp)}} if comp else {})
    scores = [r["score"] for r in mine if r["score"]]
    assert s.satisfaction_mean == round(statistics.mean(scores), 2)
    assert s.satisfaction_distribution == {str(k): scores.count(k) for k in range(1, 6)}
    assert s.open_at_end == sum(1 for r in ledger if r["at"] < datetime(2026, 11, 1, tzinfo=SEOUL))


def test_ack_rate_and_resolution_days(db, staff, ledger):
    s = sv.period_summary(db, staff.supervisor, "2026-10")
    mine = october(ledger)
    counted = [
        r
        for r in mine
        if r["acked"] is not None or r["ack_due"] < datetime(2026, 11, 1, tzinfo=SEOUL)
    ]
    on_time = [r for r in counted if r["acked"] is not None and r["acked"] <= r["ack_due"]]
    assert s.ack_within_rule_rate == round(len(on_time) / len(counted), 4)
    cal = BusinessCalendar()
    days = sorted(cal.business_days_between(r["at"], r["resolved"]) for r in mine if r["resolved"])
    assert s.resolution_days_median == round(statistics.median(days), 2)
    rank = -(-len(days) * 9 // 10)
    assert s.resolution_days_p90 == round(days[rank - 1], 2)
    late = [
        r
        for r in mine
        if (r["resolved"] and r["resolved"] > r["resolve_due"])
        or (not r["resolved"] and r["resolve_due"] < datetime(2026, 11, 1, tzinfo=SEOUL))
    ]
    assert s.overdue == len(late)


def test_year_and_trend(db, staff, ledger):
    s = sv.period_summary(db, staff.supervisor, "2026")
    assert s.received == len(ledger)
    by_month = {p["period"]: p["received"] for p in s.trend}
    assert by_month["2026-10"] == 41 and by_month["2026-09"] == 1 and by_month["2026-11"] == 1
    assert len(s.trend) == 12


def test_period_parsing_and_permission(db, staff):
    assert Period.parse("2026-02").bounds(SEOUL)[1] == datetime(2026, 3, 1, tzinfo=SEOUL)
    with pytest.raises(ValueError):
        Period.parse("2026-13")
    with pytest.raises(PermissionDenied):
        sv.period_summary(db, staff.clerk, "2026-10")
