import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from './support/browser.ts';
import { logIn } from './support/login.ts';
import { startServer } from './support/server.ts';

// Log review (loggkontroll, docs/api.md "Log review"): the first admin is the unit's manager; a colleague's five failed
// sign-ins two days ago show in the "Misslyckade inloggningar" section of the default period (30 days up to yesterday).

describe('log review in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const unitId = server.admin.unitId;
    const org = await server.db.kysely.selectFrom('units').select('organisation_id').where('id', '=', unitId).executeTakeFirstOrThrow();
    const sigrid = await server.services.users.createUser(org.organisation_id, {
      username: 'sigrid.test',
      displayName: 'Sigrid Testsson',
      password: 'ett långt lösenord för test',
      isAdmin: false,
      memberships: [{ unitId, role: 'caseworker' }],
    });
    const at = Date.now() - 48 * 3_600_000;
    await server.db.kysely
      .insertInto('sign_in_events')
      .values(
        Array.from({ length: 5 }, (_, i) => ({
          id: `e2e-failed-${i}`,
          occurred_at: new Date(at + i).toISOString(),
          user_id: sigrid.id,
          username_tried: null,
          method: 'password' as const,
          outcome: 'wrong-password',
          by_user_id: null,
          ip: '192.0.2.10',
          user_agent: 'Testwebbläsare',
        })),
      )
      .execute();

    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the colleague’s failed sign-ins in their own section', async () => {
    await page.goto(`${server.url}/audit/review`);
    await page.getByRole('heading', { level: 1, name: 'Loggkontroll' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Misslyckade inloggningar (1)' }).waitFor();
    const rows = page.getByTestId('review-sign-ins').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells.slice(1)).toEqual(['Sigrid Testsson', '5', 'Nej', '192.0.2.10']);
    expect(cells[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'log-review-01-failed-sign-ins');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
