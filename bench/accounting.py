#!/usr/bin/env python3
"""Accounting exports over 100,000 invoices (issue 20): a store with invoices of every regime
issued through the API (domestic at two rates, OSS, intra-Community, export, a credit note),
copied with SQL to 10,000 and then 100,000 documents over 2026; at each size, against a freshly
started server: the sales journal CSV of the year (rows per second) and the FAIA file of the
year, streamed, with the server's resident memory sampled every 20 ms (peak), the FAIA file
validated against the AED's schema when ../shared/faia is there (lxml).

Usage: python3 bench/accounting.py ORION_BIN DATABASE_URL   (bench/accounting.sh runs it)
"""
import atexit, http.client, json, os, shutil, socket, sqlite3, subprocess, sys, tempfile, threading, time

BIN, DB = sys.argv[1], sys.argv[2]
SIZES = [int(x) for x in os.environ.get("ORION_BENCH_SIZES", "10000,100000").split(",")]
PG = DB.startswith("postgres")
XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "faia",
                   "FAIA_v_2.01_reduced_version_A.xsd")
t0 = time.perf_counter()


def log(msg):
    print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


port = free_port()
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}", RUST_LOG="warn",
           ORION_SECRET_KEY="0" * 64, ORION_PUBLIC_URL=f"http://127.0.0.1:{port}")
work = tempfile.mkdtemp(prefix="orion-accounting-bench-")
server = None
atexit.register(lambda: shutil.rmtree(work, ignore_errors=True))
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


def request(method, path, body=None, token=None, sink=None):
    """(status, body bytes or byte count when `sink` takes the chunks)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    h = {"authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode(); h["content-type"] = "application/json"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    if sink is None:
        raw = r.read(); c.close(); return r.status, raw
    n = 0
    while True:
        chunk = r.read(1 << 16)
        if not chunk:
            break
        n += len(chunk); sink(chunk)
    c.close()
    return r.status, n


def call(method, path, body=None, token=None):
    st, raw = request(method, path, body, token)
    j = json.loads(raw) if raw else None
    if st not in (200, 201, 202):
        raise SystemExit(f"{method} {path}: HTTP {st} {j}")
    return j


def sql(q):
    if PG:
        out = subprocess.run(["psql", DB, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", q],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]
    db = sqlite3.connect(DB.removeprefix("sqlite://").split("?")[0])
    try:
        rows = db.execute(q).fetchall(); db.commit(); return rows
    finally:
        db.close()


def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---- 1. a store with one document of each kind, through the API ----------------------------
subprocess.run([BIN, "demo", "--seed-only"], env=env, check=True, capture_output=True)
start_server()
admin = call("POST", "/api/v1/auth/login", {"email": "admin@orion.demo", "password": "demo-admin-pass"})["access_token"]
merchants = call("GET", "/api/v1/admin/merchants?per_page=100", token=admin)["items"]
merchant = next(m for m in merchants if m["name"].startswith("Demo Trading"))["id"]
call("PUT", f"/api/v1/admin/merchants/{merchant}/subscription", {"tier": "business", "status": "active"}, admin)
tok = call("POST", "/api/v1/auth/login", {"email": "owner@orion.demo", "password": "demo-owner-pass",
                                         "store_code": "DEMO-LU"})["access_token"]
call("PUT", "/api/v1/store/settings/invoice", {
    "legal_name": "Demo Trading Sàrl", "street": "2 Rue Y", "postal_code": "1234", "city": "Luxembourg",
    "country": "LU", "vat_number": "LU15027442", "rcs_number": "B123456", "invoice_prefix": "INV",
    "iban": "LU280019400644750000", "bic": "BCEELULL", "oss_registered": True,
    "oss_registration_date": "2021-07-01", "opted_destination_taxation": True}, tok)
for sku, price, cls in [("BENCH-BOOK", "20.00", "super-reduced"), ("BENCH-LAMP", "117.00", "standard")]:
    p = call("POST", "/api/v1/store/products", {"sku": sku, "translations": {"en": {"title": sku.title()}},
                                               "price": price, "vat_rate_class": cls}, tok)
    call("POST", "/api/v1/store/inventory/adjustments", {"product_id": p["id"], "delta": 1000}, tok)
templates = []
for country, postcode, extra in [("LU", "1611", {}), ("FR", "75001", {}),
                                  ("DE", "10115", {"company": "Kunde GmbH", "vat_id": "DE136695976"}),
                                  ("CH", "8001", {})]:
    cust = {"email": f"bench-{country.lower()}@example.test", "first_name": "Anne", "last_name": "Muller", **extra}
    o = call("POST", "/api/v1/store/orders", {"customer": cust, "items": [{"sku": "BENCH-BOOK", "quantity": 1},
             {"sku": "BENCH-LAMP", "quantity": 1}], "shipping_amount": "0.00",
             "shipping_address": {"street": "1 Rue X", "postal_code": postcode, "city": "City", "country": country,
                                  "company": extra.get("company")}}, tok)
    call("POST", f"/api/v1/store/orders/{o['id']}/confirm", {}, tok)
    call("POST", f"/api/v1/store/orders/{o['id']}/ship", {"tracking_number": "T1", "carrier": "Post"}, tok)
    templates.append(call("POST", f"/api/v1/store/orders/{o['id']}/invoice", {}, tok))
cn = call("POST", f"/api/v1/store/invoices/{templates[1]['id']}/credit-note", {"reason": "returned"}, tok)
stop_server()
ids = [t["id"] for t in templates] + [cn["id"]]
log(f"seeded DEMO-LU: {len(ids)} documents through the API ({', '.join(t['vat_regime'] for t in templates)}, a credit note)")

# ---- 2. copies up to each size ------------------------------------------------------------
if PG:
    cols = [r[0] for r in sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'invoices' "
                              "ORDER BY ordinal_position")]
else:
    cols = [r[1] for r in sql("PRAGMA table_info(invoices)")]
cols = [c for c in cols if c != "id"]
day = ("(date '2026-01-01' + (k % 365))" if PG else "date('2026-01-01', '+' || (k % 365) || ' days')")
special = {"number": "'B-' || k", "series": "'BENCH'", "year": "2026", "sequence": "k", "order_id": "NULL",
           "corrects_invoice_id": "NULL", "issue_date": day, "supply_date": day, "pdf_sha256": "NULL",
           "status": "'issued'", "paid_at": "NULL", "cancelled_at": "NULL"}
pick = "CASE k % 5 " + " ".join(f"WHEN {i} THEN {d}" for i, d in enumerate(ids)) + " END"
select = ", ".join(special.get(c, f"t.{c}") for c in cols)
have = 0


def grow(to):
    global have
    first, last = have + 1, to - len(ids)
    if last < first:
        return
    t = time.perf_counter()
    series = (f"generate_series({first}, {last}) AS s(k)" if PG else
              f"(WITH RECURSIVE s(k) AS (SELECT {first} UNION ALL SELECT k + 1 FROM s WHERE k < {last}) SELECT k FROM s) s")
    sql(f"INSERT INTO invoices ({', '.join(cols)}) SELECT {select} FROM {series} JOIN invoices t ON t.id = {pick}")
    have = last
    # Fresh planner statistics, as autovacuum would have them after such a load.
    sql("ANALYZE invoices")
    log(f"  {to:,} documents ({last - first + 1:,} copied in {time.perf_counter() - t:.1f} s, analyzed)")


for size in SIZES:
    grow(size)
    n = int(sql("SELECT count(*) FROM invoices WHERE store_id = (SELECT id FROM stores WHERE code = 'DEMO-LU')")[0][0])
    start_server()
    tok = call("POST", "/api/v1/auth/login", {"email": "owner@orion.demo", "password": "demo-owner-pass",
                                             "store_code": "DEMO-LU"})["access_token"]
    base_rss = rss_kb(server.pid)
    # Sales journal CSV of the year.
    lines = [0]
    t = time.perf_counter()
    st, size_b = request("GET", "/api/v1/store/accounting/sales-journal?year=2026&format=csv", token=tok,
                         sink=lambda c: lines.__setitem__(0, lines[0] + c.count(b"\n")))
    dt = time.perf_counter() - t
    rows = lines[0] - 1
    assert st == 200, st
    log(f"JOURNAL {n:,} documents: {rows:,} rows, {size_b / 1e6:.1f} MB CSV in {dt:.2f} s = {rows / dt:,.0f} rows/s")
    # FAIA of the year, memory sampled while it streams.
    peak = [base_rss]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.pid)); time.sleep(0.02)
    th = threading.Thread(target=sample); th.start()
    out = open(f"{work}/faia.xml", "wb")
    t = time.perf_counter()
    st, size_b = request("GET", "/api/v1/store/accounting/faia?year=2026", token=tok, sink=out.write)
    dt = time.perf_counter() - t
    out.close(); stop.set(); th.join()
    assert st == 200, st
    log(f"FAIA {n:,} documents: {size_b / 1e6:.1f} MB in {dt:.2f} s ({n / dt:,.0f} documents/s); "
        f"server RSS {base_rss / 1024:.0f} MB before, peak {peak[0] / 1024:.0f} MB")
    valid = "not validated (no ../shared/faia)"
    if os.path.exists(XSD):
        venv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".venv", "bin", "python")
        py = os.environ.get("ORION_STDNUM_PYTHON") or (venv if os.path.exists(venv) else "python3")
        v = subprocess.run([py, "-c", "import sys; from lxml import etree; s = etree.XMLSchema(etree.parse(sys.argv[1])); "
                            "ok = s.validate(etree.parse(sys.argv[2])); print(str(s.error_log)[:300]); sys.exit(0 if ok else 1)",
                            XSD, f"{work}/faia.xml"], capture_output=True, text=True)
        valid = "valid against FAIA_v_2.01_reduced_version_A.xsd" if v.returncode == 0 else f"INVALID: {v.stdout}{v.stderr}"
    log(f"FAIA {n:,}: {valid}")
    stop_server()
warnings = sum(1 for line in open(f"{work}/serve.log") if " WARN " in line or " ERROR " in line)
log(f"server log: {warnings} warning/error line(s)")
