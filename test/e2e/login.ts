import { expect, type Page } from '@playwright/test';

/** The admin's password (scripts/e2e.mjs sets it; the demo users share it). */
export const e2ePassword = process.env.E2E_ADMIN_PASSWORD ?? '';

/** Signs in through the login page and waits for the app shell. */
export async function login(page: Page, username: string, password = e2ePassword): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('logout')).toBeVisible();
}
