#!/usr/bin/env bash
# Starts the built bundle (installer/build_linux.sh) on a virtual screen and checks that it
# really works: the main window comes up, a database is created in a throwaway data folder
# and migrated to the newest schema, the log is written, and the command line (logged in as a
# user of the demo office it sets up) prints a PDF.
# Then prints the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/Gyeongcheong
exe="$bundle/Gyeongcheong"
if [ ! -x "$exe" ]; then
  echo "smoke test: $exe not found; run installer/build_linux.sh first" >&2
  exit 1
fi

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
out="$data/app.out"

# The app, offscreen, on an empty data folder: it sets up a throwaway office, shows the main
# window and quits after a second (gui/app.py smoke_test).
status=0
GYEONGCHEONG_DATA_DIR="$data" GYEONGCHEONG_SMOKE_TEST=1 QT_QPA_PLATFORM=offscreen \
  timeout 120 "$exe" >"$out" 2>&1 || status=$?
cat "$out"
if [ "$status" -ne 0 ]; then
  echo "smoke test: the app exited with $status" >&2
  exit 1
fi
grep -q "^SMOKE OK " "$out" || { echo "smoke test: no SMOKE OK line" >&2; exit 1; }

db="$data/desk.sqlite3"
[ -s "$db" ] || { echo "smoke test: no database at $db" >&2; exit 1; }
[ -s "$data/logs/desk.log" ] || { echo "smoke test: no log file" >&2; exit 1; }

# The schema is at the newest migration of this checkout.
.venv/bin/python - "$db" <<'PY'
import sqlite3
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory

from core.db.migrate import MIGRATIONS

cfg = Config()
cfg.set_main_option("script_location", str(MIGRATIONS))
head = ScriptDirectory.from_config(cfg).get_current_head()
con = sqlite3.connect(sys.argv[1])
tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
if "alembic_version" not in tables:
    sys.exit("smoke test: the database has no alembic_version table")
(have,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
if have != head:
    sys.exit(f"smoke test: the database is at {have}, the newest migration is {head}")
office = con.execute("SELECT count(*) FROM users").fetchone()[0]
print(f"database: {len(tables)} tables, schema at {have} (head), {office} user(s)")
PY

# A big demo starts helper processes from the bundle itself (multiprocessing.freeze_support
# in main.py): they must draw cases, not start another app. On an empty database it sets up
# the demo office; its accounts get the password given here, which is never printed.
password="smoke-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
demo_status=0
GYEONGCHEONG_DATA_DIR="$data" GYEONGCHEONG_PASSWORD="$password" timeout 300 "$exe" \
  --db "sqlite:///$data/demo.sqlite3" demo --cases 40000 >"$data/demo.out" 2>&1 </dev/null \
  || demo_status=$?
if [ "$demo_status" -ne 0 ]; then
  cat "$data/demo.out"
  echo "smoke test: the big demo exited with $demo_status" >&2
  exit 1
fi
if grep -qF "$password" "$data/demo.out"; then
  echo "smoke test: the demo printed its accounts' password" >&2
  exit 1
fi
cases="$(.venv/bin/python -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM cases").fetchone()[0])' "$data/demo.sqlite3")"
[ "$cases" = 40000 ] || { echo "smoke test: the big demo wrote $cases cases, not 40000" >&2; exit 1; }
echo "command line: big demo of $cases cases with helper processes"

# The command line of the same bundle, logged in as the demo office's supervisor: ReportLab,
# the embedded Korean font, the summary.
month="$(date +%Y-%m)"
GYEONGCHEONG_DATA_DIR="$data" GYEONGCHEONG_USER=supervisor GYEONGCHEONG_PASSWORD="$password" \
  timeout 120 "$exe" --db "sqlite:///$data/demo.sqlite3" summary --month "$month" \
  --pdf "$data/summary.pdf" </dev/null
head -c 5 "$data/summary.pdf" | grep -q "%PDF-" || { echo "smoke test: no PDF" >&2; exit 1; }
echo "command line: summary PDF of $(wc -c <"$data/summary.pdf") bytes"

# Without a login the register stays closed (exit 3), and no password is asked for.
login_status=0
GYEONGCHEONG_DATA_DIR="$data" timeout 60 "$exe" --db "sqlite:///$data/demo.sqlite3" \
  export "$data/register.csv" </dev/null >/dev/null 2>&1 || login_status=$?
if [ "$login_status" -ne 3 ] || [ -e "$data/register.csv" ]; then
  echo "smoke test: export without a login exited with $login_status" >&2
  exit 1
fi
echo "command line: no login, no export"

# PostgreSQL through the bundled driver, when a server is at hand (scripts/test.sh starts a
# throwaway one): the bundle's setup-postgres makes an owner role, an app login and a fresh
# database as an office's administrator would; the app then opens it as that login.
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  suffix="$(.venv/bin/python -c 'import uuid; print(uuid.uuid4().hex[:8])')"
  read -r admin_url app_url < <(SUFFIX="$suffix" .venv/bin/python - <<'PY'
import os

from sqlalchemy.engine import make_url

base = make_url(os.environ["TEST_DATABASE_URL"])
s = os.environ["SUFFIX"]
admin = base.set(database="postgres")
app = base.set(username=f"gc_bundle_{s}", password=None, database=f"gyeongcheong_bundle_{s}")
print(admin.render_as_string(hide_password=False), app.render_as_string(hide_password=False))
PY
)
  echo "PostgreSQL through the bundled driver (set up by the bundle's setup-postgres):"
  pg_status=0
  app_password="bundle-$suffix-pass"
  GYEONGCHEONG_DATA_DIR="$data" GYEONGCHEONG_APP_PASSWORD="$app_password" timeout 120 \
    "$exe" --db "$app_url" setup-postgres --admin "$admin_url" --owner "gc_bundle_owner_$suffix" ||
    pg_status=$?
  if [ "$pg_status" -eq 0 ]; then
    GYEONGCHEONG_DATA_DIR="$data" PGPASSWORD="$app_password" timeout 120 \
      "$exe" --db "$app_url" audit-verify || pg_status=$?
  fi
  ADMIN_URL="$admin_url" SUFFIX="$suffix" .venv/bin/python - <<'PY'
import os

from sqlalchemy import create_engine, text

s = os.environ["SUFFIX"]
admin = create_engine(os.environ["ADMIN_URL"], isolation_level="AUTOCOMMIT")
with admin.connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "gyeongcheong_bundle_{s}" WITH (FORCE)'))
    for role in (f"gc_bundle_{s}", f"gc_bundle_owner_{s}"):
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
admin.dispose()
PY
  if [ "$pg_status" -ne 0 ]; then
    echo "smoke test: the bundle could not use PostgreSQL" >&2
    exit 1
  fi
fi

echo "smoke test passed; bundle size $(du -sh "$bundle" | cut -f1) ($bundle)"
