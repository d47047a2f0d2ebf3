// A seller's day through the back office only: the 40 Letzshop orders the demo syncs into
// its two stores (20 each, some with articles that match no product) end confirmed, shipped
// and invoiced. Every user action (a click, a typed field, a choice, opening a page) is
// counted with the reason it is needed, and the count is printed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, screenshot, textOf } from './browser.mjs';

describe('A day of orders in headless Chromium', { timeout: 600_000 }, () => {
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

  test('40 synced Letzshop orders confirmed, shipped and invoiced through the pages', { timeout: 480_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    const actions = [];
    // One user action: `why` says what it is for.
    const act = async (why, action) => {
      actions.push(why);
      await action();
    };
    const open = (why, path) => act(why, () => page.goto(path));
    let articleGroups = 0;

    await logIn(page, DEMO.owner); // e-mail, password, "Log in"
    actions.push('log in: e-mail', 'log in: password', 'log in: submit');

    const letzshopOrders = async (query) => {
      await page.goto(`/orders?channel=letzshop&${query}`);
      return Number((await textOf(page, '[data-testid="list-count"]')).match(/\d+/)[0]);
    };

    for (const store of ['DEMO-DE', 'DEMO-LU']) {
      if (store === 'DEMO-LU') {
        await act('switch to the second store', () => andWaitForLoad(page, () => page.selectOption('#store-switch', 'DEMO-LU')));
      } else {
        // The first store cannot invoice yet: its invoice settings, once.
        await open('open the invoice settings', '/settings/invoice');
        for (const [field, value] of [['#legal_name', 'Demo Deutschland Sàrl'], ['#street', '5 rue de la Poste'],
          ['#postal_code', '2346'], ['#city', 'Luxembourg'], ['#vat_number', 'LU15027442']]) {
          await act(`invoice settings: ${field.slice(1)} (required)`, () => page.fill(field, value));
        }
        await act('save the invoice settings', () => andWaitForLoad(page, () => page.getByRole('button', { name: 'Save invoice settings' }).click()));
        assert.equal(await textOf(page, '.notice'), 'Invoice settings saved.');
      }
      const total = await letzshopOrders('');
      assert.equal(total, 20, `${store} synced 20 Letzshop orders`);

      // Articles without a product: each group mapped once to a product, for all its orders.
      await open('open the exceptions inbox', '/orders/exceptions');
      const products = await page.locator('#store-products option').evaluateAll((os) => os.map((o) => o.value));
      const groups = page.getByTestId('exception-group');
      for (let n = 0; (await groups.count()) > 0; n += 1) {
        articleGroups += 1;
        const group = groups.first();
        await act('pick the product for an article', () => group.getByLabel('Your product (SKU or GTIN)').fill(products[n % products.length]));
        await act('map it for every waiting order', () => andWaitForLoad(page, () => group.getByRole('button', { name: /Map for \d+ orders?/ }).click()));
      }
      await screenshot(page, `day-${store}-exceptions-done`);

      const bulk = page.getByTestId('bulk');
      const runJob = async (why) => {
        await act(why, () => andWaitForLoad(page, () => page.getByTestId('bulk-run').click()));
        await page.getByTestId('job-summary').waitFor({ timeout: 120_000 });
        return textOf(page, '[data-testid="job-summary"]');
      };
      // Confirm every pending order (one page holds them all).
      await open('list the pending orders', '/orders?status=pending');
      await act('select all on the page', () => page.getByLabel('Select all orders on this page').check());
      assert.equal(await runJob('confirm them'), `${total} done, 0 refused.`);
      // Ship every order being processed (the carrier comes from the Letzshop settings).
      await open('list the orders to ship', '/orders?status=processing');
      await act('choose all orders matching the filter', () => bulk.getByTestId('scope-filter').check());
      await act('choose "Ship"', () => bulk.getByLabel('Action').selectOption('ship'));
      assert.equal(await runJob('ship them'), `${total} done, 0 refused.`);
      // Invoice every shipped order without an invoice.
      await open('list the shipped orders without an invoice', '/orders?attention=not_invoiced');
      await act('choose all orders matching the filter', () => bulk.getByTestId('scope-filter').check());
      await act('choose "Issue invoices"', () => bulk.getByLabel('Action').selectOption('invoice'));
      assert.equal(await runJob('invoice them'), `${total} done, 0 refused.`);
      await screenshot(page, `day-${store}-invoiced`);

      assert.equal(await letzshopOrders('status=shipped'), 20, `${store}: every Letzshop order shipped`);
      assert.equal(await letzshopOrders('attention=not_invoiced'), 0, `${store}: and invoiced`);
    }

    const counts = {};
    for (const a of actions) counts[a] = (counts[a] ?? 0) + 1;
    console.log(`\n40 Letzshop orders confirmed, shipped and invoiced in ${actions.length} page actions:`);
    for (const [why, n] of Object.entries(counts)) console.log(`  ${String(n).padStart(3)} × ${why}`);
    // Once a day: log in (3), the first store's invoice settings (7), switch store (1). Per
    // store: the inbox (1), three lists, three bulk runs and five choices (12). Per article
    // without a product: pick the product and map it (2), whatever the number of its orders.
    console.log(`  (${articleGroups} articles without a product)`);
    assert.equal(actions.length, 11 + 2 * 12 + 2 * articleGroups);
    assertNoProblems(page);
    await page.context().close();
  });
});
