// The seller's workday on the full demo (`orion demo`: Letzshop orders synced from the
// simulator, some of whose items match no product): the orders list points to the exceptions
// inbox, an article is mapped to a product through the picker and every order waiting for it
// is unblocked; another article becomes a new product prefilled from the item.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { readFile } from 'node:fs/promises';

import { andWaitForLoad, assertNoProblems, confirming, launchBrowser, logIn, newPage, pathOf, screenshot, textOf } from './browser.mjs';

const OWNER = { ...DEMO.owner, storeCode: 'DEMO-LU' };

describe('The workday in headless Chromium', { timeout: 300_000 }, () => {
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

  test('items without a product are mapped once for every waiting order', { timeout: 120_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);
    await page.goto('/orders');
    const link = page.getByTestId('exceptions-link');
    assert.match(await link.innerText(), /articles? without a product/);
    await andWaitForLoad(page, () => link.getByRole('link').click());
    assert.equal(new URL(page.url()).pathname, '/orders/exceptions');
    const groups = page.getByTestId('exception-group');
    const before = await groups.count();
    assert.ok(before >= 2, `the demo has unmatched articles (${before})`);
    await screenshot(page, 'workday-exceptions');

    // The first article: its waiting orders, then mapped to an existing product via the picker.
    const first = groups.first();
    const waiting = await first.locator('a[href^="/orders/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(waiting.length >= 1, 'the group lists its orders');
    const unmatchedOn = async (path) => {
      await page.goto(path);
      return page.locator('main tbody a[href="/orders/exceptions"]').count();
    };
    const unmatchedBefore = await unmatchedOn(waiting[0]);
    assert.ok(unmatchedBefore >= 1, 'the order page links its unmatched item to the inbox');
    await page.goto('/orders/exceptions');
    const sku = await page.locator('#store-products option').first().getAttribute('value');
    assert.ok(sku, 'the picker offers the store products');
    await first.getByLabel('Your product (SKU or GTIN)').fill(sku);
    await andWaitForLoad(page, () => first.getByRole('button', { name: /Map for \d+ orders?/ }).click());
    assert.match(await textOf(page, '.notice'), new RegExp(`mapped to ${sku}; `));
    assert.equal(await groups.count(), before - 1, 'the group is gone');
    // Its orders no longer wait for that item.
    assert.equal(await unmatchedOn(waiting[0]), unmatchedBefore - 1);

    // The next article becomes a new product, prefilled from the item; saving it resolves it.
    await page.goto('/orders/exceptions');
    const next = groups.first();
    const title = (await next.locator('h2').innerText()).trim();
    await andWaitForLoad(page, () => next.getByRole('link', { name: 'Create a product from this item' }).click());
    assert.equal(new URL(page.url()).pathname, '/products/new');
    const [sku0, gtin0] = [await page.locator('#sku').inputValue(), await page.locator('#gtin').inputValue()];
    assert.ok(sku0 || gtin0, 'the SKU or GTIN is prefilled');
    // An article Letzshop sends without a SKU still needs one in the catalog.
    if (!sku0) await page.fill('#sku', `ITEM-${gtin0}`);
    assert.equal(await page.locator('#title_en').inputValue(), title, 'the name is prefilled');
    await page.fill('#price', '12.50');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create product' }).click());
    assert.match(new URL(page.url()).pathname, /^\/products\/\d+$/);
    await page.goto('/orders/exceptions');
    assert.equal(await groups.count(), before - 2, 'the new product resolved its article');
    await screenshot(page, 'workday-exceptions-after');
    assertNoProblems(page);
    await page.context().close();
  });

  test('cancelling an order asks first and says what it does', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);
    await page.goto('/orders?status=pending');
    const order = await page.locator('main tbody a[href^="/orders/"]').first().getAttribute('href');
    await page.goto(order);
    const cancel = page.getByRole('button', { name: 'Cancel order' });
    // Saying no changes nothing.
    let asked;
    page.once('dialog', async (d) => { asked = d.message(); await d.dismiss(); });
    await cancel.click();
    await page.waitForTimeout(300);
    assert.match(asked ?? '', /^Cancel order LS-\S+\? Its reserved stock is released\. Letzshop is not told/);
    assert.equal(await textOf(page, '[data-testid="order-status"]'), 'Pending');
    // Saying yes cancels it.
    await confirming(page, () => cancel.click());
    assert.equal(await textOf(page, '[data-testid="order-status"]'), 'Cancelled');
    assertNoProblems(page);
    await page.context().close();
  });

  test('bulk work: confirm, ship with tracking lines, invoice, download the invoices', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);
    const bulk = page.getByTestId('bulk');
    const runJob = async () => {
      await andWaitForLoad(page, () => page.getByTestId('bulk-run').click());
      assert.match(pathOf(page), /^\/orders\/jobs\/\d+$/);
      // The page follows the job and shows the result of each order when it is done.
      await page.getByTestId('job-summary').waitFor({ timeout: 60_000 });
      const [done, refused] = (await textOf(page, '[data-testid="job-summary"]')).match(/\d+/g).map(Number);
      return { done, refused };
    };

    // Every pending order on the page: those waiting for an article are refused, the others confirmed.
    await page.goto('/orders?status=pending');
    await page.getByLabel('Select all orders on this page').check();
    await bulk.getByLabel('Action').selectOption('confirm');
    const confirmed = await runJob();
    assert.ok(confirmed.done >= 1 && confirmed.refused >= 1, JSON.stringify(confirmed));
    const results = page.getByTestId('job-results');
    assert.match(await results.innerText(), /Refused .*match no product/);
    await screenshot(page, 'workday-bulk-confirm');

    // Ship them all; one line of tracking numbers names its order by number.
    await page.goto('/orders?status=processing');
    const first = (await page.locator('main tbody a[href^="/orders/"]').first().innerText()).trim();
    await page.getByLabel('Select all orders on this page').check();
    await bulk.getByLabel('Action').selectOption('ship');
    await bulk.getByText('Shipping details').click();
    await bulk.getByLabel(/^Tracking numbers/).fill(`${first},DHL,DE123456789`);
    const shipped = await runJob();
    assert.deepEqual(shipped, { done: confirmed.done, refused: 0 });
    await page.getByRole('link', { name: first }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('main').innerText(), /DE123456789/);

    // Invoice every shipped order the list says is not invoiced, through the filter.
    await page.goto('/orders?attention=not_invoiced');
    await bulk.getByTestId('scope-filter').check();
    await bulk.getByLabel('Action').selectOption('invoice');
    const invoiced = await runJob();
    assert.equal(invoiced.refused, 0);
    assert.ok(invoiced.done >= shipped.done);

    // The shipped orders' invoices, one PDF each, in one zip.
    await page.goto('/orders?status=shipped');
    const rows = await page.locator('main tbody input[name="order_ids"]').count();
    await page.getByLabel('Select all orders on this page').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-zip').click()]);
    const zip = await readFile(await download.path());
    const names = [];
    for (let i = zip.indexOf('PK\x01\x02'); i >= 0; i = zip.indexOf('PK\x01\x02', i + 4)) {
      names.push(zip.toString('latin1', i + 46, i + 46 + zip.readUInt16LE(i + 28)));
    }
    assert.equal(names.filter((n) => n.endsWith('.pdf')).length, rows, names.join(', '));
    assertNoProblems(page);
    await page.context().close();
  });

  test('cancelling orders in bulk asks first and says what it does', { timeout: 60_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);
    await page.goto('/orders?status=pending');
    const box = page.locator('main tbody input[name="order_ids"]').first();
    await box.check();
    let asked;
    page.once('dialog', async (d) => { asked = d.message(); await d.dismiss(); });
    await page.getByTestId('bulk-cancel').click();
    await page.waitForTimeout(300);
    assert.match(asked ?? '', /^Cancel the chosen orders\? .*Letzshop is told and the customers are notified/);
    assert.equal(new URL(page.url()).pathname, '/orders', 'saying no stays on the list');
    assertNoProblems(page);
    await page.context().close();
  });
});
