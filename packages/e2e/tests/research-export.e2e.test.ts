import fs from 'node:fs';
import { addMonths } from '@kvarbo/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDemo } from 'kvarbo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// "Forskningsuttag" on the demo unit: a manager reaches it from the statistics tabs, gets the field errors
// (the client's for an empty project name, the server's for a too long one) and downloads a real Excel file;
// an analyst sees neither the tab nor the page.

const ANALYST = { username: 'ada.analys', password: 'ett-langt-losenord-2' };

describe('research export in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const thisMonth = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    server = await startServer();
    await loadDemo(server.db, server.services, 1, new Date().toISOString().slice(0, 10));
    browser = await launchBrowser();
    const admin = await loggedIn(server.admin.username, server.admin.password, 'Uppgifter');
    const api = admin.page.request;
    const { csrfToken } = await (await api.get(`${server.url}/api/auth/session`)).json();
    const res = await api.post(`${server.url}/api/admin/users`, {
      data: { ...ANALYST, displayName: 'Ada Analys', memberships: [{ unitId: server.admin.unitId, role: 'analyst' }] },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.status(), await res.text()).toBeLessThan(300);
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function loggedIn(username: string, password: string, landing: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await logIn(page, server.url, username, password);
    await page.getByRole('heading', { level: 1, name: landing }).waitFor();
    return { context, page };
  }

  async function check(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `research-export-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('a manager opens the page from the statistics tabs, fixes the field errors and downloads the workbook', async () => {
    const { context, page } = await loggedIn(server.admin.username, server.admin.password, 'Uppgifter');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Statistik' }).click();
    await page.getByRole('navigation', { name: 'Statistik', exact: true }).getByRole('link', { name: 'Forskningsuttag' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forskningsuttag' }).waitFor();
    expect(page.url()).toBe(`${server.url}/statistics/research-export`);

    // What the file holds and leaves out, and that the export is logged.
    const contents = page.getByTestId('research-contents');
    await expect.poll(() => contents.innerText()).toContain('Inga namn.');
    expect(await contents.innerText()).toContain('Inga personnummer, bara födelseår.');
    expect(await contents.innerText()).toContain('bara stadsdel');
    expect(await page.getByTestId('research-audit-note').innerText()).toContain('loggas');

    // The period defaults to the last 12 months.
    const project = page.getByLabel('Projektnamn', { exact: true });
    const from = page.getByLabel('Från månad', { exact: true });
    const to = page.getByLabel('Till och med månad', { exact: true });
    expect(await from.inputValue()).toBe(addMonths(thisMonth, -11));
    expect(await to.inputValue()).toBe(thisMonth);
    expect(await page.locator(`#${await project.getAttribute('aria-describedby')}`).innerText()).toContain('Samma projektnamn');

    const submit = page.getByRole('button', { name: 'Ladda ner forskningsuttag' });
    // An empty project name: the field's own error, and nothing is sent.
    await submit.click();
    await expect.poll(() => project.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#research-project-error').innerText()).toContain('Fyll i projektnamn.');
    expect(await page.locator('.error-summary').innerText()).toContain('Fyll i projektnamn.');
    await check(page, '01-empty-project');

    // Too long (101 characters): the server's message lands at the field.
    await project.fill('x'.repeat(101));
    await submit.click();
    await expect.poll(() => page.locator('#research-project-error').innerText()).toContain('Högst 100 tecken.');

    await project.fill('Utvärdering boendetrappa 2026');
    const year = Number(thisMonth.slice(0, 4)) - 1;
    await from.fill(`${year}-01`);
    await to.fill(`${year}-12`);
    const [download] = await Promise.all([page.waitForEvent('download'), submit.click()]);
    const filename = `kvarbo-forskningsuttag-utvardering-boendetrappa-2026-${year}-01-${year}-12.xlsx`;
    expect(download.suggestedFilename()).toBe(filename);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    const result = page.getByTestId('research-export-result');
    await expect.poll(() => result.innerText()).toContain(`Filen ${filename} är nedladdad.`);
    expect(await project.getAttribute('aria-invalid')).toBeNull();
    // Every person in the file is in the audit log, under the project's name.
    const audit = await page.request.get(`${server.url}/api/audit?unitId=${server.admin.unitId}`);
    const { items } = (await audit.json()) as { items: { entity: string; entityId: string; residentId: string | null }[] };
    const exported = items.filter((i) => i.entity === 'research_export' && i.entityId === 'Utvärdering boendetrappa 2026');
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.every((i) => i.residentId)).toBe(true);
    await check(page, '02-downloaded');
    await context.close();
  });

  it('an analyst sees neither the tab nor the page', async () => {
    const { context, page } = await loggedIn(ANALYST.username, ANALYST.password, 'Statistik');
    const tabs = page.getByRole('navigation', { name: 'Statistik', exact: true });
    await tabs.getByRole('link', { name: 'Kvarboende och boendetid' }).waitFor();
    expect(await tabs.getByRole('link', { name: 'Forskningsuttag' }).count()).toBe(0);
    await page.goto(`${server.url}/statistics/research-export`);
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics');
    await context.close();
  });

  it('finds no serious or critical accessibility violations', () => {
    expect(violations.length).toBe(2);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
