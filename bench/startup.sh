#!/usr/bin/env bash
# Measures `orion serve`: time from process start to the first 200 on /readyz (database
# already migrated) and resident memory when idle. Prints the median of RUNS runs.
# Usage: bash bench/startup.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
[ -n "${ORION_BENCH_NO_BUILD:-}" ] || cargo build --release --quiet -p orion
BIN=${CARGO_TARGET_DIR:-target}/release/orion
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ORION_DATABASE_URL="sqlite://$dir/orion.db" ORION_SECRET_KEY=$("$BIN" secret generate) RUST_LOG=warn
"$BIN" demo --seed-only >/dev/null
python3 - "$BIN" "$RUNS" <<'PY'
import os, socket, statistics, subprocess, sys, time, urllib.request
binary, runs = sys.argv[1], int(sys.argv[2])
starts, rss = [], []
for _ in range(runs):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    env = dict(os.environ, ORION_BIND=f"127.0.0.1:{port}")
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.002)
    starts.append((time.perf_counter() - t0) * 1000)
    # A few requests, then idle: memory as an operator would see it.
    for path in ("/healthz", "/login", "/api/openapi.json"):
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
    time.sleep(2)
    with open(f"/proc/{p.pid}/status") as f:
        kb = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    rss.append(kb / 1024)
    p.terminate(); p.wait()
print(f"start to /readyz 200: median {statistics.median(starts):.1f} ms (min {min(starts):.1f}, max {max(starts):.1f}) over {runs} runs")
print(f"idle RSS:             median {statistics.median(rss):.1f} MB (min {min(rss):.1f}, max {max(rss):.1f})")
PY
