import type { Page } from 'playwright-core';

/**
 * Logs in through the real login page as a user would, and waits until the app has left the login page.
 * Every browser test logs in through here, so a change to the sign-in steps is made in one place.
 */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Användarnamn', { exact: true }).fill(username);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
