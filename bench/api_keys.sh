#!/usr/bin/env bash
# API-key authentication overhead against a session token on the orders list (issue 21):
# wrk -t2 -c16 on GET /api/v1/store/orders?per_page=50, alternating token and key runs on one
# server. SQLite, then PostgreSQL when the test cluster script can start one (see
# bench/api_keys.py). Needs wrk (Debian package `wrk`) and psql for PostgreSQL.
# Usage: bash bench/api_keys.sh [SECONDS]  (ORION_BENCH_DB=sqlite|postgres for one database only;
# ORION_BENCH_NO_BUILD=1 skips the build, ORION_BENCH_BIN=path runs another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=${ORION_BENCH_BIN:-$TARGET/release/orion}
work=$(mktemp -d /var/tmp/orion-keys.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" --version)"
if [ "${ORION_BENCH_DB:-sqlite}" != postgres ]; then
  echo "== SQLite"
  python3 bench/api_keys.py "$BIN" "sqlite://$work/bench.db" "${1:-10}"
fi
if [ "${ORION_BENCH_DB:-postgres}" != sqlite ]; then
  if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
    ! declare -F orion_pg_stop >/dev/null || trap 'orion_pg_stop; rm -rf "$work"' EXIT
    echo "== PostgreSQL $(psql "$ORION_BENCH_PG_URL" -XAtc 'SHOW server_version')"
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_keys" -c "CREATE DATABASE bench_keys" >/dev/null
    python3 bench/api_keys.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_keys" "${1:-10}"
  else
    echo "== PostgreSQL: skipped (scripts/pg.sh could not start a cluster)"
  fi
fi
