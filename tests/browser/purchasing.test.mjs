// Purchasing end to end in headless Chromium: a supplier, a purchase order made from the
// reorder page, ordered, received in part by scanning the product's GTIN, stock and "On
// order" following, and the PO PDF downloaded; the receive page fits a 390 px phone.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, confirming, launchBrowser, logIn, newPage, screenshot, textOf } from './browser.mjs';

const OWNER = { ...DEMO.owner, storeCode: 'DEMO-LU' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const GTIN = '4006381333931';

describe('Purchasing in headless Chromium', { timeout: 240_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startOrion();
    browser = await launchBrowser();
  }, { timeout: 120_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, { timeout: 30_000 });

  test('supplier, reorder, order, receive by scanning, stock and on order, PDF', { timeout: 180_000 }, async () => {
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);

    // A product with a GTIN and 1 unit on hand.
    await page.goto('/products/import');
    const csv = `sku,title_en,price,gtin,stock\nPO-MUG,Enamel mug,12.00,${GTIN},1\n`;
    await page.setInputFiles('#file', { name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Import', exact: true }).click());

    // The supplier, from the Purchasing menu.
    await page.goto('/dashboard');
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'Purchasing', exact: true }).click());
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'Suppliers', exact: true }).click());
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'New supplier' }).click());
    await page.fill('#name', 'Grossiste SA');
    await page.fill('#email', 'orders@grossiste.example');
    // A wrong VAT id is refused beside its field, nothing else lost.
    await page.fill('#vat_id', 'LU15027443');
    await page.fill('#lead_time_days', '7');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create supplier' }).click());
    assert.equal(await page.locator('#vat_id').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#name').inputValue(), 'Grossiste SA');
    await page.fill('#vat_id', 'LU15027442');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create supplier' }).click());
    assert.equal(await textOf(page, '.notice'), 'Supplier created.');
    // What it supplies: the mug at 4.50.
    await page.fill('#sp-sku', 'PO-MUG');
    await page.fill('#sp-supplier-sku', 'GR-7781');
    await page.fill('#sp-cost', '4.50');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save' }).last().click());
    assert.match(await page.locator('main').innerText(), /GR-7781/);

    // A reorder rule makes the mug a suggestion: 20 − 1 available − 0 on order = 19.
    await page.goto('/purchasing/reorder');
    await page.fill('#rule-sku', 'PO-MUG');
    await page.fill('#rule-point', '5');
    await page.fill('#rule-target', '20');
    await page.selectOption('#rule-supplier', { label: 'Grossiste SA' });
    await andWaitForLoad(page, () => page.getByTestId('rule-form').getByRole('button', { name: 'Save' }).click());
    const suggestion = page.getByTestId('reorder-form');
    assert.match(await suggestion.innerText(), /Grossiste SA/);
    assert.equal(await page.getByLabel('Quantity PO-MUG').inputValue(), '19');
    await screenshot(page, 'purchasing-reorder');
    // The demo's own suggestions (another supplier) stay unticked: only the mug is ordered.
    for (const box of await page.locator('input[name="product_ids"]').all()) {
      if ((await box.getAttribute('aria-label')) !== 'PO-MUG') await box.uncheck();
    }
    await andWaitForLoad(page, () => page.getByTestId('create-drafts').click());
    assert.equal(await textOf(page, '.notice'), '1 draft purchase order created.');
    assert.match(await page.getByTestId('po-status').innerText(), /Draft/);
    assert.match(await page.getByTestId('po-lines').innerText(), /PO-MUG[\s\S]*€4\.50[\s\S]*€85\.50/);

    // Order it: the number is assigned.
    const asked = await confirming(page, () => page.getByTestId('po-order').click());
    assert.match(asked ?? '', /gets its number/);
    assert.match(await textOf(page, '.notice'), /^Ordered/);
    const number = (await page.locator('h1').innerText()).match(/PO-\d{4}-\d{5}/)?.[0];
    assert.ok(number, `a PO number in the heading: ${await page.locator('h1').innerText()}`);

    // The inventory shows it on order, with the expected date.
    await page.goto('/inventory?q=PO-MUG');
    let row = page.locator('tr', { hasText: 'PO-MUG' });
    let cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[1 + 3], '1', `available 1: ${cells}`);
    assert.equal(cells[5], '19', `19 on order: ${cells}`);
    assert.ok(cells[6].trim().length > 0, `an expected date: ${cells}`);

    // Receive 3 by scanning the GTIN three times, on a phone.
    const phone = await newPage(browser, server.baseURL, PHONE);
    await logIn(phone, OWNER);
    await phone.goto('/purchasing');
    await andWaitForLoad(phone, () => phone.getByRole('link', { name: number }).click());
    for (let i = 0; i < 3; i++) {
      await phone.fill('#scan', GTIN);
      await phone.press('#scan', 'Enter');
    }
    assert.equal(await phone.getByTestId('recv-PO-MUG').inputValue(), '3');
    assert.equal(await textOf(phone, '#scan-status'), 'PO-MUG: 3');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the receive page fits a 390 px phone (scrollWidth ${width})`);
    await screenshot(phone, 'purchase-order-receive-phone');
    await andWaitForLoad(phone, () => phone.getByTestId('po-receive-submit').click());
    assert.equal(await textOf(phone, '.notice'), 'Goods received into stock.');
    assert.match(await phone.getByTestId('po-status').innerText(), /Partially received/);
    assertNoProblems(phone);

    // Stock +3, on order −3.
    await page.goto('/inventory?q=PO-MUG');
    row = page.locator('tr', { hasText: 'PO-MUG' });
    cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[2], '4', `4 on hand: ${cells}`);
    assert.equal(cells[5], '16', `16 on order: ${cells}`);

    // The PO PDF downloads.
    await page.goto('/purchasing');
    await andWaitForLoad(page, () => page.getByRole('link', { name: number }).click());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('po-pdf').click()]);
    assert.equal(download.suggestedFilename(), `${number}.pdf`);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

    // The product page shows the average cost the receipt set.
    await page.goto('/products');
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'PO-MUG' }).first().click());
    assert.match(await page.getByTestId('average-cost').innerText(), /€4\.50/);
    assertNoProblems(page);
  });
});
