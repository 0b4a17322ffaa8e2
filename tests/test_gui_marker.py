"""The ``gui`` mark reaches every Qt test (tests/conftest.py), so ``pytest -m "not gui"`` runs
the core, document and command-line tests alone, without a QApplication."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import is_gui_test

TESTS = Path(__file__).resolve().parent

# Collects the suite in a fresh process and says, after collecting (so after importing every
# test module and conftest), whether a QApplication exists.
_COLLECT = """
import sys
import pytest
from PySide6.QtWidgets import QApplication

class Probe:
    def pytest_collection_finish(self, session):
        print("QApplication made:", QApplication.instance() is not None)

sys.exit(pytest.main(sys.argv[1:], plugins=[Probe()]))
"""


def collect(marks: str) -> tuple[set[str], str]:
    """The node ids ``pytest -m marks`` selects, and the probe's line."""
    args = ["--collect-only", "-q", "-p", "no:cacheprovider", "-m", marks, str(TESTS)]
    run = subprocess.run(
        [sys.executable, "-c", _COLLECT, *args],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    probe = next(line for line in lines if line.startswith("QApplication made:"))
    return {line for line in lines if "::" in line}, probe


@pytest.mark.slow  # two collections of the whole suite
def test_every_gui_folder_test_is_marked_and_only_those_are_left_out():
    gui, gui_probe = collect("gui")
    others, others_probe = collect("not gui")
    in_gui_folder = {i for i in gui | others if i.startswith("tests/gui/")}
    # Every test module of the folder was collected, and every test in it is marked.
    files = {f"tests/gui/{p.name}" for p in (TESTS / "gui").glob("test_*.py")}
    assert {i.split("::")[0] for i in in_gui_folder} == files
    assert in_gui_folder <= gui
    assert not gui & others
    assert any(i.startswith("tests/core/") for i in others)
    # Importing every test module and conftest makes no QApplication: only pytest-qt's
    # fixtures do, and the tests that ask for them are the marked ones.
    assert others_probe == gui_probe == "QApplication made: False"


def test_a_test_asking_for_a_qt_fixture_is_a_gui_test_wherever_it_lives():
    core = TESTS / "core" / "test_widgets_somewhere.py"
    assert is_gui_test(SimpleNamespace(path=core, fixturenames=["db", "qtbot"]))
    assert is_gui_test(SimpleNamespace(path=core, fixturenames=["qapp"]))
    assert not is_gui_test(SimpleNamespace(path=core, fixturenames=["db", "staff"]))
    assert is_gui_test(SimpleNamespace(path=TESTS / "gui" / "test_x.py", fixturenames=[]))
