// The stock table on a 390 px phone: the seller types the quantities on hand of several
// products and saves once; only the changed rows are recorded, and the page fits the screen.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, screenshot, textOf } from './browser.mjs';

const OWNER = { ...DEMO.owner, storeCode: 'DEMO-LU' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('The stock table in headless Chromium', { timeout: 180_000 }, () => {
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

  test('quantities typed in the table are saved in one go on a phone', { timeout: 90_000 }, async () => {
    const page = await newPage(browser, server.baseURL, PHONE);
    await logIn(page, OWNER);
    // Products arrive with their stock through the product CSV's stock column.
    await page.goto('/products/import');
    const csv = 'sku,title_en,price,stock\nPHONE-CASE,Phone case,9.90,5\nCHARGER,Charger,19.90,\n';
    await page.setInputFiles('#file', { name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Import', exact: true }).click());
    assert.match(await page.getByTestId('import-report').innerText(), /Stock levels set\s+1/);
    await page.goto('/inventory');
    await andWaitForLoad(page, () => page.getByRole('link', { name: 'Set stock for many products' }).click());
    assert.equal(new URL(page.url()).pathname, '/inventory/stock');
    await page.fill('#q', 'PHONE-CASE');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
    assert.equal(await page.locator('input[name^="qty-"]').inputValue(), '5');
    await page.goto('/inventory/stock');
    const inputs = page.getByTestId('stock-table').locator('input[name^="qty-"]');
    assert.ok((await inputs.count()) >= 2, `the demo has physical products: ${(await page.locator('main').innerText()).slice(0, 600)}`);
    // Every input is labelled for screen readers.
    const first = inputs.nth(0);
    const second = inputs.nth(1);
    const label = await page.locator(`label[for="${await first.getAttribute('id')}"]`).innerText();
    assert.match(label, /^On hand of .+ in MAIN$/);
    await first.fill('1,234');
    await second.fill('1500');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the table fits a 390 px phone (scrollWidth ${width})`);
    await screenshot(page, 'stock-table-phone');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save', exact: true }).click());
    assert.equal(await textOf(page, '.notice'), '2 stock levels saved.');
    assert.equal(await first.inputValue(), '1,234');
    assert.equal(await second.inputValue(), '1,500');
    // A value that is not a number is shown on its row; nothing is saved.
    await first.fill('lots');
    await second.fill('1600');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save', exact: true }).click());
    assert.match(await textOf(page, '[role=alert]'), /1 row cannot be saved/);
    assert.equal(await first.getAttribute('aria-invalid'), 'true');
    await page.goto('/inventory/stock');
    assert.equal(await second.inputValue(), '1,500');
    assertNoProblems(page);
  });

  test('a stock file is checked, then set, from the stock page on a phone', { timeout: 90_000 }, async () => {
    const page = await newPage(browser, server.baseURL, PHONE);
    await logIn(page, OWNER);
    await page.goto('/products/import');
    const products = 'sku,title_en,price,stock\nCABLE,Cable,4.90,2\n';
    await page.setInputFiles('#file', { name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(products) });
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Import', exact: true }).click());
    await page.goto('/inventory/stock');
    const file = { name: 'stock.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,quantity\nCABLE,40\n') };
    // The file input is labelled; "Check the file" changes nothing and says what would.
    await page.getByLabel('Stock file (CSV)').setInputFiles(file);
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Check the file', exact: true }).click());
    const result = await page.getByTestId('stock-import-result').innerText();
    assert.match(result, /The file is fine: 1 stock level would change/);
    assert.match(result, /CABLE\s+MAIN\s+2\s+40/);
    // "Set the stock" asks first, saying what happens.
    await page.getByLabel('Stock file (CSV)').setInputFiles(file);
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); return d.accept(); });
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Set the stock', exact: true }).click());
    assert.equal(asked, 'The on-hand quantities of the listed products are replaced; each change is recorded as a stock movement.');
    assert.equal(await textOf(page, '.notice'), '1 stock level set from the file.');
    // A file with an unknown SKU is refused row by row; nothing is set.
    await page.getByLabel('Stock file (CSV)').setInputFiles({ ...file, buffer: Buffer.from('sku,quantity\nCABLE,7\nNOPE,1\n') });
    page.once('dialog', (d) => d.accept());
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Set the stock', exact: true }).click());
    assert.match(await textOf(page, '[role=alert]'), /The file was refused: 1 row has a problem/);
    assert.match(await page.getByTestId('stock-import-result').innerText(), /Row 3, sku: no product with this SKU in this store/);
    await page.fill('#q', 'CABLE');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Search', exact: true }).click());
    assert.equal(await page.locator('input[name^="qty-"]').inputValue(), '40');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page fits a 390 px phone (scrollWidth ${width})`);
    assertNoProblems(page);
  });
});
