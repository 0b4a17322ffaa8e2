#!/usr/bin/env bash
# Sets up everything and starts the app on the embedded SQLite database in the user data
# directory. The first start asks for the office and the admin account, and offers demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
# shellcheck source=scripts/setup-venv.sh
source scripts/setup-venv.sh
exec .venv/bin/python main.py "$@"
