#!/usr/bin/env bash
# Invoice PDF rendering: orion-pdf (native layout on krilla, release, one thread, warm) against WeasyPrint
# (in-process, warm) on the same one-page invoice (crates/orion-pdf/tests/fixtures/
# sample_invoice.json, same fonts, same layout), each render with its own invoice number.
# Prints both throughputs and the ratio (target: orion-pdf >= 30x WeasyPrint, <= 3 ms/invoice).
# Usage: bash bench/invoice_pdf.sh   (ORION_BENCH_NO_BUILD=1 skips the release build,
# ORION_BENCH_N=1000 orion-pdf renders, ORION_BENCH_WP_N=100 WeasyPrint renders,
# ORION_BENCH_VENV=/tmp/wp a virtualenv where WeasyPrint is installed or gets installed)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${ORION_BENCH_N:-1000}
WP_N=${ORION_BENCH_WP_N:-100}
VENV=${ORION_BENCH_VENV:-/tmp/wp}
SAMPLE=crates/orion-pdf/tests/fixtures/sample_invoice.json

[ -n "${ORION_BENCH_NO_BUILD:-}" ] ||
  cargo build --release --quiet -p orion-pdf --example bench_render
BIN=${CARGO_TARGET_DIR:-target}/release/examples/bench_render
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import weasyprint' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet weasyprint
fi

orion_line=$("$BIN" "$N" "$SAMPLE")
echo "$orion_line"
wp_line=$("$VENV/bin/python" bench/invoice_weasyprint.py "$SAMPLE" "$WP_N")
echo "$wp_line"
rate() { sed -E 's/.*: ([0-9.]+) invoices\/s.*/\1/' <<<"$1"; }
cpu() { sed -E 's/.*cpu ([0-9.]+) ms\/invoice.*/\1/' <<<"$1"; }
python3 -c "import sys; t, w, tc, wc = map(float, sys.argv[1:]); print(f'orion-pdf is {t / w:.1f}x WeasyPrint (wall), {wc / tc:.1f}x (cpu)')" \
  "$(rate "$orion_line")" "$(rate "$wp_line")" "$(cpu "$orion_line")" "$(cpu "$wp_line")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
