#!/usr/bin/env bash
# E-invoice generation: UBL (Peppol BIS 3) and CII (Factur-X) documents per second on one
# thread, from a stored invoice's JSON snapshots (parsing included), release build.
# Target: >= 20,000 UBL documents/s on one core. The Factur-X PDF render time is measured by
# bench/invoice_pdf.sh (same run compares it with WeasyPrint).
# Usage: bash bench/einvoice.sh   (ORION_BENCH_NO_BUILD=1 skips the build, ORION_BENCH_N=100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${ORION_BENCH_N:-100000}
[ -n "${ORION_BENCH_NO_BUILD:-}" ] ||
  cargo build --release --quiet -p orion-invoicing --example bench_einvoice
BIN=${CARGO_TARGET_DIR:-target}/release/examples/bench_einvoice
taskset -c 0 "$BIN" "$N" 2>/dev/null || "$BIN" "$N"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
