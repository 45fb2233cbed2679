import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type OidcProvider } from '../../server/test/support/oidc-provider.ts';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { startServer } from './support/server.ts';

// Single sign-on in the browser (issue 8): passwords switched off, the login page offers only
// "Logga in med Testkommunens inloggning"; the test identity provider on loopback logs the admin in.
// (Password login is off here, so this test does not log in through support/login.ts.)

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('Single sign-on in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let idp: OidcProvider;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
    idp = await startOidcProvider({ clientId: 'kvarbo-e2e', clientSecret: 'e2e-secret', redirectUri });
    server = await startServer({
      port,
      localLogin: false,
      oidc: {
        issuer: idp.issuer,
        clientId: 'kvarbo-e2e',
        clientSecret: 'e2e-secret',
        redirectUri,
        scopes: 'openid profile email',
        claim: 'preferred_username',
        userField: 'username',
        label: 'Testkommunens inloggning',
      },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  it('shows why an unknown user was refused, and no password form', async () => {
    idp.state.claims = { sub: 'idp-okand', preferred_username: 'okand.person' };
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Logga in med Testkommunens inloggning' }).click();
    await page.waitForURL((url) => url.searchParams.get('sso') === 'unknown-user');
    await expect(page.getByTestId('sso-error').textContent()).resolves.toContain('det finns inget konto i Kvarbo för dig');
    // Once the login options have arrived (the button shows), there is still no password form.
    await page.getByRole('link', { name: 'Logga in med Testkommunens inloggning' }).waitFor();
    expect(await page.getByLabel('Lösenord', { exact: true }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sso-login-refused');
  });

  it('logs in with the identity provider and lands in Kvarbo as the matched user', async () => {
    idp.state.claims = { sub: 'idp-admin', preferred_username: server.admin.username };
    await page.goto(`${server.url}/login`);
    const button = page.getByRole('link', { name: 'Logga in med Testkommunens inloggning' });
    await button.waitFor();
    await screenshot(page, 'sso-login');
    await button.click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
    const session = await (await page.request.get(`${server.url}/api/auth/session`)).json();
    expect(session.user.username).toBe(server.admin.username);
    expect(idp.state.tokenResults).toEqual(['ok', 'ok']);
    await screenshot(page, 'sso-logged-in');
  });
});
