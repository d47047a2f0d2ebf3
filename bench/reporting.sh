#!/usr/bin/env bash
# Reporting over 1,000,000 orders (issue 18): one merchant with 10 stores, the orders inserted
# with SQL over the calendar year, `orion reports rebuild` timed, the merchant summary's totals
# checked against the orders, then wrk -t2 -c16 -d10s on /healthz, the merchant summary
# (year, monthly) and the store dashboard page in the same run. SQLite, then PostgreSQL when
# the test cluster script can start one. See bench/reporting.py (ORION_BENCH_REBUILD_SAMPLE).
# Needs wrk (Debian package `wrk`) and psql for PostgreSQL.
# Usage: bash bench/reporting.sh [N]   (ORION_BENCH_DB=sqlite|postgres for one database only;
# ORION_BENCH_NO_BUILD=1 skips the build, ORION_BENCH_BIN=path runs another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=${ORION_BENCH_BIN:-$TARGET/release/orion}
work=$(mktemp -d /var/tmp/orion-reporting.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" --version)"
if [ "${ORION_BENCH_DB:-sqlite}" != postgres ]; then
  echo "== SQLite"
  python3 bench/reporting.py "$BIN" "sqlite://$work/bench.db" "${1:-1000000}"
  rm -f "$work"/bench.db*
fi
if [ "${ORION_BENCH_DB:-postgres}" != sqlite ]; then
  if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
    ! declare -F orion_pg_stop >/dev/null || trap 'orion_pg_stop; rm -rf "$work"' EXIT
    echo "== PostgreSQL $(psql "$ORION_BENCH_PG_URL" -XAtc 'SHOW server_version')"
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_reporting" -c "CREATE DATABASE bench_reporting" >/dev/null
    python3 bench/reporting.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_reporting" "${1:-1000000}"
  else
    echo "== PostgreSQL: skipped (scripts/pg.sh could not start a cluster)"
  fi
fi
