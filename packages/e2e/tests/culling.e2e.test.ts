import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// Gallring (docs/culling.md): the unit's manager places a legal hold with a reason on a resident's page (the reason
// is required), and the admin's Gallring page lists the person as held. Then the admin culls a file that is long due
// with "Gallra nu" after a confirmation naming the count, and the audit log names the person "Gallrad person".

describe('legal hold and culling preview in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let residentId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // The first admin is also the manager of the first unit.
    await logIn(page, server.url, server.admin.username, server.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
    const session = await (await page.request.get(`${server.url}/api/auth/session`)).json();
    const res = await page.request.post(`${server.url}/api/residents`, {
      data: { firstName: 'Stina', lastName: 'Stoppsson', idKind: 'personnummer', personalNumber: '19450202-4732' },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(201);
    residentId = (await res.json()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `culling-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('a manager places a legal hold with a reason, and the Gallring page lists the person as held', async () => {
    await page.goto(`${server.url}/residents/${residentId}`);
    await page.getByRole('heading', { level: 1, name: 'Stina Stoppsson' }).waitFor();
    const panel = page.getByTestId('legal-hold');
    await expect.poll(() => panel.getByTestId('legal-hold-none').innerText()).toContain('Inget gallringsstopp');

    // Without a reason: the field's own error, nothing sent.
    await panel.getByRole('button', { name: 'Lägg gallringsstopp' }).click();
    const reason = panel.getByLabel('Skäl', { exact: true });
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#legal-hold-reason-error').innerText()).toContain('Skriv skälet till gallringsstoppet.');

    await reason.fill('Överklagande i förvaltningsrätten.');
    await panel.getByRole('button', { name: 'Lägg gallringsstopp' }).click();
    await expect.poll(() => panel.innerText()).toContain('Gallringsstoppet är lagt.');
    const current = panel.getByTestId('legal-hold-current');
    expect(await current.innerText()).toContain('Överklagande i förvaltningsrätten.');
    expect(await current.innerText()).toMatch(/Gallringsstopp sedan \d{4}-\d{2}-\d{2} \d{2}:\d{2}, lagt av /);
    expect(await panel.getByRole('button', { name: 'Häv gallringsstopp' }).isVisible()).toBe(true);
    await check('01-legal-hold');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Gallring' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gallring' }).waitFor();
    const held = page.getByTestId('culling-held');
    await expect.poll(() => held.innerText()).toContain(residentId);
    expect(await page.getByTestId('culling-how').innerText()).toContain('kvarbo cull');
    expect(await page.getByTestId('culling-rules').innerText()).toContain('Aldrig');
    await check('02-preview');
  });

  it('the admin culls what is due with "Gallra nu" after confirming the count, and lists show a culled person', async () => {
    // A registration from 2019 with nothing since: due in 2024, so due today.
    const q = server.db.kysely;
    const unit = await q.selectFrom('units').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const at = '2019-03-01T10:00:00.000Z';
    const oldId = 'e2e-old-registration';
    await q
      .insertInto('residents')
      .values({
        id: oldId,
        unit_id: unit.id,
        first_name: 'Gunborg',
        last_name: 'Gammalsdóttir',
        id_kind: 'none',
        personal_number: null,
        no_id_reason: 'Saknar personnummer',
        birth_date: null,
        contact_person_id: null,
        commissioner_id: null,
        commissioner_contact: null,
        household_adults: 1,
        household_children: 0,
        phone: null,
        email: null,
        search_text: 'gunborg gammalsdóttir',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Gallring' }).waitFor();
    await expect.poll(() => page.getByTestId('culling-due').innerText()).toContain(oldId);
    const due = (await (await page.request.get(`${server.url}/api/admin/culling`)).json()).due.length as number;

    await page.getByTestId('culling-run').getByRole('button', { name: 'Gallra nu' }).click();
    const dialog = page.getByTestId('culling-run-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${due} ${due === 1 ? 'post' : 'poster'} gallras nu`);
    await check('03-confirm');
    await dialog.getByRole('button', { name: /^Ja, gallra / }).click();
    await expect.poll(() => page.locator('.notice-success').innerText()).toContain('Gallringen är klar');
    await expect.poll(() => page.locator('section[aria-labelledby="culling-due"]').innerText()).toContain('Inget ska gallras');
    expect(await page.getByTestId('culling-runs').innerText()).toContain('Gallring');
    await check('04-culled');

    // The audit log keeps the id and the cull; the name is gone and the list says so.
    await page.goto(`${server.url}/audit?residentId=${oldId}`);
    await expect.poll(() => page.locator('main').innerText()).toContain('Gallrad person');
    expect(await page.locator('main').innerText()).not.toContain('Gammalsdóttir');
    await check('05-audit-culled-person');

    expect(violations.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});
