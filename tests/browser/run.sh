#!/usr/bin/env bash
# Browser tests of the Orion web UI: headless Debian Chromium driven by playwright-core and
# Node's test runner, against a real `orion serve` on a freshly seeded SQLite database.
#
#   bash tests/browser/run.sh
#
# Environment:
#   ORION_BIN       the orion binary (default: ${CARGO_TARGET_DIR:-<repo>/target}/debug/orion)
#   CHROMIUM_PATH   the browser (default: /usr/bin/chromium, installed with apt when missing)
#   SCREENSHOT_DIR  where the PNGs go (default: $CARGO_TARGET_DIR or <repo>/target, /browser-screenshots)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
die() { echo "tests/browser/run.sh: $*" >&2; exit 1; }

# Chromium: Debian's package (no browser downloads are possible here).
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$CHROMIUM_PATH" != /usr/bin/chromium ]; then
    die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "/usr/bin/chromium is missing and installing it needs root: run 'sudo apt-get update && sudo apt-get install -y chromium', then retry"
  fi
  echo "== installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] || die "apt-get installed chromium but /usr/bin/chromium is still missing"
fi

# Node 20+ (playwright-core and node --test) and the locked npm dependencies.
command -v node >/dev/null || die "node is missing: install Node.js 20 or newer"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: 20 or newer is needed"
if [ ! -f "$here/node_modules/playwright-core/package.json" ] || [ ! -f "$here/node_modules/axe-core/package.json" ]; then
  command -v npm >/dev/null || die "npm is missing (it comes with Node.js)"
  echo "== npm ci (tests/browser)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The server under test.
# Relative paths are taken from the caller's directory (this script changes directory later).
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
export ORION_BIN="$(abs "${ORION_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/orion}")"
[ -x "$ORION_BIN" ] || die "no orion binary at $ORION_BIN: build it first ('cargo build -p orion') or set ORION_BIN"

# Fresh artifacts for this run.
export SCREENSHOT_DIR="$(abs "${SCREENSHOT_DIR:-${CARGO_TARGET_DIR:-$repo/target}/browser-screenshots}")"
mkdir -p "$SCREENSHOT_DIR"
rm -f "$SCREENSHOT_DIR"/*.png "$SCREENSHOT_DIR"/orion-server.log

echo "== browser tests: $("$CHROMIUM_PATH" --version 2>/dev/null || echo chromium), node $(node --version), $ORION_BIN"
cd "$here"
status=0
node --test --test-reporter=spec --test-concurrency=1 ./*.test.mjs || status=$?
echo "screenshots: $SCREENSHOT_DIR"
exit "$status"
