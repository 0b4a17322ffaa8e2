"""The log file: personal data never reaches it, and it rotates instead of growing."""

from __future__ import annotations

import logging

import pytest

from core.logs import close_logging, scrub, setup_logging, traceback_without_values

PERSONAL = [
    "010-1234-5678",
    "01098765432",
    "011 234 5678",
    "+82 10-5555-1234",
    "02-123-4567",
    "031-987-6543",
    "hong.gildong@example.co.kr",
    "900101-1234567",
    "8512312345678",
]


@pytest.fixture
def log_file(tmp_path):
    path = setup_logging(tmp_path / "logs", max_bytes=4000, backups=2)
    assert path is not None
    yield path
    close_logging(path)


@pytest.mark.parametrize("value", PERSONAL)
def test_scrub_removes_personal_data(value):
    assert value not in scrub(f"고객 {value} 문의")


@pytest.mark.parametrize("harmless", ["GN-2026-000123", "2026-03-09 10:00:01", "case 123456"])
def test_scrub_keeps_case_numbers_and_times(harmless):
    assert scrub(harmless) == harmless


def test_personal_data_never_reaches_the_file(log_file):
    log = logging.getLogger("tests.logs")
    log.warning("customer %s called from %s", "홍길동 <hong@example.com>", "010-1234-5678")
    log.warning("주민등록번호 900101-1234567, 휴대폰 01098765432, 메일 a.b@c.kr")
    try:
        raise ValueError("bad phone 010-2222-3333 for kim@example.org")
    except ValueError:
        log.exception("import failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "import failed" in text and "Traceback" in text
    assert "<phone>" in text and "<email>" in text and "<rrn>" in text
    for value in (
        *PERSONAL[:1],
        "hong@example.com",
        "900101-1234567",
        "01098765432",
        "a.b@c.kr",
        "010-2222-3333",
        "kim@example.org",
    ):
        assert value not in text


def test_the_file_rotates(log_file):
    log = logging.getLogger("tests.logs")
    for i in range(200):
        log.warning("줄 %d: 접수 처리 중 %s", i, "가" * 40)
    rotated = sorted(p.name for p in log_file.parent.iterdir())
    assert rotated == ["desk.log", "desk.log.1", "desk.log.2"]  # backups=2: no third copy
    kept = "".join(p.read_text(encoding="utf-8") for p in log_file.parent.iterdir())
    assert "줄 199:" in kept and "줄 0:" not in kept  # the oldest lines were let go


def test_setting_up_twice_adds_one_handler(log_file):
    before = len(logging.getLogger().handlers)
    assert setup_logging(log_file.parent) == log_file
    assert len(logging.getLogger().handlers) == before


def test_traceback_without_values_keeps_frames_not_messages():
    secret = "".join(["hong", "gildong"])  # built, so the source lines do not contain it

    def inner():
        raise KeyError(secret)

    try:
        try:
            inner()
        except KeyError as exc:
            raise RuntimeError(f"saving {secret} failed") from exc
    except RuntimeError as exc:
        text = traceback_without_values(type(exc), exc, exc.__traceback__)
    assert "builtins.KeyError" in text and "builtins.RuntimeError" in text
    assert "in inner" in text and "direct cause" in text
    assert text.index("KeyError") < text.index("builtins.RuntimeError")
    assert secret not in text


def test_default_folder_follows_the_data_dir_override(tmp_path, monkeypatch):
    from core.paths import DATA_DIR_ENV, backups_dir, data_dir

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "office"))
    assert data_dir() == tmp_path / "office"
    assert backups_dir() == tmp_path / "office" / "backups" and backups_dir().is_dir()
    path = setup_logging()
    try:
        assert path == (tmp_path / "office" / "logs" / "desk.log").resolve()
    finally:
        close_logging(path)
