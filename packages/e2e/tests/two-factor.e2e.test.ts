import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { logIn, totpSecretOf } from './support/login.ts';
import { startServer } from './support/server.ts';

// Two-factor sign-in (issue 8) as a user meets it: the first login enrols (QR code, the key for typing by hand,
// the first code, the recovery codes), the next login asks for a code or a recovery code, and the account page
// shows the status. The first administrator is a manager of a unit, so the default requirement applies.

describe('two-factor sign-in in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  let recoveryCodes: string[] = [];

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `two-factor-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

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

  it('enrols on the first login: QR code, the key in groups of four, a wrong and a right code, recovery codes', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Användarnamn', { exact: true }).fill(server.admin.username);
    await page.getByLabel('Lösenord', { exact: true }).fill(server.admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByTestId('two-factor-enrol').waitFor();
    expect(await page.getByRole('img', { name: 'QR-kod för autentiseringsappen' }).isVisible()).toBe(true);
    const shown = (await page.getByTestId('two-factor-secret').textContent())!;
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const code = page.getByLabel('Kod från appen', { exact: true });
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await check('01-enrol');

    await code.fill('000000');
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#two-factor-code-error').innerText()).toContain('Koden stämmer inte');
    await check('02-enrol-wrong-code');

    const totp = new OTPAuth.TOTP({
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: OTPAuth.Secret.fromBase32(shown.replace(/\s/g, '')),
    });
    await code.fill(totp.generate());
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.getByTestId('two-factor-recovery-codes').waitFor();
    recoveryCodes = await page.locator('.two-factor-codes code').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await check('03-recovery-codes');
    // Continuing needs the confirmation.
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    expect(await page.locator('#two-factor-saved-error').innerText()).toContain('sparat');
    await page.getByLabel('Jag har sparat reservkoderna').check();
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
  });

  it('asks for a code at the next login and takes a recovery code once', async () => {
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Användarnamn', { exact: true }).fill(server.admin.username);
    await page.getByLabel('Lösenord', { exact: true }).fill(server.admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByTestId('two-factor-verify').waitFor();
    await check('04-verify');
    await page.getByRole('button', { name: 'Använd en reservkod' }).click();
    await page.getByLabel('Reservkod', { exact: true }).fill(recoveryCodes[0]!);
    await check('05-recovery-code');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });

  it('lets the unit manager set the roles and the idle minutes on the follow-up page', async () => {
    await page.goto(`${server.url}/followup`);
    const section = page.getByTestId('unit-security-settings');
    await section.getByRole('heading', { name: 'Säkerhet för enheten' }).waitFor();
    const minutes = section.getByLabel('Utloggning efter inaktivitet');
    await minutes.waitFor();
    expect(await minutes.inputValue()).toBe('30');
    await minutes.fill('3');
    await section.getByRole('button', { name: 'Spara säkerhetsinställningar' }).click();
    await expect.poll(() => minutes.getAttribute('aria-invalid')).toBe('true');
    await minutes.fill('20');
    await section.getByRole('checkbox', { name: 'Analytiker' }).uncheck();
    await section.getByRole('button', { name: 'Spara säkerhetsinställningar' }).click();
    await section.getByText('Säkerhetsinställningarna är sparade.').waitFor();
    const saved = await server.db.kysely.selectFrom('unit_security_settings').selectAll().executeTakeFirstOrThrow();
    expect(saved.idle_minutes).toBe(20);
    expect(JSON.parse(saved.two_factor_roles)).toEqual(['manager', 'caseworker', 'host']);
    await section.scrollIntoViewIfNeeded();
    await check('05b-unit-settings');

    // Another administrator saves the settings while this form is open: the save from the old version is refused
    // (409 STALE_VERSION) and the settings can be loaded again.
    const admin = await server.db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', server.admin.username)
      .executeTakeFirstOrThrow();
    const actor = (await server.services.auth.actorFor(admin.id, null))!;
    await server.services.auth.twoFactor.changeUnitSecuritySettings(actor, server.admin.unitId, {
      version: Number(saved.version),
      twoFactorRoles: ['manager', 'caseworker', 'host'],
      idleMinutes: 45,
    });
    await minutes.fill('25');
    await section.getByRole('button', { name: 'Spara säkerhetsinställningar' }).click();
    await expect.poll(() => section.getByTestId('stale-message').textContent()).toContain('ändrats av någon annan');
    await check('05c-unit-settings-stale');
    await section.getByTestId('stale-reload').click();
    await expect.poll(() => minutes.inputValue()).toBe('45');
    expect(await section.getByTestId('stale-message').count()).toBe(0);
  });

  it('logs in through logIn (which enrols and verifies by itself) and shows the account page', async () => {
    await page.context().clearCookies();
    // logIn did not enrol this account (the test did), so teach it nothing: a fresh user enrols through logIn.
    const unitId = server.admin.unitId;
    const org = await server.db.kysely.selectFrom('units').select('organisation_id').where('id', '=', unitId).executeTakeFirstOrThrow();
    await server.services.users.createUser(org.organisation_id, {
      username: 'tva.steg',
      displayName: 'Tova Stegsson',
      password: 'ett långt lösenord för test',
      isAdmin: false,
      memberships: [{ unitId, role: 'caseworker' }],
    });
    await logIn(page, server.url, 'tva.steg', 'ett långt lösenord för test');
    expect(totpSecretOf(server.url, 'tva.steg')).toMatch(/^[A-Z2-7]{32}$/);
    await page.context().clearCookies();
    await logIn(page, server.url, 'tva.steg', 'ett långt lösenord för test'); // the code step this time
    await page.goto(`${server.url}/account/two-factor`);
    await page.getByTestId('two-factor-status').waitFor();
    expect(await page.getByTestId('two-factor-status').innerText()).toContain('Tvåstegsverifiering är på. Du har 10 oanvända reservkoder.');
    expect(await page.getByText('Din enhet kräver tvåstegsverifiering för din roll.').isVisible()).toBe(true);
    // Required: no switch-off.
    expect(await page.getByRole('button', { name: 'Stäng av tvåstegsverifiering' }).count()).toBe(0);
    await check('06-account');
  });

  it('finds no serious or critical accessibility violations', () => {
    expect(violations.length).toBe(8);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
