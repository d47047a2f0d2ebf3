#!/usr/bin/env bash
# Accounting exports over 100,000 invoices (issue 20): the sales journal's rows per second and
# the FAIA file's peak server memory at 10,000 and 100,000 documents, on SQLite, then
# PostgreSQL when the test cluster script can start one. See bench/accounting.py.
# Usage: bash bench/accounting.sh   (ORION_BENCH_DB=sqlite|postgres for one database only;
# ORION_BENCH_NO_BUILD=1 skips the build, ORION_BENCH_BIN=path runs another binary,
# ORION_BENCH_SIZES=10000,100000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=${ORION_BENCH_BIN:-$TARGET/release/orion}
work=$(mktemp -d /var/tmp/orion-accounting.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" --version)"
if [ "${ORION_BENCH_DB:-sqlite}" != postgres ]; then
  echo "== SQLite"
  python3 bench/accounting.py "$BIN" "sqlite://$work/bench.db"
  rm -f "$work"/bench.db*
fi
if [ "${ORION_BENCH_DB:-postgres}" != sqlite ]; then
  if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
    ! declare -F orion_pg_stop >/dev/null || trap 'orion_pg_stop; rm -rf "$work"' EXIT
    echo "== PostgreSQL $(psql "$ORION_BENCH_PG_URL" -XAtc 'SHOW server_version')"
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_accounting" -c "CREATE DATABASE bench_accounting" >/dev/null
    python3 bench/accounting.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_accounting"
  else
    echo "== PostgreSQL: skipped (scripts/pg.sh could not start a cluster)"
  fi
fi
