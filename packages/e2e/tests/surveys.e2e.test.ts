import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// "Hur är läget?" as a resident meets it: staff start an anonymous survey on "Enkäter" and make a one-time link
// for a resident; the resident opens it on a phone (375×667, touch), first sends without answering and is told
// which questions lack an answer, switches to English and back, answers and gets "Tack!". The link then says it
// has been used. Staff see the invitation used and, with four paper answers more, the month's count and means.

describe('resident surveys in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let staff: Page;
  let phone: Page;
  let csrf: string;
  let link: string;
  let surveyId: string;
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    staff = await context.newPage();
    await logIn(staff, server.url, server.admin.username, server.admin.password);
    csrf = (await (await staff.request.get(`${server.url}/api/auth/session`)).json()).csrfToken;
    const res = await staff.request.post(`${server.url}/api/residents`, {
      data: { firstName: 'Signe', lastName: 'Lind', idKind: 'none', noIdReason: 'Ej utrett', householdAdults: 1, householdChildren: 0 },
      headers: { 'x-csrf-token': csrf },
    });
    expect(res.status(), await res.text()).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `surveys-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('staff start an anonymous "Hur är läget?" and make a one-time link with a QR code', async () => {
    await staff.goto(`${server.url}/surveys`);
    await staff.getByRole('heading', { level: 1, name: 'Enkäter' }).waitFor();
    await expect(staff.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Enkäter' }).count()).resolves.toBe(1);
    expect(await staff.getByLabel('Anonym enkät').isChecked()).toBe(true);
    await staff.getByRole('button', { name: 'Starta "Hur är läget?"' }).click();
    const detail = staff.getByTestId('survey-detail');
    await detail.getByRole('heading', { name: 'Hur är läget? – Anonym' }).waitFor();
    surveyId = new URL(staff.url()).searchParams.get('survey')!;
    expect(surveyId).toBeTruthy();

    await detail.getByLabel('Sök boende (minst två tecken)').fill('Lind');
    const select = detail.getByLabel('Boende', { exact: true }).first();
    await expect.poll(async () => select.locator('option', { hasText: 'Lind, Signe' }).count()).toBe(1);
    await select.selectOption({ label: 'Lind, Signe' });
    await detail.getByRole('button', { name: 'Skapa länk' }).click();
    const url = detail.getByTestId('survey-link-url');
    await url.waitFor();
    link = (await url.textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${server.url}/s/[A-Za-z0-9_-]{20,}$`));
    expect(await detail.getByRole('img', { name: 'QR-kod med länken till enkäten' }).locator('svg').count()).toBe(1);
    await detail.getByTestId('survey-invitations').getByText('Ej besvarad').waitFor();
    await check(staff, 'staff-invite');
  });

  it('the resident answers on a phone through the link and gets "Tack!"; the link is then used', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    phone = await context.newPage();
    await phone.goto(link);
    await phone.getByRole('heading', { level: 1, name: 'Hur är läget?' }).waitFor();
    // Nothing of the staff's layout or about any resident.
    expect(await phone.getByRole('navigation').count()).toBe(0);
    expect(await phone.getByText('Signe').count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await check(phone, 'phone-survey');

    // Sending at once: told which questions need an answer.
    await phone.getByRole('button', { name: 'Skicka svaren' }).tap();
    const alert = phone.getByRole('alert');
    await alert.getByText('Några frågor saknar svar:').waitFor();
    await alert.getByRole('link', { name: 'Hur trivs du i din lägenhet?' }).waitFor();
    await screenshot(phone, 'surveys-phone-missing');

    // The English switch, and back.
    await phone.getByTestId('language-switch').tap();
    await phone.getByRole('heading', { level: 1, name: 'How are things?' }).waitFor();
    await phone.getByRole('group', { name: /How do the staff treat you\?/ }).waitFor();
    await phone
      .getByRole('group', { name: /How do the staff treat you\?/ })
      .getByText('Choose an answer to the question.')
      .waitFor();
    await screenshot(phone, 'surveys-phone-english');
    await phone.getByTestId('language-switch').tap();
    await phone.getByRole('heading', { level: 1, name: 'Hur är läget?' }).waitFor();

    const answer = async (question: RegExp, choice: string) => {
      const group = phone.getByRole('group', { name: question });
      await group.getByText(choice, { exact: true }).tap();
      expect(await group.getByRole('radio', { name: choice }).isChecked()).toBe(true);
    };
    await answer(/Hur har du det just nu\?/, '4 – Ganska bra');
    await answer(/Hur tycker du att stödet/, '5 – Mycket bra');
    await answer(/Hur trivs du i din lägenhet\?/, '3 – Varken bra eller dåligt');
    await answer(/Hur blir du bemött av personalen\?/, '5 – Mycket bra');
    await answer(/Lyssnar personalen/, 'Ja');
    await phone.getByLabel(/Vill du säga något mer\?/).fill('Tack för hjälpen med flytten.');
    await phone.getByRole('button', { name: 'Skicka svaren' }).tap();
    await phone.getByRole('heading', { level: 1, name: 'Tack!' }).waitFor();
    await check(phone, 'phone-thanks');

    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: 'Redan besvarad' }).waitFor();
    await phone.getByText(/Enkäten är redan besvarad med den här länken/).waitFor();
    await check(phone, 'phone-used');
  });

  it('staff see the link used and the month’s count once five have answered', async () => {
    for (const life of [2, 3, 4, 5]) {
      const res = await staff.request.post(`${server.url}/api/surveys/${surveyId}/paper-answers`, {
        data: { answers: { life, support: 4, apartment: 4, staff: 4 } },
        headers: { 'x-csrf-token': csrf },
      });
      expect(res.status(), await res.text()).toBe(201);
    }
    await staff.goto(`${server.url}/surveys?survey=${surveyId}`);
    await staff.getByTestId('survey-invitations').getByText('Använd').waitFor();
    const month = await staff.evaluate(() =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).format(new Date()),
    );
    const row = staff.getByTestId('survey-results').locator(`tr[data-period="${month}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    // Period, 5 answers, then the means: life (4+2+3+4+5)/5 = 3,6.
    expect(cells.slice(0, 3)).toEqual([month, '5', '3,6']);
    await check(staff, 'staff-results');
  });

  it('has no serious accessibility violations on the pages above', () => {
    expect(
      violations.flatMap((v) =>
        v.violations.map((x) => `${v.page}: ${x.id} – ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ),
    ).toEqual([]);
  });
});
