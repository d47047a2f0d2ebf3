// Every back-office page in French and German, on a 390 px phone, and through axe-core:
//
// - each page is visited in fr and de (screenshots i18n-<lang>-<page>.png): the document
//   says its language, and no message key or English navigation shows through;
// - at 390×844 no page scrolls sideways (document.documentElement.scrollWidth <= 390), and
//   the menu folds behind a button that opens it (screenshots phone-<page>.png);
// - axe-core (a pinned dependency of these tests, injected into each page) reports no
//   serious or critical violation on any page, in en and in fr.
//
// The pages are the menu's destinations, the forms behind them and the first detail page of
// each list, for the demo owner and for the platform admin.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { DEMO, REPO, startOrion } from './orion-server.mjs';
import { andWaitForLoad, confirming, launchBrowser, logIn, newPage, screenshot } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Every message key of the catalogues: one showing on a page is a missing translation. */
const LOCALES = join(REPO, 'crates', 'orion-web', 'locales', 'en');
const KEYS = new Set(
  readdirSync(LOCALES)
    .filter((f) => f.endsWith('.ftl'))
    .flatMap((f) => readFileSync(join(LOCALES, f), 'utf8').split('\n'))
    .map((l) => l.match(/^([a-z][a-z0-9-]*) =/)?.[1])
    .filter(Boolean),
);

const OWNER_PAGES = [
  '/dashboard', '/products', '/products/new', '/products/import', '/inventory', '/inventory/stock', '/orders', '/orders/exceptions',
  '/orders/new', '/invoices', '/letzshop', '/customers', '/customers/new', '/team',
  '/settings/invoice', '/settings/store', '/billing', '/profile', '/api-keys', '/webhooks', '/emails', '/settings/emails', '/account/alerts',
];
/** List pages and the shape of their detail links: the first detail page is visited too. */
const OWNER_DETAILS = [
  ['/products', /^\/products\/\d+$/],
  ['/inventory', /^\/inventory\/\d+$/],
  ['/orders', /^\/orders\/\d+$/],
  ['/invoices', /^\/invoices\/\d+$/],
  ['/customers', /^\/customers\/\d+$/],
];
const ADMIN_PAGES = ['/admin/merchants', '/admin/tiers', '/admin/billing'];
const ADMIN_DETAILS = [
  ['/admin/merchants', /^\/admin\/merchants\/\d+$/],
];

const TEST_TIMEOUT_MS = 240_000;
/** axe-core is injected as an inline script, which Orion's content-security policy forbids. */
const AXE_CONTEXT = { bypassCSP: true };
/** The demo store with orders, invoices and customers. */
const OWNER = { ...DEMO.owner, storeCode: 'DEMO-LU' };

/** `/orders/12` → `orders-detail`, `/products/new` → `products-new`. */
function slug(path) {
  return path.replace(/^\//, '').replace(/\/\d+$/, '/detail').replace(/[^a-z0-9]+/gi, '-') || 'root';
}

/** The first link on `list` whose path matches `shape`. */
async function firstDetail(page, list, shape) {
  await page.goto(list);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return hrefs.map((h) => h.split('?')[0]).find((h) => shape.test(h));
}

/** The demo has no invoice yet: confirms the first pending order whose items all have a
 * product and issues its invoice, so that the invoice pages are visited too. */
async function issueAnInvoice(page) {
  await page.goto('/orders?status=pending');
  const orders = (await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    .filter((h) => /^\/orders\/\d+$/.test(h));
  for (const order of orders) {
    await page.goto(order);
    const confirm = page.locator('form:has(input[name=action][value=confirm]) button');
    if (!(await confirm.count())) continue;
    await andWaitForLoad(page, () => confirm.click());
    const generate = page.getByTestId('generate-invoice');
    if (!(await generate.count())) continue;
    await confirming(page, () => generate.click());
    await page.getByTestId('download-invoice').waitFor();
    return;
  }
  assert.fail('no demo order could be confirmed and invoiced');
}

async function pagesOf(page, statics, details) {
  const out = [...statics];
  for (const [list, shape] of details) {
    const href = await firstDetail(page, list, shape);
    assert.ok(href, `no detail link on ${list} in the demo data`);
    out.push(href);
  }
  return out;
}

/** Visits `path` and checks it answered 200. */
async function visit(page, path) {
  const res = await page.goto(path);
  assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
}

/** axe-core's serious and critical violations on the current page, one line each. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Text that betrays a missing translation: a message key, or the English menu. */
async function untranslated(page, lang) {
  const text = await page.locator('body').innerText();
  const problems = [];
  for (const word of text.match(/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g) ?? []) {
    if (KEYS.has(word)) problems.push(`message key "${word}"`);
  }
  const html = await page.locator('html').getAttribute('lang');
  if (html !== lang) problems.push(`<html lang="${html}">`);
  for (const english of ['Log out', 'Dashboard', 'Products', 'Customers', 'Save']) {
    if (new RegExp(`\\b${english}\\b`).test(text)) problems.push(`English "${english}"`);
  }
  return problems;
}

describe('The back office in fr and de, on a phone, accessible', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  let server;
  let browser;
  let ownerPages;
  let adminPages;

  before(async () => {
    server = await startOrion({ full: true });
    browser = await launchBrowser();
    const page = await newPage(browser, server.baseURL);
    await logIn(page, OWNER);
    await issueAnInvoice(page);
    ownerPages = await pagesOf(page, OWNER_PAGES, OWNER_DETAILS);
    await page.context().close();
    const admin = await newPage(browser, server.baseURL);
    await logIn(admin, DEMO.admin, /^\/admin\/merchants$/);
    adminPages = await pagesOf(admin, ADMIN_PAGES, ADMIN_DETAILS);
    await admin.context().close();
  }, { timeout: 120_000 });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, { timeout: 30_000 });

  /** A logged-in page in `lang` (chosen in the header's switcher, saved to the profile). */
  async function session(user, expect, lang, options) {
    const page = await newPage(browser, server.baseURL, options);
    await logIn(page, user, expect);
    // Always chosen: the choice is saved to the user's profile and outlives the session.
    await page.goto('/profile');
    if ((await page.locator('#lang-switch').inputValue()) !== lang) {
      // On a phone the switcher is in the folded menu.
      if (await page.locator('.nav-toggle').isVisible()) await page.locator('.nav-toggle').click();
      await andWaitForLoad(page, () => page.selectOption('#lang-switch', lang));
    }
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    return page;
  }

  for (const lang of ['fr', 'de']) {
    test(`every page speaks ${lang}`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const problems = [];
      for (const [user, expect, paths] of [
        [OWNER, undefined, ownerPages],
        [DEMO.admin, /^\/admin\/merchants$/, adminPages],
      ]) {
        const page = await session(user, expect, lang);
        for (const path of paths) {
          await visit(page, path);
          await screenshot(page, `i18n-${lang}-${slug(path)}`);
          for (const p of await untranslated(page, lang)) problems.push(`${path}: ${p}`);
        }
        assert.deepEqual(page.problems, [], 'script errors or missing assets');
        await page.context().close();
      }
      assert.deepEqual(problems, [], `untranslated text in ${lang}`);
    });
  }

  test('no page scrolls sideways at 390 px, and the menu folds behind a button', { timeout: TEST_TIMEOUT_MS }, async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const wide = [];
    for (const [user, expect, paths, lang] of [
      [OWNER, undefined, ownerPages, 'fr'],
      [DEMO.admin, /^\/admin\/merchants$/, adminPages, 'de'],
    ]) {
      const page = await session(user, expect, lang, phone);
      for (const path of paths) {
        await visit(page, path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${path}: ${width}px`);
        await screenshot(page, `phone-${lang}-${slug(path)}`);
      }
      // The menu is closed behind its button, opens on a tap and closes with Escape.
      const toggle = page.locator('.nav-toggle');
      assert.ok(await toggle.isVisible(), 'menu button visible on a phone');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('#main-nav').isVisible(), false, 'menu folded');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.ok(await page.locator('#main-nav').isVisible(), 'menu open');
      const box = await page.locator('#main-nav a').first().boundingBox();
      assert.ok(box.height >= 44, `menu links are ${box.height}px tall`);
      await screenshot(page, `phone-${lang}-menu-open`);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('#main-nav').isVisible(), false, 'Escape closes the menu');
      await page.context().close();
    }
    assert.deepEqual(wide, [], 'pages wider than the phone');
  });

  for (const lang of ['en', 'fr']) {
    test(`axe-core finds no serious or critical violation (${lang})`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const found = [];
      // The login page, before anyone is signed in.
      const anon = await newPage(browser, server.baseURL, { locale: lang === 'fr' ? 'fr-LU' : 'en-GB', bypassCSP: true });
      await visit(anon, '/login');
      for (const v of await axeViolations(anon)) found.push(`/login: ${v}`);
      await anon.context().close();
      for (const [user, expect, paths] of [
        [OWNER, undefined, ownerPages],
        [DEMO.admin, /^\/admin\/merchants$/, adminPages],
      ]) {
        const page = await session(user, expect, lang, AXE_CONTEXT);
        for (const path of paths) {
          await visit(page, path);
          for (const v of await axeViolations(page)) found.push(`${path}: ${v}`);
        }
        await page.context().close();
      }
      assert.deepEqual(found, [], `axe-core (${lang})`);
    });
  }

  test('a failed submit focuses the error summary and ties each message to its field (fr)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await session(OWNER, undefined, 'fr');
    await page.goto('/products/new');
    await page.fill('#sku', 'A11Y-1');
    await page.fill('#price', '1,234');
    await andWaitForLoad(page, () => page.locator('form button[type=submit]').last().click());
    // The summary has the focus, so a screen reader reads it first.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert');
    const price = page.locator('#price');
    assert.equal(await price.getAttribute('aria-invalid'), 'true');
    const described = await price.getAttribute('aria-describedby');
    const message = await page.locator(`#${described}`).innerText();
    assert.match(message, /décimales|nombre entier/, `the price's message is French: ${message}`);
    // The value typed is kept.
    assert.equal(await price.inputValue(), '1,234');
    await screenshot(page, 'i18n-fr-field-error');
    await page.context().close();
  });
});
