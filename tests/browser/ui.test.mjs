// Browser tests of Orion's web UI: a real `orion serve` over freshly seeded demo data, driven
// through headless Chromium the way a person would use it. Run with `bash tests/browser/run.sh`.
// Screenshots (and, on failure, one per open page) go to browser-screenshots/ in the cargo target directory.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO, startOrion } from './orion-server.mjs';
import { startSmtpSink, textPart } from './smtp-sink.mjs';
import {
  SCREENSHOT_DIR, andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, pathOf, screenshot, textOf,
} from './browser.mjs';

const TEST_TIMEOUT_MS = 90_000;

describe('Orion web UI in headless Chromium', { timeout: 10 * TEST_TIMEOUT_MS }, () => {
  let server;
  let browser;
  let smtp;
  let failed = false;

  before(async () => {
    // Outgoing mail goes to a sink on loopback, so a test can follow an e-mailed link.
    smtp = await startSmtpSink();
    server = await startOrion({
      env: {
        ORION_SMTP_HOST: '127.0.0.1',
        ORION_SMTP_PORT: String(smtp.port),
        ORION_SMTP_TLS: 'none',
        ORION_SMTP_FROM: 'orion@example.test',
        ORION_WORKER_INTERVAL_SECONDS: '1',
      },
    });
    browser = await launchBrowser();
  }, { timeout: 90_000 });

  after(async () => {
    // Both are always stopped, even when a test or the other shutdown failed.
    try {
      await browser?.close();
    } finally {
      await server?.stop({ keepLogAs: failed ? join(SCREENSHOT_DIR, 'orion-server.log') : undefined });
      await smtp?.close();
    }
  }, { timeout: 30_000 });

  /** A test body with its own browser contexts: `open()` gives a page in a new context (no
   * cookies). Pages must end without script errors or missing assets; on failure each open
   * page is saved as FAILED-<test>-<n>.png. Contexts are always closed. */
  function scenario(slug, body) {
    return async () => {
      const pages = [];
      const open = async (options) => {
        const page = await newPage(browser, server.baseURL, options);
        pages.push(page);
        return page;
      };
      try {
        await body(open);
        for (const page of pages) assertNoProblems(page);
      } catch (e) {
        failed = true;
        for (const [i, page] of pages.entries()) {
          try { await screenshot(page, `FAILED-${slug}-${i + 1}`); } catch { /* page may be gone */ }
        }
        throw e;
      } finally {
        for (const page of pages) await page.context().close().catch(() => {});
      }
    };
  }

  test('the owner logs in and sees the dashboard of their first store', { timeout: TEST_TIMEOUT_MS }, scenario('login', async (open) => {
    const page = await open();
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'an anonymous visitor is sent to the login page');
    assert.equal(await textOf(page, 'h1'), 'Log in to Orion');
    assert.equal(await page.title(), 'Log in · Orion');
    await page.fill('#email', DEMO.owner.email);
    await page.fill('#password', DEMO.owner.password);
    await screenshot(page, 'login');

    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Log in' }).click());
    assert.equal(pathOf(page), '/dashboard');
    // Without a store code the first store by code opens: DEMO-DE before DEMO-LU.
    assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(page, '[data-testid="role"]'), 'owner');
    assert.equal(await page.inputValue('#store-switch'), 'DEMO-DE');
    assert.deepEqual(
      (await page.locator('#store-switch option').allTextContents()).map((s) => s.trim()).sort(),
      ['Demo Deutschland (DEMO-DE)', 'Demo Luxembourg (DEMO-LU)'],
    );
    assert.equal(await textOf(page, '.topbar .who'), DEMO.owner.email);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await screenshot(page, 'dashboard');
  }));

  test('the store switcher moves the session to the other store', { timeout: TEST_TIMEOUT_MS }, scenario('store-switch', async (open) => {
    const page = await open();
    await logIn(page, DEMO.owner);
    assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland');

    // With JavaScript the select submits its form on change.
    await andWaitForLoad(page, () => page.selectOption('#store-switch', 'DEMO-LU'));
    assert.equal(pathOf(page), '/dashboard');
    assert.equal(await textOf(page, 'main h1'), 'Demo Luxembourg');
    assert.equal(await textOf(page, '[data-testid="role"]'), 'owner');
    assert.equal(await page.inputValue('#store-switch'), 'DEMO-LU');
    // The switch survives a reload (the session itself was rebound).
    await page.reload();
    assert.equal(await textOf(page, 'main h1'), 'Demo Luxembourg');

    // Without JavaScript the "Switch" button does the same.
    const noJs = await open({ javaScriptEnabled: false });
    await logIn(noJs, DEMO.owner);
    await noJs.selectOption('#store-switch', 'DEMO-LU');
    await andWaitForLoad(noJs, () => noJs.getByRole('button', { name: 'Switch' }).click());
    assert.equal(pathOf(noJs), '/dashboard');
    assert.equal(await textOf(noJs, 'main h1'), 'Demo Luxembourg');
  }));

  test('an invited team member accepts, signs in, logs out and logs in again', { timeout: TEST_TIMEOUT_MS }, scenario('invite', async (open) => {
    const newbie = { email: 'newbie@example.test', password: 'newbie-password-1' };
    const owner = await open();
    await logIn(owner, DEMO.owner);
    await andWaitForLoad(owner, () => owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click());
    assert.equal(pathOf(owner), '/team');
    assert.equal(await textOf(owner, 'main h1'), 'Team of Demo Deutschland');

    await owner.fill('#invite-email', newbie.email);
    await owner.selectOption('#invite-role', 'staff');
    await andWaitForLoad(owner, () => owner.getByRole('button', { name: 'Invite' }).click());
    assert.equal(new URL(owner.url()).pathname, '/team');
    assert.match(await textOf(owner, '.notice'), /Invitation created for newbie@example\.test/);
    const inviteUrl = await textOf(owner, '[data-testid="invite-url"]');
    assert.match(inviteUrl, new RegExp(`^${server.baseURL.replace(/[.]/g, '\\.')}/invitations/[^/\\s]+$`));
    const pendingRow = owner.getByTestId('pending-invitations').locator('tbody tr', { hasText: newbie.email });
    assert.equal(await pendingRow.locator('td').nth(1).textContent(), 'staff', 'the invitation is listed as pending');
    await screenshot(owner, 'team');

    // The invitation also arrives by e-mail, with the same link: the invitee follows that one.
    const mail = await smtp.waitFor(newbie.email);
    const text = textPart(mail.data);
    const mailedUrl = (text.match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/) ?? [])[0];
    assert.equal(mailedUrl, inviteUrl, `the e-mail carries the invitation link:\n${text}`);

    // The invitee has no cookies: a new browser context.
    const invitee = await open();
    await invitee.goto(mailedUrl);
    assert.equal(await textOf(invitee, 'main h1'), 'Join Demo Deutschland');
    assert.match(await textOf(invitee, 'main .card'), /invited as staff of Demo Deutschland \(DEMO-DE\) with the e-mail newbie@example\.test/);
    await invitee.fill('#password', newbie.password);
    await screenshot(invitee, 'invitation');
    await andWaitForLoad(invitee, () => invitee.getByRole('button', { name: 'Accept invitation' }).click());
    assert.equal(pathOf(invitee), '/dashboard');
    assert.equal(await textOf(invitee, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(invitee, '[data-testid="role"]'), 'staff');
    assert.equal(await textOf(invitee, '.topbar .who'), newbie.email);

    await andWaitForLoad(invitee, () => invitee.getByRole('button', { name: 'Log out' }).click());
    assert.equal(new URL(invitee.url()).pathname, '/login');
    assert.equal(await textOf(invitee, '.notice'), 'You are logged out');
    const cookies = await invitee.context().cookies();
    assert.ok(!cookies.some((c) => c.name === 'orion_session' && c.value), 'the session cookie is gone');
    await invitee.goto('/dashboard');
    assert.equal(new URL(invitee.url()).pathname, '/login', 'after logout the dashboard asks for a login');

    await logIn(invitee, newbie);
    assert.equal(await textOf(invitee, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(invitee, '[data-testid="role"]'), 'staff');

    // The owner's team page now lists the new member, and the invitation is no longer pending.
    await owner.goto('/team');
    const memberRow = owner.locator('table').first().locator('tbody tr', { hasText: newbie.email });
    assert.equal(await memberRow.count(), 1, 'newbie is a member');
    assert.equal((await memberRow.locator('td').nth(1).textContent()).trim(), 'staff');
    assert.equal(await owner.getByRole('heading', { name: 'Pending invitations' }).count(), 0);
  }));

  test('a wrong password keeps the visitor on the login page with an error', { timeout: TEST_TIMEOUT_MS }, scenario('wrong-password', async (open) => {
    const page = await open();
    await page.goto('/login');
    await page.fill('#email', DEMO.owner.email);
    await page.fill('#password', 'not-the-password');
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Log in' }).click());
    assert.equal((await response).status(), 401);
    assert.equal(pathOf(page), '/login');
    assert.equal(await textOf(page, '[role=alert]'), 'Invalid e-mail or password');
    await screenshot(page, 'login-error');
    assert.equal(await page.inputValue('#email'), DEMO.owner.email, 'the e-mail is kept');
    assert.equal(await page.inputValue('#password'), '', 'the password is not echoed back');
    assert.ok(!(await page.context().cookies()).some((c) => c.name === 'orion_session'), 'no session cookie');
    await page.goto('/dashboard');
    assert.equal(new URL(page.url()).pathname, '/login', 'no session: the dashboard asks for a login');
  }));

  test('the platform admin creates a merchant and a store', { timeout: TEST_TIMEOUT_MS }, scenario('admin', async (open) => {
    const merchant = { name: 'Browser Test Sàrl', country: 'LU', email: 'browser-owner@example.test', password: 'browser-owner-pw1' };
    const page = await open();
    // The admin belongs to no store: login leads to the admin area.
    await logIn(page, DEMO.admin, /^\/admin\/merchants$/);
    assert.equal(await textOf(page, 'main h1'), 'Merchants');
    assert.equal(await page.locator('#store-switch').count(), 0, 'no store switcher without stores');

    await page.fill('#m-name', merchant.name);
    await page.fill('#m-country', merchant.country);
    await page.fill('#m-email', merchant.email);
    await page.fill('#m-password', merchant.password);
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create merchant' }).click());
    assert.match(new URL(page.url()).pathname, /^\/admin\/merchants\/\d+$/, `on the merchant's page, not ${pathOf(page)}`);
    assert.equal(await textOf(page, '.notice'), 'Merchant created. Add a store below.');
    assert.equal(await textOf(page, 'main h1'), merchant.name);
    assert.equal(await textOf(page, 'main h1 + p'), `${merchant.country} · ${merchant.email}`);
    assert.equal(await page.inputValue('#s-country'), merchant.country, 'the store country defaults to the merchant\'s');

    await page.fill('#s-code', 'BROWSER-LU');
    await page.fill('#s-name', 'Browser Test Luxembourg');
    await page.selectOption('#s-lang', 'fr');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create store' }).click());
    assert.equal(await textOf(page, '.notice'), 'Store BROWSER-LU created.');
    const row = page.locator('table tbody tr', { hasText: 'BROWSER-LU' });
    assert.deepEqual((await row.locator('td').allTextContents()).map((s) => s.trim()), ['BROWSER-LU', 'Browser Test Luxembourg', 'LU', 'Français']);
    await screenshot(page, 'admin');

    await andWaitForLoad(page, () => page.getByRole('link', { name: '← Merchants' }).click());
    const listed = page.locator('table tbody tr', { hasText: merchant.name });
    assert.equal((await listed.locator('td').nth(3).textContent()).trim(), 'BROWSER-LU');
    await screenshot(page, 'merchants');

    // The merchant's owner can log in and owns the new store.
    const merchantOwner = await open();
    await logIn(merchantOwner, merchant);
    assert.equal(await textOf(merchantOwner, 'main h1'), 'Browser Test Luxembourg');
    assert.equal(await textOf(merchantOwner, '[data-testid="role"]'), 'owner');
  }));

  test('the owner sees the Professional trial and usage bars on the billing page', { timeout: TEST_TIMEOUT_MS }, scenario('billing', async (open) => {
    const page = await open();
    await logIn(page, DEMO.owner);
    await andWaitForLoad(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click());
    assert.equal(pathOf(page), '/billing');
    assert.equal(await textOf(page, 'main h1'), 'Billing');
    // New merchants start on a trial of Professional.
    assert.equal(await textOf(page, '[data-testid="tier"]'), 'Professional');
    assert.match(await textOf(page, 'main .card:has([data-testid="tier"])'), /Status: Trialing · trial ends \d{1,2} [A-Z][a-z]{2} \d{4}/);

    const usage = (metric) => page.locator(`.usage[data-metric="${metric}"]`);
    assert.deepEqual(
      await page.locator('.usage').evaluateAll((els) => els.map((e) => e.dataset.metric)),
      ['orders_per_month', 'products', 'team_members', 'api_requests_per_day'],
    );
    // Limited metrics have a progress bar. Professional: 500 orders a month, unlimited
    // products, 3 team members, no API (a limit of 0).
    // The label and "used / limit", e.g. "Team members 2 / 3".
    const head = async (metric) => (await usage(metric).locator('.usage-head span').allTextContents()).map((t) => t.trim()).join(' ');
    for (const metric of ['orders_per_month', 'team_members', 'api_requests_per_day']) {
      const bar = usage(metric).getByRole('progressbar');
      assert.equal(await bar.count(), 1, `${metric} has a progress bar`);
      const now = Number(await bar.getAttribute('aria-valuenow'));
      assert.ok(Number.isInteger(now) && now >= 0 && now <= 100, `${metric}: aria-valuenow ${now} is a percentage`);
    }
    assert.match(await head('orders_per_month'), /^Orders this month \d+ \/ 500$/);
    // Other tests may have added a member or products: counts are not pinned here.
    assert.match(await head('team_members'), /^Team members [1-3] \/ 3$/);
    assert.match(await head('api_requests_per_day'), /^API requests today 0 \/ 0$/);
    assert.match(await head('products'), /^Products \d+ \/ unlimited$/);
    assert.equal(await usage('products').getByRole('progressbar').count(), 0, 'no progress bar without a limit');
    await screenshot(page, 'billing');
  }));

  test('the owner creates a product, books a delivery and sees the stock', { timeout: TEST_TIMEOUT_MS }, scenario('product-stock', async (open) => {
    const page = await open();
    await logIn(page, DEMO.owner);
    await page.goto('/products/new');
    assert.equal(await textOf(page, 'main h1'), 'New product');
    await page.fill('#sku', 'BROWSER-MUG');
    await page.fill('#title_en', 'Browser mug');
    await page.fill('#price', '12.50');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create product' }).click());
    const created = new URL(page.url());
    assert.match(created.pathname, /^\/products\/\d+$/, `on the product's page, not ${pathOf(page)}`);
    const id = created.pathname.split('/').pop();
    assert.equal(await textOf(page, '.notice'), 'Product created');
    assert.equal(await textOf(page, 'main h1'), 'Edit product BROWSER-MUG');
    assert.equal(await page.inputValue('#title_en'), 'Browser mug');
    assert.equal(await page.inputValue('#price'), '12.50');
    await screenshot(page, 'product');

    await andWaitForLoad(page, () => page.getByRole('link', { name: 'Stock', exact: true }).click());
    assert.equal(pathOf(page), `/inventory/${id}`);
    assert.equal(await textOf(page, 'main h1'), 'Stock of Browser mug BROWSER-MUG');
    await page.fill('#delta', '7');
    await page.fill('#reason', 'delivery');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Apply' }).click());
    assert.equal(new URL(page.url()).pathname, `/inventory/${id}`);
    assert.equal(await textOf(page, '.notice'), 'Stock adjusted: 7 on hand, 7 available.');
    assert.deepEqual((await page.locator('[data-testid="on-hand"]').allTextContents()).map((s) => s.trim()), ['7']);
    const movement = page.locator('[data-testid="history"] tr', { hasText: 'delivery' });
    assert.equal(await movement.count(), 1, 'one movement with the reason "delivery"');
    const cells = (await movement.locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[1], 'adjust', 'kind');
    assert.equal(cells[3], '7', 'on hand change');
    assert.equal(cells[6], 'delivery', 'reason');
    await screenshot(page, 'stock');

    await andWaitForLoad(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Products' }).click());
    assert.equal(pathOf(page), '/products');
    assert.equal(await textOf(page, '[data-testid="available-BROWSER-MUG"]'), '7');
  }));

  test('a CSV import creates the good rows and reports the bad one', { timeout: TEST_TIMEOUT_MS }, scenario('import', async (open) => {
    const dir = mkdtempSync(join(tmpdir(), 'orion-browser-csv-'));
    try {
      const csv = join(dir, 'products.csv');
      writeFileSync(csv, [
        'sku,title_en,price',
        'BROWSER-CSV-1,Imported kettle,24.90',
        'BROWSER-CSV-2,Imported teapot,31.00',
        'BROWSER-CSV-3,Imported cup,abc',
      ].join('\n') + '\n');
      const page = await open();
      await logIn(page, DEMO.owner);
      await page.goto('/products');
      await andWaitForLoad(page, () => page.getByRole('link', { name: 'Import CSV' }).click());
      assert.equal(pathOf(page), '/products/import');
      assert.equal(await textOf(page, 'main h1'), 'Import products');
      await page.setInputFiles('#file', csv);
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Import', exact: true }).click());

      const report = page.locator('[data-testid="import-report"]');
      const stat = async (label) => (await report.locator('.card', { has: page.locator('.muted', { hasText: label }) }).locator('.stat').textContent()).trim();
      assert.equal(await stat('Created'), '2');
      assert.equal(await stat('Updated'), '0');
      assert.equal(await stat('Rejected rows'), '1');
      const problems = page.locator('table', { has: page.locator('caption', { hasText: 'Problems by row' }) }).locator('tbody tr');
      assert.equal(await problems.count(), 1);
      const [row, column, message] = (await problems.first().locator('td').allTextContents()).map((s) => s.trim());
      assert.equal(row, '4', 'the header is row 1, so the third data row is row 4');
      assert.equal(column, 'price');
      assert.ok(message.length > 0, 'the problem is explained');
      await screenshot(page, 'import');

      await page.goto('/products?q=BROWSER-CSV');
      assert.deepEqual(
        (await page.locator('table tbody tr td:first-child').allTextContents()).map((s) => s.trim()).sort(),
        ['BROWSER-CSV-1', 'BROWSER-CSV-2'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));

  test('the platform admin sees the four tiers', { timeout: TEST_TIMEOUT_MS }, scenario('tiers', async (open) => {
    const page = await open();
    await logIn(page, DEMO.admin, /^\/admin\/merchants$/);
    await andWaitForLoad(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tiers' }).click());
    assert.equal(pathOf(page), '/admin/tiers');
    assert.equal(await textOf(page, 'main h1'), 'Tiers');
    const tiers = page.locator('main .card');
    assert.deepEqual(
      (await tiers.locator('h2').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()),
      ['Essential essential', 'Professional professional', 'Business business', 'Enterprise enterprise'],
    );
    for (const name of ['Essential', 'Professional', 'Business', 'Enterprise']) {
      await page.getByRole('button', { name: `Save ${name}` }).waitFor();
    }
    assert.equal(await page.inputValue('#professional-price'), '99.00');
    assert.equal(await page.inputValue('#enterprise-price'), '', 'Enterprise has a custom price');
    await screenshot(page, 'tiers');
  }));

  test('order journey', { timeout: TEST_TIMEOUT_MS }, scenario('order-journey', async (open) => {
    const page = await open();
    await logIn(page, DEMO.owner);
    assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland', 'the first store, DEMO-DE');

    // A product with 5 units in stock.
    await page.goto('/products/new');
    await page.fill('#sku', 'JOURNEY-MUG');
    await page.fill('#title_en', 'Journey mug');
    await page.fill('#price', '9.90');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create product' }).click());
    const productPath = new URL(page.url()).pathname;
    assert.match(productPath, /^\/products\/\d+$/, `on the product's page, not ${pathOf(page)}`);
    const productId = productPath.split('/').pop();
    const stockPath = `/inventory/${productId}`;
    await page.goto(stockPath);
    await page.fill('#delta', '5');
    await page.fill('#reason', 'journey delivery');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Apply' }).click());
    assert.equal(await textOf(page, '.notice'), 'Stock adjusted: 5 on hand, 5 available.');

    /** The rows of the stock table of /inventory/{id} as { warehouse, bin, onHand, reserved,
     * available }, after checking its columns. */
    const stockLevels = async () => {
      const table = page.locator('table', { has: page.locator('caption', { hasText: 'By warehouse and bin' }) });
      assert.deepEqual(
        (await table.locator('thead th').allTextContents()).map((s) => s.trim()),
        ['Warehouse', 'Bin', 'On hand', 'Reserved', 'Available'],
      );
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
      return rows.map(([warehouse, bin, onHand, reserved, available]) => ({ warehouse, bin, onHand, reserved, available }));
    };
    /** The product's only stock level, without its warehouse. */
    const onlyLevel = async () => {
      const levels = await stockLevels();
      assert.equal(levels.length, 1, `one stock level, got ${JSON.stringify(levels)}`);
      const { warehouse, ...level } = levels[0];
      assert.ok(warehouse, 'a warehouse is named');
      return level;
    };
    const statusOf = () => textOf(page, '[data-testid="order-status"]');

    // A phone order for 2 mugs, shipped to Luxembourg.
    await page.goto('/orders/new');
    assert.equal(await textOf(page, 'main h1'), 'New order');
    await page.fill('#email', 'journey@example.test');
    await page.fill('#first_name', 'Jules');
    await page.fill('#last_name', 'Journey');
    await page.fill('#street', '12 rue du Voyage');
    await page.fill('#postal_code', '1234');
    await page.fill('#city', 'Luxembourg');
    await page.selectOption('#country', 'LU');
    await page.fill('#sku_0', 'JOURNEY-MUG');
    await page.fill('#qty_0', '2');
    await page.fill('#shipping_amount', '4.90');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create order' }).click());
    const orderPath = new URL(page.url()).pathname;
    assert.match(orderPath, /^\/orders\/\d+$/, `on the order's page, not ${pathOf(page)}; alert: ${JSON.stringify(await page.locator('[role=alert]').allTextContents())}`);
    assert.equal(await textOf(page, '.notice'), 'Order created');
    const orderNumber = (await textOf(page, 'main h1')).replace(/^Order (\S+) .*$/, '$1');
    assert.ok(orderNumber && !orderNumber.startsWith('Order'), `an order number in the heading "${await textOf(page, 'main h1')}"`);
    assert.equal(await statusOf(), 'Pending');
    assert.equal(await textOf(page, '[data-testid="order-total"]'), '€24.70', '2 × €9.90 + €4.90 shipping');

    // Confirming reserves the 2 units: 5 on hand, 2 reserved, 3 available.
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Confirm order (reserve stock)' }).click());
    assert.equal(new URL(page.url()).pathname, orderPath);
    assert.equal(await textOf(page, '.notice'), 'Order status: Processing.');
    assert.equal(await statusOf(), 'Processing');
    await page.goto(stockPath);
    assert.deepEqual(await onlyLevel(), { bin: '—', onHand: '5', reserved: '2', available: '3' });
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, orderPath);
    assert.equal(await statusOf(), 'Processing');

    // Shipping fulfils the reservation.
    await page.fill('#tracking_number', 'LU999');
    await page.fill('#carrier', 'Post');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Ship' }).click());
    assert.equal(new URL(page.url()).pathname, orderPath);
    assert.equal(await textOf(page, '.notice'), 'Order status: Shipped.');
    assert.equal(await statusOf(), 'Shipped');
    assert.equal(await textOf(page, '[data-testid="tracking"]'), 'LU999');
    assert.match(await textOf(page, 'main .card:has([data-testid="tracking"])'), /Tracking LU999 \(Post\)/);
    const history = await page.locator('[data-testid="order-history"] tr').evaluateAll(
      (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
    );
    // Columns: When, From, To, Note; oldest first.
    assert.deepEqual(
      history.map((cells) => [cells[1], cells[2]]),
      [['—', 'Pending'], ['Pending', 'Processing'], ['Processing', 'Shipped']],
      `history ${JSON.stringify(history)}`,
    );
    await screenshot(page, 'order');

    // 2 units left the stock: 3 on hand, nothing reserved; reserve and fulfil movements.
    await page.goto(stockPath);
    assert.deepEqual(await onlyLevel(), { bin: '—', onHand: '3', reserved: '0', available: '3' });
    const movement = async (kind) => {
      const rows = page.locator('[data-testid="history"] tr').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${kind}$`) }) });
      assert.equal(await rows.count(), 1, `one "${kind}" movement`);
      // Columns: When, Kind, Where, On hand ±, Reserved ±, After, Reason.
      return (await rows.locator('td').allTextContents()).map((s) => s.trim());
    };
    const reserve = await movement('reserve');
    assert.deepEqual([reserve[3], reserve[4], reserve[5]], ['0', '2', '5 / 2'], `reserve row ${JSON.stringify(reserve)}`);
    const fulfil = await movement('fulfil');
    assert.deepEqual([fulfil[3], fulfil[4], fulfil[5]], ['-2', '-2', '3 / 0'], `fulfil row ${JSON.stringify(fulfil)}`);
    // The movements name their order by its number, never by an id.
    assert.equal(reserve[6], orderNumber);
    assert.equal(fulfil[6], orderNumber);
    await screenshot(page, 'order-stock');

    // The order list and the customer list know about it.
    await andWaitForLoad(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click());
    assert.equal(pathOf(page), '/orders');
    const orderRow = page.locator('table tbody tr', { has: page.getByRole('link', { name: orderNumber, exact: true }) });
    assert.equal(await orderRow.count(), 1, `order ${orderNumber} is listed`);
    // Columns: Select, Number, Date, Customer, Channel, Status, Units, Total.
    assert.equal(await orderRow.getByRole('checkbox', { name: `Select order ${orderNumber}` }).count(), 1);
    const orderCells = (await orderRow.locator('td').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.match(orderCells[3], /^Jules Journey/, 'the customer\'s name');
    assert.equal((await orderRow.locator('td').nth(3).locator('.muted').textContent()).trim(), 'journey@example.test');
    assert.equal(orderCells[5], 'Shipped');
    assert.equal(orderCells[6], '2', 'two mugs');
    assert.equal(orderCells[7], '€24.70');
    assert.equal(await orderRow.getByRole('link').getAttribute('href'), orderPath);

    await andWaitForLoad(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click());
    assert.equal(pathOf(page), '/customers');
    const customers = page.locator('main table');
    const headers = (await customers.locator('thead th').allTextContents()).map((s) => s.trim());
    const customerRow = customers.locator('tbody tr', { hasText: 'journey@example.test' });
    assert.equal(await customerRow.count(), 1, 'the customer was created with the order');
    const customer = Object.fromEntries((await customerRow.locator('td').allTextContents()).map((s, i) => [headers[i], s.trim()]));
    assert.equal(customer.Name, 'Jules Journey');
    assert.equal(customer['E-mail'], 'journey@example.test');
    assert.equal(customer.Orders, '1');
    await screenshot(page, 'customers');
  }));
});
