#!/usr/bin/env bash
# Bulk order actions of 1,000 orders on SQLite (and PostgreSQL when the test cluster script
# can start one), next to one API call per order in the same run. See bench/bulk_orders.py.
# Usage: bash bench/bulk_orders.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=$TARGET/release/orion
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== SQLite"
python3 bench/bulk_orders.py "$BIN" "sqlite://$work/bench.db" "${1:-1000}"
if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
  echo "== PostgreSQL"
  psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_bulk" -c "CREATE DATABASE bench_bulk" >/dev/null
  python3 bench/bulk_orders.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_bulk" "${1:-1000}"
fi
