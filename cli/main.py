"""The command line (DESIGN.md): the same services the windows call, as the OS user."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

from core import services as sv
from core.actor import Actor
from core.errors import DeskError
from core.logs import setup_logging
from core.services import open_database
from core.views import Period, Summary
from core.words.messages import describe

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="경청 Complaint Desk. Without a command, starts the app.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL (default: a SQLite file in the user data directory)",
    )
    parser.add_argument("--lang", choices=("ko", "en"), default=None, help="language (default ko)")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="fill the database with realistic Korean demo cases")
    demo.add_argument("--cases", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    sub.add_parser(
        "audit-verify",
        help="exit 0 when the audit trail and the access records are intact, 1 otherwise",
    )
    back = sub.add_parser("backup", help="write a verified backup of the database into DIR")
    back.add_argument("dir", metavar="DIR")
    rest = sub.add_parser(
        "restore", help="replace the database with a backup (a safety copy is taken first)"
    )
    rest.add_argument("file", metavar="FILE")
    rest.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    summ = sub.add_parser("summary", help="the monthly or annual complaint summary")
    when = summ.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM")
    when.add_argument("--year", metavar="YYYY")
    summ.add_argument("--json", action="store_true", help="print the figures as JSON")
    summ.add_argument("--pdf", metavar="OUT", help="write the summary as a PDF")
    cf = sub.add_parser("case-file", help="print a case file (사건 기록부) to PDF")
    cf.add_argument("case_no", metavar="CASE_NO")
    cf.add_argument("--pdf", metavar="OUT", required=True)
    imp = sub.add_parser("import", help="import a register (.csv or .xlsx)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--mapping", metavar="MAP.toml", help="columns and values of the file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    exp = sub.add_parser("export", help="export the register (.csv or .xlsx by extension)")
    exp.add_argument("file", metavar="FILE")
    exp.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="received on or after")
    exp.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="received on or before")
    find = sub.add_parser("search", help="full-text search: matching case numbers, best first")
    find.add_argument("query", metavar="QUERY")
    find.add_argument("--limit", type=int, default=50, metavar="N")
    find.add_argument("--json", action="store_true", help="print the matches as JSON")
    return parser


def _say(lang: str, ko: str, en: str) -> str:
    return en if lang == "en" else ko


BULK_DEMO_FROM = 20_000


def progress(done: int, total: int) -> None:
    """Counts on stderr: rewritten in place on a terminal, a line now and then in a log."""
    if sys.stderr.isatty():
        print(f"\r{done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr)
    elif done == total or done % 5000 == 0:
        print(f"{done:,}/{total:,}", file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    if args.cases < 1:
        print(
            _say(lang, "--cases는 1 이상이어야 합니다.", "--cases must be at least 1."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    db = open_database(args.db)
    started = time.perf_counter()

    # The demo texts load only when asked for. Small demos play every case through the
    # services; big ones draw the same stories and write them set-wise (core.demo.bulk).
    if args.cases < BULK_DEMO_FROM:
        from core.demo.story import generate
    else:
        from core.demo.bulk import generate_bulk as generate

    result = generate(db, args.cases, seed=args.seed, progress=progress)
    # The demo spans up to two years: keep their monthly figures for the summaries, and
    # give the query planner statistics of what is now there.
    sv.keep_summary_figures(db, Actor.system(), months=25)
    db.analyze()
    seconds = time.perf_counter() - started
    print(
        _say(
            lang,
            f"데모 사건 {result.cases:,}건 생성 ({seconds:.1f}초)",
            f"created {result.cases:,} demo cases ({seconds:.1f} s)",
        )
    )
    if result.staff_password:
        accounts = ", ".join(f"{u} ({r})" for u, r in result.staff)
        print(
            _say(
                lang,
                f"데모 직원 계정: {accounts}\n비밀번호: {result.staff_password}",
                f"demo staff accounts: {accounts}\npassword: {result.staff_password}",
            )
        )
    db.dispose()
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace, lang: str) -> int:
    db = open_database(args.db)
    system = Actor.system()
    chains = (
        (sv.verify_audit_chain(db, system), ("감사 기록", "audit chain"), ("이벤트", "event")),
        (
            sv.verify_access_chain(db, system),
            ("개인정보 접속기록", "access records"),
            ("기록", "record"),
        ),
    )
    db.dispose()
    reasons = {
        "hash_mismatch": ("내용이 변경됨", "its content was changed"),
        "broken_link": (
            "앞 기록과의 연결이 끊김 (순서 변경)",
            "its link to the previous one is broken (reordered)",
        ),
        "missing_event": ("기록이 삭제됨", "it is missing (deleted)"),
        "head_mismatch": ("마지막 기록 이후가 잘려 나감", "those after it were removed"),
    }
    status = EXIT_OK
    for report, (name_ko, name_en), (unit_ko, unit_en) in chains:
        if report.ok:
            print(
                _say(
                    lang,
                    f"{name_ko} 무결성 확인: {unit_ko} {report.checked:,}건 이상 없음",
                    f"{name_en} intact: {report.checked:,} {unit_en}s verified",
                )
            )
            continue
        status = EXIT_FAIL
        ko, en = reasons.get(report.reason or "", (report.reason or "", report.reason or ""))
        print(
            _say(
                lang,
                f"{name_ko} 손상: {unit_ko} #{report.bad_seq} — {ko} "
                f"(앞선 {report.checked:,}건은 정상)",
                f"{name_en} broken at {unit_en} #{report.bad_seq}: {en} "
                f"({report.checked:,} earlier {unit_en}s intact)",
            ),
            file=sys.stderr,
        )
    return status


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    db = open_database(args.db)
    try:
        info = sv.make_backup(db, Actor.system(), args.dir)
    finally:
        db.dispose()
    print(
        _say(
            lang,
            f"백업 완료: {info.path} ({info.size / 1e6:.1f} MB, 사건 {info.cases:,}건, "
            f"감사 기록 {info.audit_events:,}건·접속기록 {info.access_records:,}건 검증)",
            f"backup written: {info.path} ({info.size / 1e6:.1f} MB, {info.cases:,} cases, "
            f"{info.audit_events:,} audit events and {info.access_records:,} access records "
            "verified)",
        )
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    if sys.stdin.isatty() and not args.yes:
        answer = input(
            _say(
                lang,
                "현재 데이터를 이 백업으로 바꿉니다(현재 데이터는 안전 사본으로 남습니다). "
                "계속할까요? [y/N] ",
                "This replaces the current data with the backup (a safety copy of the "
                "current data is kept). Continue? [y/N] ",
            )
        )
        if answer.strip().lower() not in ("y", "yes", "예", "네"):
            return EXIT_FAIL
    db = open_database(args.db)
    try:
        safety = sv.restore_backup(db, Actor.system(), args.file)
    finally:
        db.dispose()
    print(
        _say(
            lang,
            f"복원 완료. 복원 전 데이터의 안전 사본: {safety.path}",
            f"restored. Safety copy of the data before the restore: {safety.path}",
        )
    )
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, lang: str) -> int:
    import json
    from pathlib import Path

    period = args.month or args.year
    try:
        Period.parse(period)
    except ValueError:
        print(
            _say(
                lang,
                f"기간 형식이 잘못되었습니다: {period} (YYYY-MM 또는 YYYY)",
                f"bad period: {period} (YYYY-MM or YYYY)",
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    db = open_database(args.db)
    actor = Actor.system()
    result = sv.period_summary(db, actor, period, lang=lang)
    if args.pdf:
        Path(args.pdf).write_bytes(sv.summary_pdf(db, actor, period, lang=lang))
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    elif not args.pdf:
        print(_text_summary(result, lang))
    db.dispose()
    return EXIT_OK


def cmd_import(args: argparse.Namespace, lang: str) -> int:
    """Exit 0 when every row is in (or was already), 1 when some rows were rejected."""
    import json

    from core.services.register import import_register
    from core.services.register_files import FileReadError, MappingError, load_mapping

    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
    except MappingError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.db)

    try:
        report = import_register(
            db, Actor.system(), args.file, mapping, dry_run=args.dry_run, progress=progress
        )
    except FileReadError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAIL
    finally:
        db.dispose()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        head = _say(
            lang,
            f"{'(시험) ' if report.dry_run else ''}행 {report.rows:,}개: "
            f"가져옴 {report.imported:,}, 이미 있음 {report.already_here:,}, "
            f"거부 {len(report.rejected):,}",
            f"{'(dry run) ' if report.dry_run else ''}{report.rows:,} rows: "
            f"imported {report.imported:,}, already here {report.already_here:,}, "
            f"rejected {len(report.rejected):,}",
        )
        print(head)
        for p in report.rejected:
            print(_say(lang, f"  {p.line}행: {p.reason}", f"  line {p.line}: {p.reason}"))
        for p in report.warnings:
            print(
                _say(
                    lang, f"  {p.line}행 (참고): {p.reason}", f"  line {p.line} (note): {p.reason}"
                )
            )
        if report.new_categories:
            names = ", ".join(report.new_categories)
            print(_say(lang, f"새로 만든 분류: {names}", f"new categories: {names}"))
    return EXIT_FAIL if report.rejected else EXIT_OK


def cmd_export(args: argparse.Namespace, lang: str) -> int:
    from datetime import date, datetime, time, timedelta

    from core.services.register import export_register

    db = open_database(args.db)
    try:
        tz = sv.get_settings(db, Actor.system()).calendar().tz
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
                _say(lang, "날짜는 YYYY-MM-DD로 입력하세요.", "dates are YYYY-MM-DD"),
                file=sys.stderr,
            )
            return EXIT_USAGE
        count = export_register(
            db, Actor.system(), args.file, received_from=start, received_to=end, lang=lang
        )
    finally:
        db.dispose()
    print(
        _say(
            lang,
            f"사건 {count:,}건을 내보냈습니다: {args.file}",
            f"exported {count:,} cases: {args.file}",
        )
    )
    return EXIT_OK


def cmd_search(args: argparse.Namespace, lang: str) -> int:
    import json

    if args.limit < 1:
        print(
            _say(lang, "--limit는 1 이상이어야 합니다.", "--limit must be at least 1."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    db = open_database(args.db)
    hits = sv.search_cases(db, Actor.system(), args.query, limit=args.limit)
    db.dispose()
    if args.json:
        found = [{"case_no": h.case_no, "rank": h.rank} for h in hits]
        print(json.dumps({"query": args.query, "matches": found}, ensure_ascii=False, indent=2))
    elif hits:
        for h in hits:
            print(f"{h.case_no}\t{h.rank:g}")
    else:
        print(_say(lang, "찾은 사건이 없습니다.", "no cases found"))
    return EXIT_OK


def cmd_case_file(args: argparse.Namespace, lang: str) -> int:
    from pathlib import Path

    db = open_database(args.db)
    actor = Actor.system()
    case_id = sv.find_case_id(db, actor, args.case_no)
    Path(args.pdf).write_bytes(sv.case_file_pdf(db, actor, case_id, lang=lang))
    print(
        _say(
            lang,
            f"{args.case_no} 사건 기록부: {args.pdf}",
            f"case file of {args.case_no}: {args.pdf}",
        )
    )
    db.dispose()
    return EXIT_OK


def _text_summary(s: Summary, lang: str) -> str:
    rate = "-" if s.ack_within_24h_rate is None else f"{s.ack_within_24h_rate:.1%}"
    lines = [
        _say(
            lang,
            f"기간 {s.period}: 접수 {s.received:,}건",
            f"period {s.period}: {s.received:,} received",
        ),
        _say(
            lang,
            f"  유효 {s.by_nature['effective']:,} · 의사소통형 {s.by_nature['communication']:,} · "
            f"처리지원 {s.by_nature['support']:,} · 무효 {s.by_nature['invalid']:,}",
            f"  effective {s.by_nature['effective']:,} · communication "
            f"{s.by_nature['communication']:,} · support {s.by_nature['support']:,} · invalid "
            f"{s.by_nature['invalid']:,}",
        ),
        _say(
            lang,
            f"  24시간 내 접수 확인 {rate} · 기한 경과 {s.overdue:,} · "
            f"기간 말 미결 {s.open_at_end:,}",
            f"  acknowledged within 24h {rate} · overdue {s.overdue:,} · open at end "
            f"{s.open_at_end:,}",
        ),
    ]
    for row in s.by_category[:3]:
        lines.append(f"  {row['category']}: {row['count']:,} ({row['share']:.1%})")
    return "\n".join(lines)


def main(
    argv: Sequence[str] | None = None,
    start_app: Callable[[str | None, str | None], int] | None = None,
) -> int:
    """Run a command; without one, ``start_app(db_url, lang)`` (the GUI, given by main.py)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()  # <data dir>/logs/desk.log, personal data scrubbed
    lang = args.lang or "ko"
    if args.command is None:
        if start_app is None:
            parser.print_help()
            return EXIT_USAGE
        return start_app(args.db, args.lang)
    handlers = {
        "demo": cmd_demo,
        "audit-verify": cmd_audit_verify,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "summary": cmd_summary,
        "case-file": cmd_case_file,
        "search": cmd_search,
        "import": cmd_import,
        "export": cmd_export,
    }
    try:
        return handlers[args.command](args, lang)
    except DeskError as exc:
        print(describe(exc, lang), file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # a database that cannot be opened, a full disk, ...
        print(_say(lang, f"오류: {exc}", f"error: {exc}"), file=sys.stderr)
        return EXIT_FAIL
