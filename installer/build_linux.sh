#!/usr/bin/env bash
# Builds the Linux one-folder bundle: dist/Gyeongcheong/Gyeongcheong (and everything beside it).
# Installs the build tools of pyproject.toml's "build" extra into .venv when they are missing,
# then prints the bundle's size and how long the build took.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  # shellcheck source=scripts/setup-venv.sh
  source scripts/setup-venv.sh
fi
# The build tools of pyproject.toml's "build" extra (PyInstaller and its hooks, pinned there),
# installed into .venv when a pinned version is missing.
missing="$(.venv/bin/python - <<'PY'
import tomllib
from importlib import metadata

with open("pyproject.toml", "rb") as f:
    pins = tomllib.load(f)["project"]["optional-dependencies"]["build"]
for pin in pins:
    name, _, want = pin.partition("==")
    try:
        have = metadata.version(name.strip())
    except metadata.PackageNotFoundError:
        have = None
    if have != want.strip():
        print(pin)
PY
)"
if [ -n "$missing" ]; then
  echo "Installing build tools into .venv: $(echo "$missing" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  .venv/bin/python -m pip install -q $missing
fi

started=$(date +%s)
rm -rf dist/Gyeongcheong
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/gyeongcheong.spec
took=$(( $(date +%s) - started ))

if [ ! -x dist/Gyeongcheong/Gyeongcheong ]; then
  echo "bundle build failed: dist/Gyeongcheong/Gyeongcheong is missing" >&2
  exit 1
fi
echo "bundle: dist/Gyeongcheong, $(du -sh dist/Gyeongcheong | cut -f1), built in ${took} s"
