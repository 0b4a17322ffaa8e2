"""The packaging files, checked without building anything: the PyInstaller spec runs (with
PyInstaller's build steps replaced by recorders), takes its version from pyproject.toml and
lists data that exists; the Windows installer keeps the user's data unless told otherwise;
the icons are well-formed. installer/smoke_test.sh checks a real build."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import struct
import sys
import tomllib
import types
from pathlib import Path

import pytest

from core.paths import APP_NAME
from core.version import version

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "gyeongcheong.spec"
ISS = ROOT / "installer" / "windows" / "gyeongcheong.iss"
ICONS = ROOT / "resources" / "icons"


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


class Recorder:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE: keeps what the spec passed."""

    calls: list[tuple[str, tuple, dict]]

    def __init__(self, kind: str, *args, **kwargs) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        Recorder.calls.append((kind, args, kwargs))
        # Analysis gives the data back as (destination name, source, kind), as PyInstaller does.
        self.datas = [
            (str(Path(dest) / Path(src).name), src, "DATA") for src, dest in kwargs.get("datas", [])
        ]
        self.binaries = []
        self.pure, self.scripts = [], []


@pytest.fixture
def spec_run(tmp_path, monkeypatch):
    """Execute the spec as PyInstaller would, on this platform, with recorders."""
    Recorder.calls = []
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda package, includes=(): [  # type: ignore[attr-defined]
        (str(p), str(Path(package) / p.parent.relative_to(Path(spec_pkg(package)))))
        for pattern in includes
        for p in Path(spec_pkg(package)).glob(pattern)
    ]
    # As PyInstaller's: the package and every module below it.
    hooks.collect_submodules = lambda package: [  # type: ignore[attr-defined]
        package,
        *(
            f"{package}.{m.name}"
            for m in pkgutil.walk_packages(importlib.import_module(package).__path__)
        ),
    ]
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda filename, search_paths=None: set()  # type: ignore[attr-defined]
    for name, module in {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
        "PyInstaller.depend": types.ModuleType("PyInstaller.depend"),
        "PyInstaller.depend.bindepend": bindepend,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    namespace = {
        "__name__": "__main__",
        "__file__": str(SPEC),
        "SPECPATH": str(SPEC.parent),
        "workpath": str(tmp_path / "work"),
        "SPEC": str(SPEC),
        **{
            kind: (lambda *a, _k=kind, **kw: Recorder(_k, *a, **kw))
            for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
        },
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return namespace, {kind: (args, kwargs) for kind, args, kwargs in Recorder.calls}


def spec_pkg(package: str) -> str:
    found = importlib.util.find_spec(package)
    assert found is not None and found.submodule_search_locations
    return next(iter(found.submodule_search_locations))


def test_spec_is_python():
    ast.parse(SPEC.read_text(encoding="utf-8"))


def test_spec_version_is_pyproject_version(spec_run, tmp_path):
    namespace, _calls = spec_run
    assert namespace["VERSION"] == pyproject_version()
    # ... and the running app reports the same (from the file the spec writes in a bundle).
    assert (tmp_path / "work" / "VERSION").read_text(encoding="utf-8").strip() == version()
    assert version() == pyproject_version()


def test_spec_data_exists(spec_run):
    namespace, calls = spec_run
    for source, _dest in namespace["DATA_DIRS"]:
        assert (ROOT / source).is_dir() and any((ROOT / source).iterdir()), source
    datas = calls["Analysis"][1]["datas"]
    assert datas and all(Path(src).is_file() for src, _dest in datas)
    dests = {Path(dest) / Path(src).name for src, dest in datas}
    for wanted in (
        "VERSION",
        "resources/fonts/NanumGothic.ttf",
        "resources/fonts/NanumGothicBold.ttf",
        "resources/translations/en.po",
        "resources/translations/en.mo",  # compiled by the spec
        "resources/icons/app.png",
        "core/db/migrations/env.py",
        "core/db/migrations/versions/0001_initial.py",
        "holidays/locale/ko/LC_MESSAGES/KR.mo",
    ):
        assert Path(wanted) in dests, wanted
    assert not any("__pycache__" in src for src, _dest in datas)


def test_spec_imports_and_excludes(spec_run):
    _namespace, calls = spec_run
    kwargs = calls["Analysis"][1]
    importlib.import_module("psycopg")  # psycopg_binary refuses to load before it
    missing = [m for m in kwargs["hiddenimports"] if importlib.util.find_spec(m) is None]
    assert missing == []
    for needed in ("psycopg_binary", "argon2", "holidays.countries.south_korea", "tzdata"):
        assert needed in kwargs["hiddenimports"]
    assert "core.store.search" in kwargs["hiddenimports"]  # imported only by a migration script
    # Every printed document: the doors load the renderers by name, unseen by the analysis.
    renderers = {
        f"core.documents.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "core" / "documents")])
    }
    assert renderers and renderers <= set(kwargs["hiddenimports"])
    excludes = set(kwargs["excludes"])
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick"} <= excludes
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPdf"}
    assert not used & excludes


def test_spec_builds_a_windowed_one_folder_app(spec_run):
    _namespace, calls = spec_run
    exe = calls["EXE"][1]
    assert exe["name"] == "Gyeongcheong" and exe["console"] is False
    assert exe["exclude_binaries"] is True  # one folder, not one file
    assert calls["COLLECT"][1]["name"] == "Gyeongcheong"


def test_iss_keeps_user_data_unless_asked():
    text = ISS.read_text(encoding="utf-8-sig")
    assert "#ifndef AppVersion" in text and "AppVersion={#AppVersion}" in text
    assert "procedure CurUninstallStepChanged" in text and "usPostUninstall" in text
    # A Yes/No question with No as the default, and No when uninstalling silently.
    assert "MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES" in text
    assert "DelTree(Dir" in text
    assert "{localappdata}\\{#AppShortName}" in text
    assert f'#define AppShortName "{APP_NAME}"' in text
    assert 'Name: "korean"' in text and 'Name: "english"' in text
    assert "PrivilegesRequiredOverridesAllowed=dialog" in text
    assert "Tasks: desktopicon" in text
    assert "[UninstallDelete]" not in text  # nothing removed behind the user's back


def test_windows_build_passes_the_version():
    script = (ROOT / "installer" / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert '"/DAppVersion=$Version"' in script and "pyproject.toml" in script


def test_icons_are_well_formed():
    png = (ICONS / "app.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1024, 1024)
    ico = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (ICONS / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    for kind in (b"ic07", b"ic08", b"ic09", b"ic10"):
        assert kind in icns
