#!/usr/bin/env bash
# Runs the whole suite through ctest against real servers: a throwaway PostgreSQL 15 and Redis 7
# on free loopback ports (scripts/servers.sh), stopped afterwards, also on failure.
#   usage: scripts/run-tests.sh BUILD_DIR [ctest args…]
set -euo pipefail
build=${1:?usage: run-tests.sh BUILD_DIR [ctest args]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/servers.sh"
start_servers
export STRATEGIST_REQUIRE_SERVERS=1

cd "$root/$build"
ctest --output-on-failure --timeout 600 -j "$(nproc)" "$@"
