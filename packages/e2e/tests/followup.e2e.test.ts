import { addMonths, checkpointsForMonth, DEFAULT_RENT_SETTINGS, monthOf } from '@kvarbo/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// The routine as the staff meet it: a caseworker finds the reminder task, opens the letter, records the home
// visit; the manager agrees a repayment plan. The data and the month's checkpoints are set up through the API.

const CASEWORKER = { username: 'lisa.kontakt', password: 'ett-langt-losenord-1' };

describe('rent follow-up in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let residentId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const month = monthOf(new Date().toISOString().slice(0, 10));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await loggedIn(server.admin.username, server.admin.password);
    const api = admin.page.request;
    const { csrfToken } = await (await api.get(`${server.url}/api/auth/session`)).json();
    const call = async (method: 'post' | 'patch', url: string, data: object) => {
      const res = await api[method](`${server.url}${url}`, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    };
    const caseworker = await call('post', '/api/admin/users', {
      ...CASEWORKER,
      displayName: 'Lisa Kontakt',
      memberships: [{ unitId: server.admin.unitId, role: 'caseworker' }],
    });
    const units = (await (await api.get(`${server.url}/api/admin/units`)).json()) as { id: string; version: number }[];
    const { version } = units.find((u) => u.id === server.admin.unitId)!;
    await call('patch', `/api/admin/units/${server.admin.unitId}`, { version, bankgiro: '555-0009' });
    const landlord = await call('post', '/api/landlords', { name: 'Hyresbo Söder AB' });
    const apt = await call('post', '/api/apartments', {
      landlordId: landlord.id,
      address: 'Provgatan 9',
      postcode: '12345',
      city: 'Stockholm',
      rooms: 1,
      areaSqm: 32,
      monthlyRentOre: 550_000,
      type: 'training',
    });
    const resident = await call('post', '/api/residents', {
      firstName: 'Olle',
      lastName: 'Berg',
      idKind: 'personnummer',
      personalNumber: '19450110-3297',
      contactPersonId: caseworker.id,
    });
    residentId = resident.id;
    await call('post', '/api/placements', { residentId, apartmentId: apt.id, startDate: `${addMonths(month, -2)}-01` });
    for (const m of [addMonths(month, -2), addMonths(month, -1), month])
      await call('post', '/api/charges/generate', { month: m, unitId: server.admin.unitId });
    // Nothing is paid: the month's reminder and home visit checkpoints create their tasks.
    for (const cp of checkpointsForMonth(month, DEFAULT_RENT_SETTINGS).filter((c) => c.kind !== 'manager_meeting')) {
      await server.services.checkpoints.runForDate(cp.runDate);
    }
    await admin.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function loggedIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, server.url, username, password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
    return { context, page };
  }

  async function check(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `followup-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('a caseworker sees the reminder task, opens the letter, and records the home visit', async () => {
    const { context, page } = await loggedIn(CASEWORKER.username, CASEWORKER.password);
    const table = page.getByTestId('task-table');
    await expect.poll(() => table.locator('tr[data-kind]').count()).toBe(2);
    await check(page, '01-inbox');

    await table.locator('tr[data-kind="reminder"] a').first().click();
    const letter = page.getByTestId('reminder-letter-link');
    await letter.waitFor();
    await check(page, '02-reminder-task');
    const pdf = await page.request.get(new URL((await letter.getAttribute('href'))!, server.url).toString());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('task-table').locator('tr[data-kind="home_visit"] a').first().click();
    const form = page.getByTestId('home-visit-form');
    await form.waitFor();
    await form.getByLabel('Ja', { exact: true }).check();
    await form.getByLabel('Hur mår du?', { exact: true }).fill('Trött, sover dåligt. Vill ha hjälp med budgeten.');
    await form.getByLabel('Inkomst saknas eller är sen', { exact: true }).check();
    await form.getByLabel('Plan för att betala hyran', { exact: true }).fill('Betalar den 25:e när lönen kommer.');
    await form.getByLabel('Markera uppgiften som klar', { exact: true }).check();
    await check(page, '03-home-visit-form');
    await form.getByRole('button', { name: 'Spara hembesöket' }).click();
    await page.getByTestId('home-visit').first().waitFor();
    await page.getByTestId('task-done').waitFor();
    await check(page, '04-home-visit-saved');
    await context.close();
  });

  it('the manager agrees a repayment plan on the resident’s ledger', async () => {
    const { context, page } = await loggedIn(server.admin.username, server.admin.password);
    await page.goto(`${server.url}/residents/${residentId}/ledger`);
    const plans = page.getByTestId('repayment-plans').first();
    await plans.getByRole('button', { name: 'Ny avbetalningsplan' }).click();
    const form = page.getByTestId('repayment-plan-form');
    await form.getByLabel('Belopp per månad', { exact: true }).fill('500');
    await form.getByLabel('Första avbetalningsmånad', { exact: true }).fill(addMonths(month, 1));
    await expect.poll(() => form.getByTestId('plan-preview').innerText()).toMatch(/avbetalning/);
    await check(page, '05-plan-form');
    await form.getByRole('button', { name: 'Spara avbetalningsplanen' }).click();
    const plan = page.locator('[data-testid="repayment-plan"][data-state="active"]');
    await plan.waitFor();
    await check(page, '06-plan-saved');
    const agreement = await page.request.get(
      new URL((await plan.getByTestId('plan-agreement-link').getAttribute('href'))!, server.url).toString(),
    );
    expect(agreement.status()).toBe(200);
    expect(agreement.headers()['content-type']).toBe('application/pdf');
    await context.close();
  });

  it('finds no serious or critical accessibility violations on those pages', () => {
    expect(violations.length).toBe(6);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
