#!/usr/bin/env python3
"""Webhook deliveries per second to a loopback receiver (issue 21). One Business store with an
endpoint subscribed to order.created; N orders are created through the API while the server
runs without its worker (the deliveries queue up in the outbox), then the server is restarted
with the worker (ORION_WORKER_INTERVAL_SECONDS=1) and the receiver — a threaded HTTP server on
127.0.0.1 answering 200 — times the deliveries from the first to the last. Every request's
Standard Webhooks signature is verified and webhook-ids are checked for duplicates.
Usage: webhooks.py BIN DATABASE_URL [N]"""
import base64, hashlib, hmac, json, os, secrets, socket, subprocess, sys, tempfile, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIN, DB = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 2000


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


got, lock = [], threading.Lock()


class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            got.append((time.monotonic(), dict(self.headers), body))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()

    def log_message(self, *a):
        pass


def verify(secret, h, body):
    h = {k.lower(): v for k, v in h.items()}
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + body, hashlib.sha256).digest()
    return ("v1," + base64.b64encode(mac).decode()) in h["webhook-signature"].split()


hook_port, port = free_port(), free_port()
receiver = ThreadingHTTPServer(("127.0.0.1", hook_port), Hook)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{port}"
work = tempfile.mkdtemp(prefix="orion-bench-webhooks-")
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}", ORION_SECRET_KEY=secrets.token_hex(32),
           ORION_WEBHOOKS_ALLOW_LOOPBACK="on", ORION_WORKER_INTERVAL_SECONDS="1", RUST_LOG="warn")


def serve(worker):
    log = open(os.path.join(work, "serve.log"), "a")
    p = subprocess.Popen([BIN, "serve"], env=dict(env, ORION_WORKER=worker), cwd=work, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz"); return p
        except Exception:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


subprocess.run([BIN, "demo", "--seed-only"], env=env, cwd=work, check=True, capture_output=True)
srv = serve("off")
try:
    admin = call("POST", "/api/v1/auth/login", {"email": "admin@orion.demo", "password": "demo-admin-pass"})["access_token"]
    owner = call("POST", "/api/v1/auth/login", {"email": "owner@orion.demo", "password": "demo-owner-pass", "store_code": "DEMO-LU"})["access_token"]
    merchant = call("GET", "/api/v1/auth/me", token=owner)["store"]["merchant_id"]
    call("PUT", f"/api/v1/admin/merchants/{merchant}/subscription", {"tier": "business", "status": "active"}, admin)
    call("POST", "/api/v1/store/products", {"sku": "BENCH-HOOK", "product_type": "digital",
         "translations": {"en": {"title": "Bench"}}, "price": "9.90"}, owner)
    secret = call("POST", "/api/v1/store/webhooks", {"url": f"http://127.0.0.1:{hook_port}/hook", "events": ["order.created"]}, owner)["secret"]
    order = lambda i: call("POST", "/api/v1/store/orders", {
        "customer": {"email": f"bench{i}@example.test", "first_name": "B", "last_name": "H"},
        "shipping_address": {"street": "1 Rue X", "postal_code": "1611", "city": "Luxembourg", "country": "LU"},
        "items": [{"sku": "BENCH-HOOK", "quantity": 1}], "shipping_amount": "0.00"}, owner)
    t = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(order, range(N)))
    print(f"  {N} orders created through the API in {time.monotonic() - t:.1f}s (worker off: deliveries queued)")
finally:
    srv.terminate(); srv.wait()

started = time.monotonic()
srv = serve("on")
try:
    deadline = time.monotonic() + max(120, N / 10)
    while time.monotonic() < deadline and len(got) < N:
        time.sleep(0.05)
    time.sleep(2)  # anything sent twice would arrive now
finally:
    srv.terminate(); srv.wait()
    receiver.shutdown()

ids = {({k.lower(): v for k, v in h.items()})["webhook-id"] for _, h, _ in got}
bad = sum(1 for _, h, b in got if not verify(secret, h, b))
first, last = got[0][0], got[-1][0]
rate = (len(got) - 1) / (last - first) if last > first else float("nan")
print(f"  delivered {len(got)}/{N} ({len(ids)} distinct webhook-ids, {bad} bad signatures); "
      f"first after {first - started:.1f}s from start-up; {rate:.0f} deliveries/s from the first to the last")
sys.exit(0 if len(got) == N and len(ids) == N and bad == 0 else 1)
