// Starts and stops a real Orion server for the browser tests: a fresh SQLite database in a
// temporary directory, the demo data seeded with `orion demo --seed-only`, then `orion serve`
// on a free loopback port, polled on /healthz until it answers 200.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORION_BIN = process.env.ORION_BIN
  ? resolve(process.env.ORION_BIN)
  : join(process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(REPO, 'target'), 'debug', 'orion');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Demo logins created by `orion demo --seed-only`. */
export const DEMO = {
  admin: { email: 'admin@orion.demo', password: 'demo-admin-pass' },
  owner: { email: 'owner@orion.demo', password: 'demo-owner-pass' },
};

/** Servers still running, killed on exit even when a test run is torn down abruptly. */
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** The environment of the orion processes: the caller's, minus any ORION_* setting that could
 * point the server elsewhere, plus this test server's own settings. */
function orionEnv(dir, port, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('ORION_')) env[k] = v;
  }
  return {
    ...env,
    ORION_DATABASE_URL: `sqlite://${join(dir, 'orion.db')}`,
    ORION_BIND: `127.0.0.1:${port}`,
    ORION_SECRET_KEY: randomBytes(32).toString('hex'),
    // The tests' Letzshop simulator runs on loopback (off by default outside `orion demo`).
    ORION_LETZSHOP_ALLOW_LOOPBACK: 'on',
    NO_COLOR: '1',
    RUST_LOG: process.env.RUST_LOG ?? 'info',
    ...extra,
  };
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Seeds a fresh database and starts `orion serve`; with `{ full: true }` runs `orion demo`
 * instead, which also starts the Letzshop simulator and syncs its orders (products, orders,
 * invoices and customers in DEMO-LU and DEMO-DE).
 * `env` adds ORION_* settings (e.g. an SMTP server). Returns { baseURL, dir, logFile, stop() };
 * stop() is safe to call more than once.
 */
export async function startOrion({ full = false, env: extraEnv = {} } = {}) {
  if (!existsSync(ORION_BIN)) {
    throw new Error(`Orion binary not found at ${ORION_BIN}: build it with \`cargo build -p orion\` or set ORION_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'orion-browser-'));
  let lastError;
  // The free port could be taken between probing and binding: try a few ports.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const env = orionEnv(dir, port, extraEnv);
    rmSync(join(dir, 'orion.db'), { force: true });
    // cwd is the temporary directory so that no ./orion.toml of the caller is read.
    const seed = full ? { status: 0 } : spawnSync(ORION_BIN, ['demo', '--seed-only'], { cwd: dir, env, encoding: 'utf8', timeout: START_TIMEOUT_MS });
    if (seed.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`orion demo --seed-only failed (status ${seed.status}, ${seed.error ?? ''}):\n${seed.stdout}\n${seed.stderr}`);
    }
    const logFile = join(dir, `orion-serve-${attempt}.log`);
    const logFd = openSync(logFile, 'w');
    const child = spawn(ORION_BIN, full ? ['demo'] : ['serve'], { cwd: dir, env, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    running.add(child);
    let exited = null;
    const exitedPromise = new Promise((r) => child.once('exit', (code, signal) => { exited = { code, signal }; running.delete(child); r(); }));
    child.once('error', (e) => { exited = { error: e }; });

    const stop = async () => {
      if (exited) return;
      child.kill('SIGTERM');
      let timer;
      const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), STOP_TIMEOUT_MS); });
      const first = await Promise.race([exitedPromise, timedOut]);
      clearTimeout(timer);
      if (first === 'timeout') {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    };

    const baseURL = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    let healthy = false;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) { healthy = true; break; }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (healthy) {
      return {
        baseURL,
        dir,
        logFile,
        /** Stops the server; `keepLogAs` copies its log there first (a CI artifact). */
        async stop({ keepLogAs } = {}) {
          await stop();
          if (keepLogAs) {
            try { mkdirSync(dirname(keepLogAs), { recursive: true }); copyFileSync(logFile, keepLogAs); } catch { /* best effort */ }
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stop();
    lastError = new Error(
      `orion serve did not become healthy on ${baseURL} within ${START_TIMEOUT_MS} ms` +
        (exited ? ` (it exited: ${JSON.stringify(exited)})` : '') + `; log:\n${tail(logFile)}`,
    );
    // Only a server that died (e.g. the port was taken) is worth another try.
    if (!exited) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
