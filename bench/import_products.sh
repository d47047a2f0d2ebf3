#!/usr/bin/env bash
# Product CSV import through `orion import products`: rows per second and peak memory, into
# SQLite and (when ORION_BENCH_PG_URL or the test cluster script is available) PostgreSQL,
# for 10,000 and 100,000 rows (memory must stay flat as the file grows).
# Usage: bash bench/import_products.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=$TARGET/release/orion
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys, random
random.seed(7)
def ean13(n):
    d = f"{n:012d}"
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(d))
    return d + str((10 - s % 10) % 10)
for rows in (10_000, 100_000):
    with open(f"{sys.argv[1]}/products_{rows}.csv", "w") as f:
        f.write("sku,gtin,gtin_type,title_en,title_fr,description_en,price,vat_rate_class,product_type,brand,condition,active\n")
        for i in range(rows):
            f.write(f"SKU-{i:07d},{ean13(400000000000 + i)},gtin13,Product {i},Produit {i},\"A fine product, number {i}\","
                    f"{random.randint(100, 99999) / 100:.2f},standard,physical,Brand {i % 50},new,true\n")
PY

run() { # backend-url rows
  local url=$1 rows=$2
  export ORION_DATABASE_URL=$url ORION_SECRET_KEY=0000000000000000000000000000000000000000000000000000000000000000 RUST_LOG=warn
  # The demo store to import into; its Professional trial has no product limit.
  "$BIN" demo --seed-only >/dev/null
  local start end rss
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$BIN" import products --store DEMO-LU "$work/products_$rows.csv" > "$work/out" 2>&1
  end=$(date +%s.%N)
  rss=$(cat "$work/rss")
  python3 -c "import sys; r=$rows; t=$end-$start; print(f'{sys.argv[1]:>10} {r:>7} rows: {t:6.2f} s, {r/t:9.0f} rows/s, peak RSS {int(sys.argv[2])/1024:.1f} MB')" "$3" "$rss"
  tail -1 "$work/out" | sed 's/^/             /'
}

for rows in 10000 100000; do
  run "sqlite://$work/bench_$rows.db" $rows sqlite
done
if [ -n "${ORION_BENCH_PG_URL:-}" ] || { source scripts/pg.sh >/dev/null 2>&1 && ORION_BENCH_PG_URL=$ORION_TEST_PG_URL; }; then
  base=${ORION_BENCH_PG_URL%/*}
  for rows in 10000 100000; do
    psql "$ORION_BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS bench_$rows" -c "CREATE DATABASE bench_$rows" >/dev/null
    run "$base/bench_$rows" $rows postgresql
  done
fi
