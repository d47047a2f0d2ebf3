// Browser test of invoicing: the owner fills the invoice settings, generates the invoice of a
// shipped order from its page, downloads the PDF and finds it in the invoice list.
// Run with `bash tests/browser/run.sh` (pdftotext from poppler-utils reads the PDF).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEMO, startOrion } from './orion-server.mjs';
import {
  SCREENSHOT_DIR, andWaitForLoad, assertNoProblems, confirming, launchBrowser, logIn, newPage, pathOf, screenshot, textOf,
} from './browser.mjs';

const TEST_TIMEOUT_MS = 120_000;

describe('Invoicing in headless Chromium', { timeout: 2 * TEST_TIMEOUT_MS }, () => {
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
      await server?.stop({ keepLogAs: failed ? join(SCREENSHOT_DIR, 'orion-server-invoice.log') : undefined });
    }
  }, { timeout: 30_000 });

  test('settings, generate an invoice from the order page, download the PDF', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await newPage(browser, server.baseURL, { acceptDownloads: true });
    const dir = mkdtempSync(join(tmpdir(), 'orion-invoice-'));
    try {
      await logIn(page, DEMO.owner);
      assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland', 'the first store, DEMO-DE');

      // Invoice settings: a wrong IBAN is named, then the corrected form saves.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoice settings' }).click();
      await page.waitForURL('**/settings/invoice');
      assert.equal(await textOf(page, 'main h1'), 'Invoice settings');
      await page.fill('#legal_name', 'Demo Deutschland Sàrl');
      await page.fill('#street', '5 rue de la Poste');
      await page.fill('#postal_code', '2346');
      await page.fill('#city', 'Luxembourg');
      await page.fill('#country', 'LU');
      await page.fill('#vat_number', 'LU 150 274 42');
      await page.fill('#rcs_number', 'B654321');
      await page.fill('#iban', 'LU28 0019 4006 4475 0001');
      await page.fill('#bic', 'BCEELULL');
      await page.fill('#payment_terms', 'Payable within 30 days');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save invoice settings' }).click());
      assert.match(await textOf(page, '[role=alert]'), /iban: is not a valid IBAN/);
      assert.equal(await page.inputValue('#legal_name'), 'Demo Deutschland Sàrl', 'what was typed is kept');
      await page.fill('#iban', 'LU28 0019 4006 4475 0000');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Save invoice settings' }).click());
      assert.equal(await textOf(page, '.notice'), 'Invoice settings saved.');
      assert.equal(await page.inputValue('#vat_number'), 'LU15027442', 'stored normalised');
      await screenshot(page, 'invoice-settings');

      // A product in stock and a shipped phone order for it.
      await page.goto('/products/new');
      await page.fill('#sku', 'INVOICE-LAMP');
      await page.fill('#title_en', 'Invoice lamp');
      await page.fill('#price', '117.00');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create product' }).click());
      const productId = new URL(page.url()).pathname.split('/').pop();
      await page.goto(`/inventory/${productId}`);
      await page.fill('#delta', '3');
      await page.fill('#reason', 'delivery');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Apply' }).click());
      await page.goto('/orders/new');
      await page.fill('#email', 'invoice@example.test');
      await page.fill('#first_name', 'Ines');
      await page.fill('#last_name', 'Invoice');
      await page.fill('#street', '3 rue du Fort');
      await page.fill('#postal_code', '1611');
      await page.fill('#city', 'Luxembourg');
      await page.selectOption('#country', 'LU');
      await page.fill('#sku_0', 'INVOICE-LAMP');
      await page.fill('#qty_0', '1');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create order' }).click());
      const orderPath = new URL(page.url()).pathname;
      assert.match(orderPath, /^\/orders\/\d+$/, `on the order's page, not ${pathOf(page)}`);
      assert.match(await textOf(page, '[data-testid="invoice-panel"]'), /once the order is confirmed/);
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Confirm order (reserve stock)' }).click());
      await page.fill('#tracking_number', 'LU123');
      await page.fill('#carrier', 'Post');
      await andWaitForLoad(page, () => page.getByRole('button', { name: 'Ship' }).click());
      assert.equal(await textOf(page, '.notice'), 'Order status: Shipped.');

      // Generate the invoice from the order page.
      // Issuing is irreversible: it asks first and says why.
      const asked = await confirming(page, () => page.getByRole('button', { name: 'Generate invoice' }).click());
      assert.match(asked ?? '', /next number and can no longer be changed or deleted/);
      assert.equal(new URL(page.url()).pathname, orderPath);
      const notice = await textOf(page, '.notice');
      const number = notice.match(/^Invoice (INV-\d{4}-\d{5}) issued\.$/)?.[1];
      assert.ok(number, `an invoice number in "${notice}"`);
      await screenshot(page, 'invoice-order');

      // Download it: a real PDF with the number, the seller's VAT id and the total.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download invoice' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `${number}.pdf`);
      const file = join(dir, 'invoice.pdf');
      await download.saveAs(file);
      assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.ok(text.includes(number), `the number in the PDF text:\n${text}`);
      assert.ok(text.includes('LU15027442'), 'the seller VAT id');
      assert.ok(text.includes('Invoice lamp'), 'the line');
      assert.match(text, /117[.,]00/, 'the total');

      // The invoice list shows it; its page shows the 17 % breakdown.
      await page.getByRole('link', { name: 'Invoices', exact: true }).click();
      await page.waitForURL('**/invoices');
      const row = page.locator('table tbody tr', { has: page.getByRole('link', { name: number, exact: true }) });
      assert.equal(await row.count(), 1, `invoice ${number} is listed`);
      await andWaitForLoad(page, () => row.getByRole('link', { name: number, exact: true }).click());
      assert.equal(await textOf(page, 'main h1'), `Invoice ${number}`);
      const buckets = await page.locator('[data-testid="vat-breakdown"] tr').evaluateAll(
        (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
      assert.deepEqual(buckets, [['S', '17 %', '€100.00', '€17.00']]);
      await screenshot(page, 'invoice-detail');
      assertNoProblems(page);
    } catch (e) {
      failed = true;
      try { await screenshot(page, 'FAILED-invoice'); } catch { /* page may be gone */ }
      throw e;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await page.context().close().catch(() => {});
    }
  });
});
