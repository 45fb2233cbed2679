import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// Landlords as external users (issue 6), the admin's side: the admin adds a landlord company, creates a portal
// account for it in the admin user form ("Hyresvärd" + the company, no units), creates an API key on the
// landlord's page, reads it from the dialog (shown once) and sends a report with it; after "Spärra" the same
// call is refused. The new landlord account then logs in and sees the system's report in /portal. Axe on every
// page.

const COMPANY = 'Nyckelbostäder AB';
const ACCOUNT = { username: 'nyckel.hyresvard', password: 'ett-langt-losenord-9', displayName: 'Nils Nyckelsson' };
const REPORT = {
  kind: 'early_warning',
  reasons: ['rent_arrears'],
  arrearsOre: 500000,
  arrearsMonths: 1,
  tenantName: 'Test Testsson',
  tenantAddress: 'Testgatan 1',
};

describe('landlord accounts and API keys in the admin pages (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let landlordPath = '';
  let apiKey = '';
  let receiptNumber = '';
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    // The admin's unit receives the organisation's landlord reports.
    await server.db.kysely.updateTable('units').set({ receives_landlord_reports: 1 }).where('id', '=', server.admin.unitId).execute();
    browser = await launchBrowser();
    ({ context, page } = await loggedIn(server.admin.username, server.admin.password, 'Uppgifter'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function loggedIn(username: string, password: string, landing: string): Promise<{ context: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    await logIn(p, server.url, username, password);
    await p.getByRole('heading', { level: 1, name: landing }).waitFor();
    return { context: ctx, page: p };
  }

  async function check(p: Page, name: string) {
    await p.waitForLoadState('networkidle');
    await screenshot(p, `landlord-admin-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(p) });
  }

  const sendReport = (key: string) =>
    page.request.post(`${server.url}/api/landlord-api/reports`, { data: REPORT, headers: { authorization: `Bearer ${key}` } });

  it('adds the landlord company and shows the admin-only sections on its page', async () => {
    await page.goto(`${server.url}/landlords/new`);
    await page.getByRole('heading', { level: 1, name: 'Ny hyresvärd' }).waitFor();
    await page.getByLabel('Namn', { exact: true }).fill(COMPANY);
    await page.getByLabel('Telefon').fill('08-555 123 00');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: COMPANY }).waitFor();
    landlordPath = new URL(page.url()).pathname;
    expect(landlordPath).toMatch(/^\/landlords\/[^/]+$/);
    await page.getByRole('heading', { level: 2, name: 'Hyresvärdens system (API-nycklar)' }).waitFor();
    await page.getByText('Inga nycklar än.').waitFor();
    await page.getByText('Hyresvärden har inga konton i portalen än.').waitFor();
    await check(page, '01-landlord-page-empty');
  });

  it('creates a landlord account in the admin user form: company, no units, no admin box', async () => {
    await page.goto(`${server.url}/admin/users/new`);
    await page.getByRole('heading', { level: 1, name: 'Ny användare' }).waitFor();
    // Staff by default: units and the admin box are there.
    expect(await page.getByRole('radio', { name: 'Personal' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Administratör' }).count()).toBe(1);
    await page.getByRole('radio', { name: 'Hyresvärd' }).check();
    expect(await page.getByRole('checkbox', { name: 'Administratör' }).count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Enheter och roller' }).count()).toBe(0);

    // No company chosen: the form names the field.
    await page.getByLabel('Användarnamn').fill(ACCOUNT.username);
    await page.getByLabel('Namn', { exact: true }).fill(ACCOUNT.displayName);
    await page.getByLabel('Lösenord', { exact: true }).fill(ACCOUNT.password);
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    const company = page.getByRole('combobox', { name: 'Hyresvärdsföretag' });
    await expect.poll(() => company.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.error-summary').innerText()).toContain('hyresvärdsföretag');
    await company.selectOption({ label: COMPANY });
    await check(page, '02-new-landlord-account');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();

    const row = page.getByTestId('user-table').locator('tr', { hasText: ACCOUNT.username });
    expect((await row.getByTestId('user-kind').innerText()).trim()).toBe(`Hyresvärd: ${COMPANY}`);
    const adminRow = page.getByTestId('user-table').locator('tr', { hasText: server.admin.username });
    expect((await adminRow.getByTestId('user-kind').innerText()).trim()).toBe('Personal');
    await check(page, '03-users-list');

    // The landlord's page lists the account.
    await page.goto(`${server.url}${landlordPath}`);
    const accounts = page.getByTestId('portal-account-table');
    await accounts.waitFor();
    expect(await accounts.innerText()).toContain(ACCOUNT.displayName);
    expect(await accounts.innerText()).toContain(ACCOUNT.username);
  });

  it('creates an API key, shows it once with an example, and the key sends a report', async () => {
    await page.goto(`${server.url}${landlordPath}`);
    await page.getByRole('heading', { level: 2, name: 'Hyresvärdens system (API-nycklar)' }).waitFor();
    await page.getByLabel('Benämning').fill('Fastighetssystemet');
    await page.getByRole('button', { name: 'Skapa nyckel' }).click();

    const dialog = page.getByRole('dialog', { name: 'Ny nyckel: Fastighetssystemet' });
    await dialog.waitFor();
    apiKey = await dialog.getByLabel('Nyckel', { exact: true }).inputValue();
    expect(apiKey).toMatch(/^kvl_/);
    expect(await dialog.getByTestId('new-key-warning').innerText()).toContain('visas inte igen');
    const example = await dialog.getByTestId('api-example').innerText();
    expect(example).toContain(`Authorization: Bearer ${apiKey}`);
    expect(example).toContain(`${server.url}/api/landlord-api/reports`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await dialog.getByRole('button', { name: 'Kopiera nyckeln' }).click();
    await dialog.getByText('Nyckeln är kopierad.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    await check(page, '04-new-key-dialog');

    await dialog.getByRole('button', { name: 'Jag har sparat nyckeln' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Listed by its prefix only; the key itself is nowhere on the page.
    const row = page.locator('[data-testid="api-key-table"] tr[data-key-label="Fastighetssystemet"]');
    expect(await row.innerText()).toContain(apiKey.slice(0, 8));
    expect((await row.getByTestId('key-status').innerText()).trim()).toBe('Aktiv');
    expect(await page.content()).not.toContain(apiKey);

    const sent = await sendReport(apiKey);
    expect(sent.status(), await sent.text()).toBe(201);
    receiptNumber = (await sent.json()).receiptNumber;
    expect(receiptNumber).toMatch(/^\d{4}-\d{5}$/);
    await check(page, '05-key-listed');
  });

  it('revokes the key after a confirmation, and the same call then answers 401', async () => {
    const row = page.locator('[data-testid="api-key-table"] tr[data-key-label="Fastighetssystemet"]');
    // Dismissing the question keeps the key.
    page.once('dialog', (question) => void question.dismiss());
    await row.getByRole('button', { name: 'Spärra Fastighetssystemet' }).click();
    expect((await row.getByTestId('key-status').innerText()).trim()).toBe('Aktiv');

    let asked = '';
    page.once('dialog', (question) => {
      asked = question.message();
      void question.accept();
    });
    await row.getByRole('button', { name: 'Spärra Fastighetssystemet' }).click();
    await page.getByText('Nyckeln Fastighetssystemet är spärrad.').waitFor();
    expect(asked).toContain('Spärra nyckeln Fastighetssystemet?');
    await expect.poll(async () => (await row.getByTestId('key-status').innerText()).trim()).toMatch(/^Spärrad \d{4}-\d{2}-\d{2}/);
    expect(await row.getByRole('button', { name: /Spärra/ }).count()).toBe(0);
    await check(page, '06-key-revoked');

    const refused = await sendReport(apiKey);
    expect(refused.status()).toBe(401);
  });

  it('lets the new landlord account log in and see the system’s report in /portal', async () => {
    const landlord = await loggedIn(ACCOUNT.username, ACCOUNT.password, 'Mina anmälningar');
    expect(new URL(landlord.page.url()).pathname).toBe('/portal');
    const row = landlord.page.locator(`[data-testid="portal-reports"] tr[data-receipt-number="${receiptNumber}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Test Testsson');
    await check(landlord.page, '07-portal-list');
    await landlord.context.close();
  });

  it('finds no serious or critical accessibility violations', () => {
    expect(violations.length).toBe(7);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
