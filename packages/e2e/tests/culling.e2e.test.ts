import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// Gallring (docs/culling.md): the unit's manager places a legal hold with a reason on a resident's page (the reason
// is required), and the admin's Gallring page lists the person as held.

describe('legal hold and culling preview in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let residentId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // The first admin is also the manager of the first unit.
    await logIn(page, server.url, server.admin.username, server.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
    const session = await (await page.request.get(`${server.url}/api/auth/session`)).json();
    const res = await page.request.post(`${server.url}/api/residents`, {
      data: { firstName: 'Stina', lastName: 'Stoppsson', idKind: 'personnummer', personalNumber: '19450202-4732' },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(201);
    residentId = (await res.json()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `culling-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('a manager places a legal hold with a reason, and the Gallring page lists the person as held', async () => {
    await page.goto(`${server.url}/residents/${residentId}`);
    await page.getByRole('heading', { level: 1, name: 'Stina Stoppsson' }).waitFor();
    const panel = page.getByTestId('legal-hold');
    await expect.poll(() => panel.getByTestId('legal-hold-none').innerText()).toContain('Inget gallringsstopp');

    // Without a reason: the field's own error, nothing sent.
    await panel.getByRole('button', { name: 'Lägg gallringsstopp' }).click();
    const reason = panel.getByLabel('Skäl', { exact: true });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#legal-hold-reason-error').innerText()).toContain('Skriv skälet till gallringsstoppet.');

    await reason.fill('Överklagande i förvaltningsrätten.');
    await panel.getByRole('button', { name: 'Lägg gallringsstopp' }).click();
    await expect.poll(() => panel.innerText()).toContain('Gallringsstoppet är lagt.');
    const current = panel.getByTestId('legal-hold-current');
    expect(await current.innerText()).toContain('Överklagande i förvaltningsrätten.');
    expect(await current.innerText()).toMatch(/Gallringsstopp sedan \d{4}-\d{2}-\d{2} \d{2}:\d{2}, lagt av /);
    expect(await panel.getByRole('button', { name: 'Häv gallringsstopp' }).isVisible()).toBe(true);
    await check('01-legal-hold');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Gallring' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gallring' }).waitFor();
    const held = page.getByTestId('culling-held');
    await expect.poll(() => held.innerText()).toContain(residentId);
    expect(await page.getByTestId('culling-how').innerText()).toContain('kvarbo cull');
    expect(await page.getByTestId('culling-rules').innerText()).toContain('Aldrig');
    await check('02-preview');

    expect(violations.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});
