#!/usr/bin/env bash
# Two-instance soak (issue 23): two `orion serve` (worker on in both) on one PostgreSQL
# database, one `orion letzshop simulate` with one vendor per store, and bench/soak_load.py
# driving mixed load against both instances for ORION_SOAK_MINUTES: the Letzshop import of
# ORION_SOAK_SHIPMENTS shipments in each of ORION_SOAK_STORES stores (worker jobs, plus
# queued and waited syncs), confirms and ships of orders sharing the same 50 products (some
# sent to both instances at once), invoices (some issued twice at once), product CSV imports,
# stock receipts, exception resolutions and API reads. Then it waits for the outbox to drain
# and checks the invariants (bench/soak_invariants.sql), printing markdown tables.
#
# Usage: bash bench/soak.sh
#   ORION_SOAK_MINUTES=4 ORION_SOAK_STORES=4 ORION_SOAK_SHIPMENTS=1000 ORION_SOAK_WORKERS=12
#   ORION_SOAK_PG_URL=postgres://…/postgres  (a server where the script may create a database;
#                                             default ORION_TEST_PG_URL)
#   ORION_SOAK_DB=orion_soak (dropped and re-created), ORION_SOAK_BIN=path/to/orion
#   (default: release build; ORION_BENCH_NO_BUILD=1 skips `cargo build --release`),
#   ORION_SOAK_SIM_ERROR_RATE=0.02, ORION_SOAK_SIM_FAULTS=http500,http502,http429,duplicate-nodes,
#   ORION_SOAK_DRAIN_SECONDS=300, ORION_SOAK_KEEP=1 (keep the work directory and logs).
# Planned scale (on real hardware, PostgreSQL on its own machine is closer to production):
#   ORION_SOAK_MINUTES=60 ORION_SOAK_STORES=20 ORION_SOAK_SHIPMENTS=10000 ORION_SOAK_WORKERS=48 bash bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${ORION_SOAK_MINUTES:-4}
STORES=${ORION_SOAK_STORES:-4}
SHIPMENTS=${ORION_SOAK_SHIPMENTS:-1000}
WORKERS=${ORION_SOAK_WORKERS:-12}
export ORION_SOAK_MINUTES=$MINUTES ORION_SOAK_STORES=$STORES ORION_SOAK_SHIPMENTS=$SHIPMENTS ORION_SOAK_WORKERS=$WORKERS
PG=${ORION_SOAK_PG_URL:-${ORION_TEST_PG_URL:-}}
[ -n "$PG" ] || { echo "set ORION_SOAK_PG_URL (or ORION_TEST_PG_URL) to a PostgreSQL server URL"; exit 1; }
DBNAME=${ORION_SOAK_DB:-orion_soak}
DB_URL=${PG%/*}/$DBNAME
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
if [ -n "${ORION_SOAK_BIN:-}" ]; then BIN=$ORION_SOAK_BIN; else
  [ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
  BIN=$TARGET/release/orion
fi
work=$(mktemp -d /tmp/orion-soak.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${ORION_SOAK_KEEP:-}" ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export ORION_SECRET_KEY=0000000000000000000000000000000000000000000000000000000000000000 RUST_LOG=${RUST_LOG:-warn}
export ORION_WORKER=on ORION_WORKER_INTERVAL_SECONDS=${ORION_WORKER_INTERVAL_SECONDS:-1}
export ORION_LETZSHOP_ALLOW_LOOPBACK=on ORION_DATABASE_URL=$DB_URL

psql "$PG" -qc "DROP DATABASE IF EXISTS $DBNAME" -c "CREATE DATABASE $DBNAME" >/dev/null
"$BIN" migrate >/dev/null
ORION_ADMIN_PASSWORD=soak-admin-pass "$BIN" admin create-user --email admin@soak.test --platform-admin >/dev/null

SIM_PORT=$(port)
"$BIN" letzshop simulate --bind "127.0.0.1:$SIM_PORT" --api-key soak-key --vendors "$STORES" \
  --shipments $((STORES * SHIPMENTS)) --seed 23 --error-rate "${ORION_SOAK_SIM_ERROR_RATE:-0.02}" \
  --faults "${ORION_SOAK_SIM_FAULTS:-http500,http502,http429,duplicate-nodes}" > "$work/sim.log" 2>&1 &
pids+=($!)
PA=$(port); PB=$(port)
ORION_BIND=127.0.0.1:$PA "$BIN" serve > "$work/a.log" 2>&1 & pids+=($!); PID_A=$!
ORION_BIND=127.0.0.1:$PB "$BIN" serve > "$work/b.log" 2>&1 & pids+=($!); PID_B=$!
A=http://127.0.0.1:$PA B=http://127.0.0.1:$PB

kind=release; case $BIN in */debug/*) kind=debug ;; esac
echo "## Soak $(date -u +%Y-%m-%dT%H:%MZ): $STORES stores × $SHIPMENTS shipments, $MINUTES min, $WORKERS load threads"
echo "machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB RAM; binary: $kind ($BIN, $(git rev-parse --short HEAD)); $(psql "$PG" -Atc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/soak_load.py setup "$A" "$B" "http://127.0.0.1:$SIM_PORT/graphql" "$work/state.json"
t0=$(date +%s)
# When the import of every shipment completes (polled every 2 s during the load).
( while [ "$(psql "$DB_URL" -Atc "SELECT count(*) FROM orders WHERE channel='letzshop'")" -lt $((STORES * SHIPMENTS)) ]; do
    sleep 2; done; date +%s > "$work/imported_at" ) & pids+=($!)
python3 bench/soak_load.py run "$A" "$B" "$work/state.json" "$work/results.json"
t1=$(date +%s)

# Drain: the workers finish the import and deliver the outbox (the simulator is reachable;
# faulted calls are retried with back-off).
q() { psql "$DB_URL" -Atc "$1"; }
drain=${ORION_SOAK_DRAIN_SECONDS:-300}
while :; do
  open=$(q "SELECT (SELECT count(*) FROM letzshop_outbox WHERE status IN ('pending','sending'))
              + (SELECT count(*) FROM letzshop_jobs WHERE status IN ('queued','running'))")
  n=$(q "SELECT count(*) FROM orders WHERE channel='letzshop'")
  [ "$open" -eq 0 ] && [ "$n" -ge $((STORES * SHIPMENTS)) ] && break
  [ $(( $(date +%s) - t1 )) -lt "$drain" ] || { echo "drain: gave up after ${drain} s ($open open outbox rows/jobs)"; break; }
  sleep 2
done
t2=$(date +%s)
echo "load ${MINUTES} min ($((t1 - t0)) s); drain $((t2 - t1)) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -0 "$PID_A" 2>/dev/null && kill -0 "$PID_B" 2>/dev/null || echo "AN INSTANCE DIED (see logs)"

echo; echo "### Throughput, latency and errors"; echo
python3 bench/soak_load.py report "$work/results.json"

echo; echo "### Work done"; echo
echo "| measure | value |"; echo "|---|---|"
psql "$DB_URL" -At -F ' | ' <<'SQL' | sed 's/^/| /; s/$/ |/'
SELECT 'letzshop orders imported', count(*) FROM orders WHERE channel = 'letzshop'
UNION ALL SELECT 'orders by status: ' || string_agg(status || ' ' || n, ', ' ORDER BY status), NULL
  FROM (SELECT status, count(*) n FROM orders GROUP BY 1) s
UNION ALL SELECT 'sync jobs: ' || string_agg(status || ' ' || n, ', '), NULL
  FROM (SELECT status, count(*) n FROM letzshop_jobs GROUP BY 1) j
UNION ALL SELECT 'invoices issued', count(*) FROM invoices
UNION ALL SELECT 'products', count(*) FROM products
UNION ALL SELECT 'inventory transactions', count(*) FROM inventory_transactions
UNION ALL SELECT 'outbox operations', count(*) FROM letzshop_outbox
UNION ALL SELECT 'open item exceptions', count(*) FROM order_exceptions WHERE status = 'open';
SQL
sleep 3  # the poller above
if [ -s "$work/imported_at" ]; then
  echo "| all $((STORES * SHIPMENTS)) shipments imported | $(( $(cat "$work/imported_at") - t0 )) s after the load started (±2 s; the first sync jobs start at connection, during setup) |"
fi
for l in a b; do
  echo "| instance ${l^^} log: lines at WARN/ERROR | $(grep -cE ' (WARN|ERROR) ' "$work/$l.log" || true) |"
done

echo; echo "### Invariants"; echo
echo "| invariant | result | figures |"; echo "|---|---|---|"
psql "$DB_URL" -v ON_ERROR_STOP=1 -v expected=$((STORES * SHIPMENTS)) -At -F ' | ' -f bench/soak_invariants.sql \
  | sed 's/^/| /; s/$/ |/' | tee "$work/invariants.txt"
if grep -q '| FAIL |' "$work/invariants.txt"; then status=1; else status=0; fi
grep -hE ' (WARN|ERROR) ' "$work/a.log" "$work/b.log" | sed -E 's/^[^ ]+ +//' | sed -E 's/[0-9]+/#/g' | sort | uniq -c | sort -rn | head -15 > "$work/warn.txt" || true
if [ -s "$work/warn.txt" ]; then echo; echo "Most frequent WARN/ERROR log lines (digits as #):"; echo '```'; cut -c1-300 "$work/warn.txt"; echo '```'; fi
exit $status
