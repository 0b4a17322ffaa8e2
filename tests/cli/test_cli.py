"""The command line as a subprocess, the way an office script would call it, logged in as a
user of the office through the environment (tests/cli/test_cli_login.py: without one)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.runner import DEMO_PASSWORD, office, run
from tests.conftest import PASSWORD

# The demo office's accounts (core.demo.office), with the password the demo gave them.
SUPERVISOR = {"user": "supervisor", "password": DEMO_PASSWORD}
ADMIN = {"user": "admin", "password": DEMO_PASSWORD}


def demo(url: str, cases: int, *, seed: int):
    """``demo`` on an empty database: the demo office, its accounts with DEMO_PASSWORD."""
    return run(
        "--db", url, "demo", "--cases", str(cases), "--seed", str(seed), password=DEMO_PASSWORD
    )


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_demo_then_audit_verify(url, tmp_path):
    made = demo(url, 120, seed=7)
    assert made.returncode == 0, made.stderr
    assert "120" in made.stdout
    ok = run("--db", url, "audit-verify")
    assert ok.returncode == 0, ok.stderr
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM cases")}
    # One case in each open status, waiting for the customer among them.
    assert statuses == {"received", "acknowledged", "in_progress", "waiting", "resolved", "closed"}
    closures = {
        c for (c,) in con.execute("SELECT DISTINCT closure FROM cases WHERE closure IS NOT NULL")
    }
    # The demo spans the two years before today, so a seed draws differently from day to day:
    # completed closures always, and some case closed early (invalid or withdrawn, about 6 %
    # of the cases each run).
    assert "completed" in closures and closures & {"invalid", "withdrawn"}
    assert closures <= {"completed", "invalid", "withdrawn"}
    assert con.execute("SELECT count(*) FROM follow_ups WHERE satisfaction IS NOT NULL").fetchone()[
        0
    ]
    assert con.execute("SELECT count(*) FROM compensations").fetchone()[0]
    first, last = con.execute(
        "SELECT date(min(received_at) / 1000000, 'unixepoch'), "
        "date(max(received_at) / 1000000, 'unixepoch') FROM cases"
    ).fetchone()
    assert first[:7] < last[:7]  # spread over months
    # An edited event is caught, and named.
    con.execute("UPDATE audit_events SET changes = '{}' WHERE seq = 10")
    con.commit()
    con.close()
    broken = run("--db", url, "audit-verify")
    assert broken.returncode == 1
    assert "#10" in broken.stderr


def test_demo_is_reproducible(tmp_path):
    rows = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        assert demo(url, 30, seed=3).returncode == 0
        con = sqlite3.connect(tmp_path / f"{name}.sqlite3")
        rows.append(
            con.execute(
                "SELECT case_no, subject, status, channel FROM cases ORDER BY case_no"
            ).fetchall()
        )
        con.close()
    assert rows[0] == rows[1]


def test_bad_arguments_exit_non_zero(url):
    assert run("--db", url, "demo", "--cases", "0").returncode != 0
    assert run("--db", url, "no-such-command").returncode != 0


def test_unreachable_database_gives_a_clear_message():
    result = run("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "audit-verify")
    assert result.returncode == 1
    assert "데이터베이스 서버에 연결할 수 없습니다" in result.stderr
    assert "Traceback" not in result.stderr and "psycopg" not in result.stderr


def test_summary_and_case_file(url, tmp_path):
    import json

    from pypdf import PdfReader

    assert demo(url, 60, seed=2).returncode == 0
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    ((case_no, month),) = con.execute(
        "SELECT case_no, substr(date(received_at / 1000000, 'unixepoch'), 1, 7) FROM cases "
        "ORDER BY id DESC LIMIT 1"
    ).fetchall()
    con.close()
    out = run(
        "--db",
        url,
        "summary",
        "--month",
        month,
        "--json",
        "--pdf",
        str(tmp_path / "s.pdf"),
        **SUPERVISOR,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in (
        "period",
        "received",
        "by_nature",
        "by_category",
        "top3_share",
        "by_channel",
        "ack_within_rule_rate",
        "ack_within_24_clock_hours_rate",
        "compensation_outcomes",
        "waited_for_customer",
        "satisfaction_no_answer",
        "low_satisfaction",
        "improvements",
        "resolution_days_median",
        "resolution_days_p90",
        "overdue",
        "compensation",
        "satisfaction_mean",
        "open_at_end",
    ):
        assert key in data
    assert set(data["by_nature"]) == {"effective", "communication", "support", "invalid"}
    assert data["received"] >= 1 and data["period"] == month
    assert "고객불만 요약" in PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
    made = run("--db", url, "case-file", case_no, "--pdf", str(tmp_path / "c.pdf"), **SUPERVISOR)
    assert made.returncode == 0, made.stderr
    assert case_no in PdfReader(tmp_path / "c.pdf").pages[0].extract_text()
    missing = run(
        "--db", url, "case-file", "XX-2026-999999", "--pdf", str(tmp_path / "x.pdf"), **SUPERVISOR
    )
    assert missing.returncode == 1 and "찾을 수 없습니다" in missing.stderr
    assert run("--db", url, "summary", "--month", "2026-13", **SUPERVISOR).returncode == 2


def test_search_prints_the_matching_case_numbers_as_json(url, tmp_path):
    import json

    assert demo(url, 60, seed=2).returncode == 0
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    # A two-syllable word from a demo subject, and the cases that truly contain it.
    subject = con.execute("SELECT subject FROM cases ORDER BY id LIMIT 1").fetchone()[0]
    word = next(w for w in subject.split() if len(w) >= 2)[:2]
    expected = {
        n
        for (n,) in con.execute(
            "SELECT case_no FROM cases c JOIN customers u ON u.id = c.customer_id "
            "WHERE instr(c.subject, ?) OR instr(c.description, ?) OR instr(u.name, ?) "
            "OR c.id IN (SELECT case_id FROM actions WHERE instr(note, ?)) "
            "OR c.id IN (SELECT case_id FROM contacts WHERE instr(summary, ?))",
            [word] * 5,
        )
    }
    con.close()
    clerk = {"user": "clerk.kim", "password": DEMO_PASSWORD}
    found = run("--db", url, "search", word, "--limit", "1000", "--json", **clerk)
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert {m["case_no"] for m in data["matches"]} == expected
    ranks = [m["rank"] for m in data["matches"]]
    assert ranks == sorted(ranks, reverse=True)
    limited = json.loads(run("--db", url, "search", word, "--limit", "2", "--json", **clerk).stdout)
    assert len(limited["matches"]) == min(2, len(expected))
    assert run("--db", url, "search", word, "--limit", "0", **clerk).returncode != 0


def test_import_and_export_from_the_command_line(url, tmp_path):
    import json

    office(url)
    supervisor = {"user": "supervisor", "password": PASSWORD}

    register = tmp_path / "대장.csv"
    register.write_bytes(
        (
            "날짜,제목,내용\r\n"
            "2026.02.03,주차 문제,차단기 고장\r\n"
            "어제,날짜 오류,내용\r\n"
            "2026. 2. 4.,소음,윗집 층간소음\r\n"
        ).encode("cp949")
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\nreceived_at = "날짜"\nsubject = "제목"\ndescription = "내용"\n',
        encoding="utf-8",
    )
    trial = run(
        "--db", url, "import", str(register), "--mapping", str(mapping), "--dry-run", **supervisor
    )
    assert trial.returncode == 1 and "3행" in trial.stdout  # the bad row, by its line
    done = run(
        "--db", url, "import", str(register), "--mapping", str(mapping), "--json", **supervisor
    )
    report = json.loads(done.stdout)
    assert report["imported"] == 2 and [p["line"] for p in report["rejected"]] == [3]
    again = json.loads(
        run(
            "--db", url, "import", str(register), "--mapping", str(mapping), "--json", **supervisor
        ).stdout
    )
    # No reference column: the rows' content tells them apart, so nothing is added twice.
    assert (again["imported"], again["already_here"]) == (0, 2)

    out = tmp_path / "out.csv"
    exported = run(
        "--db", url, "export", str(out), "--from", "2026-02-04", "--to", "2026-02-04", **supervisor
    )
    assert exported.returncode == 0, exported.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel shows the Hangul
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("접수번호,접수일시,접수경로")
    assert len(lines) == 2 and "층간소음" in lines[1]  # only the 4th of February
    assert run("--db", url, "import", str(tmp_path / "none.csv"), **supervisor).returncode != 0
    bad_map = tmp_path / "bad.toml"
    bad_map.write_text("[columns]\nnot_a_field = 'x'\n", encoding="utf-8")
    refused = run("--db", url, "import", str(register), "--mapping", str(bad_map), **supervisor)
    assert refused.returncode == 2 and "not_a_field" in refused.stderr


def test_backup_and_restore_from_the_command_line(url, tmp_path):
    assert demo(url, 25, seed=4).returncode == 0
    made = run("--db", url, "backup", str(tmp_path / "usb"), **SUPERVISOR)
    assert made.returncode == 0, made.stderr
    (copy,) = (tmp_path / "usb").glob("gyeongcheong-*-manual.sqlite3")
    assert "25" in made.stdout and str(copy) in made.stdout

    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    con.execute("DROP TRIGGER no_delete_cases")  # a careless hand on the database file
    con.execute("DELETE FROM follow_ups")
    con.execute("DELETE FROM compensations")
    con.execute("DELETE FROM cases WHERE id > 10")
    con.commit()
    con.close()
    # Only a yes restores: no input, or a no, leaves the data as it is.
    for typed in (None, "n\n", "\n"):
        kept = run("--db", url, "restore", str(copy), typed=typed, **ADMIN)
        assert kept.returncode == 1 and "복원하지 않았습니다" in kept.stderr
        assert "백업: 경청 데모 관리사무소" in kept.stdout and "사건 25건" in kept.stdout
        assert "현재: 경청 데모 관리사무소" in kept.stdout and "사건 10건" in kept.stdout
        assert "다른 사무소" not in kept.stderr
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    assert con.execute("SELECT count(*) FROM cases").fetchone() == (10,)
    con.close()
    restored = run("--db", url, "restore", str(copy), typed="y\n", **ADMIN)
    assert restored.returncode == 0, restored.stderr
    assert "안전 사본" in restored.stdout
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    assert con.execute("SELECT count(*) FROM cases").fetchone() == (25,)
    con.close()
    assert run("--db", url, "audit-verify").returncode == 0

    bad = tmp_path / "not-a-backup.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    refused = run("--db", url, "restore", str(bad), "--yes", **ADMIN)
    assert refused.returncode == 1
    assert "백업" in refused.stderr and "Traceback" not in refused.stderr


def test_restore_shows_another_offices_backup_and_refuses_a_newer_releases(url, tmp_path):
    assert demo(url, 5, seed=4).returncode == 0
    other_url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    office(other_url, cases=3)  # 강남 관리사무소, prefix GN
    con = sqlite3.connect(tmp_path / "other.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    other = run("--db", url, "restore", str(tmp_path / "other.sqlite3"), **ADMIN)
    assert other.returncode == 1
    assert "백업: 강남 관리사무소 (접수번호 GN), 사건 3건" in other.stdout
    assert "주의: 다른 사무소의 백업입니다" in other.stderr

    # A backup from a release with a schema this one does not know.
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes((tmp_path / "other.sqlite3").read_bytes())
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    refused = run("--db", url, "restore", str(newer), "--yes", **ADMIN)
    assert refused.returncode == 1
    assert "더 새 버전" in refused.stderr and "9999" in refused.stderr
    assert "Traceback" not in refused.stderr
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    assert con.execute("SELECT count(*) FROM cases").fetchone() == (5,)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() != ("9999",)
    con.close()


def test_audit_verify_checks_the_access_records_too(url, tmp_path):
    assert demo(url, 5, seed=4).returncode == 0
    from core import services as sv
    from core.actor import Actor
    from core.services import open_database

    db = open_database(url)
    sv.get_case(db, Actor.system(), 1)
    sv.get_case(db, Actor.system(), 2)
    db.dispose()
    ok = run("--db", url, "audit-verify")
    assert ok.returncode == 0 and "접속기록" in ok.stdout
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    try:
        con.execute("UPDATE pii_access SET purpose = 'x' WHERE id = 1")
        raise AssertionError("the database let an access record be changed")
    except sqlite3.IntegrityError:
        pass
    con.execute("DROP TRIGGER no_update_pii_access")  # someone with the file in hand
    con.execute("UPDATE pii_access SET customer_id = customer_id + 1 WHERE id = 1")
    con.commit()
    con.close()
    broken = run("--db", url, "audit-verify")
    assert broken.returncode == 1
    assert "접속기록" in broken.stderr and "#1" in broken.stderr


def test_audit_verify_finds_a_case_and_a_role_changed_in_the_file(url, tmp_path):
    """The rows themselves, not only the trail: an amount and a role changed with a plain
    UPDATE are named by case number and user name, and the command fails."""
    assert demo(url, 5, seed=4).returncode == 0
    ok = run("--db", url, "audit-verify")
    assert ok.returncode == 0, ok.stderr
    assert "현재 데이터와 감사 기록 대조" in ok.stdout and "이상 없음" in ok.stdout
    con = sqlite3.connect(tmp_path / "cli.sqlite3")
    case_no = con.execute("SELECT case_no FROM cases WHERE id = 3").fetchone()[0]
    con.execute("UPDATE cases SET description = '고객 과실로 종결' WHERE id = 3")
    con.execute("UPDATE users SET role = 'admin' WHERE username = 'clerk.kim'")
    con.commit()
    con.close()
    broken = run("--db", url, "audit-verify")
    assert broken.returncode == 1
    assert "감사 기록 무결성 확인" in broken.stdout  # the chain itself is intact
    assert "현재 데이터가 감사 기록과 다름: 2건" in broken.stderr
    assert f"사건 {case_no}: 마지막 기록(#" in broken.stderr
    assert "사용자 clerk.kim: 마지막 기록(#" in broken.stderr
    english = run("--db", url, "--lang", "en", "audit-verify")
    assert f"Case {case_no}: changed without a record" in english.stderr


def test_audit_verify_with_a_usb_sticks_anchors_finds_an_older_copy_put_back(url, tmp_path):
    """Someone copies an older backup over the data to hide what came after: the trail
    verifies on its own, the anchors the backups left on the USB stick do not agree."""
    import shutil

    from core import services as sv
    from core.actor import Actor
    from core.services import open_database

    assert demo(url, 5, seed=4).returncode == 0
    usb = tmp_path / "usb"
    assert run("--db", url, "backup", str(usb), **SUPERVISOR).returncode == 0
    (older,) = usb.glob("*.sqlite3")
    kept = shutil.copy(older, tmp_path / "older.sqlite3")
    db = open_database(url)
    sv.get_case(db, Actor.system(), 2)  # a look someone would rather hide
    db.dispose()
    assert run("--db", url, "backup", str(usb), **SUPERVISOR).returncode == 0
    ok = run("--db", url, "audit-verify", "--anchors", str(usb))
    assert ok.returncode == 0, ok.stderr
    assert "기록 고정값 대조: 백업 2회의 고정값과 일치" in ok.stdout
    live = tmp_path / "cli.sqlite3"
    for extra in ("-wal", "-shm"):
        (tmp_path / f"cli.sqlite3{extra}").unlink(missing_ok=True)
    shutil.copy(kept, live)
    alone = run("--db", url, "audit-verify")  # the trail alone: intact
    assert "감사 기록 무결성 확인" in alone.stdout
    caught = run("--db", url, "audit-verify", "--anchors", str(usb))
    assert caught.returncode == 1
    assert "이전 파일로 되돌려졌습니다" in caught.stderr


def test_a_mistyped_database_path_is_said_and_nothing_is_created(tmp_path):
    missing = tmp_path / "typo.sqlite3"
    for command in (["audit-verify"], ["search", "소음"], ["summary", "--month", "2026-11"]):
        out = run("--db", f"sqlite:///{missing}", *command, **SUPERVISOR)
        assert out.returncode == 1, command
        assert "데이터베이스 파일이 없습니다" in out.stderr and "이상 없음" not in out.stdout
        assert "Traceback" not in out.stderr
    assert not missing.exists()


def test_a_backup_passphrase_seals_the_copy_and_opens_it_again(url, tmp_path):
    assert demo(url, 5, seed=4).returncode == 0
    phrase = {"GYEONGCHEONG_NEW_BACKUP_PASSPHRASE": "사무소 백업 암호 2026"}
    refused = run("--db", url, "set-backup-passphrase", env=phrase, **SUPERVISOR)
    assert refused.returncode == 1  # an admin's to set
    made = run("--db", url, "set-backup-passphrase", env=phrase, **ADMIN)
    assert made.returncode == 0, made.stderr
    assert "백업 암호를 정했습니다" in made.stdout and "사무소 백업 암호" not in made.stdout

    without = run("--db", url, "backup", str(tmp_path / "usb"), **SUPERVISOR)
    assert without.returncode == 1 and "백업 암호가 필요합니다" in without.stderr
    given = {"GYEONGCHEONG_BACKUP_PASSPHRASE": "사무소 백업 암호 2026"}
    sealed = run("--db", url, "backup", str(tmp_path / "usb"), env=given, **SUPERVISOR)
    assert sealed.returncode == 0, sealed.stderr
    (copy,) = (tmp_path / "usb").glob("gyeongcheong-*-manual.sqlite3.enc")

    wrong = {"GYEONGCHEONG_BACKUP_PASSPHRASE": "엉뚱한 암호 1234"}
    denied = run("--db", url, "restore", str(copy), "--yes", env=wrong, **ADMIN)
    assert denied.returncode == 1 and "백업 암호가 맞지 않습니다" in denied.stderr
    restored = run("--db", url, "restore", str(copy), "--yes", env=given, **ADMIN)
    assert restored.returncode == 0, restored.stderr
    assert "복원 완료" in restored.stdout
