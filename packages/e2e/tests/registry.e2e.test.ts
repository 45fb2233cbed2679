import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// A caseworker's first afternoon: log in, register a landlord, an apartment, a resident and a placement
// through the UI, and find them again in the lists. Every page visited is checked with axe-core.

// Skatteverket's published test personal identity number (see packages/server/src/demo/test-personal-numbers.ts).
const PERSONNUMMER = '19450110-3297';

describe('registry in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const violations: { page: string; violations: AxeViolation[] }[] = [];

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

  const label = (text: string) => page.getByLabel(text, { exact: true });
  const nav = () => page.getByRole('navigation', { name: 'Huvudmeny' });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('logs in', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.url()).toMatch(/\/login/);
    await check('01-login');
    await label('Användarnamn').fill(server.admin.username);
    await label('Lösenord').fill('wrong password');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByTestId('login-error').waitFor();
    await logIn(page, server.url, server.admin.username, server.admin.password);
    // A manager starts in the task inbox.
    await heading('Uppgifter').waitFor();
    await check('02-task-inbox-empty');
    await nav().getByRole('link', { name: 'Boende' }).click();
    await heading('Boende').waitFor();
    await check('02-residents-empty');
  });

  it('adds a landlord', async () => {
    await nav().getByRole('link', { name: 'Hyresvärdar' }).click();
    await page.getByRole('link', { name: 'Ny hyresvärd' }).click();
    await heading(/hyresvärd/i).waitFor();
    // Saving an empty form names the missing field and keeps the page.
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect.poll(() => label('Namn').getAttribute('aria-invalid')).toBe('true');
    await check('03-landlord-form-error');
    await label('Namn').fill('Hyresbo Söder AB');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await heading('Hyresbo Söder AB').waitFor();
    await check('04-landlord-detail');
  });

  it('adds an apartment', async () => {
    await nav().getByRole('link', { name: 'Lägenheter' }).click();
    await page.getByRole('link', { name: 'Ny lägenhet' }).click();
    await label('Hyresvärd').selectOption({ label: 'Hyresbo Söder AB' });
    await label('Adress').fill('Provgatan 7, lgh 1102');
    await label('Postnummer').fill('12345');
    await label('Ort').fill('Stockholm');
    await label('Lägenhetstyp').selectOption({ label: 'Träningslägenhet' });
    await label('Antal rum').fill('2');
    await label('Yta (m²)').fill('48,5');
    await label('Hyra per månad').fill('6 500');
    await check('05-apartment-form');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await heading(/Provgatan 7/).waitFor();
    await expect.poll(() => page.getByText('6 500 kr').first().isVisible()).toBe(true);
    await check('06-apartment-detail');
  });

  it('adds a resident, refusing a wrong check digit first', async () => {
    await nav().getByRole('link', { name: 'Boende' }).click();
    await page.getByRole('link', { name: 'Ny boende' }).click();
    await label('Förnamn').fill('Märta');
    await label('Efternamn').fill('Östlund');
    await label('Personnummer').fill('19450110-3298');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect.poll(() => label('Personnummer').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await page.locator('main').innerText()).includes('Kontrollsiffran')).toBe(true);
    expect(await label('Förnamn').inputValue()).toBe('Märta'); // nothing typed is lost
    await check('07-resident-form-error');
    await label('Personnummer').fill(PERSONNUMMER);
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await heading('Märta Östlund').waitFor();
    await check('08-resident-detail');
  });

  it('places the resident in the apartment', async () => {
    await page.getByRole('link', { name: 'Ny placering' }).click();
    await label('Sök lägenhet').fill('Provgatan');
    await expect
      .poll(async () => (await label('Lägenhet').locator('option').allTextContents()).some((t) => t.includes('Provgatan 7')))
      .toBe(true);
    const option = (await label('Lägenhet').locator('option').allTextContents()).find((t) => t.includes('Provgatan 7'))!;
    await label('Lägenhet').selectOption({ label: option });
    await label('Startdatum').fill('2026-11-01');
    await check('09-placement-form');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await heading(/Placering:/).waitFor();
    await check('10-placement-detail');
  });

  it('shows all four in their lists', async () => {
    await nav().getByRole('link', { name: 'Hyresvärdar' }).click();
    await expect.poll(() => page.getByTestId('landlord-table').innerText()).toContain('Hyresbo Söder AB');
    await check('11-landlord-list');

    await nav().getByRole('link', { name: 'Lägenheter' }).click();
    await expect.poll(() => page.getByTestId('apartment-table').innerText()).toContain('Provgatan 7');
    await check('12-apartment-list');

    await nav().getByRole('link', { name: 'Boende' }).click();
    await expect.poll(() => page.getByTestId('resident-table').innerText()).toContain('Östlund, Märta');
    expect(await page.getByTestId('resident-table').innerText()).toContain(PERSONNUMMER);
    await check('13-resident-list');

    await nav().getByRole('link', { name: 'Placeringar' }).click();
    await expect.poll(() => page.getByTestId('placement-table').innerText()).toMatch(/Östlund[\s\S]*Provgatan 7|Provgatan 7[\s\S]*Östlund/);
    await check('14-placement-list');
  });

  it('finds no serious or critical accessibility violations on the pages visited', () => {
    const found = violations.filter((v) => v.violations.length > 0);
    expect(violations.length).toBeGreaterThanOrEqual(15);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
