import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBgmaxFile } from '@kvarbo/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// A caseworker follows one resident's rent: records a payment by hand, reads in the Bankgiro file, connects a
// payment that came without an OCR number, and sees it all in the ledger.

describe('rent ledger in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let placement: { id: string; ocrReference: string };
  let residentId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-e2e-ledger-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor(); // managers start in their task inbox

    // The registry comes in through the API with the same session; the UI for it has its own test.
    const api = page.request;
    const { csrfToken } = await (await api.get(`${server.url}/api/auth/session`)).json();
    const post = async (url: string, data: object, method: 'post' | 'patch' = 'post') => {
      const res = await api[method](`${server.url}${url}`, { data, headers: { 'x-csrf-token': csrfToken } });
      expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    };
    const units = (await (await api.get(`${server.url}/api/admin/units`)).json()) as { id: string; version: number }[];
    const { version } = units.find((u) => u.id === server.admin.unitId)!;
    await post(`/api/admin/units/${server.admin.unitId}`, { version, bankgiro: '555-0009' }, 'patch');
    const landlord = await post('/api/landlords', { name: 'Hyresbo Söder AB' });
    const apt = await post('/api/apartments', {
      landlordId: landlord.id,
      address: 'Provgatan 7',
      postcode: '12345',
      city: 'Stockholm',
      rooms: 2,
      areaSqm: 48,
      monthlyRentOre: 650_000,
      type: 'housing_first',
    });
    const resident = await post('/api/residents', {
      firstName: 'Märta',
      lastName: 'Östlund',
      idKind: 'personnummer',
      personalNumber: '19450110-3297',
    });
    residentId = resident.id;
    placement = await post('/api/placements', { residentId, apartmentId: apt.id, startDate: '2026-09-01' });
    for (const month of ['2026-09', '2026-10', '2026-11']) await post('/api/charges/generate', { month, unitId: server.admin.unitId });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `ledger-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('records a payment by hand on the resident’s ledger', async () => {
    await page.goto(`${server.url}/residents/${residentId}`);
    await page.getByTestId('resident-ledger-link').click();
    const section = page.getByTestId('ledger-placement').first();
    await expect.poll(() => section.getByTestId('ocr-reference').innerText()).toContain(placement.ocrReference.slice(0, 4));
    await expect.poll(() => section.getByTestId('ledger-balance').getAttribute('data-balance-ore')).toBe('1950000');
    await check('01-ledger-before');
    await section.getByRole('button', { name: 'Registrera betalning' }).click();
    await page.getByLabel('Betalningsdag', { exact: true }).fill('2026-08-31');
    await page.getByLabel('Belopp', { exact: true }).fill('6 500');
    await page.getByLabel('Swish', { exact: true }).check();
    await check('02-payment-form');
    await page.getByRole('button', { name: 'Spara betalning' }).click();
    await page.getByText('är registrerad').first().waitFor();
    await expect.poll(() => section.getByTestId('ledger-balance').getAttribute('data-balance-ore')).toBe('1300000');
    await expect.poll(() => section.getByTestId('ledger-months').locator('[data-status="on_time"]').count()).toBe(1);
  });

  it('reads in a Bankgiro file: one payment by OCR, one to connect by hand', async () => {
    const file = path.join(dir, 'bgmax-2026-10-05.txt');
    fs.writeFileSync(
      file,
      buildBgmaxFile([
        {
          payeeBankgiro: '5550009',
          paymentDate: '2026-10-05',
          payments: [
            { amountOre: 650_000, reference: placement.ocrReference, payerName: 'ÖSTLUND MÄRTA' },
            { amountOre: 650_000, reference: 'HYRA NOVEMBER', payerName: 'ÖSTLUND MÄRTA' },
          ],
        },
      ]),
      'latin1',
    );
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Betalningar' }).click();
    await page.getByLabel('BgMax (Bankgirots inbetalningsfil)', { exact: true }).check();
    await page.getByLabel('Fil', { exact: true }).setInputFiles(file);
    await check('03-import-form');
    await page.getByRole('button', { name: 'Läs in filen' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.getByTestId('import-payments').innerText()).toContain('2');
    expect(await result.getByTestId('import-matched').innerText()).toContain('1');
    expect(await result.getByTestId('import-unmatched').innerText()).toContain('1');
    await check('04-import-result');
  });

  it('connects the payment without OCR to the suggested resident', async () => {
    await page.goto(`${server.url}/payments/unmatched`);
    const table = page.getByTestId('unmatched-table');
    await expect.poll(() => table.innerText()).toContain('HYRA NOVEMBER');
    await check('05-unmatched');
    await table.getByTestId('suggestion').first().click();
    const dialog = page.getByTestId('assign-dialog');
    await dialog.waitFor();
    await check('06-assign-dialog');
    await dialog.getByRole('button', { name: /^Koppla till/ }).click();
    await expect.poll(() => page.getByTestId('assign-notice').innerText()).toContain('är kopplad till');
  });

  it('shows all three payments and the months’ statuses in the ledger', async () => {
    await page.goto(`${server.url}/residents/${residentId}/ledger`);
    const section = page.getByTestId('ledger-placement').first();
    await expect.poll(() => section.getByTestId('ledger-balance').getAttribute('data-balance-ore')).toBe('0');
    await expect.poll(() => section.getByTestId('ledger-payments').locator('tbody tr').count()).toBe(3);
    // September: paid 31 Aug, on time. October (due 30 Sep): the OCR payment of 5 Oct, late. November (due 30 Oct):
    // the connected payment, also booked 5 Oct, so on time.
    const statuses = await section
      .getByTestId('ledger-months')
      .locator('[data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.sort()).toEqual(['late', 'on_time', 'on_time']);
    await check('07-ledger-after');
  });

  it('finds no serious or critical accessibility violations on the ledger pages', () => {
    expect(violations.length).toBeGreaterThanOrEqual(7);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
