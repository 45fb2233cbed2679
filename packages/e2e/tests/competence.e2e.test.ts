import { addDays, todayInStockholm } from '@kvarbo/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// Staff competence mapping as a manager meets it: on "Kompetens" the manager adds a trauma course required of
// managers and caseworkers, plans a round with two seats and two sessions, enrols herself and two people from
// other organisations (the third goes on the waiting list), cancels one (the waiting person moves up), ticks
// attendance for both sessions, passes the round by attendance and sees the unit's coverage at 100 %. Last she
// renames the course and archives it (marked "Arkiverad", no longer offered for new rounds).

describe('staff competence mapping in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const today = todayInStockholm(new Date());
  const sessions = [addDays(today, -14), addDays(today, -7)];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `competence-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('adds a course and a round with two seats from the catalogue', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kompetens' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kompetens' }).waitFor();

    const courseForm = page.getByRole('form', { name: 'Ny kurs' });
    await courseForm.getByLabel('Kurs', { exact: true }).fill('Trauma och PTSD');
    await courseForm.getByLabel('Intyget gäller (månader)').fill('24');
    await courseForm.getByLabel('Chef', { exact: true }).check();
    await courseForm.getByRole('button', { name: 'Lägg till kursen' }).click();
    await courseForm.getByText('Kursen är tillagd.').waitFor();
    const courses = page.getByTestId('competence-courses');
    await courses.getByRole('cell', { name: 'Trauma och PTSD', exact: true }).waitFor();
    await expect(courses.getByRole('cell', { name: 'Chef, Handläggare' }).count()).resolves.toBe(1);

    const roundForm = page.getByRole('form', { name: 'Nytt kurstillfälle' });
    await roundForm.getByLabel('Kurs', { exact: true }).selectOption({ label: 'Trauma och PTSD' });
    await roundForm.getByLabel('Plats', { exact: true }).fill('Socialförvaltningen, sal 2');
    await roundForm.getByLabel('Lärare', { exact: true }).fill('Kursledare Anna Lind');
    await roundForm.getByLabel('Antal platser').fill('2');
    await roundForm.getByLabel('Passens datum').fill(sessions.join('\n'));
    await check('catalogue-filled');
    await roundForm.getByRole('button', { name: 'Lägg till kurstillfället' }).click();
    const link = page.getByTestId('competence-rounds').getByRole('link', { name: 'Trauma och PTSD' });
    await link.waitFor();
    await expect(page.getByTestId('competence-rounds').getByRole('cell', { name: '0/2' }).count()).resolves.toBe(1);
    await check('catalogue');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Trauma och PTSD' }).waitFor();
  });

  it('enrols three (the third waits) and moves the waiting person up on a cancellation', async () => {
    const seats = page.getByTestId('round-seats');
    await expect.poll(() => seats.textContent()).toContain('0 av 2 platser tagna');
    const staffSelect = page.getByLabel('Medarbetare', { exact: true }).last();
    await expect.poll(async () => staffSelect.locator('option', { hasText: 'Administratör' }).count()).toBe(1);
    await staffSelect.selectOption({ label: 'Administratör' });
    await page.getByRole('button', { name: 'Anmäl', exact: true }).click();
    await page.getByText('Administratör är anmäld.').waitFor();

    const external = async (name: string, organisation: string, kind: string) => {
      await page.getByLabel('Extern deltagare').check();
      await page.getByLabel('Namn', { exact: true }).fill(name);
      await page.getByLabel('Organisation', { exact: true }).fill(organisation);
      await page.getByLabel('Typ av organisation').selectOption({ label: kind });
      await page.getByRole('button', { name: 'Anmäl', exact: true }).click();
    };
    await external('Maja Regionsdotter', 'Region Testland', 'Region');
    await page.getByText('Maja Regionsdotter är anmäld.').waitFor();
    await external('Omar Frivillig', 'Stadsmissionen', 'Idéburen organisation');
    await page.getByText('Omar Frivillig står på väntelistan som nummer 1.').waitFor();
    await expect.poll(() => seats.textContent()).toContain('2 av 2 platser tagna, 1 på väntelistan');
    const participants = page.getByTestId('round-participants');
    await expect(participants.locator('[data-name="Omar Frivillig"]').getAttribute('data-status')).resolves.toBe('waiting');
    await check('round-full');

    await participants.getByRole('button', { name: 'Avboka Maja Regionsdotter' }).click();
    await page.getByText('Anmälan är avbokad. Omar Frivillig flyttades upp från väntelistan.').waitFor();
    await expect.poll(() => participants.locator('[data-name="Omar Frivillig"]').getAttribute('data-status')).toBe('enrolled');
    await expect(participants.locator('[data-name="Maja Regionsdotter"]').getAttribute('data-status')).resolves.toBe('cancelled');
    await expect.poll(() => seats.textContent()).toContain('2 av 2 platser tagna, 0 på väntelistan');
  });

  it('takes attendance per session and passes the round by attendance', async () => {
    const grid = page.getByTestId('attendance-grid');
    for (const name of ['Administratör', 'Omar Frivillig'])
      for (const date of sessions) await grid.getByLabel(`${name} närvarande ${date}`).check();
    await check('attendance');
    await page.getByRole('button', { name: 'Spara närvaron' }).click();
    await page.getByText('Närvaron är sparad.').waitFor();
    await page.getByRole('button', { name: 'Godkänn enligt närvaro' }).click();
    await page.getByText('2 deltagare godkända.').waitFor();
    const participants = page.getByTestId('round-participants');
    await expect.poll(() => participants.locator('[data-name="Administratör"]').getAttribute('data-status')).toBe('completed');
    await check('round-completed');
  });

  it('shows the unit’s coverage: the course required of the manager, completed', async () => {
    await page.getByRole('link', { name: 'Till kurskatalogen' }).click();
    await page.getByRole('link', { name: 'Se täckning per enhet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kompetens per enhet' }).waitFor();
    const row = page.getByTestId('coverage-table').locator('[data-course="Trauma och PTSD"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.join(' | ')).toMatch(/Trauma och PTSD \| 1 \| 1 \| .*100\s?% \| 0 \| –/);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Ladda ner Excel' }).click();
    expect((await download).suggestedFilename()).toBe('kvarbo-kompetens.xlsx');
    await check('coverage');
  });

  it('edits the course’s name and archives it: marked "Arkiverad", no longer offered for new rounds', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Kompetens' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kompetens' }).waitFor();
    const courses = page.getByTestId('competence-courses');
    await courses.getByRole('button', { name: 'Ändra Trauma och PTSD' }).click();
    const editForm = page.getByRole('form', { name: 'Ändra Trauma och PTSD' });
    const nameField = editForm.getByLabel('Kurs', { exact: true });
    await expect(nameField.inputValue()).resolves.toBe('Trauma och PTSD');
    await expect(editForm.getByLabel('Intyget gäller (månader)').inputValue()).resolves.toBe('24');
    await expect(editForm.getByLabel('Chef', { exact: true }).isChecked()).resolves.toBe(true);
    await nameField.fill('Trauma och PTSD, grundkurs');
    await editForm.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByText('Kursen Trauma och PTSD, grundkurs är ändrad.').waitFor();
    await courses.getByRole('cell', { name: 'Trauma och PTSD, grundkurs', exact: true }).waitFor();
    await expect(courses.getByRole('cell', { name: 'Trauma och PTSD', exact: true }).count()).resolves.toBe(0);
    await expect(editForm.count()).resolves.toBe(0);
    await page.getByTestId('competence-rounds').getByRole('link', { name: 'Trauma och PTSD, grundkurs' }).waitFor();

    // Someone else changes the course while the form is open: the save from the old version is refused
    // (409 STALE_VERSION), the message shown and the catalogue loaded again.
    await courses.getByRole('button', { name: 'Ändra Trauma och PTSD, grundkurs' }).click();
    const staleForm = page.getByRole('form', { name: 'Ändra Trauma och PTSD, grundkurs' });
    const stored = await server.db.kysely
      .selectFrom('competence_courses')
      .select(['id', 'version'])
      .where('name', '=', 'Trauma och PTSD, grundkurs')
      .executeTakeFirstOrThrow();
    const admin = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', server.admin.username)
      .executeTakeFirstOrThrow();
    const actor = (await server.services.auth.actorFor(admin.id, null))!;
    await server.services.competence.updateCourse(actor, stored.id, { version: Number(stored.version), validityMonths: 36 });
    await staleForm.getByLabel('Kurs', { exact: true }).fill('Trauma och PTSD, fördjupning');
    await staleForm.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.getByTestId('stale-message').waitFor();
    await courses.getByRole('cell', { name: '36 mån', exact: true }).waitFor();
    await expect(courses.getByRole('cell', { name: 'Trauma och PTSD, grundkurs', exact: true }).count()).resolves.toBe(1);
    await expect(staleForm.count()).resolves.toBe(0);

    const roundCourse = page.getByRole('form', { name: 'Nytt kurstillfälle' }).getByLabel('Kurs', { exact: true });
    await expect(roundCourse.locator('option', { hasText: 'Trauma och PTSD, grundkurs' }).count()).resolves.toBe(1);
    await courses.getByRole('button', { name: 'Arkivera Trauma och PTSD, grundkurs' }).click();
    const row = courses.locator('[data-course="Trauma och PTSD, grundkurs"]');
    await expect.poll(() => row.getAttribute('data-active')).toBe('false');
    await row.getByRole('cell', { name: 'Arkiverad', exact: true }).waitFor();
    await courses.getByRole('button', { name: 'Återaktivera Trauma och PTSD, grundkurs' }).waitFor();
    await expect.poll(() => roundCourse.locator('option', { hasText: 'Trauma och PTSD, grundkurs' }).count()).toBe(0);
    await check('catalogue-archived');
  });

  it('has no serious accessibility violations on the pages above', () => {
    expect(
      violations.flatMap((v) =>
        v.violations.map((x) => `${v.page}: ${x.id} – ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ),
    ).toEqual([]);
  });
});
