# Sourced by run-tests.sh and run-benchmarks.sh: starts a throwaway PostgreSQL 15 and Redis 7 on
# free loopback ports with their data in $servers_tmp, exports their URLs, and stops them (and
# removes the data) when the calling script exits, also on failure or interruption.

servers_tmp=$(mktemp -d /tmp/strategist-servers.XXXXXX)
chmod 755 "$servers_tmp"
pg_bin=/usr/lib/postgresql/15/bin

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

# PostgreSQL refuses to run as root: run it as the unprivileged 'postgres' user when we are root.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$servers_tmp"
  as_pg=(runuser -u postgres --)
fi

stop_servers() {
  local status=$?
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$servers_tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  if [[ -f $servers_tmp/redis.pid ]]; then
    local redis_pid
    redis_pid=$(cat "$servers_tmp/redis.pid")
    kill "$redis_pid" 2>/dev/null || true
    # Wait for Redis to exit: it writes its log while shutting down.
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # A process still shutting down may add a file while the tree is removed; try again, and never
  # let the clean-up decide the exit status (errexit applies inside this trap).
  for _ in 1 2 3; do rm -rf "$servers_tmp" 2>/dev/null && break; sleep 0.5; done
  [[ -d $servers_tmp ]] && echo "note: could not remove $servers_tmp" >&2
  exit $status
}
trap stop_servers EXIT INT TERM

start_servers() {
  local pg_port redis_port
  pg_port=$(free_port)
  redis_port=$(free_port)
  echo "starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port (data in $servers_tmp)"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$servers_tmp/pg" -U postgres -A trust --no-sync >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$servers_tmp/pg" -l "$servers_tmp/pg.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $pg_port -k $servers_tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null
  # The service connects as an ordinary role (no superuser, no BYPASSRLS) so row-level security
  # policies really apply to it; tests create their own databases owned by that role.
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -q \
    -c "CREATE ROLE strategist LOGIN CREATEDB PASSWORD 'strategist'" >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$servers_tmp/redis.pid" --logfile "$servers_tmp/redis.log" --dir "$servers_tmp"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

  export STRATEGIST_TEST_POSTGRES_URL="postgresql://strategist:strategist@127.0.0.1:$pg_port/postgres"
  export STRATEGIST_TEST_POSTGRES_ADMIN_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
  export STRATEGIST_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
  export STRATEGIST_TEST_TMP="$servers_tmp"
}
