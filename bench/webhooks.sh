#!/usr/bin/env bash
# Webhook deliveries per second to a loopback receiver (issue 21): N orders queue their
# order.created deliveries while the worker is off, then `orion serve` with its worker sends
# them to a threaded receiver on 127.0.0.1 that verifies every signature (see
# bench/webhooks.py). SQLite, then PostgreSQL when the test cluster script can start one.
# Needs psql for PostgreSQL.
# Usage: bash bench/webhooks.sh [N]  (ORION_BENCH_DB=sqlite|postgres for one database only;
# ORION_BENCH_NO_BUILD=1 skips the build, ORION_BENCH_BIN=path runs another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=${ORION_BENCH_BIN:-$TARGET/release/orion}
work=$(mktemp -d /var/tmp/orion-webhooks.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" --version)"
if [ "${ORION_BENCH_DB:-sqlite}" != postgres ]; then
  echo "== SQLite"
  python3 bench/webhooks.py "$BIN" "sqlite://$work/bench.db" "${1:-2000}"
fi
if [ "${ORION_BENCH_DB:-postgres}" != sqlite ]; then
  if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
    ! declare -F orion_pg_stop >/dev/null || trap 'orion_pg_stop; rm -rf "$work"' EXIT
    echo "== PostgreSQL $(psql "$ORION_BENCH_PG_URL" -XAtc 'SHOW server_version')"
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_webhooks" -c "CREATE DATABASE bench_webhooks" >/dev/null
    python3 bench/webhooks.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_webhooks" "${1:-2000}"
  else
    echo "== PostgreSQL: skipped (scripts/pg.sh could not start a cluster)"
  fi
fi
