"""Commands that look after the records: verify the audit trail and the access records (no
login: it reads no personal data), write a verified backup, restore one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_FAIL, EXIT_OK
from cli.login import logged_in
from core import services as sv
from core.actor import Actor
from core.errors import BackupFailed
from core.services import open_database
from core.words.catalogue import N_, tr, trn
from core.words.messages import chain_break_words

# Why a chain does not verify (core.store's chain check), in words.
CHAIN_PROBLEMS = {
    "hash_mismatch": N_("내용이 변경됨"),
    "broken_link": N_("앞 기록과의 연결이 끊김 (순서 변경)"),
    "missing_event": N_("기록이 삭제됨"),
    "head_mismatch": N_("마지막 기록 이후가 잘려 나감"),
}


def cmd_audit_verify(args: argparse.Namespace, lang: str) -> int:
    db = open_database(args.db, must_exist=True)
    system = Actor.system()
    audit, access = sv.verify_audit_chain(db, system), sv.verify_access_chain(db, system)
    rows = sv.verify_bound_rows(db, system)
    # The app's own backup folder, and a folder given by hand (a USB stick).
    folders = [(db.backup_dir, True)]
    if args.anchors:
        folders.append((Path(args.anchors), False))
    held = [(folder, sv.verify_anchors(db, system, folder, own=own)) for folder, own in folders]
    db.dispose()
    status = EXIT_OK
    for report, which in ((audit, "audit"), (access, "access")):
        if report.ok:
            print(_intact(which, report.checked))
            continue
        status = EXIT_FAIL
        problem = report.reason or ""
        reason = tr(CHAIN_PROBLEMS[problem]) if problem in CHAIN_PROBLEMS else problem
        print(_broken(which, report.bad_seq, reason, report.checked), file=sys.stderr)
    said = rows.said(lang)
    if rows.ok:
        print(said[0])
    else:
        status = EXIT_FAIL
        print("\n".join(said), file=sys.stderr)
    for folder, anchored in held:
        said = anchored.said(lang)
        said[0] += f" — {folder}"
        if anchored.ok:
            print("\n".join(said))
        else:
            status = EXIT_FAIL
            print("\n".join(said), file=sys.stderr)
    return status


def _intact(which: str, checked: int) -> str:
    if which == "audit":
        return trn(
            "감사 기록 무결성 확인: 이벤트 {n:,}건 이상 없음",
            "감사 기록 무결성 확인: 이벤트 {n:,}건 이상 없음",
            checked,
        )
    return trn(
        "개인정보 접속기록 무결성 확인: 기록 {n:,}건 이상 없음",
        "개인정보 접속기록 무결성 확인: 기록 {n:,}건 이상 없음",
        checked,
    )


def _broken(which: str, seq: int | None, reason: str, checked: int) -> str:
    if which == "audit":
        return trn(
            "감사 기록 손상: 이벤트 #{seq} — {reason} (앞선 {n:,}건은 정상)",
            "감사 기록 손상: 이벤트 #{seq} — {reason} (앞선 {n:,}건은 정상)",
            checked,
            seq=seq,
            reason=reason,
        )
    return trn(
        "개인정보 접속기록 손상: 기록 #{seq} — {reason} (앞선 {n:,}건은 정상)",
        "개인정보 접속기록 손상: 기록 #{seq} — {reason} (앞선 {n:,}건은 정상)",
        checked,
        seq=seq,
        reason=reason,
    )


def cmd_backup(args: argparse.Namespace, lang: str) -> int:
    with logged_in(args) as (db, actor):
        info = sv.make_backup(db, actor, args.dir)
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
        preview = sv.restore_preview(db, actor, args.file)
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
        safety = sv.restore_backup(db, actor, args.file)
    print(tr("복원 완료. 복원 전 데이터의 안전 사본: {path}", path=safety.path))
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
