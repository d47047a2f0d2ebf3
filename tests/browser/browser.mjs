// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, and small
// helpers the UI tests share: contexts that record page problems, form submission that waits
// for the next page, and full-page screenshots written where CI collects them.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

import { REPO } from './orion-server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR
  ? resolve(process.env.SCREENSHOT_DIR)
  : join(process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(REPO, 'target'), 'browser-screenshots');

/** Flags for a sandbox without a display, GPU or outside network. playwright-core adds a
 * fresh temporary --user-data-dir to every launch. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 20_000;

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * A new browser context (its own cookies) with one page. `page.problems` collects uncaught
 * script errors and sub-resources (CSS, JS, images) that failed or answered >= 400.
 */
export async function newPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/Luxembourg',
    ...options,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (r.resourceType() !== 'document') page.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') {
      page.problems.push(`${r.status()} for ${r.request().resourceType()} ${r.url()}`);
    }
  });
  return page;
}

/** Runs `action` (a click, a select) and waits until the page it leads to has loaded. */
export async function andWaitForLoad(page, action) {
  const loaded = page.waitForEvent('load', { timeout: NAVIGATION_TIMEOUT_MS });
  await action();
  await loaded;
}

/** Path and query of the page's URL. */
export function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Trimmed text of the first element matching `selector`. */
export async function textOf(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: ACTION_TIMEOUT_MS }))?.replace(/\s+/g, ' ').trim();
}

let shotsReady = false;
/** A full-page PNG in SCREENSHOT_DIR. */
export async function screenshot(page, name) {
  if (!shotsReady) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    shotsReady = true;
  }
  const file = join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Logs in through the form; `expect` is the path the browser must end on. */
export async function logIn(page, { email, password, storeCode }, expect = /^\/dashboard$/) {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  if (storeCode) await page.fill('#store_code', storeCode);
  await andWaitForLoad(page, () => page.getByRole('button', { name: 'Log in' }).click());
  const path = new URL(page.url()).pathname;
  if (!expect.test(path)) {
    const alert = await page.locator('[role=alert]').allTextContents();
    throw new Error(`login of ${email} ended on ${pathOf(page)}, expected ${expect}; alert: ${JSON.stringify(alert)}`);
  }
}

/**
 * Runs `action` (which submits something irreversible) accepting the confirmation it asks
 * for, waits for the next page, and returns the question the user was asked (undefined when
 * none was asked).
 */
export async function confirming(page, action) {
  let asked;
  const onDialog = async (dialog) => {
    asked = dialog.message();
    await dialog.accept();
  };
  page.once('dialog', onDialog);
  try {
    await andWaitForLoad(page, action);
  } finally {
    page.off('dialog', onDialog);
  }
  return asked;
}

/** Throws when the page recorded problems (script errors, missing assets). */
export function assertNoProblems(page) {
  if (page.problems.length) throw new Error(`page problems:\n  ${page.problems.join('\n  ')}`);
}
