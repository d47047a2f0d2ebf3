#!/usr/bin/env python3
"""Load generator of the two-instance soak (issue 23); driven by bench/soak.sh.

Python 3 standard library only. Usage (normally through soak.sh):
    soak_load.py setup  BASE_A BASE_B SIM_ENDPOINT STATE.json
    soak_load.py run    BASE_A BASE_B STATE.json RESULTS.json
    soak_load.py report RESULTS.json            (markdown tables on stdout)

`setup` creates K merchants with one store each (Enterprise tier: no order quota), invoice
settings, the simulator's 50 SKUs as products (CSV import) with stock, and the Letzshop
connection (auto-sync on), then returns; the workers of both instances start importing.
`run` drives W threads for ORION_SOAK_MINUTES: every request goes to one of the two instances
(alternating), some on purpose to both at once (the same confirm, ship or invoice on A and B).
"""
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

ENV = os.environ
MINUTES = float(ENV.get("ORION_SOAK_MINUTES", "4"))
STORES = int(ENV.get("ORION_SOAK_STORES", "4"))
SHIPMENTS = int(ENV.get("ORION_SOAK_SHIPMENTS", "1000"))
WORKERS = int(ENV.get("ORION_SOAK_WORKERS", "12"))
SEED = int(ENV.get("ORION_SOAK_SEED", "23"))
SIM_KEY = ENV.get("ORION_SOAK_SIM_KEY", "soak-key")
# Initial stock per product and store: about 60 % of what the store's shipments ask for (50
# SKUs, 3 units per shipment on average), so some confirms are short (409) until receipts.
INITIAL_STOCK = int(ENV.get("ORION_SOAK_INITIAL_STOCK", str(max(10, SHIPMENTS * 3 * 6 // 10 // 50))))
CATALOG = 50  # orion_letzshop::simulator::data::CATALOG_SIZE, SKU-1000..SKU-1049

# Relative weights of the actions each worker thread draws from.
WEIGHTS = {
    "confirm": 30, "ship": 22, "invoice": 14, "read": 40, "receipt": 4,
    "import": 0.6, "resolve": 2, "sync": 0.4, "refresh": 6,
}
RACE = {"confirm": 0.2, "ship": 0.1, "invoice": 0.2}  # share sent to both instances at once
# Confirmed orders by id: 1 in 10 stays processing (its stock stays reserved), 1 in 10 is
# cancelled while, at the same moment, the other instance is asked to ship it.
KEEP, CANCEL = 5, 0


class Http:
    """One keep-alive connection per (thread, base URL)."""
    local = threading.local()

    @classmethod
    def call(cls, base, method, path, body=None, token=None, ctype="application/json", timeout=180):
        conns = getattr(cls.local, "conns", None)
        if conns is None:
            conns = cls.local.conns = {}
        headers = {}
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode()
            headers["Content-Type"] = ctype
        if token:
            headers["Authorization"] = "Bearer " + token
        for attempt in (0, 1):
            c = conns.get(base)
            if c is None:
                u = urllib.parse.urlparse(base)
                c = conns[base] = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
            t0 = time.perf_counter()
            try:
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                raw = r.read()
                dt = time.perf_counter() - t0
                try:
                    js = json.loads(raw) if raw else None
                except ValueError:
                    js = None
                return r.status, js, dt
            except (http.client.HTTPException, OSError):
                c.close()
                conns.pop(base, None)
                if attempt:
                    return 599, None, time.perf_counter() - t0  # connection-level failure
        return 599, None, 0.0


def wait_ready(base):
    for _ in range(600):
        try:
            if Http.call(base, "GET", "/readyz", timeout=2)[0] == 200:
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{base} not ready")


def must(res, *ok):
    st, js, _ = res
    if st not in ok:
        raise SystemExit(f"unexpected {st}: {js}")
    return js


def sim_key(k):  # vendor k (0-based) of `orion letzshop simulate`
    return SIM_KEY if k == 0 else f"{SIM_KEY}-{k + 1}"


def setup(a, b, sim, state_path):
    wait_ready(a)
    wait_ready(b)
    admin = must(Http.call(a, "POST", "/api/v1/auth/login",
                           {"email": "admin@soak.test", "password": "soak-admin-pass"}), 200)["access_token"]
    stores = []
    for k in range(STORES):
        code = f"SOAK{k + 1:03d}-LU"
        email = f"owner{k + 1}@soak.test"
        m = must(Http.call(a, "POST", "/api/v1/admin/merchants",
                           {"name": f"Soak {k + 1} Sàrl", "legal_country": "LU", "owner_email": email,
                            "owner_password": "soak-owner-pass"}, admin), 201)
        must(Http.call(b, "POST", f"/api/v1/admin/merchants/{m['id']}/stores",
                       {"code": code, "name": f"Soak {k + 1}", "country": "LU", "default_language": "fr"}, admin), 201)
        must(Http.call(a, "PUT", f"/api/v1/admin/merchants/{m['id']}/subscription",
                       {"tier": "enterprise", "status": "active"}, admin), 200)
        tok = must(Http.call(b, "POST", "/api/v1/auth/login",
                             {"email": email, "password": "soak-owner-pass", "store_code": code}), 200)["access_token"]
        must(Http.call(a, "PUT", "/api/v1/store/settings/invoice",
                       {"legal_name": f"Soak {k + 1} Sàrl", "street": "2 Rue de la Gare", "postal_code": "1611",
                        "city": "Luxembourg", "country": "LU", "vat_number": "LU15027442", "rcs_number": "B123456",
                        "business_permit": "10012345/0", "invoice_prefix": "INV", "payment_terms": "30 days",
                        "iban": "LU28 0019 4006 4475 0000", "bic": "BCEELULL", "default_language": "fr"}, tok), 201)
        csv = product_csv(random.Random(SEED + k), extra=0)
        r = must(Http.call(b, "POST", "/api/v1/store/products/import", csv, tok, ctype="text/csv"), 200)
        prods = must(Http.call(a, "GET", "/api/v1/store/products?per_page=200", token=tok), 200)["items"]
        pids = [p["id"] for p in prods]
        for pid in pids:
            must(Http.call(a if pid % 2 else b, "POST", "/api/v1/store/inventory/receipts",
                           {"product_id": pid, "quantity": INITIAL_STOCK, "reference": "soak-initial"}, tok), 200, 201)
        stores.append({"code": code, "merchant_id": m["id"], "token": tok, "products": pids})
        print(f"  store {code}: {len(pids)} products ({r.get('created', r) if isinstance(r, dict) else r} created), "
              f"{INITIAL_STOCK} units each", flush=True)
    # Connect Letzshop last, so every store starts importing at about the same time.
    for k, s in enumerate(stores):
        must(Http.call(a if k % 2 else b, "PUT", "/api/v1/store/letzshop/credentials",
                       {"api_key": sim_key(k), "endpoint": sim, "auto_sync": True, "sync_interval_minutes": 5,
                        "default_carrier": "Post"}, s["token"]), 200, 201)
    json.dump({"stores": stores, "t_connected": time.time()}, open(state_path, "w"))


def product_csv(rng, extra):
    """The simulator's 50 SKUs (prices vary per import) plus `extra` new soak-only products."""
    lines = ["sku,title_en,title_fr,price,vat_rate_class,product_type,condition,active"]
    for i in range(CATALOG):
        lines.append(f"SKU-{1000 + i},Soak product {i},Produit soak {i},{rng.randint(200, 15000) / 100:.2f},"
                     f"{'standard' if i % 5 else 'reduced'},physical,new,true")
    for _ in range(extra):
        n = rng.randint(0, 99999)
        lines.append(f"SOAK-{n:05d},Soak extra {n},Extra soak {n},{rng.randint(100, 9999) / 100:.2f},standard,physical,new,true")
    return "\n".join(lines) + "\n"


class Soak:
    def __init__(self, bases, state):
        self.bases = bases
        self.stores = state["stores"]
        self.lock = threading.Lock()
        # Per store: order ids known to be pending / processing / shipped (from lists and results).
        self.pools = [{"pending": set(), "processing": set(), "shipped": set()} for _ in self.stores]
        self.blocked = [set() for _ in self.stores]  # pending orders with unmatched items
        self.samples = []  # (kind, instance, status, seconds, problem)
        self.rr = 0
        self.stop_at = 0.0
        self.partner = ThreadPoolExecutor(max_workers=max(4, WORKERS))

    def base(self):
        with self.lock:
            self.rr += 1
            i = self.rr % 2
        return i, self.bases[i]

    def rec(self, kind, inst, res):
        st, js, dt = res
        prob = None
        if st >= 400 and isinstance(js, dict):
            d = re.sub(r"\d+", "#", str(js.get("detail") or js.get("title") or ""))[:90]
            prob = f"{js.get('type', '?')}: {d}"
        self.samples.append((kind, inst, st, dt, prob))
        return st, js

    def call(self, kind, method, path, store, body=None, ctype="application/json", inst=None):
        if inst is None:
            inst, base = self.base()
        else:
            base = self.bases[inst]
        return self.rec(kind, inst, Http.call(base, method, path, body, store["token"], ctype))

    def both(self, kind, method, path, store, body=None):
        """The same request to both instances at the same moment (a double click, two tabs)."""
        fut = self.partner.submit(self.call, kind + " (race)", method, path, store, body, "application/json", 1)
        r0 = self.call(kind + " (race)", method, path, store, body, inst=0)
        r1 = fut.result()
        return [r0, r1]

    def take(self, k, pool):
        with self.lock:
            p = self.pools[k][pool]
            if not p:
                return None
            oid = random.choice(tuple(p))
            p.discard(oid)
            return oid

    def put(self, k, pool, oid):
        with self.lock:
            self.pools[k][pool].add(oid)

    # --- actions -------------------------------------------------------------------------
    def a_refresh(self, k, s):
        status = random.choice(["pending", "pending", "processing", "shipped"])
        st, js = self.call("orders list (by status)", "GET",
                           f"/api/v1/store/orders?status={status}&channel=letzshop&per_page=200"
                           f"&page={random.randint(1, 3)}", s)
        if st == 200:
            with self.lock:
                ids = {o["id"] for o in js["items"]}
                if status == "pending":
                    ids -= self.blocked[k]
                elif status == "processing":
                    ids = {i for i in ids if i % 10 != KEEP}
                self.pools[k][status].update(ids)

    def a_confirm(self, k, s):
        oid = self.take(k, "pending")
        if oid is None:
            return self.a_refresh(k, s)
        path = f"/api/v1/store/orders/{oid}/confirm"
        rs = self.both("confirm", "POST", path, s, {}) if random.random() < RACE["confirm"] \
            else [self.call("confirm", "POST", path, s, {})]
        if any(st == 200 for st, _ in rs):
            if oid % 10 != KEEP:
                self.put(k, "processing", oid)
        elif any(st == 409 and "match no product" in str((js or {}).get("detail")) for st, js in rs):
            with self.lock:
                self.blocked[k].add(oid)

    def a_ship(self, k, s):
        oid = self.take(k, "processing")
        if oid is None:
            return self.a_confirm(k, s)
        path = f"/api/v1/store/orders/{oid}/ship"
        body = {"tracking_number": f"LU{oid:09d}", "carrier": "Post"}
        if oid % 10 == CANCEL:  # cancel on one instance, ship on the other, at once
            inst = random.randrange(2)
            fut = self.partner.submit(self.call, "cancel vs ship (race)", "POST", path, s, body,
                                      "application/json", 1 - inst)
            self.call("cancel vs ship (race)", "POST", f"/api/v1/store/orders/{oid}/cancel", s,
                      {"note": "soak: cancelled"}, inst=inst)
            st, _ = fut.result()
            if st == 200:
                self.put(k, "shipped", oid)
            return
        rs = self.both("ship", "POST", path, s, body) if random.random() < RACE["ship"] \
            else [self.call("ship", "POST", path, s, body)]
        if any(st == 200 for st, _ in rs):
            self.put(k, "shipped", oid)

    def a_invoice(self, k, s):
        oid = self.take(k, "shipped")
        if oid is None:
            return self.a_ship(k, s)
        path = f"/api/v1/store/orders/{oid}/invoice"
        if random.random() < RACE["invoice"]:
            self.both("invoice", "POST", path, s, {})
        else:
            self.call("invoice", "POST", path, s, {})

    def a_read(self, k, s):
        r = random.random()
        if r < 0.35:
            self.call("orders list", "GET", f"/api/v1/store/orders?per_page=50&page={random.randint(1, 20)}", s)
        elif r < 0.55:
            with self.lock:
                ids = list(self.pools[k]["processing"] or self.pools[k]["shipped"] or self.pools[k]["pending"])
            if ids:
                self.call("order detail", "GET", f"/api/v1/store/orders/{random.choice(ids)}", s)
        elif r < 0.7:
            self.call("invoices list", "GET", f"/api/v1/store/invoices?per_page=50&page={random.randint(1, 5)}", s)
        elif r < 0.85:
            self.call("stock levels", "GET", "/api/v1/store/inventory", s)
        elif r < 0.95:
            self.call("outbox list", "GET", "/api/v1/store/letzshop/outbox?per_page=50", s)
        else:
            self.call("exceptions list", "GET", "/api/v1/store/order-exceptions", s)

    def a_receipt(self, k, s):
        self.call("stock receipt", "POST", "/api/v1/store/inventory/receipts",
                  s, {"product_id": random.choice(s["products"]), "quantity": random.randint(5, 40),
                      "reference": "soak"})

    def a_import(self, k, s):
        self.call("product import (CSV)", "POST", "/api/v1/store/products/import", s,
                  product_csv(random.Random(), extra=random.randint(10, 150)), ctype="text/csv")

    def a_resolve(self, k, s):
        # The exceptions inbox: one article (a group of waiting items) mapped in one call.
        st, js = self.call("exceptions list", "GET", "/api/v1/store/order-exceptions", s)
        if st == 200 and js.get("groups"):
            g = random.choice(js["groups"])
            st, _ = self.call("resolve exceptions", "POST", "/api/v1/store/order-exceptions/resolve",
                              s, {"gtin": g.get("gtin"), "sku": g.get("sku"),
                                  "product_id": random.choice(s["products"])})
            if st == 200:
                for oid in g.get("order_ids", []):
                    with self.lock:
                        self.blocked[k].discard(oid)
                    self.put(k, "pending", oid)

    def a_sync(self, k, s):
        if random.random() < 0.25:
            self.call("letzshop sync (wait)", "POST", "/api/v1/store/letzshop/sync?wait=true", s, {})
        else:
            self.call("letzshop sync (queued)", "POST", "/api/v1/store/letzshop/sync", s, {})

    def worker(self, n):
        rng = random.Random(SEED * 1000 + n)
        acts = list(WEIGHTS)
        w = [WEIGHTS[a] for a in acts]
        while time.time() < self.stop_at:
            k = rng.randrange(len(self.stores))
            act = rng.choices(acts, w)[0]
            try:
                getattr(self, "a_" + act)(k, self.stores[k])
            except Exception as e:  # a bug in the generator must not stop the soak silently
                self.samples.append(("generator error", 0, 0, 0.0, repr(e)[:120]))

    def run(self, seconds):
        self.stop_at = time.time() + seconds
        ts = [threading.Thread(target=self.worker, args=(n,), daemon=True) for n in range(WORKERS)]
        t0 = time.time()
        last = t0
        for t in ts:
            t.start()
        while any(t.is_alive() for t in ts):
            time.sleep(1)
            if time.time() - last >= 30:
                last = time.time()
                n = len(self.samples)
                e5 = sum(1 for x in self.samples if x[2] >= 500)
                print(f"  {last - t0:5.0f} s: {n:,} requests, {n / (last - t0):,.0f}/s, 5xx {e5}", flush=True)
        return time.time() - t0


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def report(path):
    r = json.load(open(path))
    samples, wall = r["samples"], r["seconds"]
    by = defaultdict(list)
    for kind, inst, st, dt, prob in samples:
        by[kind].append((inst, st, dt, prob))
    out = []
    out.append(f"{len(samples):,} requests in {wall:.0f} s = **{len(samples) / wall:,.1f} requests/s** "
               f"(instance A {sum(1 for s in samples if s[1] == 0):,}, B {sum(1 for s in samples if s[1] == 1):,}); "
               f"4xx: {sum(1 for s in samples if 400 <= s[2] < 500):,}; 5xx: **{sum(1 for s in samples if s[2] >= 500)}**\n")
    out.append("| kind | requests | req/s | p50 ms | p99 ms | 2xx | 4xx | 5xx |")
    out.append("|---|---|---|---|---|---|---|---|")
    for kind in sorted(by, key=lambda k: -len(by[k])):
        xs = by[kind]
        lat = [x[2] * 1000 for x in xs]
        c2 = sum(1 for x in xs if 200 <= x[1] < 300)
        c4 = sum(1 for x in xs if 400 <= x[1] < 500)
        c5 = sum(1 for x in xs if x[1] >= 500)
        out.append(f"| {kind} | {len(xs):,} | {len(xs) / wall:,.1f} | {pct(lat, 50):.1f} | {pct(lat, 99):.1f} "
                   f"| {c2:,} | {c4:,} | {c5:,} |")
    errs = defaultdict(int)
    for kind, inst, st, dt, prob in samples:
        if st >= 400 or kind == "generator error":
            errs[(kind, st, prob or "")] += 1
    if errs:
        out.append("\n| kind | status | problem (type: detail, digits as #) | count |")
        out.append("|---|---|---|---|")
        for (kind, st, prob), n in sorted(errs.items(), key=lambda x: (-x[0][1], -x[1])):
            out.append(f"| {kind} | {st} | {prob.replace('|', '/')} | {n:,} |")
    print("\n".join(out))


def main():
    cmd = sys.argv[1]
    if cmd == "setup":
        setup(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif cmd == "run":
        state = json.load(open(sys.argv[4]))
        soak = Soak([sys.argv[2], sys.argv[3]], state)
        secs = soak.run(MINUTES * 60)
        soak.partner.shutdown()
        json.dump({"seconds": secs, "samples": soak.samples}, open(sys.argv[5], "w"))
        print(f"  done: {len(soak.samples):,} requests in {secs:.0f} s", flush=True)
    elif cmd == "report":
        report(sys.argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
