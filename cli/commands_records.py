"""Commands that look after the records: verify the audit trail and the access records (no
login: it reads no personal data), write a verified backup, restore one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.common import EXIT_FAIL, EXIT_OK
from cli.login import LoginNeeded, ask, logged_in, say_phase
from core import services as sv
from core.actor import Actor
from core.errors import BackupFailed
from core.procedure.permissions import require
from core.services import open_database
from core.words.catalogue import tr, trn
from core.words.messages import chain_break_words

PASSPHRASE_ENV = "GYEONGCHEONG_BACKUP_PASSPHRASE"
NEW_PASSPHRASE_ENV = "GYEONGCHEONG_NEW_BACKUP_PASSPHRASE"


def cmd_audit_verify(args: argparse.Namespace, lang: str) -> int:
    db = open_database(args.db, must_exist=True, on_phase=say_phase)
    # The app's own backup folder, and a folder given by hand (a USB stick).
    folders = [(db.backup_dir, True)]
    if args.anchors:
        folders.append((Path(args.anchors), False))
    found = sv.check_records(db, Actor.system(), folders, args.printed)
    db.dispose()
    for ok, line in found.said(lang):
        print(line, file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if found.ok else EXIT_FAIL


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    with logged_in(args) as (db, actor):
        passphrase = backup_passphrase() if sv.seals(db, args.dir) else None
        info = sv.make_backup(db, actor, args.dir, passphrase=passphrase)
    print(
        trn(
            "백업 완료: {path} ({mb:.1f} MB, 사건 {n:,}건, 감사 기록 {audit_events:,}건·"
            "접속기록 {access_records:,}건 검증)",
            "백업 완료: {path} ({mb:.1f} MB, 사건 {n:,}건, 감사 기록 {audit_events:,}건·"
            "접속기록 {access_records:,}건 검증)",
            info.cases,
            path=info.path,
            mb=info.size / 1e6,
            audit_events=info.audit_events,
            access_records=info.access_records,
        )
    )
    if info.chain_break:
        print(chain_break_words(info.chain_break, lang), file=sys.stderr)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, lang: str) -> int:
    """Shows whose data the backup holds beside the data it replaces, then asks. Only a
    typed yes (or ``--yes`` in a script) restores: no answer, a closed input or anything
    else leaves the data as it is."""
    with logged_in(args) as (db, actor):
        passphrase = backup_passphrase() if sv.is_sealed(args.file) else None
        preview = sv.restore_preview(db, actor, args.file, passphrase=passphrase)
        if preview is not None:
            facts, warning = preview.said(lang)
            print(facts)
            if preview.newer:
                raise BackupFailed("restore_newer", revision=preview.backup.revision or "?")
            if warning:
                print(warning, file=sys.stderr)
        if not args.yes and not _agreed():
            print(
                tr("복원하지 않았습니다. 스크립트에서는 --yes를 붙여 실행하세요."),
                file=sys.stderr,
            )
            return EXIT_FAIL
        safety = sv.restore_backup(
            db, actor, args.file, admin_url=args.admin, passphrase=passphrase
        )
    print(tr("복원 완료. 복원 전 데이터의 안전 사본: {path}", path=safety.path))
    return EXIT_OK


def backup_passphrase() -> str | None:
    """The office's backup passphrase: from the environment, else typed (on a terminal);
    None when neither (the service says what is missing)."""
    return os.environ.get(PASSPHRASE_ENV) or ask(tr("백업 암호: ")) or None


def cmd_set_backup_passphrase(args: argparse.Namespace, lang: str) -> int:
    with logged_in(args) as (db, actor):
        assert sv.set_backup_passphrase.permission is not None
        require(actor.role, sv.set_backup_passphrase.permission)
        given = os.environ.get(NEW_PASSPHRASE_ENV)
        if not given:
            given = ask(tr("새 백업 암호: "))
            if given and ask(tr("백업 암호 확인: ")) != given:
                raise LoginNeeded(tr("백업 암호가 서로 다릅니다"))
        if not given:
            raise LoginNeeded(
                tr(
                    "새 백업 암호가 필요합니다. 환경 변수 {env}로 주거나 터미널에서 실행해 "
                    "입력하세요.",
                    env=NEW_PASSPHRASE_ENV,
                )
            )
        sv.set_backup_passphrase(db, actor, given)
    print(
        tr(
            "백업 암호를 정했습니다. 이제 데이터 폴더 밖(USB 등)으로 나가는 백업은 이 "
            "암호로 잠기고, 이 암호로만 복원할 수 있습니다. 암호를 잃으면 그 백업은 열 수 "
            "없으니 안전한 곳에 적어 두세요."
        )
    )
    return EXIT_OK


def _agreed() -> bool:
    try:
        answer = input(
            tr(
                "현재 데이터를 이 백업으로 바꿉니다(현재 데이터는 안전 사본으로 남습니다). "
                "계속할까요? [y/N] ",
            )
        )
    except EOFError:  # a closed input is not a yes
        return False
    return answer.strip().lower() in ("y", "yes", "예", "네")
