#!/usr/bin/env bash
# Customer CSV export through `orion export customers`: rows per second and peak memory for
# 100,000 and 1,000,000 customers of one store (SQLite), compared with `sqlite3 -csv`
# dumping the same columns from the same database. Memory must stay flat as the store grows.
# Usage: bash bench/export_customers.sh   (ORION_BENCH_NO_BUILD=1 to skip the release build,
# ORION_BENCH_SIZES="100000" to pick sizes, ORION_BENCH_RUNS=5 runs per measure, median kept)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=$TARGET/release/orion
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: apt-get install -y sqlite3" >&2; exit 1; }
SIZES=${ORION_BENCH_SIZES:-"100000 1000000"}
RUNS=${ORION_BENCH_RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ORION_SECRET_KEY=0000000000000000000000000000000000000000000000000000000000000000 RUST_LOG=warn

# Bulk-inserts `rows` customers of DEMO-LU into the migrated schema (about 1 in 7 with a
# comma or quote in the name, non-ASCII names, tags, two addresses, order statistics).
generate() { # db rows
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys, random
from datetime import datetime, timedelta, timezone
random.seed(11)
db, rows = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
con.execute("PRAGMA synchronous = OFF")
store = con.execute("SELECT id FROM stores WHERE code = 'DEMO-LU'").fetchone()[0]
start = (con.execute("SELECT COALESCE(MAX(id), 0) FROM customers").fetchone()[0] or 0) + 1
firsts = ["Anne", "Luc", "Zoë", "Jean-Marie", "Sébastien", "Marie, Claire", "Jos \"Jos\"", "Lena"]
lasts = ["Muller", "Schmit", "Weber", "Hoffmann", "Wagner", "Becker", "Klein", "Reuter"]
tagsets = [None, '["vip"]', '["b2b","letzshop"]', '["newsletter"]', None, None]
addr = '[{"street":"1 rue de la Gare","postal_code":"L-1611","city":"Luxembourg","country":"LU"},{"name":"Office","street":"5 avenue de la Liberté","postal_code":"L-1930","city":"Luxembourg","country":"LU"}]'
base = datetime(2024, 1, 1, tzinfo=timezone.utc)
def ts(d): return d.isoformat(timespec="seconds")
def batch(lo, hi):
    for i in range(lo, hi):
        cid = start + i
        n = random.randint(0, 12)
        first = base + timedelta(minutes=random.randint(0, 900_000))
        last = first + timedelta(minutes=random.randint(0, 100_000))
        yield (cid, store, f"CUS-{cid:06d}", f"customer{cid}@example.test", random.choice(firsts),
               random.choice(lasts), f"+352 621 {cid % 1000000:06d}", None, None,
               random.choice(["en", "fr", "de", None]), random.random() < 0.4,
               random.choice(tagsets), addr, n, n * random.randint(500, 20000),
               ts(first) if n else None, ts(last) if n else None, ts(first), ts(first))
sql = ("INSERT INTO customers (id, store_id, customer_number, email, first_name, last_name, phone, company, vat_id, "
       "preferred_language, marketing_consent, tags, addresses, total_orders, total_spent_cents, first_order_at, "
       "last_order_at, created_at, updated_at) VALUES (" + ",".join("?" * 19) + ")")
for lo in range(0, rows, 50_000):
    con.executemany(sql, batch(lo, min(rows, lo + 50_000)))
    con.commit()
con.execute("ANALYZE")
con.commit()
PY
}

# The same 13 columns, formatted alike (money with two decimals, dates as days, tags joined).
SQL="SELECT email, first_name, last_name, phone, customer_number, total_orders,
  printf('%.2f', total_spent_cents / 100.0) AS total_spent,
  printf('%.2f', CASE WHEN total_orders > 0 THEN round(total_spent_cents * 1.0 / total_orders) / 100.0 ELSE 0 END) AS avg_order_value,
  substr(first_order_at, 1, 10) AS first_order_date, substr(last_order_at, 1, 10) AS last_order_date,
  preferred_language, CASE WHEN marketing_consent THEN 'true' ELSE 'false' END AS marketing_consent,
  replace(replace(replace(replace(tags, '[', ''), ']', ''), '\"', ''), ',', ';') AS tags
  FROM customers WHERE store_id = (SELECT id FROM stores WHERE code = 'DEMO-LU') ORDER BY id"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label rows out-file command...
  local label=$1 rows=$2 out=$3
  shift 3
  : > "$work/times"; : > "$work/rsss"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$out"
    read -r secs kb < "$work/t"
    echo "$secs" >> "$work/times"; echo "$kb" >> "$work/rsss"
  done
  local secs kb
  secs=$(median < "$work/times"); kb=$(sort -n "$work/rsss" | tail -1)
  python3 -c "import sys; r=int(sys.argv[2]); t=float(sys.argv[3]); print(f'{sys.argv[1]:>16} {r:>9,} rows: {t:6.2f} s, {r/t:>10,.0f} rows/s, peak RSS {int(sys.argv[4])/1024:6.1f} MB')" \
    "$label" "$rows" "$secs" "$kb"
}

for rows in $SIZES; do
  db="$work/customers_$rows.db"
  export ORION_DATABASE_URL="sqlite://$db"
  "$BIN" demo --seed-only > /dev/null
  gen_start=$(date +%s.%N)
  generate "$db" "$rows"
  echo "generated $rows customers in $(python3 -c "print(f'{$(date +%s.%N) - $gen_start:.1f}')") s ($(du -h "$db" | cut -f1))"
  measure "orion export" "$rows" /dev/null "$BIN" export customers --store DEMO-LU --out "$work/orion_$rows.csv"
  measure "sqlite3 -csv" "$rows" "$work/sqlite_$rows.csv" sqlite3 -csv -header "$db" "$SQL"
  echo "$(wc -l < "$work/orion_$rows.csv") lines ($(du -h "$work/orion_$rows.csv" | cut -f1)) from orion, $(wc -l < "$work/sqlite_$rows.csv") from sqlite3"
done
