#!/usr/bin/env python3
"""API-key authentication overhead (issue 21): GET /api/v1/store/orders?per_page=50 under wrk
-t2 -c16 with a password-login token and with a store API key, alternating A/B/A/B runs on one
server, same data, same run. The API key's requests pass the per-key token bucket and take one
unit of the merchant's daily quota in the database each (the quota is raised so it never
refuses; the burst too). Usage: api_keys.py BIN DATABASE_URL [SECONDS]"""
import json, os, re, secrets, socket, subprocess, sys, tempfile, time, urllib.request

BIN, DB = sys.argv[1], sys.argv[2]
SECS = int(sys.argv[3]) if len(sys.argv) > 3 else 10


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


port = free_port()
base = f"http://127.0.0.1:{port}"
work = tempfile.mkdtemp(prefix="orion-bench-keys-")
env = dict(os.environ, ORION_DATABASE_URL=DB, ORION_BIND=f"127.0.0.1:{port}",
           ORION_SECRET_KEY=secrets.token_hex(32), RUST_LOG="warn")
subprocess.run([BIN, "demo", "--seed-only"], env=env, cwd=work, check=True, capture_output=True)
log = open(os.path.join(work, "serve.log"), "w")
srv = subprocess.Popen([BIN, "serve"], env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT)


def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


try:
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz"); break
        except Exception:
            time.sleep(0.1)
    admin = call("POST", "/api/v1/auth/login", {"email": "admin@orion.demo", "password": "demo-admin-pass"})["access_token"]
    owner = call("POST", "/api/v1/auth/login", {"email": "owner@orion.demo", "password": "demo-owner-pass", "store_code": "DEMO-LU"})["access_token"]
    merchant = call("GET", "/api/v1/auth/me", token=owner)["store"]["merchant_id"]
    call("PUT", f"/api/v1/admin/merchants/{merchant}/subscription", {"tier": "business", "status": "active"}, admin)
    call("PATCH", "/api/v1/admin/tiers/business", {"limits": {"api_requests_per_day": 100_000_000},
                                                   "api_rate": {"burst": 1_000_000, "per_minute": 1_000_000}}, admin)
    key = call("POST", "/api/v1/store/api-keys", {"name": "bench", "scopes": ["orders.view"]}, owner)["secret"]
    path = "/api/v1/store/orders?per_page=50"
    print(f"orders list: {path}, {SECS}s per run, wrk -t2 -c16")
    results = {"session token": [], "API key": []}
    for rnd in range(2):
        for label, tok in (("session token", owner), ("API key", key)):
            out = subprocess.run(["wrk", "-t2", "-c16", f"-d{SECS}s", "--latency", "-H", f"Authorization: Bearer {tok}", base + path],
                                 capture_output=True, text=True).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            p99 = re.search(r"\s99%\s+(\S+)", out).group(1)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            results[label].append(rps)
            print(f"  run {rnd + 1} {label:13s} {rps:9.1f} req/s  p99 {p99}" + (f"  NON-2XX {non2xx.group(1)}" if non2xx else ""))
    a = sum(results["session token"]) / 2
    b = sum(results["API key"]) / 2
    usage = call("GET", "/api/v1/store/billing", token=owner)["metrics"]["api_requests_per_day"]
    print(f"  mean: session {a:.1f} req/s, API key {b:.1f} req/s -> {100 * (a - b) / a:+.1f} % throughput loss")
    print(f"  API requests counted today: {usage['used']}")
finally:
    srv.terminate(); srv.wait()
