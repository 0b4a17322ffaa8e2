"""Every visible string has English, and no Korean literal bypasses ``tr`` (no mixed screens)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from core.resources import resource_path
from gui.common.i18n import set_language, tr

GUI = Path(__file__).resolve().parents[2] / "gui"
HANGUL = re.compile(r"[가-힣]")
# Korean that is chosen by language() explicitly rather than through the catalogue.
ALLOWED = {("widgets.py", "{amount:,}원")}


def _marked_strings() -> dict[str, str]:
    found = {}
    for path in sorted(GUI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "N_"):
                arg = node.args[0] if node.args else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = path.name
    return found


def test_every_marked_string_has_english():
    catalogue = json.loads(resource_path("translations", "en.json").read_text(encoding="utf-8"))
    missing = sorted(s for s in _marked_strings() if not catalogue.get(s))
    assert missing == []
    korean_left = sorted(v for v in catalogue.values() if HANGUL.search(v))
    assert korean_left == []


def test_no_korean_literal_outside_tr():
    stray = []
    for path in sorted(GUI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("tr", "N_"):
                inside.update(id(n) for n in ast.walk(node))
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module)) and ast.get_docstring(
                node
            ):
                inside.add(id(node.body[0].value))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and HANGUL.search(node.value)
                and id(node) not in inside
            ):
                text = node.value
                if not any(path.name == f and text in allowed for f, allowed in ALLOWED):
                    stray.append(f"{path.name}:{node.lineno}: {text[:30]}")
    assert stray == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_placeholders_survive_translation(lang):
    set_language(lang)
    try:
        text = tr(
            "접수 완료: {case_no} — 접수 확인 기한 {due} (처리 기한 {resolve})",
            case_no="GN-2026-000001",
            due="2026-03-11 16:00",
            resolve="2026-03-18 18:00",
        )
    finally:
        set_language("ko")
    assert "GN-2026-000001" in text and "2026-03-11 16:00" in text
