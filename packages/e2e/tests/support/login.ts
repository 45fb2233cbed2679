import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';

/** TOTP secrets of the accounts logIn has enrolled, per server and username (docs/two-factor.md). */
const secrets = new Map<string, string>();
/** The last time step whose code was used per account: the server accepts a code once. */
const usedSteps = new Map<string, number>();

const PERIOD_MS = 30_000;

/**
 * Logs in through the real login page as a user would, and waits until the app has left the login page.
 * Every browser test logs in through here, so a change to the sign-in steps is made in one place.
 *
 * Two-factor: when the login asks for enrolment, reads the secret shown on the page, answers with a code computed
 * by otpauth and confirms the recovery codes; when it asks for a code, computes one from the remembered secret.
 */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Användarnamn', { exact: true }).fill(username);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  const key = `${baseUrl} ${username.trim().toLowerCase()}`;
  const step = await nextStep(page);
  if (step === 'enrol') {
    const secret = (await page.getByTestId('two-factor-secret').textContent())!.replace(/\s/g, '');
    secrets.set(key, secret);
    await page.getByLabel('Kod från appen', { exact: true }).fill(await codeFor(page, key, secret));
    await page.getByRole('button', { name: 'Bekräfta' }).click();
    await page.getByTestId('two-factor-recovery-codes').waitFor();
    await page.getByLabel('Jag har sparat reservkoderna').check();
    await page.getByRole('button', { name: 'Fortsätt' }).click();
  } else if (step === 'verify') {
    const secret = secrets.get(key);
    if (!secret) throw new Error(`logIn ${username}: asked for a two-factor code, but this test run did not enrol the account`);
    await page.getByLabel('Kod från appen', { exact: true }).fill(await codeFor(page, key, secret));
    await page.getByRole('button', { name: 'Logga in' }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The secret logIn enrolled for the account, for tests that need codes of their own. */
export function totpSecretOf(baseUrl: string, username: string): string | undefined {
  return secrets.get(`${baseUrl} ${username.trim().toLowerCase()}`);
}

async function nextStep(page: Page): Promise<'done' | 'enrol' | 'verify'> {
  for (let i = 0; i < 200; i++) {
    if (!new URL(page.url()).pathname.startsWith('/login')) return 'done';
    if (await page.getByTestId('two-factor-enrol').isVisible()) return 'enrol';
    if (await page.getByTestId('two-factor-verify').isVisible()) return 'verify';
    if (await page.getByTestId('login-error').isVisible())
      throw new Error(`login refused: ${await page.getByTestId('login-error').textContent()}`);
    await page.waitForTimeout(100);
  }
  throw new Error('login: neither signed in nor asked for a second step');
}

/** A code not used before for the account: the current step's, else the next one's (accepted ±1 step), else wait. */
async function codeFor(page: Page, key: string, secret: string): Promise<string> {
  const totp = new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
  let now = Date.now();
  const last = usedSteps.get(key) ?? -1;
  let step = Math.max(Math.floor(now / PERIOD_MS), last + 1);
  if (step > Math.floor(now / PERIOD_MS) + 1) {
    await page.waitForTimeout((step - 1) * PERIOD_MS - now + 200);
    now = Date.now();
  }
  step = Math.max(step, Math.floor(now / PERIOD_MS));
  usedSteps.set(key, step);
  return totp.generate({ timestamp: step * PERIOD_MS });
}
