import { todayInStockholm } from '@kvarbo/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// Residents' occupation and activities as a caseworker meets them: on a resident's page she adds studies at
// Komvux (15 h/week), is told that an overlapping one of the same kind is not allowed, and ends the first. Under
// "Aktiviteter" she creates a meeting place, adds a session today and ticks the resident and three guests; the
// monthly summary shows the month's figures, and its Excel link answers with a workbook. When someone else saves
// the attendance behind her back, she is told so and sees what they saved. An analyst reaches the summary from
// the statistics tabs and sees small counts as "<5".

const CASEWORKER = { username: 'kim.handlaggare', password: 'ett-langt-losenord-3' };
const ANALYST = { username: 'ada.analys', password: 'ett-langt-losenord-4' };

describe('occupation and activities in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let residentId: string;
  let sessionId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const today = todayInStockholm(new Date());
  const month = today.slice(0, 7);
  const HOURS = 15;

  /** POST/PUT/PATCH through the page's session (with its CSRF token), as the smoke scripts do. */
  async function apiCall(p: Page, method: 'post' | 'patch' | 'put', url: string, data: object) {
    const { csrfToken } = (await (await p.request.get(`${server.url}/api/auth/session`)).json()) as { csrfToken: string };
    const res = await p.request[method](`${server.url}${url}`, { data, headers: { 'x-csrf-token': csrfToken } });
    expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  }

  async function loggedIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const c = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const p = await c.newPage();
    await logIn(p, server.url, username, password);
    return { context: c, page: p };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await loggedIn(server.admin.username, server.admin.password);
    const call = (method: 'post' | 'patch', url: string, data: object) => apiCall(admin.page, method, url, data);
    const unitId = server.admin.unitId;
    await call('post', '/api/admin/users', {
      ...CASEWORKER,
      displayName: 'Kim Handläggare',
      memberships: [{ unitId, role: 'caseworker' }],
    });
    await call('post', '/api/admin/users', { ...ANALYST, displayName: 'Ada Analys', memberships: [{ unitId, role: 'analyst' }] });
    const landlord = await call('post', '/api/landlords', { name: 'Hyresbo AB' });
    const apartment = await call('post', '/api/apartments', {
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
      firstName: 'Signe',
      lastName: 'Lind',
      idKind: 'none',
      noIdReason: 'Ej utrett',
      householdAdults: 1,
      householdChildren: 0,
    });
    residentId = resident.id;
    await call('post', '/api/placements', { residentId, apartmentId: apartment.id, startDate: `${month}-01` });
    await admin.context.close();
    ({ context, page } = await loggedIn(CASEWORKER.username, CASEWORKER.password));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(p: Page, name: string) {
    await p.waitForLoadState('networkidle');
    await screenshot(p, `occupation-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(p) });
  }

  it('adds studies at Komvux on the resident’s page and sees them as current', async () => {
    await page.goto(`${server.url}/residents/${residentId}`);
    const section = page.getByTestId('occupation-section');
    await section.getByRole('heading', { name: 'Sysselsättning', exact: true }).waitFor();
    await section.getByText('Ingen sysselsättning är registrerad.').waitFor();
    const add = page.getByRole('form', { name: 'Lägg till sysselsättning' });
    await add.getByLabel('Slag av sysselsättning').selectOption({ label: 'Studier' });
    await add.getByLabel('Anordnare').fill('Komvux');
    await add.getByLabel('Från och med').fill(`${month}-01`);
    await add.getByLabel('Timmar per vecka').fill(String(HOURS));
    await add.getByRole('button', { name: 'Lägg till sysselsättning' }).click();
    await section.getByText('Sysselsättningen är tillagd.').waitFor();

    const rows = section.getByTestId('occupations').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const cells = (await rows.first().locator('td').allTextContents()).join(' | ');
    expect(cells).toContain('Studier');
    expect(cells).toContain('Komvux');
    expect(cells).toContain(`${month}-01`);
    expect(cells).toContain('Pågår');
    await expect(rows.first().getAttribute('data-current')).resolves.toBe('true');
    await check(page, 'resident');
  });

  it('is told beside the date that an overlapping occupation of the same kind is not allowed', async () => {
    const add = page.getByRole('form', { name: 'Lägg till sysselsättning' });
    await add.getByLabel('Slag av sysselsättning').selectOption({ label: 'Studier' });
    await add.getByLabel('Anordnare').fill('Folkhögskolan');
    await add.getByLabel('Från och med').fill(`${month}-01`);
    await add.getByLabel('Timmar per vecka').fill('5');
    await add.getByRole('button', { name: 'Lägg till sysselsättning' }).click();
    const error = page.locator('#occupation-new-fromDate-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('redan en sysselsättning av samma slag');
    await expect(add.getByLabel('Från och med').getAttribute('aria-invalid')).resolves.toBe('true');
    // Nothing was added.
    await expect(page.getByTestId('occupations').locator('tbody tr').count()).resolves.toBe(1);
    await check(page, 'overlap');
  });

  it('ends the first occupation with "Avsluta"', async () => {
    const section = page.getByTestId('occupation-section');
    await section.getByRole('button', { name: 'Avsluta Studier, Komvux' }).click();
    const end = page.getByRole('form', { name: /Avsluta sysselsättning/ });
    await end.getByLabel('Sista dag').fill(today);
    await end.getByRole('button', { name: 'Avsluta sysselsättning' }).click();
    await section.getByText('Sysselsättningen är avslutad.').waitFor();
    const row = section.getByTestId('occupations').locator('tbody tr').first();
    await row.getByRole('cell', { name: `${month}-01 – ${today}` }).waitFor();
    // Today is its last day, so it still counts as current today; the end date is what was saved.
    await expect(row.getByText('Pågår').count()).resolves.toBe(1);
    const saved = (await (await page.request.get(`${server.url}/api/residents/${residentId}/occupations`)).json()) as {
      items: { provider: string; toDate: string | null }[];
    };
    expect(saved.items.map((o) => [o.provider, o.toDate])).toEqual([['Komvux', today]]);
  });

  it('creates an activity under "Aktiviteter", adds a session and saves who came', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Aktiviteter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aktiviteter' }).waitFor();
    const newActivity = page.getByRole('form', { name: 'Ny aktivitet' });
    await newActivity.getByLabel('Aktivitet', { exact: true }).fill('Källaren');
    await newActivity.getByLabel('Slag av aktivitet').selectOption({ label: 'Mötesplats' });
    await newActivity.getByLabel('Arrangör').selectOption({ label: 'Drivs av de boende' });
    await newActivity.getByLabel('Plats', { exact: true }).fill('Källarlokalen');
    await newActivity.getByRole('button', { name: 'Skapa aktivitet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Källaren' }).waitFor();
    await page.getByText('Aktiviteten Källaren är skapad.').waitFor();

    const newSession = page.getByRole('form', { name: 'Nytt tillfälle' });
    await newSession.getByLabel('Datum').fill(today);
    await newSession.getByLabel('Starttid').fill('13:00');
    await newSession.getByLabel('Sluttid').fill('15:00');
    await newSession.getByRole('button', { name: 'Lägg till tillfälle' }).click();
    const attendance = page.getByRole('form', { name: /Närvaro/ });
    // The resident placed in the unit is offered, not yet ticked.
    const signe = attendance.getByLabel('Signe Lind');
    await signe.waitFor();
    expect(await signe.isChecked()).toBe(false);
    sessionId = new URL(page.url()).searchParams.get('session')!;
    expect(sessionId).toBeTruthy();

    await signe.check();
    await attendance.getByLabel('Gäster (antal)').fill('3');
    await check(page, 'attendance');
    await attendance.getByRole('button', { name: 'Spara närvaro' }).click();
    await page.getByText('Närvaron är sparad.').waitFor();

    const row = page.getByTestId('activity-sessions').locator(`tr[data-session-id="${sessionId}"]`);
    await expect
      .poll(async () => ({
        named: await row.locator('td').nth(3).textContent(),
        guests: await row.locator('td').nth(4).textContent(),
        total: await row.locator('td').nth(5).textContent(),
      }))
      .toEqual({ named: '1', guests: '3', total: '4' });
  });

  it('shows the month’s figures in the monthly summary, and the Excel link answers with a workbook', async () => {
    await page.goto(`${server.url}/activities/summary`);
    await page.getByRole('heading', { level: 1, name: 'Sysselsättning och aktiviteter per månad' }).waitFor();
    const row = page.getByTestId('occupation-months').locator(`tr[data-month="${month}"]`);
    await row.waitFor();
    const cell = (label: string) => row.locator(`td[data-label="${label}"]`).textContent();
    // The occupation covers the 1st of the month to today: 15 h/week × days / 7, one decimal.
    const days = Number(today.slice(8, 10));
    const hours = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(Math.round(((HOURS * days) / 7) * 10) / 10);
    await expect(cell('Boende')).resolves.toBe('1');
    await expect(cell('Med sysselsättning')).resolves.toBe('1');
    await expect(cell('Studier')).resolves.toBe('1');
    await expect(cell('Planerade timmar')).resolves.toBe(hours);
    await expect(cell('Tillfällen')).resolves.toBe('1');
    // Attendances are the named residents and the guests.
    await expect(cell('Närvaro')).resolves.toBe('4');
    await expect(cell('Gäster')).resolves.toBe('3');
    await expect(cell('Unika boende')).resolves.toBe('1');
    const activityRow = page.getByTestId('occupation-activities').locator(`tr[data-month="${month}"][data-activity="Källaren"]`);
    await expect(activityRow.locator('td[data-label="Närvaro"]').textContent()).resolves.toBe('4');

    const href = await page.getByRole('link', { name: 'Ladda ner Excel' }).getAttribute('href');
    expect(href).toBeTruthy();
    const workbook = await page.request.get(new URL(href!, server.url).toString());
    expect(workbook.status()).toBe(200);
    expect(workbook.headers()['content-type']).toContain('spreadsheetml');
    expect((await workbook.body()).subarray(0, 2).toString()).toBe('PK');
    await check(page, 'summary');
  });

  it('says so when someone else saved the attendance in between, and shows what they saved', async () => {
    await page.goto(`${server.url}/activities`);
    await page.getByTestId('activities').getByRole('link', { name: 'Källaren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Källaren' }).waitFor();
    await page.getByRole('link', { name: `Närvaro ${today}`, exact: true }).click();
    const attendance = page.getByRole('form', { name: /Närvaro/ });
    await expect.poll(() => attendance.getByLabel('Gäster (antal)').inputValue()).toBe('3');

    // Someone else saves: nobody named, seven guests.
    const current = (await (await page.request.get(`${server.url}/api/activity-sessions/${sessionId}/attendance`)).json()) as {
      version: number;
    };
    await apiCall(page, 'put', `/api/activity-sessions/${sessionId}/attendance`, { version: current.version, residentIds: [], guests: 7 });

    await attendance.getByLabel('Gäster (antal)').fill('5');
    await attendance.getByRole('button', { name: 'Spara närvaro' }).click();
    const stale = page.getByTestId('attendance').getByTestId('stale-message');
    await stale.waitFor();
    await expect(stale.textContent()).resolves.toContain('Någon annan sparade närvaron');
    await expect.poll(() => attendance.getByLabel('Gäster (antal)').inputValue()).toBe('7');
    expect(await attendance.getByLabel('Signe Lind').isChecked()).toBe(false);
    // The session list above shows what was saved, too.
    const row = page.getByTestId('activity-sessions').locator(`tr[data-session-id="${sessionId}"]`);
    await expect
      .poll(async () => [await row.locator('td').nth(3).textContent(), await row.locator('td').nth(4).textContent()])
      .toEqual(['0', '7']);
    await check(page, 'stale');
    await context.close();
  });

  it('an analyst reaches the summary from the statistics tabs and sees small counts as "<5"', async () => {
    const analyst = await loggedIn(ANALYST.username, ANALYST.password);
    const p = analyst.page;
    await p.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    // An analyst's menu: the aggregated areas only, surveys' results and the statistics.
    const menu = await p.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allTextContents();
    expect(menu.map((m) => m.trim())).toEqual(['Enkäter', 'Statistik']);
    await p
      .getByRole('navigation', { name: 'Statistik', exact: true })
      .getByRole('link', { name: 'Sysselsättning och aktiviteter' })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Sysselsättning och aktiviteter per månad' }).waitFor();
    expect(new URL(p.url()).pathname).toBe('/activities/summary');
    await p.getByText('Som analytiker ser du antal 1–4 som "<5"').waitFor();
    const row = p.getByTestId('occupation-months').locator(`tr[data-month="${month}"]`);
    await row.waitFor();
    await expect(row.locator('td[data-label="Boende"]').textContent()).resolves.toBe('<5');
    await expect(row.locator('td[data-label="Planerade timmar"]').textContent()).resolves.toBe('–');
    await check(p, 'analyst-summary');
    // The tabs stay, so the way back to the other statistics is one click.
    await p.getByRole('navigation', { name: 'Statistik', exact: true }).getByRole('link', { name: 'Hyresuppföljning' }).click();
    await p.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    await analyst.context.close();
  });

  it('finds no serious or critical accessibility violations on the pages above', () => {
    expect(violations.map((v) => v.page)).toEqual(['resident', 'overlap', 'attendance', 'summary', 'stale', 'analyst-summary']);
    expect(
      violations.flatMap((v) =>
        v.violations.map((x) => `${v.page}: ${x.id} – ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ),
    ).toEqual([]);
  });
});
