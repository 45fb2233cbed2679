import type { Browser, Page } from 'playwright-core';
import { loadDemo } from 'kvarbo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAccessibilityViolations, type AxeViolation } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { logIn } from './support/login.ts';

// The manager's dashboard on the demo unit's three years of rent history: the charts render, and a click on a
// bar lists the residents behind it.

describe('statistics dashboard in the browser (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const violations: { page: string; violations: AxeViolation[] }[] = [];

  beforeAll(async () => {
    server = await startServer();
    await loadDemo(server.db, server.services, 1, new Date().toISOString().slice(0, 10));
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(page, server.url, server.admin.username, server.admin.password);
    await page.getByRole('heading', { level: 1, name: 'Uppgifter' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `statistics-${name}`);
    violations.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('renders the monthly chart with its table, and lists the residents behind a bar', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Statistik' }).click();
    const chart = page.getByTestId('rent-chart');
    await chart.waitFor();
    await expect.poll(() => page.getByTestId('rent-chart-segment').count()).toBeGreaterThan(12);
    expect(await page.getByTestId('rent-table').locator('tr[data-month]').count()).toBe(12);
    await check('01-dashboard');
    const late = page.locator('[data-testid="rent-chart-segment"][data-status="late"]').first();
    const month = await late.getAttribute('data-month');
    await late.click();
    const list = page.getByTestId('bar-residents');
    await expect.poll(() => list.locator('li').count()).toBeGreaterThan(0);
    const table = await page.getByTestId('rent-table').locator(`tr[data-month="${month}"]`).innerText();
    // The list is as long as the table's late count for that month.
    expect(table).toContain(String(await list.locator('li').count()));
    await check('02-bar-residents');
  });

  it('shows housing retention with its curve', async () => {
    await page.goto(`${server.url}/statistics/retention`);
    await page.getByTestId('retention-table').waitFor();
    await page.getByTestId('retention-curve').waitFor();
    expect(await page.getByTestId('retention-table').locator('tr[data-group]').count()).toBeGreaterThan(1);
    await check('03-retention');
  });

  it('shows every resident month by month in the grid', async () => {
    await page.goto(`${server.url}/statistics/grid`);
    const grid = page.getByTestId('rent-grid');
    await expect.poll(() => grid.locator('tr[data-resident-id]').count()).toBeGreaterThan(10);
    expect(await grid.locator('[data-status="unpaid"]').count()).toBeGreaterThan(0);
    await check('04-grid');
  });

  it('finds no serious or critical accessibility violations', () => {
    expect(violations.length).toBe(4);
    const found = violations.filter((v) => v.violations.length > 0);
    expect(found, JSON.stringify(found, null, 2)).toEqual([]);
  });
});
