import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// Issue 8, optimistic concurrency (docs/concurrency.md): a form saved after someone else saved the same record is
// refused; the form says so and offers to reload, and the other person's change is kept.

describe('a stale edit in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses saving a landlord someone else changed meanwhile, and reloads to their version', async () => {
    await logIn(page, server.url, server.admin.username, server.admin.password);
    const api = page.request;
    const { csrfToken } = await (await api.get(`${server.url}/api/auth/session`)).json();
    const headers = { 'x-csrf-token': csrfToken };
    const landlord = await (await api.post(`${server.url}/api/landlords`, { data: { name: 'Hyresbo Norr AB' }, headers })).json();

    await page.goto(`${server.url}/landlords/${landlord.id}/edit`);
    const phone = page.locator('#landlord-phone');
    await phone.waitFor();
    // Meanwhile a colleague saves the same landlord.
    const other = await api.patch(`${server.url}/api/landlords/${landlord.id}`, {
      data: { version: landlord.version, phone: '08-111 222 33' },
      headers,
    });
    expect(other.status()).toBe(200);

    await phone.fill('08-999 888 77');
    await page.locator('form button[type=submit]').click();
    const message = page.getByTestId('stale-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/ändrats av någon annan.*Ladda om/);
    expect(await page.getByRole('heading', { name: 'Någon annan har ändrat uppgifterna' }).count()).toBe(1);
    await screenshot(page, 'concurrency-01-stale-edit');
    const now = await (await api.get(`${server.url}/api/landlords/${landlord.id}`)).json();
    expect(now).toMatchObject({ phone: '08-111 222 33', version: landlord.version + 1 });

    await page.getByTestId('stale-reload').click();
    await expect.poll(() => phone.inputValue()).toBe('08-111 222 33');
  }, 60_000);
});
