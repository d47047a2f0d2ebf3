// The new order form in headless Chromium: products picked from the store's catalogue,
// lines added and removed, the totals (VAT included) shown before saving and kept by the
// saved order, and a form that fits a 390 px phone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';

import { DEMO, startOrion } from './orion-server.mjs';
import {
  SCREENSHOT_DIR, andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, pathOf, screenshot, textOf,
} from './browser.mjs';

const TEST_TIMEOUT_MS = 90_000;

describe('The new order form', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  let server;
  let browser;
  let failed = false;

  before(async () => {
    server = await startOrion();
    browser = await launchBrowser();
  }, { timeout: 90_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop({ keepLogAs: failed ? join(SCREENSHOT_DIR, 'orion-server-new-order.log') : undefined });
    }
  }, { timeout: 30_000 });

  /** A page in its own context, checked for script errors, saved on failure, then closed. */
  function scenario(slug, options, body) {
    return async () => {
      const page = await newPage(browser, server.baseURL, options);
      try {
        await body(page);
        assertNoProblems(page);
      } catch (e) {
        failed = true;
        try { await screenshot(page, `FAILED-${slug}`); } catch { /* page may be gone */ }
        throw e;
      } finally {
        await page.context().close().catch(() => {});
      }
    };
  }

  async function createProduct(page, sku, title, price) {
    await page.goto('/products/new');
    await page.fill('#sku', sku);
    await page.fill('#title_en', title);
    await page.fill('#price', price);
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create product' }).click());
    assert.match(pathOf(page), /^\/products\/\d+/, `product ${sku} created`);
  }

  test('two products picked, a quantity changed: the total with VAT shows before saving and the order keeps it', { timeout: TEST_TIMEOUT_MS }, scenario('new-order-totals', {}, async (page) => {
    await logIn(page, DEMO.owner);
    await createProduct(page, 'FORM-MUG', 'Form mug', '9.90');
    await createProduct(page, 'FORM-LAMP', 'Form lamp', '25.00');

    await page.goto('/orders/new');
    // One line to start with, and the script's buttons instead of the extra empty lines.
    assert.equal(await page.locator('[data-line]').count(), 1);
    const add = page.getByRole('button', { name: 'Add a line' });
    assert.ok(await add.isVisible());
    assert.equal(await page.inputValue('#country'), 'LU');
    assert.equal(await page.locator('#country option:checked').textContent(), 'Luxembourg');
    // The product search offers the store's products by SKU and title.
    const offered = await page.locator('#store-products option').evaluateAll((os) => os.map((o) => `${o.value} ${o.label || o.textContent}`));
    assert.ok(offered.some((o) => o.startsWith('FORM-MUG') && o.includes('Form mug') && o.includes('€9.90')), JSON.stringify(offered));

    await page.fill('#email', 'form@example.test');
    await page.fill('#first_name', 'Fiona');
    await page.fill('#last_name', 'Form');
    await page.fill('#street', '5 rue du Formulaire');
    await page.fill('#postal_code', '1611');
    await page.fill('#city', 'Luxembourg');

    // Pick the mug (what choosing it in the list puts in the field), then a second line.
    await page.locator('#sku_0').pressSequentially('FORM-MUG');
    assert.equal(await textOf(page, '[data-line]:nth-child(1) [data-line-info]'), 'Form mug · €9.90');
    await add.click();
    assert.equal(await page.locator('[data-line]').count(), 2);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sku_1', 'the new line has the focus');
    await page.keyboard.type('FORM-LAMP');
    assert.equal(await textOf(page, '[data-line]:nth-child(2) [data-line-info]'), 'Form lamp · €25.00');
    await page.fill('#qty_1', '3');
    await page.fill('#shipping_amount', '4.90');

    // A third line added and removed again changes nothing.
    await add.click();
    assert.equal(await page.locator('[data-line]').count(), 3);
    await page.locator('[data-line]').nth(2).getByRole('button', { name: 'Remove' }).click();
    assert.equal(await page.locator('[data-line]').count(), 2);

    // 9.90 + 3 × 25.00 + 4.90 shipping, VAT included.
    const totals = page.locator('[data-testid="order-totals"]');
    assert.equal(await totals.getAttribute('aria-live'), 'polite');
    await page.waitForFunction(() => document.querySelector('[data-quote-field="total"]').textContent === '€89.80', null, { timeout: 5000 });
    assert.equal(await textOf(page, '[data-quote-field="subtotal"]'), '€84.90');
    assert.equal(await textOf(page, '[data-quote-field="shipping_amount"]'), '€4.90');
    const vat = await textOf(page, '[data-quote-field="tax_amount"]');
    assert.match(vat, /^€\d+\.\d\d$/);
    await screenshot(page, 'new-order-totals');

    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create order' }).click());
    assert.match(pathOf(page), /^\/orders\/\d+/, `on the order's page, not ${pathOf(page)}`);
    assert.equal(await textOf(page, '[data-testid="order-total"]'), '€89.80');
    const totalRow = await page.locator('tr', { has: page.locator('[data-testid="order-total"]') }).textContent();
    assert.ok(totalRow.includes(vat), `the order's VAT is the quoted ${vat}: ${totalRow}`);
  }));

  test('the form fits a 390 px phone', { timeout: TEST_TIMEOUT_MS }, scenario('new-order-phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, async (page) => {
    await logIn(page, DEMO.owner);
    await page.goto('/orders/new');
    await page.getByRole('button', { name: 'Add a line' }).click();
    assert.ok(await page.locator('[data-quote-totals]').isVisible());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page scrolls sideways: ${width}px`);
    await screenshot(page, 'new-order-phone');
  }));
});
