#!/usr/bin/env bash
# Invoice PDF rendering: orion-pdf (native layout on krilla, release, one thread, warm) against WeasyPrint
# (in-process, warm) on the same one-page invoice (crates/orion-pdf/tests/fixtures/
# sample_invoice.json, same fonts, same layout), each render with its own invoice number.
# orion-pdf renders tagged PDFs, then the same invoices as Factur-X PDF/A-3b (render_facturx:
# tagged, PDF/A-3b, a CII XML embedded, the Factur-X XMP properties spliced in).
# Prints the throughputs and the ratios (target: orion-pdf >= 60x WeasyPrint, <= 3 ms/invoice).
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
fx_line=$("$BIN" "$N" "$SAMPLE" facturx)
echo "$fx_line"
wp_line=$("$VENV/bin/python" bench/invoice_weasyprint.py "$SAMPLE" "$WP_N")
echo "$wp_line"
rate() { sed -E 's/.*: ([0-9.]+) invoices\/s.*/\1/' <<<"$1"; }
cpu() { sed -E 's/.*cpu ([0-9.]+) ms\/invoice.*/\1/' <<<"$1"; }
ratio() {
  python3 -c "import sys; name, t, w, tc, wc = sys.argv[1], *map(float, sys.argv[2:]); print(f'{name} is {t / w:.1f}x WeasyPrint (wall), {wc / tc:.1f}x (cpu)')" \
    "$1" "$(rate "$2")" "$(rate "$wp_line")" "$(cpu "$2")" "$(cpu "$wp_line")"
}
ratio "orion-pdf (tagged)" "$orion_line"
ratio "orion-pdf (Factur-X PDF/A-3b)" "$fx_line"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
