import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// The sign-in log (inloggningslogg, docs/two-factor.md) as the security officer meets it: an admin opens
// Administration → Inloggningar, finds a failed login and their own login, filters, downloads the CSV, and resets a
// colleague's two-factor sign-in from the user's page.

const PASSWORD = 'ett långt lösenord för test';

describe('sign-in log in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let sigridId = '';
  let adminName = '';
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `sign-in-log-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const unitId = server.admin.unitId;
    const org = await server.db.kysely.selectFrom('units').select('organisation_id').where('id', '=', unitId).executeTakeFirstOrThrow();
    const sigrid = await server.services.users.createUser(org.organisation_id, {
      username: 'sigrid.test',
      displayName: 'Sigrid Testsson',
      password: PASSWORD,
      isAdmin: false,
      memberships: [{ unitId, role: 'caseworker' }],
    });
    sigridId = sigrid.id;

    // Sigrid mistypes her password once, then logs in and sets up two-factor (the unit requires it by default).
    const other = await browser.newContext({ locale: 'sv-SE' });
    const sigridPage = await other.newPage();
    await sigridPage.goto(`${server.url}/login`);
    await sigridPage.getByLabel('Användarnamn', { exact: true }).fill('sigrid.test');
    await sigridPage.getByLabel('Lösenord', { exact: true }).fill('fel lösenord helt enkelt');
    await sigridPage.getByRole('button', { name: 'Logga in' }).click();
    await sigridPage.getByTestId('login-error').waitFor();
    await logIn(sigridPage, server.url, 'sigrid.test', PASSWORD);
    await other.close();

    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
    const admin = await server.db.kysely
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', server.admin.username)
      .executeTakeFirstOrThrow();
    adminName = admin.display_name;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the failed login and the admin’s own login under Administration → Inloggningar', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Inloggningar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inloggningar' }).waitFor();
    const table = page.getByTestId('sign-in-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const failed = rows.filter({ hasText: 'Sigrid Testsson' }).filter({ hasText: 'Fel lösenord' });
    expect(await failed.count()).toBe(1);
    expect(await failed.innerText()).toContain('Lösenord');
    // The admin's own login: password, then the first one-time code (enrolment) — signed in.
    const own = rows.filter({ hasText: adminName }).filter({ hasText: 'Inloggad' });
    expect(await own.count()).toBeGreaterThanOrEqual(1);
    expect(await own.first().innerText()).toMatch(/Engångskod|Lösenord/);
    // Times in Swedish time, as YYYY-MM-DD HH:MM.
    expect(await rows.first().locator('td').first().innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await check('01-list');

    await page.getByLabel('Bara misslyckade').check();
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await expect.poll(() => page.url()).toContain('onlyFailures=true');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('Fel lösenord');
    await check('02-only-failures');

    const href = await page.getByTestId('sign-in-export').getAttribute('href');
    expect(href).toBe('/api/admin/sign-in-events.csv?onlyFailures=true');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('tid_utc;anvandare_id;anvandare');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Sigrid Testsson;;password;wrong-password');
    expect(lines.join('\n')).not.toContain('fel lösenord helt enkelt');
  });

  it('resets Sigrid’s two-factor sign-in from her user page, after a confirm step', async () => {
    expect(await server.db.kysely.selectFrom('user_two_factor').select('user_id').where('user_id', '=', sigridId).execute()).toHaveLength(
      1,
    );
    await page.goto(`${server.url}/admin`);
    await page.getByTestId('user-table').getByRole('link', { name: 'Sigrid Testsson' }).click();
    const section = page.getByTestId('two-factor-reset');
    await section.getByText('Personen har tvåstegsverifiering').waitFor();
    await section.getByRole('button', { name: 'Återställ tvåstegsverifiering' }).click();
    const dialog = page.getByTestId('two-factor-reset-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'Återställ tvåstegsverifiering för Sigrid Testsson? Personen får registrera en ny kod vid nästa inloggning.',
    );
    await check('03-reset-confirm');
    await dialog.getByRole('button', { name: 'Ja, återställ' }).click();
    await section.getByText('Tvåstegsverifieringen för Sigrid Testsson är återställd.').waitFor();
    await section.getByText('Personen har ingen tvåstegsverifiering registrerad.').waitFor();
    expect(await section.getByRole('button', { name: 'Återställ tvåstegsverifiering' }).count()).toBe(0);
    await check('04-reset-done');
    expect(await server.db.kysely.selectFrom('user_two_factor').select('user_id').where('user_id', '=', sigridId).execute()).toHaveLength(
      0,
    );

    // The reset is in the log, by the admin.
    await page.goto(`${server.url}/admin/sign-ins`);
    const reset = page.getByTestId('sign-in-table').locator('tbody tr').filter({ hasText: 'Tvåstegsverifiering återställd' });
    await reset.first().waitFor();
    expect(await reset.first().innerText()).toContain('Sigrid Testsson');
    expect(await reset.first().innerText()).toContain(`av ${adminName}`);
  });

  it('has no serious accessibility violations on the pages visited', () => {
    expect(violations.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});
