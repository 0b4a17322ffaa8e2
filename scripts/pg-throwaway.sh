# Sourced by scripts/test.sh: starts a throwaway PostgreSQL for the tests when none is given.
# Exports TEST_DATABASE_URL and stops and removes the server when the test script exits.
# (PostgreSQL refuses to run as root, so as root the server runs as the postgres user.)

pg_bin=""
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    pg_bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
  else
    for d in /usr/lib/postgresql/*/bin; do
      [ -x "$d/pg_ctl" ] && pg_bin="$d"
    done
  fi
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL tests: on (TEST_DATABASE_URL given)"
elif [ -z "$pg_bin" ]; then
  echo "PostgreSQL tests: skipped (no PostgreSQL server installed)"
else
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/gc-pg.XXXXXX")"
  pg_port=55432
  while (echo >"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  pg_as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$pg_dir"
    pg_as=(runuser -u postgres --)
  fi
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -l "$pg_dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off" start >/dev/null
  pg_stop() {
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  }
  trap pg_stop EXIT
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
    -c "CREATE DATABASE gyeongcheong_test" >/dev/null 2>&1 ||
    "${pg_as[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres gyeongcheong_test
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$pg_port/gyeongcheong_test"
  echo "PostgreSQL tests: on (throwaway server on port $pg_port)"
fi
