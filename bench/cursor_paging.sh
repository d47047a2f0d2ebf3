#!/usr/bin/env bash
# Walking all orders of a store page by page (issue 21): one store holding 100,000 orders
# (inserted with SQL), read from the first page to the last by one client, with page numbers
# and then with cursor paging, every request a cache miss; p50/p90/p99 per page. SQLite, then
# PostgreSQL when a cluster is at hand (ORION_BENCH_PG_URL, else scripts/pg.sh starts one).
# See bench/cursor_paging.py. Needs psql for PostgreSQL.
# Usage: bash bench/cursor_paging.sh [N]   (N orders, default 100000; or ORION_BENCH_ORDERS=N)
#   ORION_BIN=path            the orion binary (default: target/release/orion under
#                             CARGO_TARGET_DIR, else ./target); build it first
#   ORION_BENCH_DB=sqlite|postgres   one database only
#   ORION_BENCH_PER_PAGE=50   rows per page
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=${ORION_BIN:-$TARGET/release/orion}
[ -x "$BIN" ] || { echo "no orion binary at $BIN: cargo build --release -p orion, or set ORION_BIN"; exit 1; }
N=${1:-${ORION_BENCH_ORDERS:-100000}}
work=$(mktemp -d /var/tmp/orion-cursor.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$BIN" --version)"
if [ "${ORION_BENCH_DB:-sqlite}" != postgres ]; then
  echo "== SQLite"
  python3 bench/cursor_paging.py "$BIN" "sqlite://$work/bench.db" "$N"
  rm -f "$work"/bench.db*
fi
if [ "${ORION_BENCH_DB:-postgres}" != sqlite ]; then
  if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
    ! declare -F orion_pg_stop >/dev/null || trap 'orion_pg_stop; rm -rf "$work"' EXIT
    echo "== PostgreSQL $(psql "$ORION_BENCH_PG_URL" -XAtc 'SHOW server_version')"
    PGOPTIONS=--client-min-messages=warning psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_cursor" -c "CREATE DATABASE bench_cursor" >/dev/null
    python3 bench/cursor_paging.py "$BIN" "${ORION_BENCH_PG_URL%/*}/bench_cursor" "$N"
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_cursor" >/dev/null
  else
    echo "== PostgreSQL: skipped (scripts/pg.sh could not start a cluster)"
  fi
fi
