"""Commands that read and move the register's data: the monthly or annual summary, a case file
as PDF, full-text search, importing an earlier register and exporting ours.
"""

from __future__ import annotations

import argparse
import sys

from cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, progress
from cli.login import logged_in
from core import services as sv
from core.views import Period, Summary
from core.words.catalogue import tr, trn
from core.words.vocab import word


def cmd_summary(args: argparse.Namespace, lang: str) -> int:
    import json
    from pathlib import Path

    period = args.month or args.year
    try:
        Period.parse(period)
    except ValueError:
        print(
            tr("기간 형식이 잘못되었습니다: {period} (YYYY-MM 또는 YYYY)", period=period),
            file=sys.stderr,
        )
        return EXIT_USAGE
    with logged_in(args) as (db, actor):
        if args.pdf:  # the document door reads the figures itself
            Path(args.pdf).write_bytes(sv.summary_pdf(db, actor, period, lang=lang))
        if args.json or not args.pdf:
            result = sv.period_summary(db, actor, period, lang=lang)
            if args.json:
                print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            else:
                print(_text_summary(result, lang))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    """Exit 0 when every row is in (or was already), 1 when some rows were rejected."""
    import json

    from core.services.register_files import FileReadError, MappingError, load_mapping
    from core.services.register_import import import_register

    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
    except MappingError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        with logged_in(args) as (db, actor):
            report = import_register(
                db, actor, args.file, mapping, dry_run=args.dry_run, progress=progress
            )
    except FileReadError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAIL
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        head = trn(
            "행 {n:,}개: 가져옴 {imported:,}, 이미 있음 {already_here:,}, 거부 {rejected:,}",
            "행 {n:,}개: 가져옴 {imported:,}, 이미 있음 {already_here:,}, 거부 {rejected:,}",
            report.rows,
            imported=report.imported,
            already_here=report.already_here,
            rejected=len(report.rejected),
        )
        if report.dry_run:
            head = tr("(시험) {report}", report=head)
        print(head)
        for p in report.rejected:
            print(tr("  {line}행: {reason}", line=p.line, reason=p.reason))
        for p in report.warnings:
            print(tr("  {line}행 (참고): {reason}", line=p.line, reason=p.reason))
        if report.new_categories:
            names = ", ".join(report.new_categories)
            print(tr("새로 만든 분류: {names}", names=names))
    return EXIT_FAIL if report.rejected else EXIT_OK


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    from datetime import date, datetime, time, timedelta

    from core.services.register_export import export_register

    with logged_in(args) as (db, actor):
        tz = sv.get_settings(db, actor).calendar().tz
        try:
            start = (
                datetime.combine(date.fromisoformat(args.date_from), time(0), tz)
                if args.date_from
                else None
            )
            end = (
                datetime.combine(date.fromisoformat(args.date_to) + timedelta(days=1), time(0), tz)
                if args.date_to
                else None
            )
        except ValueError:
            print(
                tr("날짜는 YYYY-MM-DD로 입력하세요."),
                file=sys.stderr,
            )
            return EXIT_USAGE
        count = export_register(
            db, actor, args.file, received_from=start, received_to=end, lang=lang
        )
    print(
        trn(
            "사건 {n:,}건을 내보냈습니다: {file}",
            "사건 {n:,}건을 내보냈습니다: {file}",
            count,
            file=args.file,
        )
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace, lang: str) -> int:
    import json

    if args.limit < 1:
        print(
            tr("--limit는 1 이상이어야 합니다."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    with logged_in(args) as (db, actor):
        hits = sv.search_cases(db, actor, args.query, limit=args.limit)
    if args.json:
        found = [{"case_no": h.case_no, "rank": h.rank} for h in hits]
        print(json.dumps({"query": args.query, "matches": found}, ensure_ascii=False, indent=2))
    elif hits:
        for h in hits:
            print(f"{h.case_no}\t{h.rank:g}")
    else:
        print(tr("찾은 사건이 없습니다."))
    return EXIT_OK


def cmd_case_file(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    with logged_in(args) as (db, actor):
        case_id = sv.find_case_id(db, actor, args.case_no)
        Path(args.pdf).write_bytes(sv.case_file_pdf(db, actor, case_id, lang=lang))
    print(tr("{case_no} 사건 기록부: {pdf}", case_no=args.case_no, pdf=args.pdf))
    return EXIT_OK


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _text_summary(s: Summary, lang: str) -> str:
    lines = [
        tr("기간 {period}: 접수 {received:,}건", period=s.period, received=s.received),
        tr(
            "  유효 {effective:,} · 의사소통형 {communication:,} · 처리지원 {support:,} · 무효 "
            "{invalid:,}",
            effective=s.by_nature["effective"],
            communication=s.by_nature["communication"],
            support=s.by_nature["support"],
            invalid=s.by_nature["invalid"],
        ),
        tr(
            "  접수 확인: 안내한 기한 내 {rule} · 시계 기준 24시간 내 {clock}",
            rule=_pct(s.ack_within_rule_rate),
            clock=_pct(s.ack_within_24_clock_hours_rate),
        ),
        tr(
            "  기한 경과 {overdue:,} · 기간 말 미결 {open_at_end:,} · 고객 회신 대기 {waited:,} "
            "(현재 {waiting:,})",
            overdue=s.overdue,
            open_at_end=s.open_at_end,
            waited=s.waited_for_customer,
            waiting=s.waiting_now,
        ),
        tr(
            "  만족도 응답 {answered:,} · 응답 없음 {no_answer:,} · {score}점 이하 {low:,}",
            answered=s.satisfaction_answered,
            no_answer=s.satisfaction_no_answer,
            score=s.winback_score,
            low=s.low_satisfaction,
        ),
    ]
    for kind, row in sorted(s.compensation_outcomes.items()):
        lines.append(
            tr(
                "  보상 {kind}: 제안 {offered:,}건 {offered_amount:,}원 · 수락 {accepted:,}건 "
                "{accepted_amount:,}원 · 지급·이행 {delivered:,}건 {delivered_amount:,}원 · "
                "거절 {declined:,}건",
                kind=word("comp", kind, lang),
                offered=row["offered"]["count"],
                offered_amount=row["offered"]["amount"],
                accepted=row["accepted"]["count"],
                accepted_amount=row["accepted"]["amount"],
                delivered=row["delivered"]["count"],
                delivered_amount=row["delivered"]["amount"],
                declined=row["declined"]["count"],
            )
        )
    for row in s.by_category[:3]:
        lines.append(f"  {row['category']}: {row['count']:,} ({row['share']:.1%})")
    return "\n".join(lines)
