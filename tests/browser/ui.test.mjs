// Browser tests of Orion's web UI: a real `orion serve` over freshly seeded demo data, driven
// through headless Chromium the way a person would use it. Run with `bash tests/browser/run.sh`.
// Screenshots (and, on failure, one per open page) go to target/browser-screenshots/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';

import { DEMO, startOrion } from './orion-server.mjs';
import {
  SCREENSHOT_DIR, andWaitForLoad, assertNoProblems, launchBrowser, logIn, newPage, pathOf, screenshot, textOf,
} from './browser.mjs';

const TEST_TIMEOUT_MS = 90_000;

describe('Orion web UI in headless Chromium', { timeout: 5 * TEST_TIMEOUT_MS }, () => {
  let server;
  let browser;
  let failed = false;

  before(async () => {
    server = await startOrion();
    browser = await launchBrowser();
  }, { timeout: 90_000 });

  after(async () => {
    // Both are always stopped, even when a test or the other shutdown failed.
    try {
      await browser?.close();
    } finally {
      await server?.stop({ keepLogAs: failed ? join(SCREENSHOT_DIR, 'orion-server.log') : undefined });
    }
  }, { timeout: 30_000 });

  /** A test body with its own browser contexts: `open()` gives a page in a new context (no
   * cookies). Pages must end without script errors or missing assets; on failure each open
   * page is saved as FAILED-<test>-<n>.png. Contexts are always closed. */
  function scenario(slug, body) {
    return async () => {
      const pages = [];
      const open = async (options) => {
        const page = await newPage(browser, server.baseURL, options);
        pages.push(page);
        return page;
      };
      try {
        await body(open);
        for (const page of pages) assertNoProblems(page);
      } catch (e) {
        failed = true;
        for (const [i, page] of pages.entries()) {
          try { await screenshot(page, `FAILED-${slug}-${i + 1}`); } catch { /* page may be gone */ }
        }
        throw e;
      } finally {
        for (const page of pages) await page.context().close().catch(() => {});
      }
    };
  }

  test('the owner logs in and sees the dashboard of their first store', { timeout: TEST_TIMEOUT_MS }, scenario('login', async (open) => {
    const page = await open();
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'an anonymous visitor is sent to the login page');
    assert.equal(await textOf(page, 'h1'), 'Log in to Orion');
    assert.equal(await page.title(), 'Log in · Orion');
    await page.fill('#email', DEMO.owner.email);
    await page.fill('#password', DEMO.owner.password);
    await screenshot(page, 'login');

    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Log in' }).click());
    assert.equal(pathOf(page), '/dashboard');
    // Without a store code the first store by code opens: DEMO-DE before DEMO-LU.
    assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(page, '[data-testid="role"]'), 'owner');
    assert.equal(await page.inputValue('#store-switch'), 'DEMO-DE');
    assert.deepEqual(
      (await page.locator('#store-switch option').allTextContents()).map((s) => s.trim()).sort(),
      ['Demo Deutschland (DEMO-DE)', 'Demo Luxembourg (DEMO-LU)'],
    );
    assert.equal(await textOf(page, '.topbar .who'), DEMO.owner.email);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await screenshot(page, 'dashboard');
  }));

  test('the store switcher moves the session to the other store', { timeout: TEST_TIMEOUT_MS }, scenario('store-switch', async (open) => {
    const page = await open();
    await logIn(page, DEMO.owner);
    assert.equal(await textOf(page, 'main h1'), 'Demo Deutschland');

    // With JavaScript the select submits its form on change.
    await andWaitForLoad(page, () => page.selectOption('#store-switch', 'DEMO-LU'));
    assert.equal(pathOf(page), '/dashboard');
    assert.equal(await textOf(page, 'main h1'), 'Demo Luxembourg');
    assert.equal(await textOf(page, '[data-testid="role"]'), 'owner');
    assert.equal(await page.inputValue('#store-switch'), 'DEMO-LU');
    // The switch survives a reload (the session itself was rebound).
    await page.reload();
    assert.equal(await textOf(page, 'main h1'), 'Demo Luxembourg');

    // Without JavaScript the "Switch" button does the same.
    const noJs = await open({ javaScriptEnabled: false });
    await logIn(noJs, DEMO.owner);
    await noJs.selectOption('#store-switch', 'DEMO-LU');
    await andWaitForLoad(noJs, () => noJs.getByRole('button', { name: 'Switch' }).click());
    assert.equal(pathOf(noJs), '/dashboard');
    assert.equal(await textOf(noJs, 'main h1'), 'Demo Luxembourg');
  }));

  test('an invited team member accepts, signs in, logs out and logs in again', { timeout: TEST_TIMEOUT_MS }, scenario('invite', async (open) => {
    const newbie = { email: 'newbie@example.test', password: 'newbie-password-1' };
    const owner = await open();
    await logIn(owner, DEMO.owner);
    await andWaitForLoad(owner, () => owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click());
    assert.equal(pathOf(owner), '/team');
    assert.equal(await textOf(owner, 'main h1'), 'Team of Demo Deutschland');

    await owner.fill('#invite-email', newbie.email);
    await owner.selectOption('#invite-role', 'staff');
    await andWaitForLoad(owner, () => owner.getByRole('button', { name: 'Invite' }).click());
    assert.equal(new URL(owner.url()).pathname, '/team');
    assert.match(await textOf(owner, '.notice'), /Invitation created for newbie@example\.test/);
    const inviteUrl = await textOf(owner, '[data-testid="invite-url"]');
    assert.match(inviteUrl, new RegExp(`^${server.baseURL.replace(/[.]/g, '\\.')}/invitations/[^/\\s]+$`));
    const pendingRow = owner.locator('table').nth(1).locator('tbody tr', { hasText: newbie.email });
    assert.equal(await pendingRow.locator('td').nth(1).textContent(), 'staff', 'the invitation is listed as pending');
    await screenshot(owner, 'team');

    // The invitee has no cookies: a new browser context.
    const invitee = await open();
    await invitee.goto(inviteUrl);
    assert.equal(await textOf(invitee, 'main h1'), 'Join Demo Deutschland');
    assert.match(await textOf(invitee, 'main .card'), /invited as staff of Demo Deutschland \(DEMO-DE\) with the e-mail newbie@example\.test/);
    await invitee.fill('#password', newbie.password);
    await screenshot(invitee, 'invitation');
    await andWaitForLoad(invitee, () => invitee.getByRole('button', { name: 'Accept invitation' }).click());
    assert.equal(pathOf(invitee), '/dashboard');
    assert.equal(await textOf(invitee, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(invitee, '[data-testid="role"]'), 'staff');
    assert.equal(await textOf(invitee, '.topbar .who'), newbie.email);

    await andWaitForLoad(invitee, () => invitee.getByRole('button', { name: 'Log out' }).click());
    assert.equal(new URL(invitee.url()).pathname, '/login');
    assert.equal(await textOf(invitee, '.notice'), 'You are logged out');
    const cookies = await invitee.context().cookies();
    assert.ok(!cookies.some((c) => c.name === 'orion_session' && c.value), 'the session cookie is gone');
    await invitee.goto('/dashboard');
    assert.equal(new URL(invitee.url()).pathname, '/login', 'after logout the dashboard asks for a login');

    await logIn(invitee, newbie);
    assert.equal(await textOf(invitee, 'main h1'), 'Demo Deutschland');
    assert.equal(await textOf(invitee, '[data-testid="role"]'), 'staff');

    // The owner's team page now lists the new member, and the invitation is no longer pending.
    await owner.goto('/team');
    const memberRow = owner.locator('table').first().locator('tbody tr', { hasText: newbie.email });
    assert.equal(await memberRow.count(), 1, 'newbie is a member');
    assert.equal((await memberRow.locator('td').nth(1).textContent()).trim(), 'staff');
    assert.equal(await owner.getByRole('heading', { name: 'Pending invitations' }).count(), 0);
  }));

  test('a wrong password keeps the visitor on the login page with an error', { timeout: TEST_TIMEOUT_MS }, scenario('wrong-password', async (open) => {
    const page = await open();
    await page.goto('/login');
    await page.fill('#email', DEMO.owner.email);
    await page.fill('#password', 'not-the-password');
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Log in' }).click());
    assert.equal((await response).status(), 401);
    assert.equal(pathOf(page), '/login');
    assert.equal(await textOf(page, '[role=alert]'), 'Invalid e-mail or password');
    await screenshot(page, 'login-error');
    assert.equal(await page.inputValue('#email'), DEMO.owner.email, 'the e-mail is kept');
    assert.equal(await page.inputValue('#password'), '', 'the password is not echoed back');
    assert.ok(!(await page.context().cookies()).some((c) => c.name === 'orion_session'), 'no session cookie');
    await page.goto('/dashboard');
    assert.equal(new URL(page.url()).pathname, '/login', 'no session: the dashboard asks for a login');
  }));

  test('the platform admin creates a merchant and a store', { timeout: TEST_TIMEOUT_MS }, scenario('admin', async (open) => {
    const merchant = { name: 'Browser Test Sàrl', country: 'LU', email: 'browser-owner@example.test', password: 'browser-owner-pw1' };
    const page = await open();
    // The admin belongs to no store: login leads to the admin area.
    await logIn(page, DEMO.admin, /^\/admin\/merchants$/);
    assert.equal(await textOf(page, 'main h1'), 'Merchants');
    assert.equal(await page.locator('#store-switch').count(), 0, 'no store switcher without stores');

    await page.fill('#m-name', merchant.name);
    await page.fill('#m-country', merchant.country);
    await page.fill('#m-email', merchant.email);
    await page.fill('#m-password', merchant.password);
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create merchant' }).click());
    assert.match(new URL(page.url()).pathname, /^\/admin\/merchants\/\d+$/, `on the merchant's page, not ${pathOf(page)}`);
    assert.equal(await textOf(page, '.notice'), 'Merchant created. Add a store below.');
    assert.equal(await textOf(page, 'main h1'), merchant.name);
    assert.equal(await textOf(page, 'main h1 + p'), `${merchant.country} · ${merchant.email}`);
    assert.equal(await page.inputValue('#s-country'), merchant.country, 'the store country defaults to the merchant\'s');

    await page.fill('#s-code', 'BROWSER-LU');
    await page.fill('#s-name', 'Browser Test Luxembourg');
    await page.selectOption('#s-lang', 'fr');
    await andWaitForLoad(page, () => page.getByRole('button', { name: 'Create store' }).click());
    assert.equal(await textOf(page, '.notice'), 'Store BROWSER-LU created.');
    const row = page.locator('table tbody tr', { hasText: 'BROWSER-LU' });
    assert.deepEqual((await row.locator('td').allTextContents()).map((s) => s.trim()), ['BROWSER-LU', 'Browser Test Luxembourg', 'LU', 'fr']);
    await screenshot(page, 'admin');

    await andWaitForLoad(page, () => page.getByRole('link', { name: '← Merchants' }).click());
    const listed = page.locator('table tbody tr', { hasText: merchant.name });
    assert.equal((await listed.locator('td').nth(3).textContent()).trim(), 'BROWSER-LU');
    await screenshot(page, 'merchants');

    // The merchant's owner can log in and owns the new store.
    const merchantOwner = await open();
    await logIn(merchantOwner, merchant);
    assert.equal(await textOf(merchantOwner, 'main h1'), 'Browser Test Luxembourg');
    assert.equal(await textOf(merchantOwner, '[data-testid="role"]'), 'owner');
  }));
});
