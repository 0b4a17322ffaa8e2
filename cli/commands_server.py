"""``setup-postgres``: the server's administrator prepares a shared PostgreSQL for the
counter PCs (core.services.server). No office login: the superuser's password is the key."""

from __future__ import annotations

import argparse
import os
import sys

from cli.common import EXIT_OK, EXIT_USAGE
from cli.login import new_password
from core import services as sv
from core.words.catalogue import tr

APP_PASSWORD_ENV = "GYEONGCHEONG_APP_PASSWORD"


def cmd_setup_postgres(args: argparse.Namespace, lang: str) -> int:
    if not args.db or not args.db.startswith("postgresql"):
        print(
            tr(
                "--db에 카운터 PC가 쓸 PostgreSQL 접속 주소를 주세요(예: "
                "postgresql+psycopg://desk@서버/gyeongcheong)."
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    # A password in --db is used as it is; the service reads it there.
    password = os.environ.get(APP_PASSWORD_ENV)
    if not password and sv.needs_app_password(args.admin, args.db):
        password = new_password(APP_PASSWORD_ENV)
    report = sv.set_up_server(args.admin, args.db, owner=args.owner, app_password=password)
    if "database" in report.created:
        print(tr("데이터베이스 {name}을(를) 만들었습니다.", name=report.database))
    if "app" in report.created:
        print(tr("앱 계정 {name}을(를) 만들었습니다.", name=report.app))
    if report.took_over:
        print(
            tr(
                "앱 계정 {app}이(가) 소유하던 표를 소유자 역할 {owner}에게 넘겼습니다.",
                app=report.app,
                owner=report.owner,
            )
        )
    if report.revision_before != report.revision_after:
        print(
            tr(
                "데이터베이스 구조: {before} → {after}",
                before=report.revision_before or "-",
                after=report.revision_after,
            )
        )
    print(
        tr(
            "준비되었습니다. 표 {n}개의 소유자는 {owner}이고, 앱 계정 {app}은(는) 경청에 "
            "필요한 권한만 가집니다(사건 삭제, 감사 기록·접속기록 수정, 트리거·표 변경 불가).",
            n=report.tables,
            owner=report.owner,
            app=report.app,
        )
    )
    print(tr("카운터 PC의 접속 주소: {url}", url=report.app_url))
    return EXIT_OK
