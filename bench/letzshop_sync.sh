#!/usr/bin/env bash
# Letzshop sync throughput: `orion letzshop simulate` serves 10,000 shipments (no faults, no
# latency), `orion serve` imports them through `POST /api/v1/store/letzshop/sync?wait=true`
# (orders/s imported), then syncs again with nothing changed (shipments/s checked), on SQLite
# and on PostgreSQL (a throwaway cluster from scripts/pg.sh; skipped when it cannot start).
# Usage: bash bench/letzshop_sync.sh   (ORION_BENCH_NO_BUILD=1 to skip the release build,
# ORION_BENCH_SHIPMENTS=10000, ORION_BENCH_BACKENDS="sqlite postgres", ORION_LETZSHOP_PAGE_SIZE=100)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
TARGET=${CARGO_TARGET_DIR:-target}; [[ $TARGET = /* ]] || TARGET=$(pwd)/$TARGET
BIN=$TARGET/release/orion
N=${ORION_BENCH_SHIPMENTS:-10000}
BACKENDS=${ORION_BENCH_BACKENDS:-"sqlite postgres"}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export ORION_SECRET_KEY=0000000000000000000000000000000000000000000000000000000000000000 RUST_LOG=error
export ORION_WORKER=off ORION_LETZSHOP_ALLOW_LOOPBACK=on ORION_LETZSHOP_PAGE_SIZE=${ORION_LETZSHOP_PAGE_SIZE:-100}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

SIM_PORT=$(port)
"$BIN" letzshop simulate --bind "127.0.0.1:$SIM_PORT" --api-key bench-key --shipments "$N" --seed 7 >/dev/null 2>&1 &
pids+=($!)

run() { # backend database-url
  local backend=$1 url=$2 p
  p=$(port)
  ORION_DATABASE_URL=$url "$BIN" admin create-user --email admin@bench.test --password bench-admin-pass --platform-admin >/dev/null
  ORION_DATABASE_URL=$url ORION_BIND=127.0.0.1:$p "$BIN" serve >/dev/null 2>&1 &
  local pid=$!
  pids+=($pid)
  python3 - "$backend" "$p" "$SIM_PORT" "$N" <<'PY'
import json, sys, time, urllib.request
backend, port, sim, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None, token=None, timeout=600):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
for _ in range(300):
    try:
        if call("GET", "/readyz")[0] == 200: break
    except OSError: pass
    time.sleep(0.1)
_, t = call("POST", "/api/v1/auth/login", {"email": "admin@bench.test", "password": "bench-admin-pass"})
admin = t["access_token"]
_, m = call("POST", "/api/v1/admin/merchants", {"name": "Bench Sàrl", "legal_country": "LU", "owner_email": "owner@bench.test", "owner_password": "bench-owner-pass"}, admin)
call("POST", f"/api/v1/admin/merchants/{m['id']}/stores", {"code": "BENCH-LU", "name": "Bench", "country": "LU", "default_language": "en"}, admin)
call("PUT", f"/api/v1/admin/merchants/{m['id']}/subscription", {"tier": "enterprise", "status": "active"}, admin)
_, t = call("POST", "/api/v1/auth/login", {"email": "owner@bench.test", "password": "bench-owner-pass", "store_code": "BENCH-LU"})
tok = t["access_token"]
st, _ = call("PUT", "/api/v1/store/letzshop/credentials", {"api_key": "bench-key", "endpoint": f"http://127.0.0.1:{sim}/graphql"}, tok)
assert st in (200, 201), st
t0 = time.perf_counter(); st, r = call("POST", "/api/v1/store/letzshop/sync?wait=true", {}, tok); t1 = time.perf_counter()
assert st == 200 and r["imported"] == n and not r["errors"], (st, {k: r.get(k) for k in ("imported", "errors")})
t2 = time.perf_counter(); st, r2 = call("POST", "/api/v1/store/letzshop/sync?wait=true", {}, tok); t3 = time.perf_counter()
assert st == 200 and r2["imported"] == 0 and r2["unchanged"] == n, (st, r2)
print(f"{backend:>10}: import {n:,} shipments in {t1-t0:6.2f} s = {n/(t1-t0):8,.0f} orders/s; "
      f"unchanged re-sync in {t3-t2:6.2f} s = {n/(t3-t2):8,.0f} shipments/s ({r['pages']} pages)")
PY
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

echo "Letzshop sync, $N shipments, page size $ORION_LETZSHOP_PAGE_SIZE ($(nproc) CPUs)"
for b in $BACKENDS; do
  case $b in
    sqlite) run sqlite "sqlite://$work/bench.db" ;;
    postgres)
      # shellcheck disable=SC1091
      if source scripts/pg.sh 2>/dev/null && [ -n "${ORION_TEST_PG_URL:-}" ]; then
        base=${ORION_TEST_PG_URL%/*}
        psql "$ORION_TEST_PG_URL" -qc "CREATE DATABASE orion_bench" >/dev/null
        run postgres "$base/orion_bench"
      else
        echo "  postgres: skipped (no PostgreSQL)"
      fi ;;
  esac
done
