#!/usr/bin/env bash
# Runs the whole suite through ctest against real servers: starts a throwaway PostgreSQL 15 and
# Redis 7 on free loopback ports with their data in a temporary folder, exports their URLs for the
# tests, and stops them afterwards (also on failure or interruption).
#   usage: scripts/run-tests.sh BUILD_DIR [ctest args…]
set -euo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR [ctest args]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/strategist-test.XXXXXX)
chmod 755 "$tmp"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

pg_bin=/usr/lib/postgresql/15/bin
pg_port=$(free_port)
redis_port=$(free_port)
# PostgreSQL refuses to run as root: run it as the unprivileged 'postgres' user when we are root.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  status=$?
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  if [[ -f $tmp/redis.pid ]]; then kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$tmp"
  exit $status
}
trap cleanup EXIT INT TERM

echo "starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port (data in $tmp)"
"${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres -A trust --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $pg_port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
# The service connects as an ordinary role (no superuser, no BYPASSRLS) so row-level security
# policies really apply to it; each test creates its own database owned by that role.
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE ROLE strategist LOGIN CREATEDB PASSWORD 'strategist'" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" --dir "$tmp"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export STRATEGIST_TEST_POSTGRES_URL="postgresql://strategist:strategist@127.0.0.1:$pg_port/postgres"
export STRATEGIST_TEST_POSTGRES_ADMIN_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
export STRATEGIST_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
export STRATEGIST_REQUIRE_SERVERS=1
export STRATEGIST_TEST_TMP="$tmp"

cd "$root/$build"
ctest --output-on-failure --timeout 600 -j "$(nproc)" "$@"
