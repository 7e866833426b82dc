#!/usr/bin/env bash
# GET /health on our server (every middleware on) against a minimal Beast server, with wrk.
# Builds nothing: build the http_minimal_server and http_health_server targets first.
#   usage: scripts/bench-http.sh [BUILD_DIR]
#   env:   THREADS (I/O threads for both servers, default nproc), DURATION (10s),
#          CONNECTIONS (64), WRK_THREADS (2), ROUNDS (1; the best round of each is compared)
set -euo pipefail
build=${1:-build}
threads=${THREADS:-$(nproc)}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
rounds=${ROUNDS:-1}
tmp=$(mktemp -d /tmp/bench-http.XXXXXX)
server_pid=

cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

for bin in http_minimal_server http_health_server; do
  [[ -x $build/bench/$bin ]] || { echo "missing $build/bench/$bin: build it first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }

# Starts a server on a free port; sets server_pid and port.
start_server() {
  "$build/bench/$1" --port 0 --threads "$threads" >"$tmp/$1.out" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$tmp/$1.out")
    [[ -n $port ]] && return 0
    sleep 0.05
  done
  echo "$1 did not start:" >&2; cat "$tmp/$1.out" >&2; exit 1
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
}

# CPU time (user + system, in clock ticks) the server has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# Runs wrk against one server; prints "requests/s p99 cpu-µs-per-request". The CPU figure is
# steadier than requests/s when other work shares the machine.
measure() {
  start_server "$1"
  local url="http://127.0.0.1:$port/health"
  curl -fsS "$url" >/dev/null
  wrk -t"$wrk_threads" -c"$connections" -d2s "$url" >/dev/null  # warm-up
  local before after
  before=$(cpu_ticks)
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$url" >"$tmp/wrk.txt"
  after=$(cpu_ticks)
  stop_server
  if grep -q "Non-2xx" "$tmp/wrk.txt"; then echo "$1 answered non-2xx:" >&2; cat "$tmp/wrk.txt" >&2; exit 1; fi
  local rps p99 total
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
  total=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
  echo "$rps $p99 $(echo "($after - $before) * 1000000 / $(getconf CLK_TCK) / $total" | bc -l)"
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency http://127.0.0.1:PORT/health" \
     "(servers: $threads I/O threads; machine: $(nproc) cores)"
best_minimal=0 best_ours=0 p99_minimal=- p99_ours=- cpu_minimal=- cpu_ours=-
for round in $(seq "$rounds"); do
  read -r rps_m p99_m cpu_m < <(measure http_minimal_server)
  read -r rps_o p99_o cpu_o < <(measure http_health_server)
  printf 'round %d: minimal %8.0f req/s p99 %-7s %5.2f µs CPU/req | ours %8.0f req/s p99 %-7s %5.2f µs CPU/req | ratio %.1f%%\n' \
    "$round" "$rps_m" "$p99_m" "$cpu_m" "$rps_o" "$p99_o" "$cpu_o" "$(echo "100 * $rps_o / $rps_m" | bc -l)"
  if (( $(echo "$rps_m > $best_minimal" | bc -l) )); then best_minimal=$rps_m p99_minimal=$p99_m cpu_minimal=$cpu_m; fi
  if (( $(echo "$rps_o > $best_ours" | bc -l) )); then best_ours=$rps_o p99_ours=$p99_o cpu_ours=$cpu_o; fi
done
printf '\n%-16s %12s %10s %18s\n' server requests/s p99 "server CPU/req"
printf '%-16s %12.0f %10s %15.2f µs\n' "minimal Beast" "$best_minimal" "$p99_minimal" "$cpu_minimal"
printf '%-16s %12.0f %10s %15.2f µs\n' "ours (/health)" "$best_ours" "$p99_ours" "$cpu_ours"
printf 'ratio: %.1f%% of the minimal server'"'"'s requests/s (target >= 70%%)\n' \
  "$(echo "100 * $best_ours / $best_minimal" | bc -l)"
