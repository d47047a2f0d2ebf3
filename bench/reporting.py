#!/usr/bin/env python3
"""Reporting under load (issue 18): one merchant, 10 stores, N orders (default 1,000,000)
spread over the stores and over the calendar year 2026, inserted directly with SQL; the
rollups rebuilt with `orion reports rebuild` (timed); the merchant summary's totals checked
against the orders; then wrk on `/healthz`, the merchant summary for the year by month and the
store dashboard page, all against the same server in the same run.

Usage: python3 bench/reporting.py ORION_BIN DATABASE_URL [N]   (bench/reporting.sh runs it)

Environment:
  ORION_BENCH_REBUILD_SAMPLE=K  time `orion reports rebuild --store CODE` on the first K
      stores only and extrapolate to all 10 (the other stores' rollups are then filled by one
      SQL statement per table that applies the same counting rules, so the summary still
      covers every order). 0 = every store by the command. Default `auto`: every store, unless
      the first store's time × 10 exceeds 15 minutes, in which case only the first.
  ORION_BENCH_WRK="-t2 -c16 -d10s --timeout 30s"  wrk options (the timeout: slow answers are
      measured, not dropped as wrk's 2 s default would).
"""
import atexit, datetime, http.client, json, os, random, re, shlex, socket, sqlite3, statistics, subprocess
import sys, tempfile, time, urllib.parse
from decimal import Decimal

BIN, DB = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
PG = DB.startswith("postgres")
SAMPLE = os.environ.get("ORION_BENCH_REBUILD_SAMPLE", "auto")
SAMPLE = None if SAMPLE == "auto" else int(SAMPLE or 0)
WRK = shlex.split(os.environ.get("ORION_BENCH_WRK", "-t2 -c16 -d10s --timeout 30s"))
YEAR = 2026
STORES = ["DEMO-LU", "DEMO-DE"] + [f"BENCH-{i:02d}" for i in range(3, 11)]
# Three products per store: (sku suffix, title, gross price in cents).
PRODUCTS = [("TEA", "Tea", 1250), ("MUG", "Mug", 2490), ("CARD", "Card", 790)]
t0 = time.perf_counter()


def log(msg):
    print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


port = free_port()
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}", RUST_LOG="warn",
           ORION_SECRET_KEY="0" * 64, ORION_PUBLIC_URL=f"http://127.0.0.1:{port}")
work = tempfile.mkdtemp(prefix="orion-reporting-bench-")
server = None
atexit.register(lambda: stop_server())


def start_server():
    global server
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=open(f"{work}/serve.log", "a"),
                              stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("orion serve did not answer /healthz")


def stop_server():
    global server
    if server is not None:
        server.terminate()
        server.wait()
        server = None


def request(method, path, body=None, headers=None, form=None):
    """One HTTP request (no redirect following): (status, headers, body bytes)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode(); h["content-type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode(); h["content-type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    raw = r.read()
    c.close()
    return r.status, r.headers, raw


def call(method, path, body=None, token=None):
    st, _, raw = request(method, path, body, {"authorization": f"Bearer {token}"} if token else None)
    return st, (json.loads(raw) if raw else None)


def must(st, j, what, ok=(200, 201)):
    if st not in ok:
        raise SystemExit(f"{what}: HTTP {st} {j}")
    return j


def login(store_code=None):
    body = {"email": "owner@orion.demo", "password": "demo-owner-pass"}
    if store_code:
        body["store_code"] = store_code
    return must(*call("POST", "/api/v1/auth/login", body), f"login {store_code}")["access_token"]


def sql(q):
    """One query's rows on the benchmark database."""
    if PG:
        out = subprocess.run(["psql", DB, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", q],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0])
    try:
        return db.execute(q).fetchall()
    finally:
        db.close()


def psql_script(script):
    subprocess.run(["psql", DB, "-Xq", "-v", "ON_ERROR_STOP=1"], input=script, text=True, check=True)


# ---- 1. seed, stores, tier, products -------------------------------------------------------
subprocess.run([BIN, "demo", "--seed-only"], env=env, check=True, capture_output=True)
start_server()
admin = must(*call("POST", "/api/v1/auth/login", {"email": "admin@orion.demo", "password": "demo-admin-pass"}),
             "admin login")["access_token"]
merchants = must(*call("GET", "/api/v1/admin/merchants?per_page=100", token=admin), "merchants")["items"]
merchant = next(m for m in merchants if m["name"].startswith("Demo Trading"))["id"]
must(*call("PUT", f"/api/v1/admin/merchants/{merchant}/subscription", {"tier": "business", "status": "active"},
           admin), "business tier")
for code in STORES[2:]:
    must(*call("POST", f"/api/v1/admin/merchants/{merchant}/stores",
               {"code": code, "name": f"Bench {code}", "country": "LU", "default_language": "en"}, admin),
         f"create store {code}")
products = {}   # (store index, k) -> (store id, product id, sku, title, price)
store_ids = {}
for si, code in enumerate(STORES):
    tok = login(code)
    for k, (suffix, title, price) in enumerate(PRODUCTS):
        p = must(*call("POST", "/api/v1/store/products",
                       {"sku": f"{code}-{suffix}", "translations": {"en": {"title": title}},
                        "price": f"{price // 100}.{price % 100:02d}", "product_type": "physical"}, tok),
                 f"product {code}-{suffix}")
        must(*call("POST", "/api/v1/store/inventory/adjustments", {"product_id": p["id"], "delta": 1_000_000}, tok),
             "stock")
        products[(si, k)] = (None, p["id"], f"{code}-{suffix}", title, price)
for sid, code in sql("SELECT id, code FROM stores"):
    store_ids[code] = int(sid)
products = {key: (store_ids[STORES[key[0]]],) + v[1:] for key, v in products.items()}
stop_server()
log(f"seeded: merchant {merchant} on Business, {len(STORES)} stores, {len(products)} products with stock")

# ---- 2. N orders inserted directly -------------------------------------------------------
# Per order: store = n % 10; a random day of 2026 and a time 06:00-21:59 UTC (the same day in
# Luxembourg); status: 1 % pending, 2 % processing, 4 % shipped, 86 % delivered, 5 %
# cancelled, 2 % refunded (delivered and refunded are invoiced); 25 % Letzshop; 1-3 items of
# distinct products, quantity 1-3; shipping 4.90 under 50.00; VAT 17 % of the gross. Ids
# follow ordered_at, as they would in a live store.
ADDR = '{"name":null,"company":null,"street":"1 Rue de la Gare","postal_code":"1611","city":"Luxembourg","country":"LU"}'
STATUS_SQL = ("CASE WHEN roll < 1 THEN 'pending' WHEN roll < 3 THEN 'processing' WHEN roll < 7 THEN 'shipped' "
              "WHEN roll < 93 THEN 'delivered' WHEN roll < 98 THEN 'cancelled' ELSE 'refunded' END")


def status_of(roll):
    return ("pending" if roll < 1 else "processing" if roll < 3 else "shipped" if roll < 7 else
            "delivered" if roll < 93 else "cancelled" if roll < 98 else "refunded")


base = int(sql("SELECT coalesce(max(id), 0) FROM orders")[0][0])
item_base = int(sql("SELECT coalesce(max(id), 0) FROM order_items")[0][0])
t = time.perf_counter()
if PG:
    values = ",".join(f"({si},{k},{sid},{pid},'{sku}','{title}',{price})"
                      for (si, k), (sid, pid, sku, title, price) in products.items())
    codes = ",".join(f"({si},{store_ids[c]},'{c}')" for si, c in enumerate(STORES))
    psql_script(f"""
\\o /dev/null
SET work_mem = '256MB';
CREATE TEMP TABLE bench_products (si int, k int, store_id bigint, product_id bigint, sku text, title text, price bigint);
INSERT INTO bench_products VALUES {values};
CREATE TEMP TABLE bench_stores (si int, store_id bigint, code text);
INSERT INTO bench_stores VALUES {codes};
CREATE TEMP TABLE bench_gen AS
SELECT {base} + row_number() OVER (ORDER BY ts, g) AS id, x.* FROM (
  SELECT g, g % 10 AS si,
    timestamptz '{YEAR}-01-01 06:00:00+00' + floor(random() * 365)::int * interval '1 day'
      + floor(random() * 16 * 3600)::int * interval '1 second' AS ts,
    floor(random() * 100)::int AS roll, random() < 0.25 AS ls,
    1 + floor(random() * 3)::int AS n, floor(random() * 3)::int AS k0,
    1 + floor(random() * 3)::int AS q1, 1 + floor(random() * 3)::int AS q2, 1 + floor(random() * 3)::int AS q3
  FROM generate_series(0, {N} - 1) g) x;
CREATE TEMP TABLE bench_items AS
SELECT o.id AS order_id, p.store_id, j, p.product_id, p.sku, p.title, p.price,
  CASE j WHEN 0 THEN o.q1 WHEN 1 THEN o.q2 ELSE o.q3 END AS qty, o.roll
FROM bench_gen o CROSS JOIN generate_series(0, 2) j
JOIN bench_products p ON p.si = o.si AND p.k = (o.k0 + j) % 3
WHERE j < o.n;
CREATE TEMP TABLE bench_sub AS SELECT order_id, sum(qty * price) AS sub FROM bench_items GROUP BY order_id;
BEGIN;
INSERT INTO orders (id, store_id, order_number, channel, status, customer_email, customer_first_name,
  customer_last_name, shipping_address, ship_country, ship_postcode, subtotal_cents, shipping_cents,
  discount_cents, tax_cents, total_cents, currency, locale, ordered_at, created_at, updated_at, invoiced)
SELECT o.id, s.store_id, 'ORD-' || s.code || '-' || lpad(o.id::text, 7, '0'),
  CASE WHEN o.ls THEN 'letzshop' ELSE 'direct' END, {STATUS_SQL.replace('roll', 'o.roll')},
  'c' || (o.g % 20000) || '@example.test', 'Anne', 'Muller', '{ADDR}', 'LU', '1611',
  b.sub, sh.ship, 0, ((b.sub + sh.ship) * 34 + 117) / 234, b.sub + sh.ship, 'EUR', 'fr', o.ts, o.ts, o.ts,
  o.roll >= 7 AND o.roll < 93 OR o.roll >= 98
FROM bench_gen o JOIN bench_stores s ON s.si = o.si JOIN bench_sub b ON b.order_id = o.id
CROSS JOIN LATERAL (SELECT CASE WHEN b.sub < 5000 THEN 490 ELSE 0 END AS ship) sh
ORDER BY o.id;
INSERT INTO order_items (order_id, store_id, product_id, sku, name, quantity, unit_price_cents,
  line_total_cents, vat_rate_class, status, position)
SELECT order_id, store_id, product_id, sku, title, qty, price, qty * price, 'standard',
  CASE WHEN roll < 1 THEN 'pending' ELSE 'confirmed' END, j
FROM bench_items ORDER BY order_id, j;
COMMIT;
SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders));
SELECT setval(pg_get_serial_sequence('order_items', 'id'), (SELECT max(id) FROM order_items));
ANALYZE orders; ANALYZE order_items;
""")
else:
    rng = random.Random(18)
    start = datetime.datetime(YEAR, 1, 1, 6, tzinfo=datetime.timezone.utc)
    gen = []
    for g in range(N):
        gen.append((rng.randrange(365) * 86400 + rng.randrange(16 * 3600), g, rng.randrange(100),
                    rng.random() < 0.25, rng.randint(1, 3), rng.randrange(3),
                    rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)))
    gen.sort()
    db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0], isolation_level=None)
    db.execute("PRAGMA busy_timeout = 60000")
    db.execute("BEGIN")
    orders, items = [], []

    def flush():
        db.executemany(
            "INSERT INTO orders (id, store_id, order_number, channel, status, customer_email, customer_first_name, "
            "customer_last_name, shipping_address, ship_country, ship_postcode, subtotal_cents, shipping_cents, "
            "discount_cents, tax_cents, total_cents, currency, locale, ordered_at, created_at, updated_at, invoiced) "
            "VALUES (?, ?, ?, ?, ?, ?, 'Anne', 'Muller', ?, 'LU', '1611', ?, ?, 0, ?, ?, 'EUR', 'fr', ?, ?, ?, ?)", orders)
        db.executemany(
            "INSERT INTO order_items (order_id, store_id, product_id, sku, name, quantity, unit_price_cents, "
            "line_total_cents, vat_rate_class, status, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'standard', ?, ?)",
            items)
        orders.clear(); items.clear()

    for i, (secs, g, roll, ls, n, k0, q1, q2, q3) in enumerate(gen):
        oid = base + i + 1
        si = g % 10
        sub = 0
        for j, q in enumerate((q1, q2, q3)[:n]):
            sid, pid, sku, title, price = products[(si, (k0 + j) % 3)]
            sub += q * price
            items.append((oid, sid, pid, sku, title, q, price, q * price, "pending" if roll < 1 else "confirmed", j))
        ship = 490 if sub < 5000 else 0
        total = sub + ship
        ts = (start + datetime.timedelta(seconds=secs)).isoformat()
        orders.append((oid, products[(si, 0)][0], f"ORD-{STORES[si]}-{oid:07d}", "letzshop" if ls else "direct",
                       status_of(roll), f"c{g % 20000}@example.test", ADDR, sub, ship, (total * 34 + 117) // 234,
                       total, ts, ts, ts, 7 <= roll < 93 or roll >= 98))
        if len(orders) >= 20000:
            flush()
    flush()
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    del gen
n_orders, n_items = (int(sql("SELECT count(*) FROM orders")[0][0]), int(sql("SELECT count(*) FROM order_items")[0][0]))
log(f"inserted {n_orders:,} orders and {n_items:,} items in {time.perf_counter() - t:.1f} s")

# ---- 3. rollups: `orion reports rebuild` -------------------------------------------------
# One `orion reports rebuild --store CODE` per store (the same work as one run for every
# store: one transaction per store), so the time of each store is seen.
t = time.perf_counter()
rebuilt_orders = 0
for i, code in enumerate(STORES):
    if SAMPLE and i >= SAMPLE:
        break
    a = time.perf_counter()
    p = subprocess.Popen([BIN, "reports", "rebuild", "--store", code], env=env, stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        m = re.search(r"from (\d+) order", line)
        rebuilt_orders += int(m.group(1)) if m else 0
        log(f"  {line.rstrip()} ({time.perf_counter() - a:.1f} s)")
    if p.wait() != 0:
        raise SystemExit(f"orion reports rebuild failed ({p.returncode})")
    if SAMPLE is None and i == 0 and (time.perf_counter() - a) * len(STORES) > 15 * 60:
        SAMPLE = 1
        log("  the first store x 10 would exceed 15 minutes: the others are filled by SQL")
        break
took = time.perf_counter() - t
log(f"REBUILD: {rebuilt_orders:,} orders in {took:.1f} s = {rebuilt_orders / took:,.0f} orders/s"
    + (f"; extrapolated to {n_orders:,} orders: {took * n_orders / rebuilt_orders / 60:.1f} min" if SAMPLE else ""))
if SAMPLE:
    # The other stores' rollups by SQL, with the rules of service/facts.rs (what the command
    # would have written; the check below compares them with the orders as well).
    rest = ",".join(str(store_ids[c]) for c in STORES[SAMPLE:])
    day = ("date(o.ordered_at AT TIME ZONE 'Europe/Luxembourg')" if PG else "date(o.ordered_at)")
    live = "o.status <> 'cancelled'"
    t = time.perf_counter()
    stmts = [
        f"""INSERT INTO sales_daily (store_id, day, channel, orders, cancelled, units, gross_cents, net_cents,
            vat_cents, refunded_cents)
          SELECT o.store_id, {day}, o.channel, sum(CASE WHEN {live} THEN 1 ELSE 0 END),
            sum(CASE WHEN {live} THEN 0 ELSE 1 END),
            sum(CASE WHEN {live} THEN (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.order_id = o.id
              AND i.status <> 'declined') ELSE 0 END),
            sum(CASE WHEN {live} THEN o.total_cents ELSE 0 END), sum(CASE WHEN {live} THEN o.total_cents - o.tax_cents ELSE 0 END),
            sum(CASE WHEN {live} THEN o.tax_cents ELSE 0 END), sum(CASE WHEN o.status = 'refunded' THEN o.total_cents ELSE 0 END)
          FROM orders o WHERE o.store_id IN ({rest}) GROUP BY 1, 2, 3""",
        f"""INSERT INTO sales_daily_countries (store_id, day, country, orders, gross_cents, net_cents, vat_cents)
          SELECT o.store_id, {day}, o.ship_country, count(*), sum(o.total_cents), sum(o.total_cents - o.tax_cents),
            sum(o.tax_cents) FROM orders o WHERE o.store_id IN ({rest}) AND {live} GROUP BY 1, 2, 3""",
        f"""INSERT INTO sales_daily_products (store_id, day, product_id, units, gross_cents)
          SELECT o.store_id, {day}, i.product_id, sum(i.quantity), sum(i.line_total_cents)
          FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.store_id IN ({rest}) AND {live} AND i.status <> 'declined' AND i.product_id IS NOT NULL
          GROUP BY 1, 2, 3""",
    ]
    if PG:
        psql_script("BEGIN;\n" + ";\n".join(stmts) + ";\nCOMMIT;\n")
    else:
        db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0], isolation_level=None)
        db.execute("BEGIN")
        for s in stmts:
            db.execute(s)
        db.execute("COMMIT")
        db.close()
    log(f"rollups of the other {len(STORES) - SAMPLE} stores filled by SQL in {time.perf_counter() - t:.1f} s")
for tab in ("sales_order_facts", "sales_daily", "sales_daily_products", "sales_daily_countries"):
    log(f"  {tab}: {int(sql(f'SELECT count(*) FROM {tab}')[0][0]):,} rows")

# ---- 4. server, check, single requests -----------------------------------------------------
start_server()
owner = login()   # no store: the merchant owner
summary_path = f"/api/v1/merchant/reports/summary?from={YEAR}-01-01&to={YEAR}-12-31&granularity=month"
st, s = call("GET", summary_path, token=owner)
must(st, s, "merchant summary")
cents = lambda m: int(Decimal(m) * 100)
tot = s["consolidated"]["totals"]
db_orders, db_gross = (int(x or 0) for x in sql("SELECT count(*), sum(total_cents) FROM orders WHERE status <> 'cancelled'")[0])
db_cancelled = int(sql("SELECT count(*) FROM orders WHERE status = 'cancelled'")[0][0])
stores_sum = sum(x["totals"]["orders"] for x in s["stores"])
ok = tot["orders"] == db_orders and cents(tot["gross"]) == db_gross and tot["cancelled"] == db_cancelled
log(f"CHECK summary: orders {tot['orders']:,} gross {tot['gross']} cancelled {tot['cancelled']:,} "
    f"(stores' totals add up to {stores_sum:,}; {len(s['consolidated']['series'])} months; top products {len(s['consolidated']['top_products'])})")
log(f"CHECK orders:  orders {db_orders:,} gross {Decimal(db_gross) / 100} cancelled {db_cancelled:,}  "
    f"=> {'EQUAL' if ok else 'DIFFERENT'}")

# Browser session for the dashboard (DEMO-LU), through the /login form and its CSRF token.
st, h, raw = request("GET", "/login")
pre = next(v.split(";")[0] for k, v in h.items() if k.lower() == "set-cookie" and v.startswith("orion_csrf="))
csrf = re.search(r'name="csrf_token" value="([^"]+)"', raw.decode()).group(1)
st, h, raw = request("POST", "/login", headers={"cookie": pre},
                     form={"email": "owner@orion.demo", "password": "demo-owner-pass", "csrf_token": csrf,
                           "store_code": "DEMO-LU", "next": ""})
assert st == 303, (st, raw[:500])
session = next(v.split(";")[0] for k, v in h.items() if k.lower() == "set-cookie" and v.startswith("orion_session="))
st, _, html = request("GET", "/dashboard", headers={"cookie": session})
assert st == 200 and b"sales-chart" in html, (st, html[:300])
log(f"dashboard of DEMO-LU: {len(html):,} bytes with the sales chart")


def unloaded(path, headers, n=20):
    """n requests one after the other on one connection: (median, max) in ms."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    ms = []
    for _ in range(n):
        a = time.perf_counter()
        c.request("GET", path, headers=headers)
        r = c.getresponse(); r.read()
        assert r.status == 200, r.status
        ms.append((time.perf_counter() - a) * 1000)
    c.close()
    return statistics.median(ms), max(ms)


targets = [("/healthz", "/healthz", {}),
           ("merchant summary (year, monthly)", summary_path, {"Authorization": f"Bearer {owner}"}),
           ("dashboard (DEMO-LU)", "/dashboard", {"Cookie": session})]
for name, path, hdr in targets:
    med, mx = unloaded(path, hdr)
    log(f"UNLOADED {name}: 20 requests one at a time: median {med:.1f} ms, max {mx:.1f} ms")

# ---- 5. wrk ----------------------------------------------------------------------------
rows = []
for name, path, hdr in targets:
    args = ["wrk", *WRK, "--latency"] + [x for k, v in hdr.items() for x in ("-H", f"{k}: {v}")]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    print(f"== {name}: {path}")
    for line in out.splitlines():
        if re.search(r"Requests/sec|^\s+(50|90|99)%|Latency |Non-2xx|Socket errors|requests in", line):
            print(line)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    rows.append((name, rps.group(1) if rps else "?", p.get("50", "?"), p.get("99", "?"),
                 "non-2xx!" if "Non-2xx" in out else ""))
print("RESULT | endpoint | requests/s | p50 | p99 |")
for r in rows:
    print("RESULT | " + " | ".join(r) + " |")
errors = [l for l in open(f"{work}/serve.log") if re.search(r"ERROR|WARN|panick", l)]
print(f"server log: {len(errors)} warning/error line(s)" + ("".join(["\n"] + errors[:10]) if errors else ""))
stop_server()
