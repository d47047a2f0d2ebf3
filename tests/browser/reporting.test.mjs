// Reporting in the full demo (two stores of one merchant, orders from the simulated Letzshop
// sync): the store dashboard's figures, chart and data table, on a desktop and a 390 px phone;
// the merchant page "All stores", refused on the Professional trial and, on Business, listing
// both stores with a total row that is their sum and an "Open" button into each store.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, pathOf, screenshot, textOf } from './browser.mjs';

const OWNER_LU = { ...DEMO.owner, storeCode: 'DEMO-LU' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const STORES = { 'DEMO-LU': 'Demo Luxembourg', 'DEMO-DE': 'Demo Deutschland' };

/** Cents of an amount as English writes it: "€1,234.50" → 123450. */
function cents(text) {
  const m = /^(-?)€([\d,]+)\.(\d{2})$/.exec(text.replace(/\s+/g, ''));
  assert.ok(m, `an amount in euros: ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
}

/** A count as English writes it: "1,234" → 1234. */
function count(text) {
  const t = text.replace(/\s+/g, '');
  assert.match(t, /^\d{1,3}(,\d{3})*$/, `a count: ${JSON.stringify(text)}`);
  return Number(t.replaceAll(',', ''));
}

/** The cells of the rows of `rows` (a locator), trimmed. */
async function cells(rows) {
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim())));
}

async function api(baseURL, method, path, token, body) {
  const res = await fetch(`${baseURL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function token(baseURL, login) {
  const r = await api(baseURL, 'POST', '/api/v1/auth/login', null, { email: login.email, password: login.password, store_code: login.storeCode });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.access_token;
}

/**
 * The dashboard's figures section: the two headline figures, the chart and its data table
 * (opened), checked against each other. Returns { orders, gross } in numbers and cents.
 */
async function checkDashboard(page, width) {
  const figures = page.getByTestId('figures');
  await figures.waitFor();
  assert.equal(await textOf(page, '#figures-title'), 'Last 30 days');
  const orders = count(await textOf(page, '[data-testid="fig-orders"]'));
  const gross = cents(await textOf(page, '[data-testid="fig-gross"]'));
  assert.ok(orders > 0, `the demo store has orders in the last 30 days (${orders})`);
  assert.ok(gross > 0, `and revenue (${gross} cents)`);

  // The chart: an image with an accessible name (its title and description), one bar a day.
  const chart = page.getByTestId('sales-chart').locator('svg.chart');
  assert.equal(await chart.getAttribute('role'), 'img');
  const name = await chart.evaluate((svg) => (svg.getAttribute('aria-labelledby') || '').split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent.trim()).filter(Boolean).join(' '));
  assert.match(name, /^Gross revenue per day, last 30 days Bars per day; €[\d,]+\.\d{2} in total\.$/);
  assert.equal(cents(name.match(/€[\d,]+\.\d{2}/)[0]), gross, 'the chart says the total shown');
  await assert.doesNotReject(page.getByRole('img', { name: /^Gross revenue per day, last 30 days/ }).waitFor(),
    'the chart is found by its role and name');
  const bars = chart.locator('rect.chart-bar');
  assert.equal(await bars.count(), 30, 'one bar per day');
  const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  assert.ok(heights.some((h) => h > 0), `some bars are drawn: ${heights}`);
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 0 && box.width <= width, `the chart fits the screen (${JSON.stringify(box)})`);

  // The data table is folded in a <details>; opened, it lists the 30 days that add up.
  const details = page.getByTestId('sales-chart').locator('details');
  const table = details.locator('table');
  assert.equal(await table.isVisible(), false, 'the table starts folded');
  await details.getByText('Show the figures as a table').click();
  await table.waitFor({ state: 'visible' });
  const rows = await cells(table.locator('tbody tr'));
  assert.equal(rows.length, 30, 'a row per day');
  for (const [day] of rows) assert.match(day, /^\d{1,2} [A-Z][a-z]{2} \d{4}$/, 'a day as English writes it');
  assert.equal(new Set(rows.map((r) => r[0])).size, 30, 'thirty different days');
  assert.equal(rows.reduce((s, r) => s + count(r[1]), 0), orders, 'the days add up to the orders');
  assert.equal(rows.reduce((s, r) => s + cents(r[2]), 0), gross, 'and to the gross revenue');
  // Bars and rows agree: a day with revenue has a bar, a day without has none.
  assert.deepEqual(heights.map((h) => h > 0), rows.map((r) => cents(r[2]) > 0));
  return { orders, gross };
}

describe('Reporting in headless Chromium (full demo)', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startOrion({ full: true });
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, { timeout: 30_000 });

  test('the store dashboard shows the figures, the chart and its table, also on a phone', { timeout: 120_000 }, async () => {
    // What the API says about DEMO-LU's last 30 days: the dashboard shows the same.
    const tok = await token(server.baseURL, OWNER_LU);
    const s = await api(server.baseURL, 'GET', '/api/v1/store/reports/summary', tok);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    const want = { orders: s.body.totals.orders, gross: Math.round(Number(s.body.totals.gross) * 100) };

    const desk = await newPage(browser, server.baseURL);
    await logIn(desk, OWNER_LU);
    assert.deepEqual(await checkDashboard(desk, 1280), want);
    await screenshot(desk, 'reporting-dashboard');
    assertNoProblems(desk);
    await desk.context().close();

    const phone = await newPage(browser, server.baseURL, PHONE);
    await logIn(phone, OWNER_LU);
    const width = () => phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await width()) <= 390, `the dashboard fits a 390 px phone (scrollWidth ${await width()})`);
    assert.deepEqual(await checkDashboard(phone, 390), want);
    assert.ok((await width()) <= 390, `with the table open too (scrollWidth ${await width()})`);
    await screenshot(phone, 'reporting-dashboard-phone');
    assertNoProblems(phone);
    await phone.context().close();
  });

  // The chart's bars have their own class (`chart-bar`): no page style may size them, each is
  // drawn at the height of its day's revenue (a regression once: they took the billing usage
  // bar's `.bar { height: .7rem }`).
  test('the chart draws each day at the height of its revenue', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER_LU);
    const figure = page.getByTestId('sales-chart');
    const gross = (await cells(figure.locator('details tbody tr'))).map((r) => cents(r[2]));
    const drawn = await figure.locator('svg.chart rect.chart-bar').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().height));
    assert.equal(drawn.length, gross.length);
    const max = Math.max(...gross);
    assert.ok(max > 0);
    const full = drawn[gross.indexOf(max)];
    assert.ok(full > 20, `the best day's bar is tall (${full} px)`);
    for (const [i, g] of gross.entries()) {
      const want = (full * g) / max;
      assert.ok(Math.abs(drawn[i] - want) <= 1.5, `day ${i + 1}: ${g} cents drawn ${drawn[i].toFixed(1)} px, expected ${want.toFixed(1)} px`);
    }
    await page.context().close();
  });

  test('the distance-sales gauge warns from 80 % and says what happens past the threshold', { timeout: 120_000 }, async () => {
    // DEMO-LU has invoice settings; an expensive product sold to a consumer in Germany is an
    // EU distance sale: €9,500 with 17 % Luxembourg VAT is €8,119.66 net, 81 % of €10,000.
    const login = OWNER_LU;
    const t = await token(server.baseURL, login);
    let r = await api(server.baseURL, 'POST', '/api/v1/store/products', t, { sku: 'GAUGE-1', translations: { en: { title: 'Piano' } }, price: '9500.00', vat_rate_class: 'standard' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await api(server.baseURL, 'POST', '/api/v1/store/inventory/adjustments', t, { product_id: r.body.id, delta: 3 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const page = await newPage(browser, server.baseURL);
    await logIn(page, login);
    const gauge = page.getByTestId('distance-gauge');
    assert.doesNotMatch(await gauge.innerText(), /Over 80 %/);
    r = await api(server.baseURL, 'POST', '/api/v1/store/orders', t, {
      customer: { email: 'klavier@example.de', first_name: 'Karin', last_name: 'Schulz' },
      shipping_address: { street: 'Unter den Linden 1', postal_code: '10117', city: 'Berlin', country: 'DE' },
      items: [{ sku: 'GAUGE-1', quantity: 1 }], shipping_amount: '0.00', locale: 'de',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id;
    for (const [action, body] of [['confirm', {}], ['ship', { tracking_number: 'T1', carrier: 'DHL' }], ['invoice', {}]]) {
      r = await api(server.baseURL, 'POST', `/api/v1/store/orders/${id}/${action}`, t, body);
      assert.ok(r.status < 300, `${action}: ${JSON.stringify(r.body)}`);
    }
    await page.reload();
    const text = await gauge.innerText();
    assert.match(text, /Over 80 % of the EUR 10,000 threshold/, text);
    assert.match(text, /\(81 %\)/, text);
    assert.equal(await gauge.locator('meter').getAttribute('value'), '81');
    assert.match(await gauge.getAttribute('class'), /\bwarn\b/);
    await screenshot(page, 'reporting-gauge-warning');
    assertNoProblems(page);
    await page.context().close();
  });

  test('the merchant page needs Business, then lists both stores and their sum', { timeout: 120_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER_LU);
    const dashLU = {
      orders: count(await textOf(page, '[data-testid="fig-orders"]')),
      gross: cents(await textOf(page, '[data-testid="fig-gross"]')),
    };
    const menuLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'All stores', exact: true });
    const openMerchantPage = async () => {
      const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/merchant' && r.request().resourceType() === 'document');
      await andWaitForLoad(page, () => menuLink.click());
      return (await response).status();
    };

    // On the Professional trial: the feature-not-in-tier page, no figures.
    assert.equal(await openMerchantPage(), 403);
    assert.equal(pathOf(page), '/merchant');
    assert.equal(await textOf(page, 'h1'), 'Error 403');
    assert.equal(await textOf(page, 'main p'),
      'Multi-store dashboard is not included in your professional plan. Upgrade to business to use it.');
    assert.equal(await page.getByTestId('merchant-stores').count(), 0);
    assert.equal(await page.locator('svg.chart').count(), 0);

    // The platform admin puts the demo merchant on Business.
    const admin = await token(server.baseURL, DEMO.admin);
    const merchants = await api(server.baseURL, 'GET', '/api/v1/admin/merchants', admin);
    assert.equal(merchants.status, 200, JSON.stringify(merchants.body));
    const demo = merchants.body.items.find((m) => m.contact_email === DEMO.owner.email);
    assert.ok(demo, JSON.stringify(merchants.body));
    const sub = await api(server.baseURL, 'PUT', `/api/v1/admin/merchants/${demo.id}/subscription`, admin, { tier: 'business', status: 'active' });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.equal(sub.body.tier, 'business');

    await page.goto('/dashboard');
    assert.equal(await openMerchantPage(), 200);
    assert.equal(pathOf(page), '/merchant');
    assert.equal(await textOf(page, 'h1'), 'All stores');
    assert.equal(await menuLink.getAttribute('aria-current'), 'page');
    const table = page.getByTestId('merchant-stores');
    const rows = await cells(table.locator('tbody tr'));
    assert.deepEqual(rows.map((r) => r[0]).sort(), Object.entries(STORES).map(([code, name]) => `${name} ${code}`).sort());
    // Columns: store, orders, units, gross, net, average order, "Open".
    const byCode = Object.fromEntries(rows.map((r) => [r[0].split(' ').pop(), { orders: count(r[1]), units: count(r[2]), gross: cents(r[3]), net: cents(r[4]) }]));
    const [total] = await cells(table.locator('tfoot tr'));
    assert.equal(total[0], 'All stores');
    const sum = (k) => byCode['DEMO-LU'][k] + byCode['DEMO-DE'][k];
    assert.equal(count(total[1]), sum('orders'), 'the total order count is the sum of the stores');
    assert.equal(count(total[2]), sum('units'));
    assert.equal(cents(total[3]), sum('gross'), 'the total gross is the sum of the stores');
    assert.equal(cents(total[4]), sum('net'));
    // Both stores sold something, and DEMO-LU's row is what its dashboard showed.
    assert.ok(byCode['DEMO-DE'].orders > 0 && byCode['DEMO-DE'].gross > 0, JSON.stringify(byCode));
    assert.deepEqual({ orders: byCode['DEMO-LU'].orders, gross: byCode['DEMO-LU'].gross }, dashLU);
    // The consolidated chart names the total.
    const chart = page.getByRole('img', { name: /^Gross revenue of all stores Bars per day; €[\d,]+\.\d{2} in total\.$/ });
    await chart.waitFor();
    const chartName = await chart.evaluate((svg) => document.getElementById(`${svg.getAttribute('aria-labelledby').split(' ')[1]}`).textContent);
    assert.equal(cents(chartName.match(/€[\d,]+\.\d{2}/)[0]), cents(total[3]));
    // Today's work of every store, and of all of them together.
    const today = page.getByTestId('merchant-today');
    const todayRows = await cells(today.locator('tbody tr'));
    assert.equal(todayRows.length, 2);
    const [todayTotal] = await cells(today.locator('tfoot tr'));
    for (let col = 1; col <= 4; col++) {
      assert.equal(count(todayTotal[col]), todayRows.reduce((a, r) => a + count(r[col]), 0), `column ${col} of today`);
    }
    assert.ok(count(todayTotal[1]) > 0, 'the demo stores have orders to confirm');
    await screenshot(page, 'reporting-merchant');

    // "Open" works in that store: its dashboard, with that store's figures.
    await andWaitForLoad(page, () => table.getByRole('button', { name: 'Open Demo Deutschland' }).click());
    assert.equal(pathOf(page), '/dashboard');
    assert.equal(await page.locator('#store-switch').inputValue(), 'DEMO-DE');
    assert.equal(count(await textOf(page, '[data-testid="fig-orders"]')), byCode['DEMO-DE'].orders);
    assert.equal(cents(await textOf(page, '[data-testid="fig-gross"]')), byCode['DEMO-DE'].gross);
    assertNoProblems(page);
    await page.context().close();
  });
});
