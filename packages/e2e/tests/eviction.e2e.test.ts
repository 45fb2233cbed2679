import { addDays, daysLeft, reinstatementDeadline, todayInStockholm } from '@kvarbo/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// Eviction prevention as the team meets it: a termination notice comes in by phone and is registered, the report
// opens a case for a household with two children, the countdown to the reinstatement deadline shows in the case
// and in the list, a phone call reaches the tenant, a referral is made and the case closes with the tenancy kept.

describe('eviction prevention in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const today = todayInStockholm(new Date());
  const servedOn = addDays(today, -5);
  const deadline = reinstatementDeadline(servedOn);
  const left = daysLeft(deadline, today);
  const countdown = left > 1 ? `${left} dagar kvar` : left === 1 ? '1 dag kvar' : 'Sista dag idag';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `eviction-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('registers a phoned-in termination notice, opens a case and works it to the end', async () => {
    // The menu leads to the team's list.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Vräkningsförebyggande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vräkningsförebyggande' }).waitFor();
    await page.getByTestId('register-report-link').click();

    // Staff intake: the landlord phoned about a termination for unpaid rent, served five days ago.
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await form.getByLabel('Telefon', { exact: true }).check();
    await form.getByLabel('Underrättelse om uppsägning för obetald hyra', { exact: true }).check();
    await form.getByRole('checkbox', { name: 'Hyresskuld', exact: true }).check();
    await form.getByLabel('Hyresskuldens belopp', { exact: true }).fill('18 600');
    await form.getByLabel('Obetalda månader', { exact: true }).fill('2');
    await form.getByLabel('Delgiven', { exact: true }).fill(servedOn);
    await form.getByLabel('Hyresgästens namn', { exact: true }).fill('Sara Lind');
    await form.getByLabel('Hyresgästens adress', { exact: true }).fill('Testvägen 3, 123 45 Stockholm');
    await form.getByLabel('Barn enligt anmälan', { exact: true }).fill('2');
    await check('01-intake');
    await form.getByRole('button', { name: 'Registrera anmälan' }).click();

    // The report: the facts, then the person and the household.
    await page.getByTestId('report-facts').waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Anmälan .+ är registrerad\./);
    expect(await page.getByTestId('report-served-on').textContent()).toBe(servedOn);
    const openCase = page.getByTestId('open-case-form');
    await openCase.getByLabel('Ny person / ingen koppling', { exact: true }).check();
    await openCase.getByLabel('Vuxna', { exact: true }).fill('1');
    expect(await openCase.getByLabel('Barn', { exact: true }).inputValue()).toBe('2');
    await check('02-report');
    await openCase.getByRole('button', { name: 'Öppna ärende' }).click();

    // The case: the countdown to the reinstatement deadline, large, with the rule.
    await page.getByRole('heading', { level: 1, name: 'Sara Lind' }).waitFor();
    const badge = page.getByTestId('deadline-countdown');
    expect(await badge.textContent()).toContain(countdown);
    expect(await page.getByTestId('deadline-date').textContent()).toBe(`Sista dag ${deadline}`);
    await page.getByText('Tre veckor från delgivning, JB 12 kap. 44 §').waitFor();
    expect(await page.getByTestId('case-household').textContent()).toBe('1 vuxen, 2 barn');
    expect(await page.getByTestId('case-step').textContent()).toBe('Ny');
    // No consent for the landlord yet: the limits are shown.
    await page.getByTestId('landlord-contact-note').waitFor();
    const caseUrl = page.url();
    await check('03-case-new');

    // The list: the case with its countdown, "Ingen kontakt" and the children.
    await page.getByRole('link', { name: 'Till ärendelistan' }).click();
    const row = page.getByTestId('eviction-case-table').locator('tr[data-case-id]').first();
    await row.waitFor();
    expect(await row.getByTestId('deadline-countdown').textContent()).toContain(countdown);
    expect(await row.textContent()).toContain(`Sista dag ${deadline}`);
    expect(await row.getByTestId('case-household').textContent()).toBe('1 vuxen, 2 barn');
    expect(await row.textContent()).toMatch(/Ingen kontakt/);
    // The report has a case now: no longer among the new ones.
    await page.getByText('Inga nya anmälningar.').waitFor();
    await check('04-list');

    // A phone call reaches the tenant: the step becomes "I kontakt".
    await page.goto(caseUrl);
    await page.getByTestId('attempts-add').click();
    const attempt = page.getByTestId('attempt-form');
    await attempt.getByLabel('Telefonsamtal', { exact: true }).check();
    await attempt.getByLabel('Kontakt etablerad', { exact: true }).check();
    await attempt.getByLabel('Anteckning', { exact: true }).fill('Pratade med Sara, bokade möte på torsdag.');
    await attempt.getByRole('button', { name: 'Spara kontaktförsöket' }).click();
    await expect.poll(() => page.getByTestId('case-step').textContent()).toBe('I kontakt');
    expect(await page.getByTestId('case-first-contact').textContent()).toBe(today);
    expect(await page.getByTestId('attempt-table').textContent()).toContain('Telefonsamtal');

    // The household budget: kronor in, the surplus and the payment proposal out.
    await page.getByTestId('edit-budget').click();
    await page.getByLabel('Benämning, rad 1', { exact: true }).first().fill('Lön');
    await page.getByLabel('Belopp per månad, rad 1', { exact: true }).first().fill('24 000');
    await page.getByLabel('Benämning, rad 1', { exact: true }).nth(1).fill('Hyra');
    await page.getByLabel('Belopp per månad, rad 1', { exact: true }).nth(1).fill('19 000');
    await page.getByRole('button', { name: 'Lägg till skuld' }).click();
    await page.getByLabel('Borgenär, rad 1', { exact: true }).fill('Hyresvärden');
    await page.getByLabel('Skuld, rad 1', { exact: true }).fill('18 600');
    await page.getByLabel('Hyresskuld, rad 1', { exact: true }).check();
    await page.getByRole('button', { name: 'Spara budgeten' }).click();
    await expect.poll(() => page.getByTestId('budget-surplus').textContent()).toBe('5\u00a0000\u00a0kr');
    expect(await page.getByTestId('budget-proposal').textContent()).toContain('Hyresskuld till hyresvärden');

    // A referral to budget and debt counselling, then made.
    await page.getByTestId('referrals-add').click();
    const referral = page.getByTestId('referral-form');
    await referral.getByLabel('Insats', { exact: true }).selectOption('budget_debt_counselling');
    await referral.getByRole('button', { name: 'Spara länkningen' }).click();
    const referralRow = page.getByTestId('referral-table').locator('tr[data-service="budget_debt_counselling"]');
    await expect.poll(() => referralRow.getAttribute('data-status')).toBe('suggested');
    await referralRow.getByRole('button', { name: /Ändra status/ }).click();
    await page.getByTestId('referral-status-form').getByLabel('Gjord', { exact: true }).check();
    await page.getByRole('button', { name: 'Spara status' }).click();
    await expect.poll(() => referralRow.getAttribute('data-status')).toBe('made');
    await check('05-case-in-contact');

    // Closing: the tenancy is kept.
    await page.getByTestId('close-open').click();
    const close = page.getByTestId('close-form');
    await close.getByLabel('Fick behålla bostaden (vräkning förhindrad)', { exact: true }).check();
    await close.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await page.getByTestId('case-closed').waitFor();
    expect(await page.getByTestId('case-step').textContent()).toBe('Avslutad');
    expect(await page.getByTestId('case-outcome').textContent()).toBe('Fick behålla bostaden (vräkning förhindrad)');
    await check('06-case-closed');

    // The figures: this year's report and prevented eviction, and the workbook.
    await page.goto(`${server.url}/eviction/figures`);
    const yearRow = page.getByTestId('figures-reports').locator(`tr[data-period="${today.slice(0, 4)}"]`);
    await yearRow.waitFor();
    expect(await yearRow.getByTestId('figures-total').textContent()).toBe('1');
    await check('07-figures');
    const href = await page.getByTestId('figures-xlsx').getAttribute('href');
    const xlsx = await page.request.get(new URL(href!, server.url).toString());
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('raises a deadline within a week above the rent tasks, with no contact yet', async () => {
    // Served 19 days ago: the reinstatement deadline is two to five days away (moved past any non-vardag).
    const user = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', server.admin.username)
      .executeTakeFirstOrThrow();
    const actor = (await server.services.auth.actorFor(user.id, null))!;
    await server.services.evictionCases.open(actor, {
      unitId: server.admin.unitId,
      tenantName: 'Alva Brådska',
      tenantAddress: 'Provvägen 9',
      householdAdults: 1,
      householdChildren: 1,
      servedOn: addDays(today, -19),
    });
    await page.goto(`${server.url}/tasks`);
    const alert = page.getByTestId('deadline-alert').filter({ hasText: 'Alva Brådska' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`sista dag att betala och behålla bostaden ${reinstatementDeadline(addDays(today, -19))}`);
    expect(await alert.textContent()).toContain('1 barn i hushållet');
    expect(await alert.textContent()).toContain('Ingen kontakt ännu.');
    await check('08-task-inbox-alert');
    await alert.getByRole('link', { name: 'Alva Brådska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alva Brådska' }).waitFor();
  });

  it('links a second report for the same household to its open case, changes the household and adds an attachment', async () => {
    // The first case for Sara Lind is closed by now; the household has been taken up again in a new open case.
    const user = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', server.admin.username)
      .executeTakeFirstOrThrow();
    const actor = (await server.services.auth.actorFor(user.id, null))!;
    const open = await server.services.evictionCases.open(actor, {
      unitId: server.admin.unitId,
      tenantName: 'Sara Lind',
      tenantAddress: 'Testvägen 3, 123 45 Stockholm',
      householdAdults: 1,
      householdChildren: 2,
      servedOn,
    });

    // The landlord phones again, about disturbances: registered for the same name and address.
    await page.goto(`${server.url}/eviction/reports/new`);
    const form = page.getByTestId('report-form');
    await form.waitFor();
    await form.getByLabel('Telefon', { exact: true }).check();
    await form.getByLabel('Tidig signal från hyresvärd', { exact: true }).check();
    await form.getByRole('checkbox', { name: 'Störningar', exact: true }).check();
    await form.getByLabel('Hyresgästens namn', { exact: true }).fill('Sara Lind');
    await form.getByLabel('Hyresgästens adress', { exact: true }).fill('Testvägen 3, 123 45 Stockholm');
    await form.getByRole('button', { name: 'Registrera anmälan' }).click();

    // The report offers the household's open case (not the closed one) above "Öppna ärende".
    await page.getByTestId('report-facts').waitFor();
    const receipt = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Anmälan ', '').trim();
    const offered = page.getByTestId('report-open-cases');
    await offered.getByRole('heading', { name: 'Hushållet har redan ett öppet ärende' }).waitFor();
    expect(await offered.textContent()).toContain('arbetas redan med i ett öppet ärende');
    const offeredRows = page.getByTestId('report-open-case-table').locator('tr[data-case-id]');
    expect(await offeredRows.count()).toBe(1);
    expect(await offeredRows.first().getAttribute('data-case-id')).toBe(open.id);
    expect(await offeredRows.first().textContent()).toContain('Samma namn och adress');
    await page.getByTestId('open-case-form').waitFor();
    await check('09-report-open-case');
    await offeredRows
      .first()
      .getByRole('button', { name: /Koppla till ärendet/ })
      .click();

    // The case: the report is among its reports.
    await page.getByRole('heading', { level: 1, name: 'Sara Lind' }).waitFor();
    expect(page.url()).toContain(`/eviction/cases/${open.id}`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Anmälan är kopplad till ärendet.');
    const reportRow = page.getByTestId('case-report-table').getByRole('link', { name: receipt });
    await reportRow.waitFor();
    expect(await page.getByTestId('case-report-table').textContent()).toContain('Tidig signal från hyresvärd');

    // "Ändra uppgifter": a third child in the household.
    await page.getByTestId('case-edit').click();
    const details = page.getByTestId('case-details-form');
    expect(await details.getByLabel('Barn i hushållet', { exact: true }).inputValue()).toBe('2');
    expect(await details.getByLabel('Delgiven', { exact: true }).inputValue()).toBe(servedOn);
    await details.getByLabel('Barn i hushållet', { exact: true }).fill('');
    await details.getByRole('button', { name: 'Spara uppgifterna' }).click();
    await page
      .locator('.error-summary')
      .getByText(/Skriv ett heltal från 0 till 30/)
      .waitFor();
    await details.getByLabel('Barn i hushållet', { exact: true }).fill('3');
    await check('10-case-edit');
    await details.getByRole('button', { name: 'Spara uppgifterna' }).click();
    await expect.poll(() => page.getByTestId('case-household').textContent()).toBe('1 vuxen, 3 barn');
    expect(await page.getByRole('status').first().textContent()).toBe('Uppgifterna är sparade.');
    expect(await page.getByTestId('deadline-date').textContent()).toBe(`Sista dag ${deadline}`);
    await check('11-case-edited');

    // Someone else changes the case while the form is open: the save is refused (409) and the case can be reloaded.
    await page.getByTestId('case-edit').click();
    const current = await server.services.evictionCases.get(actor, open.id);
    await server.services.evictionCases.update(actor, open.id, { version: current.version, householdAdults: 2 });
    await details.getByLabel('Datum för avhysning', { exact: true }).fill(addDays(today, 40));
    await details.getByRole('button', { name: 'Spara uppgifterna' }).click();
    await expect.poll(() => page.getByTestId('stale-message').textContent()).toContain('Ärendet har ändrats av någon annan');
    await check('12-case-stale');
    await page.getByRole('button', { name: 'Ladda om ärendet' }).click();
    await expect.poll(() => page.getByTestId('case-household').textContent()).toBe('2 vuxna, 3 barn');
    expect(await page.getByTestId('case-details-form').count()).toBe(0);

    // Someone else makes the household's budget while the budget form is open: saving is refused (409) as well.
    await page.getByTestId('edit-budget').click();
    const budgetForm = page.getByTestId('budget-form');
    await budgetForm.waitFor();
    await server.services.evictionCases.setBudget(
      actor,
      open.id,
      { incomes: [{ label: 'Lön', amountOre: 2_000_000 }], costs: [{ label: 'Hyra', amountOre: 1_500_000 }], debts: [] },
      null,
    );
    await budgetForm.getByLabel('Benämning, rad 1', { exact: true }).first().fill('Lön');
    await budgetForm.getByLabel('Belopp per månad, rad 1', { exact: true }).first().fill('24 000');
    await budgetForm.getByLabel('Benämning, rad 1', { exact: true }).nth(1).fill('Hyra');
    await budgetForm.getByLabel('Belopp per månad, rad 1', { exact: true }).nth(1).fill('19 000');
    await budgetForm.getByRole('button', { name: 'Spara budgeten' }).click();
    await expect.poll(() => budgetForm.getByTestId('stale-message').textContent()).toContain('Budgeten har ändrats av någon annan');
    await check('13-budget-stale');
    await budgetForm.getByRole('button', { name: 'Ladda om ärendet' }).click();
    await expect.poll(() => page.getByTestId('budget-surplus').textContent()).toBe('5\u00a0000\u00a0kr');
    expect(await page.getByTestId('budget-form').count()).toBe(0);

    // A legal hold on the case itself (its tenant need not be a resident): placed with a reason, shown in force.
    const hold = page.getByTestId('legal-hold');
    await expect.poll(() => hold.getByTestId('legal-hold-none').innerText()).toContain('Inget gallringsstopp');
    await hold.getByLabel('Skäl', { exact: true }).fill('Begäran om utlämnande av akten.');
    await hold.getByRole('button', { name: 'Lägg gallringsstopp' }).click();
    await expect.poll(() => hold.innerText()).toContain('Gallringsstoppet är lagt.');
    expect(await hold.getByTestId('legal-hold-current').innerText()).toContain('Begäran om utlämnande av akten.');
    const stored = (await (await page.request.get(`${server.url}/api/eviction-cases/${open.id}/legal-hold`)).json()) as {
      current: { reason: string } | null;
    };
    expect(stored.current?.reason).toBe('Begäran om utlämnande av akten.');
    await check('13-case-legal-hold');

    // An attachment on the report: a small PDF, listed once saved.
    await reportRow.click();
    await page.getByTestId('report-facts').waitFor();
    await page.getByTestId('report-case-link').waitFor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await page.getByTestId('report-file-input').setInputFiles({ name: 'hyresavi.pdf', mimeType: 'application/pdf', buffer: pdf });
    const attachments = page.getByTestId('report-attachments');
    await attachments.getByRole('link', { name: 'hyresavi.pdf' }).waitFor();
    expect(await attachments.textContent()).toContain('application/pdf');
    await page.getByText('1 bilaga är sparad.').waitFor();
    await check('13-report-attachment');
  });

  it('has no serious accessibility violations on the pages it visited', () => {
    expect(violations.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});
