"""One catalogue for every visible word: each marked string of core, gui and cli has English,
no Korean literal bypasses the catalogue (no mixed screens, documents or messages), the
placeholders survive translation, and Qt's locale follows the language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from PySide6.QtCore import QLocale

from core.resources import resource_path
from core.words.catalogue import COMMENT_TAGS, KEYWORDS
from gui.common.i18n import set_language, tr, trn

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("core", "gui", "cli")
HANGUL = re.compile(r"[가-힣]")
MARKERS = set(KEYWORDS)  # tr, trc, trn, N_, NC_ (as functions or as a translator's methods)

# Korean that is not a word shown through the catalogue, each with the reason.
ALLOWED_FOLDERS = {
    # Demo content: realistic Korean complaints, names and notes; data, Korean by design.
    "core/demo/",
    # Migrations seed rows (the categories' Korean and English names) and never change.
    "core/db/migrations/",
    # The standard register's column headings: a file format, the same in every language,
    # which the import reads back.
    "core/register/standard.py",
}
ALLOWED = {
    # The Korean ways registers write dates (년 월 일, 오전/오후, 시 분 초): parsing patterns.
    ("core/register/dates.py", "년"),
    ("core/register/dates.py", "오전"),
    ("core/register/dates.py", "시"),
    ("core/register/dates.py", "초"),
    ("core/register/dates.py", "오후"),
    # The Korean ways a clerk types a moment at the counter (오늘, 어제 23시, 오후 3시 반,
    # 12월 1일): parsing patterns.
    *(
        ("core/procedure/typed_moments.py", word)
        for word in (
            *("오늘", "금일", "어제", "어저께", "그제", "그저께", "지금", "방금"),
            *("오전", "새벽", "아침", "오후", "낮", "저녁", "밤", "년", "시"),
        )
    ),
    # The standard register's sheet name (the file format, as above).
    ("core/register/files.py", "접수대장"),
    # Values stored in the records (the name that replaces a destroyed one, the consent's
    # purpose, the summary of the acknowledging contact), not words of the screen.
    ("core/services/retention.py", "(파기됨)"),
    ("core/services/intake.py", "고객불만 처리 및 결과 회신"),
    ("core/services/workflow.py", "접수 확인 및 처리 일정 안내"),
    ("core/services/register_rows.py", "미상"),  # the name of a customer a register left out
    ("core/services/register_rows.py", "기존 접수대장에서 가져옴"),
    ("core/services/register_import.py", "접수대장에서 가져옴 ("),  # the audit trail's reason
    # The won sign an amount in a register may carry: a parsing pattern.
    ("core/services/register_rows.py", "(원|KRW|krw|won)"),
    # --help is English and names the product and a document by their Korean names.
    ("cli/parser.py", "경청 Complaint Desk"),
    ("cli/parser.py", "(사건 기록부)"),
    # The answers a Korean user types at the restore prompt, accepted in either language.
    ("cli/commands_records.py", "예"),
    ("cli/commands_records.py", "네"),
}


def _python_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def stray_korean(source: str, name: str) -> list[str]:
    """Korean string constants of ``source`` outside a marker or translation call, outside a
    docstring and outside the allow-list; and f-strings passed to a translation call."""
    if any(name.startswith(folder) for folder in ALLOWED_FOLDERS):
        return []
    tree = ast.parse(source)
    inside: set[int] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MARKERS:
            inside.update(id(n) for n in ast.walk(node))
            found += [
                f"{name}:{node.lineno}: f-string in {_call_name(node)}()"
                for arg in node.args
                if isinstance(arg, ast.JoinedStr)
            ]
        if isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)
        ) and ast.get_docstring(node):
            inside.add(id(node.body[0].value))  # type: ignore[attr-defined]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HANGUL.search(node.value)
            and id(node) not in inside
            and not any(name == f and text in node.value for f, text in ALLOWED)
        ):
            found.append(f"{name}:{node.lineno}: {node.value[:40]!r}")
    return found


def _extracted() -> dict[tuple[str | None, str], tuple[object, str]]:
    """(context, msgid) -> (message, where) for every marked string, as pybabel extracts."""
    found: dict[tuple[str | None, str], tuple[object, str]] = {}
    for folder in SOURCES:
        for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT / folder),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault((context, msgid), (message, f"{folder}/{filename}:{lineno}"))
    return found


@pytest.fixture(scope="module")
def english():
    with resource_path("translations", "en.po").open("rb") as f:
        return read_po(f)


def test_every_marked_string_has_english(english):
    extracted = _extracted()
    assert len(extracted) > 500  # the extraction found the program's words
    missing = []
    for (context, msgid), (message, where) in extracted.items():
        entry = english.get(msgid, context=context)
        forms = entry.string if entry is not None else None
        forms = forms if isinstance(forms, tuple) else (forms,)
        plural_ok = entry is not None and isinstance(message, tuple) == entry.pluralizable
        if not plural_ok or not all(forms) or entry.fuzzy:
            missing.append(f"{where}: {context or ''} {msgid!r}")
    assert missing == []


def test_no_english_entry_is_still_korean(english):
    korean_left = [
        m.id
        for m in english
        if m.id and any(HANGUL.search(s) for s in (m.string if m.pluralizable else (m.string,)))
    ]
    assert korean_left == []


def test_no_korean_literal_bypasses_the_catalogue():
    stray = []
    for path in _python_files():
        name = path.relative_to(ROOT).as_posix()
        stray += stray_korean(path.read_text(encoding="utf-8"), name)
    assert stray == []


def test_the_scanner_catches_a_new_korean_label():
    assert stray_korean('label = QLabel("새 문구")\n', "gui/new_page.py")
    assert stray_korean('label = QLabel(f"{n}건")\n', "gui/new_page.py")
    assert stray_korean('label = QLabel(tr(f"{n}건"))\n', "gui/new_page.py")
    assert not stray_korean('label = QLabel(tr("새 문구"))\n', "gui/new_page.py")
    assert not stray_korean('"""모듈 설명."""\nx = words.trc("status", "접수")\n', "core/x.py")


def _names(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_placeholders_survive_translation(english):
    wrong = []
    for m in english:
        if not m.id:
            continue
        ids = m.id if m.pluralizable else (m.id,)
        forms = m.string if m.pluralizable else (m.string,)
        wanted = set().union(*(_names(i) for i in ids))
        for form in forms:
            if _names(form) - wanted or (wanted - {"n"}) - _names(form):
                wrong.append((m.context, m.id, form))
    assert wrong == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_placeholders_are_filled_in(lang):
    set_language(lang)
    try:
        text = tr(
            "접수 완료: {case_no} — 접수 확인 기한 {due} (처리 기한 {resolve})",
            case_no="GN-2026-000001",
            due="2026-03-11 16:00",
            resolve="2026-03-18 18:00",
        )
        one, many = trn("{n}건", "{n}건", 1), trn("{n}건", "{n}건", 2)
    finally:
        set_language("ko")
    assert "GN-2026-000001" in text and "2026-03-11 16:00" in text
    assert (one, many) == (("1 case", "2 cases") if lang == "en" else ("1건", "2건"))


def test_qt_locale_follows_the_language():
    try:
        set_language("ko")
        assert QLocale().language() == QLocale.Language.Korean
        assert QLocale().territory() == QLocale.Country.SouthKorea
        set_language("en")
        assert QLocale().language() == QLocale.Language.English
    finally:
        set_language("ko")
    assert QLocale().language() == QLocale.Language.Korean
