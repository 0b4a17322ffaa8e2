"""Commands that set an office up: a new database with its administrator (``init``), a staff
account (``user-add``), and the demo office with its demo cases (``demo``). They call the
same services as the first-start dialog and the user administration window.
"""

from __future__ import annotations

import argparse
import sys
import time

from cli.common import EXIT_FAIL, EXIT_OK, EXIT_USAGE, progress
from cli.login import NEW_PASSWORD_ENV, PASSWORD_ENV, log_in, logged_in, new_password
from core import services as sv
from core.demo.office import DemoTarget, demo_accounts, demo_target, set_up_demo_office
from core.procedure.permissions import require
from core.services import open_database
from core.words.catalogue import tr, trn

BULK_DEMO_FROM = 20_000


def cmd_init(args: argparse.Namespace, lang: str) -> int:
    db = open_database(args.db)
    try:
        if not sv.needs_setup(db):
            print(
                tr(
                    "이 데이터베이스에는 이미 사무소와 관리자가 있습니다. 새 데이터베이스는 "
                    "--db로 지정하세요."
                ),
                file=sys.stderr,
            )
            return EXIT_FAIL
        admin = sv.first_run_setup(
            db,
            office_name=args.office,
            case_prefix=args.prefix,
            admin_username=args.admin,
            admin_display_name=args.display_name or args.admin,
            admin_password=new_password(PASSWORD_ENV),
        )
        prefix = sv.get_settings(db, admin).case_prefix
    finally:
        db.dispose()
    print(
        tr(
            "사무소를 만들었습니다: {office} (접수번호 {prefix}-). 관리자 계정: {admin}",
            office=args.office.strip(),
            prefix=prefix,
            admin=admin.username,
        )
    )
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace, lang: str) -> int:
    with logged_in(args) as (db, actor):
        # The service's own permission, checked before a new password is asked for.
        assert sv.create_user.permission is not None
        require(actor.role, sv.create_user.permission)
        sv.create_user(
            db,
            actor,
            username=args.name,
            display_name=args.display_name or args.name,
            role=args.role,
            password=new_password(NEW_PASSWORD_ENV, fallback_env=PASSWORD_ENV),
        )
    print(tr("계정을 만들었습니다: {name} ({role})", name=args.name, role=args.role))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, lang: str) -> int:
    """An empty database becomes the demo office (no login: nobody is there yet); the demo
    office takes more demo cases from a logged-in user; any other database is refused."""
    if args.cases < 1:
        print(tr("--cases는 1 이상이어야 합니다."), file=sys.stderr)
        return EXIT_USAGE
    db = open_database(args.db)
    try:
        target = demo_target(db)
        if target is DemoTarget.OFFICE:
            print(
                tr(
                    "이 데이터베이스에는 데모가 아닌 사무소나 사건이 있어 데모 사건을 넣지 "
                    "않았습니다. 빈 데이터베이스를 --db로 지정하세요."
                ),
                file=sys.stderr,
            )
            return EXIT_FAIL
        if target is DemoTarget.EMPTY:
            actor = set_up_demo_office(db, new_password(PASSWORD_ENV))
        else:
            actor = log_in(db, args)
        started = time.perf_counter()
        # The demo texts load only when asked for. Small demos play every case through the
        # services; big ones draw the same stories and write them set-wise (core.demo.bulk).
        if args.cases < BULK_DEMO_FROM:
            from core.demo.story import generate
        else:
            from core.demo.bulk import generate_bulk as generate

        result = generate(db, args.cases, seed=args.seed, progress=progress, by=actor)
        # The demo spans up to two years: keep their monthly figures for the summaries, and
        # give the query planner statistics of what is now there.
        sv.keep_summary_figures(db, actor, months=25)
        db.analyze()
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
    print(
        trn(
            "데모 사건 {n:,}건 생성 ({seconds:.1f}초)",
            "데모 사건 {n:,}건 생성 ({seconds:.1f}초)",
            result.cases,
            seconds=seconds,
        )
    )
    if target is DemoTarget.EMPTY:
        accounts = ", ".join(f"{username} ({role})" for username, _, role in demo_accounts())
        print(tr("데모 계정 (비밀번호는 모두 지정한 비밀번호): {accounts}", accounts=accounts))
    return EXIT_OK
