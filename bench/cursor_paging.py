#!/usr/bin/env python3
"""Walking a whole orders list (issue 21): one store (DEMO-LU) holding N orders (default
100,000, one item each) inserted directly with SQL, then the whole list read page by page by
one client on one keep-alive connection — first with page numbers (`?per_page=P&page=k`, k =
1, 2, …), then with cursors (`?limit=P`, then `?after=<next_cursor>`) — timing every request
(sent → body read). Every page is asked for once, so the list cache never serves one: with
page numbers each request computes its page from the database (the filter's total is counted
once and reused, as in production, while no order changes); cursor steps are never cached.
Both walks must see every order of the store exactly once. Prints p50/p90/p99/max per page.

Usage: python3 bench/cursor_paging.py ORION_BIN DATABASE_URL [N]   (bench/cursor_paging.sh runs it)

Environment: ORION_BENCH_PER_PAGE (default 50) — rows per page in both walks.
"""
import atexit, http.client, json, os, socket, sqlite3, statistics, subprocess, sys, tempfile, time

BIN, DB = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
PER = int(os.environ.get("ORION_BENCH_PER_PAGE", "50"))
PG = DB.startswith("postgres")
t0 = time.perf_counter()


def log(msg):
    print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


port = free_port()
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}", RUST_LOG="warn",
           ORION_SECRET_KEY="0" * 64, ORION_PUBLIC_URL=f"http://127.0.0.1:{port}")
work = tempfile.mkdtemp(prefix="orion-cursor-bench-")
server = None


def stop_server():
    global server
    if server is not None:
        server.terminate()
        server.wait()
        server = None


atexit.register(stop_server)


class Client:
    """One keep-alive HTTP/1.1 connection to the server."""

    def __init__(self):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, method, path, body=None, token=None):
        h = {}
        if token:
            h["authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode(); h["content-type"] = "application/json"
        self.c.request(method, path, body=data, headers=h)
        r = self.c.getresponse()
        raw = r.read()
        return r.status, (json.loads(raw) if raw else None)


def start_server():
    global server
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=open(f"{work}/serve.log", "a"),
                              stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if Client().call("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("orion serve did not answer /healthz")


def sql(q):
    if PG:
        out = subprocess.run(["psql", DB, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", q],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("|")) for line in out.splitlines() if line]
    db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0])
    try:
        return db.execute(q).fetchall()
    finally:
        db.close()


# ---- seed: the demo, then N orders of DEMO-LU ------------------------------------------------
subprocess.run([BIN, "demo", "--seed-only"], env=env, check=True, capture_output=True)
store = int(sql("SELECT id FROM stores WHERE code = 'DEMO-LU'")[0][0])
ADDR = '{"name":null,"company":null,"street":"1 Rue de la Gare","postal_code":"1611","city":"Luxembourg","country":"LU"}'
STATUSES = ["pending", "processing", "shipped", "delivered"]
t = time.perf_counter()
if PG:
    script = f"""
BEGIN;
CREATE TEMP TABLE bench_new AS
WITH ins AS (
  INSERT INTO orders (store_id, order_number, channel, status, customer_email, customer_first_name,
    customer_last_name, shipping_address, ship_country, ship_postcode, subtotal_cents, shipping_cents,
    discount_cents, tax_cents, total_cents, currency, locale, ordered_at, created_at, updated_at)
  SELECT {store}, 'ORD-DEMO-LU-BENCH-' || lpad(g::text, 7, '0'), 'direct',
    (ARRAY['pending','processing','shipped','delivered'])[1 + g % 4], 'c' || (g % 5000) || '@example.test',
    'Anne', 'Muller', '{ADDR}', 'LU', '1611', 2500, 490, 0, 256, 2990, 'EUR', 'fr', now(), now(), now()
  FROM generate_series(0, {N} - 1) g ORDER BY g
  RETURNING id)
SELECT id FROM ins;
INSERT INTO order_items (order_id, store_id, sku, name, quantity, unit_price_cents, line_total_cents,
  vat_rate_class, status, position)
SELECT id, {store}, 'TEA-01', 'Tea', 2, 1250, 2500, 'standard', 'pending', 0 FROM bench_new ORDER BY id;
COMMIT;
ANALYZE orders; ANALYZE order_items;
"""
    subprocess.run(["psql", DB, "-Xq", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null"], input=script, text=True,
                   check=True)
else:
    db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0], isolation_level=None)
    db.execute("BEGIN")
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    for i in range(N):
        cur = db.execute(
            "INSERT INTO orders (store_id, order_number, channel, status, customer_email, customer_first_name, "
            "customer_last_name, shipping_address, ship_country, ship_postcode, subtotal_cents, shipping_cents, "
            "discount_cents, tax_cents, total_cents, currency, locale, ordered_at, created_at, updated_at) "
            "VALUES (?, ?, 'direct', ?, ?, 'Anne', 'Muller', ?, 'LU', '1611', 2500, 490, 0, 256, 2990, 'EUR', 'fr', ?, ?, ?)",
            (store, f"ORD-DEMO-LU-BENCH-{i:07d}", STATUSES[i % 4], f"c{i % 5000}@example.test", ADDR, now, now, now))
        db.execute(
            "INSERT INTO order_items (order_id, store_id, sku, name, quantity, unit_price_cents, line_total_cents, "
            "vat_rate_class, status, position) VALUES (?, ?, 'TEA-01', 'Tea', 2, 1250, 2500, 'standard', 'pending', 0)",
            (cur.lastrowid, store))
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
total = int(sql(f"SELECT count(*) FROM orders WHERE store_id = {store}")[0][0])
log(f"seeded {N:,} orders in {time.perf_counter() - t:.1f} s; DEMO-LU holds {total:,} orders")

# ---- the two walks -------------------------------------------------------------------------
start_server()
client = Client()
st, b = client.call("POST", "/api/v1/auth/login",
                    {"email": "owner@orion.demo", "password": "demo-owner-pass", "store_code": "DEMO-LU"})
if st != 200:
    raise SystemExit(f"login: HTTP {st} {b}")
token = b["access_token"]


def walk(next_path):
    """Reads pages until `next_path(page_number, last_body)` is None; (times in ms, ids)."""
    times, ids, body, k = [], [], None, 0
    while True:
        k += 1
        path = next_path(k, body)
        if path is None:
            return times, ids
        s = time.perf_counter()
        st, body = client.call("GET", path, token=token)
        times.append((time.perf_counter() - s) * 1000)
        if st != 200:
            raise SystemExit(f"{path}: HTTP {st} {body}")
        ids.extend(o["id"] for o in body["items"])


def by_number(k, body):
    if body is not None and not body["items"]:
        return None
    return f"/api/v1/store/orders?per_page={PER}&page={k}"


def by_cursor(k, body):
    if body is None:
        return f"/api/v1/store/orders?limit={PER}"
    return body["next_cursor"] and f"/api/v1/store/orders?limit={PER}&after={body['next_cursor']}"


def report(name, times, ids):
    if len(ids) != total or len(set(ids)) != total:
        raise SystemExit(f"{name}: saw {len(ids):,} orders ({len(set(ids)):,} distinct), the store holds {total:,}")
    q = statistics.quantiles(times, n=100, method="inclusive")
    print(f"{name:<13} {len(times):>6,} requests  p50 {q[49]:7.2f} ms  p90 {q[89]:7.2f} ms  "
          f"p99 {q[98]:7.2f} ms  max {max(times):7.2f} ms  total {sum(times) / 1000:6.1f} s", flush=True)


print(f"DEMO-LU, {total:,} orders, {PER} per page, one client, every page once:", flush=True)
report("page numbers", *walk(by_number))
report("cursors", *walk(by_cursor))
stop_server()
