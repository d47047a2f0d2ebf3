#!/usr/bin/env python3
"""Bulk order actions (issue 15): 1,000 direct orders confirmed, shipped, invoiced and
cancelled as bulk jobs (`POST /api/v1/store/orders/bulk`, followed at `/jobs/{id}`), next to
the reference in the same run: the same work as one API call per order.

Usage: python3 bench/bulk_orders.py ORION_BIN DATABASE_URL [N]   (bench/bulk_orders.sh runs it)
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.request

BIN, DB = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 1000

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

port = free_port()
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}", RUST_LOG="warn",
           ORION_SECRET_KEY="0" * 64, ORION_PUBLIC_URL=f"http://127.0.0.1:{port}")
subprocess.run([BIN, "migrate"], env=env, check=True, capture_output=True)
subprocess.run([BIN, "admin", "create-user", "--email", "admin@bench.test", "--password", "bench-Admin-pass-1",
                "--platform-admin"], env=env, check=True, capture_output=True)
server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=open(os.devnull, "w"))

def call(method, path, body=None, token=None, headers=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

try:
    for _ in range(200):
        try:
            if call("GET", "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.05)
    _, t = call("POST", "/api/v1/auth/login", {"email": "admin@bench.test", "password": "bench-Admin-pass-1"})
    admin = t["access_token"]

    def store(code):
        _, m = call("POST", "/api/v1/admin/merchants", {"name": f"Bench {code}", "legal_country": "LU",
                    "owner_email": f"owner-{code.lower()}@bench.test", "owner_password": "bench-Owner-pass-1"}, admin)
        call("PUT", f"/api/v1/admin/merchants/{m['id']}/subscription", {"tier": "business", "status": "active"}, admin)
        call("POST", f"/api/v1/admin/merchants/{m['id']}/stores", {"code": code, "name": code, "country": "LU",
             "default_language": "en"}, admin)
        _, t = call("POST", "/api/v1/auth/login", {"email": f"owner-{code.lower()}@bench.test",
                    "password": "bench-Owner-pass-1", "store_code": code})
        tok = t["access_token"]
        call("PUT", "/api/v1/store/settings/invoice", {"legal_name": "Bench Sàrl", "street": "2 Rue Y",
             "postal_code": "1234", "city": "Luxembourg", "country": "LU", "vat_number": "LU15027442",
             "invoice_prefix": "INV"}, tok)
        _, p = call("POST", "/api/v1/store/products", {"sku": "BENCH-1", "translations": {"en": {"title": "Tea"}},
                    "price": "12.50", "vat_rate_class": "reduced", "product_type": "physical"}, tok)
        call("POST", "/api/v1/store/inventory/adjustments", {"product_id": p["id"], "delta": 10 * N}, tok)
        ids = []
        for i in range(N):
            _, o = call("POST", "/api/v1/store/orders", {"customer": {"email": f"c{i % 200}@bench.test",
                        "first_name": "A", "last_name": "B"}, "shipping_address": {"street": "1 Rue X",
                        "postal_code": "1611", "city": "Luxembourg", "country": "LU"},
                        "items": [{"sku": "BENCH-1", "quantity": 1 + i % 3}], "shipping_amount": "4.90"}, tok)
            ids.append(o["id"])
        return tok, ids

    def bulk(tok, action, ids):
        start = time.perf_counter()
        st, j = call("POST", "/api/v1/store/orders/bulk", {"action": action, "order_ids": ids}, tok,
                     {"Idempotency-Key": f"bench-{action}-{time.time()}"})
        assert st == 202, (st, j)
        while True:
            st, s = call("GET", f"/api/v1/store/jobs/{j['job_id']}", token=tok)
            if s["status"] == "done":
                break
            time.sleep(0.05)
        took = time.perf_counter() - start
        ok = sum(1 for r in s["results"] if r["ok"])
        return took, ok

    def one_by_one(tok, action, ids):
        start = time.perf_counter()
        ok = 0
        for i in ids:
            path = f"/api/v1/store/orders/{i}/invoice" if action == "invoice" else f"/api/v1/store/orders/{i}/{action}"
            st, _ = call("POST", path, {}, tok)
            ok += st < 300
        return time.perf_counter() - start, ok

    tok, ids = store("BULK-LU")
    ref_tok, ref_ids = store("REF-LU")
    print(f"{N} orders per store; bulk job (one request, followed to the end) vs one API call per order")
    print(f"{'action':>8} {'bulk s':>8} {'orders/s':>9} {'ok':>5} | {'per-call s':>10} {'orders/s':>9} {'ok':>5}")
    for action in ("confirm", "ship", "invoice"):
        b, bok = bulk(tok, action, ids)
        r, rok = one_by_one(ref_tok, action, ref_ids)
        print(f"{action:>8} {b:8.2f} {N / b:9.0f} {bok:5} | {r:10.2f} {N / r:9.0f} {rok:5}")
    # Cancelling: fresh pending orders would need another N; cancel the shipped ones is refused,
    # so this times refusals (each order read, judged, its reason recorded).
    b, bok = bulk(tok, "cancel", ids)
    print(f"{'cancel*':>8} {b:8.2f} {N / b:9.0f} {bok:5} | (* every order refused: shipped orders cannot be cancelled)")
finally:
    server.terminate()
    server.wait()
