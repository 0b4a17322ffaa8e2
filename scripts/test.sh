#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: pytest (core tests on SQLite and on a
# throwaway PostgreSQL), then ruff (lint and format), mypy and the import-layer contracts.
# Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
# shellcheck source=scripts/setup-venv.sh
source scripts/setup-venv.sh
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
fi
[ "$status" -ne 0 ] && exit "$status"

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Types of core/ and cli/ ([tool.mypy] in pyproject.toml says which files and how strictly).
.venv/bin/mypy
.venv/bin/lint-imports

# The app as an office installs it: build the one-folder bundle and start it (a few minutes;
# SKIP_BUNDLE=1 leaves it out of a quick local run, CI always runs it).
if [ "${SKIP_BUNDLE:-0}" = "1" ] && [ "${CI:-}" != "true" ]; then
  echo "SKIP_BUNDLE=1: bundle build and smoke test skipped"
else
  bash installer/build_linux.sh && bash installer/smoke_test.sh
fi
