// The accounting page in headless Chromium (demo store DEMO-LU, put on Business by the platform
// admin): an OSS sale made through the API shows in the quarter's OSS return, opened from the
// menu; the return downloads as CSV (both forms) with that sale's line; the accountant's
// package of the quarter is prepared from the page, followed on its progress page until ready
// and downloaded as a zip; the page fits a 390 px phone without scrolling sideways and axe-core
// finds no serious violation on it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, pathOf, screenshot, textOf } from './browser.mjs';

const OWNER_LU = { ...DEMO.owner, storeCode: 'DEMO-LU' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

/** The day the OSS return of quarter `q` of `y` is due (the end of the month after it), as
 * English pages write days: "31 Jan 2027". */
function deadline(y, q) {
  const d = new Date(Date.UTC(y, 3 * q + 1, 0));
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

describe('Accounting in headless Chromium', { timeout: 240_000 }, () => {
  let server;
  let browser;
  let sale;

  before(async () => {
    server = await startOrion();
    browser = await launchBrowser();

    // The platform admin puts the demo merchant on Business (the exports' plan).
    const admin = await token(server.baseURL, DEMO.admin);
    const merchants = await api(server.baseURL, 'GET', '/api/v1/admin/merchants', admin);
    assert.equal(merchants.status, 200, JSON.stringify(merchants.body));
    const demo = merchants.body.items.find((m) => m.contact_email === DEMO.owner.email);
    assert.ok(demo, JSON.stringify(merchants.body));
    const sub = await api(server.baseURL, 'PUT', `/api/v1/admin/merchants/${demo.id}/subscription`, admin, { tier: 'business', status: 'active' });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));

    // A sale to a consumer in France big enough to pass the EUR 10,000 distance-sales
    // threshold: taxed in France, declared in the OSS return.
    const t = await token(server.baseURL, OWNER_LU);
    let r = await api(server.baseURL, 'POST', '/api/v1/store/products', t, { sku: 'ACC-PIANO', translations: { en: { title: 'Grand piano' } }, price: '12000.00', vat_rate_class: 'standard' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    r = await api(server.baseURL, 'POST', '/api/v1/store/inventory/adjustments', t, { product_id: r.body.id, delta: 2 });
    assert.ok(r.status < 300, JSON.stringify(r.body));
    r = await api(server.baseURL, 'POST', '/api/v1/store/orders', t, {
      customer: { email: 'piano@example.fr', first_name: 'Claire', last_name: 'Martin' },
      shipping_address: { street: '5 rue de Rivoli', postal_code: '75001', city: 'Paris', country: 'FR' },
      items: [{ sku: 'ACC-PIANO', quantity: 1 }], shipping_amount: '0.00', locale: 'fr',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id;
    for (const [action, body] of [['confirm', {}], ['ship', { tracking_number: 'T1', carrier: 'Post' }], ['invoice', {}]]) {
      r = await api(server.baseURL, 'POST', `/api/v1/store/orders/${id}/${action}`, t, body);
      assert.ok(r.status < 300, `${action}: ${JSON.stringify(r.body)}`);
    }
    sale = r.body;
    assert.equal(sale.vat_regime, 'DISTANCE_SALE_OSS', JSON.stringify(sale));
    assert.equal(sale.vat_country, 'FR');
  }, { timeout: 120_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, { timeout: 30_000 });

  test('the OSS return from the menu, downloaded as CSV in both forms, and the accountant\'s package as a zip', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER_LU);
    const menuLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounting', exact: true });
    await andWaitForLoad(page, () => menuLink.click());
    assert.equal(pathOf(page), '/accounting');
    assert.equal(await textOf(page, 'h1'), 'Accounting');
    assert.equal(await menuLink.getAttribute('aria-current'), 'page');

    // The quarter shown is today's (the period form says which).
    const y = Number(await page.locator('#year').inputValue());
    const q = Number(await page.locator('#quarter').inputValue());
    assert.ok(y >= 2024 && q >= 1 && q <= 4, `${y} Q${q}`);

    // The OSS return: its title, deadline and the sale's line (France, 20 %).
    const oss = page.getByTestId('accounting-oss');
    assert.equal(await oss.locator('h2').innerText(), `OSS return, Q${q} ${y}`);
    assert.equal((await oss.getByTestId('oss-deadline').innerText()).trim(), `File by ${deadline(y, q)}.`);
    const bucket = sale.vat_breakdown.find((b) => b.rate === '20');
    assert.ok(bucket, JSON.stringify(sale.vat_breakdown));
    const rows = await oss.locator('table').first().locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/\s+/g, ' ').trim())));
    const france = rows.find((r) => r[0] === 'France');
    assert.ok(france, `a France line in ${JSON.stringify(rows)}`);
    assert.equal(france[1], '20 %');
    // The other sections are there too, with their headings.
    for (const [id, heading] of [['accounting-vat', 'VAT summary'], ['accounting-ecsl', 'EC sales list'], ['accounting-journal', 'Sales journal'], ['accounting-accounts', 'Revenue accounts']]) {
      assert.equal(await page.getByTestId(id).locator('h2').innerText(), heading);
    }
    await screenshot(page, 'accounting');

    // The OSS return as CSV: the file the browser saves, with the sale's line.
    const links = page.getByTestId('download-oss');
    const [download] = await Promise.all([page.waitForEvent('download'), links.getByRole('link', { name: 'CSV (,)' }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^oss-return-DEMO-LU-${y}-\\d{2}-01-${y}-\\d{2}-\\d{2}\\.csv$`));
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], 'section,country,rate,corrected_year,corrected_quarter,taxable,vat');
    assert.ok(lines.includes(`supplies,FR,20,,,${bucket.taxable},${bucket.vat}`), csv);

    // The "Excel (;)" form: same rows, semicolons, a BOM and decimal commas.
    const excelHref = await links.getByRole('link', { name: 'Excel (;)' }).getAttribute('href');
    const res = await page.request.get(excelHref);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'text/csv; charset=utf-8');
    assert.match(res.headers()['content-disposition'], /^attachment; filename="oss-return-DEMO-LU-/);
    const excel = (await res.body()).toString('utf8');
    assert.ok(excel.startsWith('\uFEFFsection;country;rate;'), excel.slice(0, 80));
    assert.ok(excel.includes(`supplies;FR;20;;;${bucket.taxable.replace('.', ',')};${bucket.vat.replace('.', ',')}`), excel);

    // The accountant's package of the quarter: prepared from its card, it opens its page,
    // which follows the progress until the package is ready.
    const card = page.getByTestId('accounting-package');
    assert.equal(await card.locator('h2').innerText(), 'Package for the accountant');
    assert.match(await card.locator('p.muted').first().innerText(), /sales journal.*VAT summary.*every invoice and credit note as PDF.*SHA-256 manifest/);
    assert.equal((await card.locator('#package-period').innerText()).trim(), `For Q${q} ${y}.`);
    await andWaitForLoad(page, () => card.getByRole('button', { name: 'Prepare the package' }).click());
    const packagePath = pathOf(page);
    assert.match(packagePath, /^\/accounting\/packages\/\d+$/);
    assert.equal(await textOf(page, 'h1'), 'Package for the accountant');
    assert.equal(await page.getByTestId('package').getAttribute('data-poll'), `${packagePath}/progress`);
    const ready = page.getByTestId('package-download');
    await ready.waitFor({ timeout: 60_000 });
    assert.equal(pathOf(page), packagePath);
    assert.equal(await textOf(page, '[data-testid="package-status"]'), 'Ready');
    const progress = await textOf(page, '[data-testid="package-progress"]');
    const counts = progress.match(/^(\d+) of (\d+) documents?$/);
    assert.ok(counts && counts[1] === counts[2] && Number(counts[2]) >= 1, `all documents ready, the sale's invoice among them: ${progress}`);
    assert.equal(await page.locator('#job-bar').getAttribute('value'), await page.locator('#job-bar').getAttribute('max'));
    await screenshot(page, 'accounting-package');

    // The zip: the file the browser saves, and its bytes (a ZIP starts with "PK").
    const [zipDownload] = await Promise.all([page.waitForEvent('download'), ready.click()]);
    assert.match(zipDownload.suggestedFilename(), new RegExp(`^accounting-package-DEMO-LU-${y}-\\d{2}-01-${y}-\\d{2}-\\d{2}\\.zip$`));
    const zipRes = await page.request.get(await ready.getAttribute('href'));
    assert.equal(zipRes.status(), 200);
    assert.equal(zipRes.headers()['content-type'], 'application/zip');
    const zip = await zipRes.body();
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');
    assert.equal((await readFile(await zipDownload.path())).subarray(0, 2).toString('latin1'), 'PK');
    assert.ok(zip.includes('manifest.sha256') && zip.includes(`invoices/${sale.number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`), 'the manifest and the sale\'s invoice are in the zip');

    // Back on the accounting page, the package is listed as ready.
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'Back to accounting' }).click());
    assert.equal(pathOf(page), `/accounting?year=${y}&quarter=${q}`);
    const listed = page.getByTestId('package-list').locator(`tr[data-package="${packagePath.split('/').pop()}"]`);
    assert.match(await listed.innerText(), /Ready/);
    assertNoProblems(page);
    await page.context().close();
  });

  test('the page fits a 390 px phone and passes axe-core', { timeout: 120_000 }, async () => {
    const phone = await newPage(browser, server.baseURL, { ...PHONE, bypassCSP: true });
    await logIn(phone, OWNER_LU);
    const res = await phone.goto('/accounting');
    assert.equal(res.status(), 200);
    await phone.getByTestId('accounting-oss').waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the accounting page fits a 390 px phone (scrollWidth ${width})`);
    await screenshot(phone, 'accounting-phone');

    await phone.addScriptTag({ content: AXE_SOURCE });
    const results = await phone.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(serious, []);
    assertNoProblems(phone);
    await phone.context().close();
  });
});
