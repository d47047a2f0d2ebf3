// Browser test of the Letzshop flow: the demo store is connected to a local simulator
// (`orion letzshop simulate`), synced from the Letzshop page, an imported order is confirmed
// item by item and shipped with tracking on its page, and the page's Letzshop panel shows the
// outbox deliver both operations (the worker of `orion serve` sends them).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';

import { DEMO, ORION_BIN, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, screenshot, textOf } from './browser.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForPort(port, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((r) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => { s.end(); r(true); });
      s.once('error', () => r(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

describe('Letzshop in headless Chromium', { timeout: 180_000 }, () => {
  let server;
  let browser;
  let sim;
  let simPort;

  before(async () => {
    simPort = await freePort();
    sim = spawn(ORION_BIN, ['letzshop', 'simulate', '--bind', `127.0.0.1:${simPort}`, '--api-key', 'sim-key', '--shipments', '4', '--seed', '3'], { stdio: 'ignore' });
    await waitForPort(simPort);
    server = await startOrion();
    browser = await launchBrowser();
  }, { timeout: 90_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      sim?.kill('SIGKILL');
      await server?.stop();
    }
  }, { timeout: 30_000 });

  test('connect to the simulator, sync, confirm items, ship with tracking, see the outbox deliver', { timeout: 150_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, DEMO.owner);

    // Connect the store (the production warning is on the page).
    await page.goto('/letzshop');
    assert.match(await textOf(page, 'main .alert'), /There is no Letzshop sandbox/);
    await page.fill('#api_key', 'sim-key');
    await page.fill('#endpoint', `http://127.0.0.1:${simPort}/graphql`);
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save connection' }).click());
    assert.equal(await textOf(page, '.notice'), 'Letzshop connection saved.');
    assert.match(await textOf(page, '[data-testid="connection"]'), /-key/);

    // Sync now: the job's progress is shown until it is done.
    await andWaitForLoad(page, () => page.getByTestId('sync-now').click());
    const end = Date.now() + 30_000;
    // The page polls the job and reloads itself when it is done.
    for (;;) {
      const status = await textOf(page, '[data-testid="job-status"]').catch(() => null);
      if (status === 'Done' && (await page.locator('#job[data-status="done"]').count()) === 1) break;
      assert.ok(Date.now() < end, `the sync did not finish: ${await textOf(page, '[data-testid="job-progress"]').catch(() => '?')}`);
      await sleep(500);
    }
    assert.match(await textOf(page, '[data-testid="job-progress"]'), / 4 imported /);
    await screenshot(page, 'letzshop-synced');

    // Products for the lines of one imported order, through the API (the seller's catalog).
    const api = async (method, path, body, token) => {
      const res = await fetch(server.baseURL + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    const login = await api('POST', '/api/v1/auth/login', { ...DEMO.owner, store_code: 'DEMO-DE' });
    const token = login.body.access_token;
    const list = await api('GET', '/api/v1/store/orders?channel=letzshop', undefined, token);
    assert.equal(list.body.total, 4);
    const order = list.body.items.find((o) => o.status === 'pending' && o.items.every((i) => i.sku));
    assert.ok(order, 'an imported pending order whose lines all have a SKU');
    for (const it of order.items) {
      const p = await api('POST', '/api/v1/store/products', { sku: it.sku, translations: { en: { title: it.name } }, price: it.unit_price, vat_rate_class: 'standard', product_type: 'physical' }, token);
      assert.equal(p.status, 201, JSON.stringify(p.body));
      const s = await api('POST', '/api/v1/store/inventory/adjustments', { product_id: p.body.id, delta: 20 }, token);
      assert.ok(s.status < 300, JSON.stringify(s.body));
    }

    // Confirm each item on the order page, then ship with tracking.
    await page.goto(`/orders/${order.id}`);
    assert.equal(await textOf(page, '[data-testid="order-status"]'), 'Pending');
    for (let n = 0; n < order.items.length; n++) {
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Confirm', exact: true }).first().click());
    }
    assert.equal(await textOf(page, '[data-testid="order-status"]'), 'Processing', await textOf(page, 'main'));
    await page.fill('#tracking_number', 'TRK-BROWSER-1');
    await page.fill('#carrier', 'DHL');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Ship', exact: true }).click());
    assert.equal(await textOf(page, '[data-testid="order-status"]'), 'Shipped');
    assert.equal(await textOf(page, '[data-testid="tracking"]'), 'TRK-BROWSER-1');

    // The Letzshop panel lists the operations; the worker delivers them within a few rounds.
    const statuses = async () => page.getByTestId('outbox-status').allTextContents();
    assert.equal((await statuses()).length, order.items.length + 1, 'one confirm per item and the tracking');
    const until = Date.now() + 40_000;
    while (!(await statuses()).every((s) => s.trim() === 'Sent')) {
      assert.ok(Date.now() < until, `not delivered: ${await statuses()}`);
      await sleep(1000);
      await page.reload();
    }
    await screenshot(page, 'letzshop-outbox-sent');
    assertNoProblems(page);
    await page.context().close();
  });
});
