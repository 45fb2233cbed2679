import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// The landlord portal (issue 6): a landlord account logs in, lands on "Mina anmälningar", sends an early warning
// with a PDF, sees the receipt number and then the report in the list as "Mottagen". A termination notice without
// the day of service names that field; a wrong personnummer gets the server's message next to its field. Staff
// pages send the landlord back to /portal. Axe on every page; a phone-width pass over the form.

const LANDLORD = { username: 'hyresvard.portal', password: 'ett-langt-losenord-3', displayName: 'Hanna Hyresvärd' };

describe('landlord portal in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let tmpDir: string;
  let pdfPath: string;
  let txtPath: string;
  let receiptNumber = '';
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    // The admin's unit receives the organisation's landlord reports.
    await server.db.kysely.updateTable('units').set({ receives_landlord_reports: 1 }).where('id', '=', server.admin.unitId).execute();
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-portal-'));
    pdfPath = path.join(tmpDir, 'uppsagning.pdf');
    txtPath = path.join(tmpDir, 'anteckningar.txt');
    fs.writeFileSync(txtPath, 'Hyresgästen har inte betalat.\n');
    fs.writeFileSync(pdfPath, Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));

    browser = await launchBrowser();
    const admin = await loggedIn(server.admin.username, server.admin.password, 'Uppgifter');
    const api = admin.page.request;
    const { csrfToken } = await (await api.get(`${server.url}/api/auth/session`)).json();
    const headers = { 'x-csrf-token': csrfToken };
    const landlord = await api.post(`${server.url}/api/landlords`, {
      data: { name: 'Portalbostäder AB', phone: '08-123 456 00' },
      headers,
    });
    expect(landlord.status(), await landlord.text()).toBe(201);
    const { id: landlordId } = await landlord.json();
    const user = await api.post(`${server.url}/api/admin/users`, { data: { ...LANDLORD, landlordId }, headers });
    expect(user.status(), await user.text()).toBe(201);
    await admin.context.close();

    ({ context, page } = await loggedIn(LANDLORD.username, LANDLORD.password, 'Mina anmälningar'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  async function loggedIn(
    username: string,
    password: string,
    landing: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: 'sv-SE', viewport });
    const p = await ctx.newPage();
    await logIn(p, server.url, username, password);
    await p.getByRole('heading', { level: 1, name: landing }).waitFor();
    return { context: ctx, page: p };
  }

  async function check(p: Page, name: string) {
    await p.waitForLoadState('networkidle');
    await screenshot(p, `landlord-portal-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(p) });
  }

  it('lands a landlord on /portal with the slim menu and the secrecy sentence', async () => {
    expect(new URL(page.url()).pathname).toBe('/portal');
    const nav = page.getByRole('navigation', { name: 'Hyresvärdsportalen' });
    await expect.poll(() => nav.getByRole('link').allInnerTexts()).toEqual(['Mina anmälningar', 'Ny anmälan', 'Byt lösenord']);
    await nav.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).count()).toBe(0);
    expect(await page.getByTestId('portal-secrecy').innerText()).toContain('sekretess');
    await page.getByText('Ni har inte skickat någon anmälan ännu.').waitFor();
    await check(page, '01-empty-list');
  });

  it('sends an early warning with a PDF and shows the receipt number, then lists it as "Mottagen"', async () => {
    await page.getByRole('navigation', { name: 'Hyresvärdsportalen' }).getByRole('link', { name: 'Ny anmälan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ny anmälan' }).waitFor();
    // Neither date field shows before a kind that needs it is chosen.
    expect(await page.getByLabel('Datum för avhysning').count()).toBe(0);
    await page.getByLabel('Tidig signal från hyresvärd').check();
    await page.getByRole('checkbox', { name: 'Hyresskuld' }).check();
    await page.getByRole('checkbox', { name: 'Störningar' }).check();
    await page.getByLabel('Hyresskuldens belopp').fill('12 500');
    await page.getByLabel('Antal obetalda månadshyror').fill('2');
    await page.getByLabel('Hyresgästens namn').fill('Kim Testsson');
    await page.getByLabel('Adress', { exact: true }).fill('Provgatan 3, lgh 1102, Kvarby');
    await page.getByLabel('Antal barn i hushållet').fill('2');
    await page.getByLabel('Beskrivning').fill('Två månaders hyra obetald och klagomål på störningar nattetid.');
    await page.getByTestId('portal-file-input').setInputFiles(pdfPath);
    await expect
      .poll(() => page.getByTestId('portal-chosen-files').locator('li').allInnerTexts())
      .toEqual([expect.stringContaining('uppsagning.pdf')]);
    await check(page, '02-form-early-warning');

    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmälan är skickad' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal/sent');
    receiptNumber = (await page.getByTestId('receipt-number').innerText()).trim();
    expect(receiptNumber).toMatch(/^\d{4}-\d{5}$/);
    expect(await page.getByTestId('portal-receipt').innerText()).toContain('Spara kvittonumret');
    expect(await page.getByTestId('receipt-attachments').innerText()).toContain('uppsagning.pdf');
    expect(await page.getByTestId('receipt-attachment-errors').count()).toBe(0);
    await check(page, '03-receipt');

    await page.getByTestId('receipt-to-list').click();
    await page.getByRole('heading', { level: 1, name: 'Mina anmälningar' }).waitFor();
    const row = page.locator(`[data-testid="portal-reports"] tr[data-receipt-number="${receiptNumber}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Kim Testsson');
    expect(await row.innerText()).toContain('Tidig signal från hyresvärd');
    expect((await row.getByTestId('report-status').innerText()).trim()).toContain('Mottagen');
    await check(page, '04-list');
  });

  it('names the day of service when a termination notice lacks it, and shows the server’s field errors', async () => {
    await page.goto(`${server.url}/portal/new`);
    await page.getByRole('heading', { level: 1, name: 'Ny anmälan' }).waitFor();
    await page.getByLabel('Underrättelse om uppsägning för obetald hyra').check();
    // A termination notice is for unpaid rent: the reason is ticked for the landlord.
    expect(await page.getByRole('checkbox', { name: 'Hyresskuld' }).isChecked()).toBe(true);
    await page.getByLabel('Hyresskuldens belopp').fill('18 000');
    await page.getByLabel('Antal obetalda månadshyror').fill('3');
    await page.getByLabel('Hyresgästens namn').fill('Alex Provsson');
    await page.getByLabel('Adress', { exact: true }).fill('Provgatan 5, Kvarby');
    // Only PDF, JPEG and PNG are taken: a text file is named before anything is sent.
    await page.getByTestId('portal-file-input').setInputFiles(txtPath);
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Fyll i dagen då uppsägningen delgavs hyresgästen.');
    expect(await summary.innerText()).toContain('anteckningar.txt: bara PDF, JPEG och PNG kan bifogas.');
    const served = page.getByLabel('Dag då uppsägningen delgavs hyresgästen');
    expect(await served.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#report-servedOn-error').innerText()).toContain('delgavs');
    await check(page, '05-termination-missing-served-date');

    // The server checks the personnummer: its message lands next to the field.
    await page.getByRole('button', { name: 'Ta bort anteckningar.txt' }).click();
    expect(await page.getByTestId('portal-chosen-files').count()).toBe(0);
    await served.fill('2026-01-10');
    await page.getByLabel('Personnummer').fill('19121212-1213');
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await expect.poll(() => page.getByLabel('Personnummer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#report-tenantPersonalNumber-error').count()).toBe(1);
    await check(page, '06-server-field-error');

    await page.getByLabel('Personnummer').fill('');
    await page.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmälan är skickad' }).waitFor();
    expect((await page.getByTestId('receipt-number').innerText()).trim()).not.toBe(receiptNumber);
  });

  it('sends the landlord from staff pages back to /portal', async () => {
    for (const staffPath of ['/residents', '/tasks', '/admin', '/']) {
      await page.goto(`${server.url}${staffPath}`);
      await page.getByRole('heading', { level: 1, name: 'Mina anmälningar' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/portal');
    }
  });

  it('works at phone width: the menu folds and the form fits', async () => {
    const phone = await loggedIn(LANDLORD.username, LANDLORD.password, 'Mina anmälningar', { width: 390, height: 844 });
    await phone.page.getByRole('button', { name: 'Meny' }).click();
    await phone.page.getByRole('navigation', { name: 'Hyresvärdsportalen' }).getByRole('link', { name: 'Ny anmälan' }).click();
    await phone.page.getByRole('heading', { level: 1, name: 'Ny anmälan' }).waitFor();
    await phone.page.getByLabel('Underrättelse om avhysning från Kronofogden').check();
    await phone.page.getByLabel('Datum för avhysning').waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await check(phone.page, '07-phone-form');
    await phone.page.goto(`${server.url}/portal`);
    await phone.page.getByTestId('portal-reports').waitFor();
    await check(phone.page, '08-phone-list');
    await phone.context.close();
  });

  it('logs the landlord out from the menu', async () => {
    await page.goto(`${server.url}/portal`);
    await page.getByRole('navigation', { name: 'Hyresvärdsportalen' }).getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('button', { name: 'Logga in' }).waitFor();
    await context.close();
  });

  it('finds no serious or critical accessibility violations', () => {
    expect(violations.length).toBe(8);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
