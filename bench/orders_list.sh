#!/usr/bin/env bash
# Orders list under load: GET /api/v1/store/orders?per_page=50 on a SQLite store holding
# 100,000 orders, driven by wrk on loopback, next to /healthz (a minimal axum handler) on the
# same server in the same run, then paging through all 2,000 pages (list cache misses), then
# page 7 again while another writer changes an order 20 times a second.
# Prints requests/s and latency percentiles.
# Needs wrk (Debian package `wrk`). Usage: bash bench/orders_list.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=$TARGET/release/orion
work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export ORION_DATABASE_URL="sqlite://$work/orion.db" ORION_SECRET_KEY=$("$BIN" secret generate) ORION_BIND=127.0.0.1:$port RUST_LOG=warn
"$BIN" demo --seed-only >/dev/null
python3 - "$work/orion.db" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
store = db.execute("SELECT id FROM stores WHERE code='DEMO-LU'").fetchone()[0]
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
addr = '{"name":null,"company":null,"street":"1 Rue de la Gare","postal_code":"1611","city":"Luxembourg","country":"LU"}'
db.execute("BEGIN")
for i in range(100_000):
    cur = db.execute(
        "INSERT INTO orders (store_id, order_number, channel, status, customer_email, customer_first_name, customer_last_name, shipping_address, ship_country, ship_postcode, subtotal_cents, shipping_cents, discount_cents, tax_cents, total_cents, currency, locale, ordered_at, created_at, updated_at) "
        "VALUES (?, ?, 'direct', ?, ?, 'Anne', 'Muller', ?, 'LU', '1611', 2500, 490, 0, 256, 2990, 'EUR', 'fr', ?, ?, ?)",
        (store, f"ORD-DEMO-LU-20261124-{i:06d}", ["pending", "processing", "shipped", "delivered"][i % 4], f"c{i % 5000}@example.test", addr, now, now, now))
    db.execute("INSERT INTO order_items (order_id, store_id, sku, name, quantity, unit_price_cents, line_total_cents, vat_rate_class, status, position) VALUES (?, ?, 'TEA-01', 'Tea', 2, 1250, 2500, 'standard', 'pending', 0)", (cur.lastrowid, store))
db.commit()
PY
"$BIN" serve > "$work/serve.log" 2>&1 & echo $! > "$work/pid"
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done
token=$(curl -s "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"owner@orion.demo","password":"demo-owner-pass","store_code":"DEMO-LU"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/store/orders?per_page=50" | python3 -c 'import sys,json; d=json.load(sys.stdin); print("orders in store:", d["total"], "page items:", len(d["items"]))'
show() { grep -E "Requests/sec|  50%|  90%|  99%|Latency "; }
for target in "/healthz" "/api/v1/store/orders?per_page=50&page=7"; do
  echo "== $target"
  wrk -t2 -c16 -d10s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$target" | show
done
# Every page of the store in turn (2,000 pages of 50): the list cache cannot serve these
# (each page is computed from the database; only the filter's total is reused).
cat > "$work/pages.lua" <<'LUA'
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/v1/store/orders?per_page=50&page=" .. (n % 2000 + 1))
end
LUA
echo "== /api/v1/store/orders?per_page=50&page=1..2000 (each request another page)"
wrk -t2 -c16 -d10s --latency -s "$work/pages.lua" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/" | show
# A busy store: another writer (as another app instance would) changes an order 20 times a
# second, so the cached page is invalidated 20 times a second while the list is read.
python3 - "$work/orion.db" <<'PY' & writer=$!
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA busy_timeout = 5000")
end = time.time() + 11
i = 0
while time.time() < end:
    i += 1
    db.execute("UPDATE orders SET notes = ? WHERE id = (SELECT max(id) FROM orders)", (f"note {i}",))
    time.sleep(0.05)
PY
echo "== /api/v1/store/orders?per_page=50&page=7 while an order changes 20 times/s"
wrk -t2 -c16 -d10s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/store/orders?per_page=50&page=7" | show
wait $writer
