import { expect, type APIRequestContext, type Page } from '@playwright/test';

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

/** Signs `request` in through the API; returns the CSRF token for its writes. */
export async function loginApi(request: APIRequestContext, username: string): Promise<string> {
  const r = await request.post('/api/auth/login', { data: { username, password: e2ePassword } });
  expect(r.ok(), await r.text()).toBe(true);
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}

/** Moves the server's simulated clock (CONCORD_CLOCK, set by scripts/e2e.mjs) as admin. */
export async function setServerClock(request: APIRequestContext, now: string): Promise<void> {
  const csrf = await loginApi(request, 'admin');
  const moved = await request.post('/api/admin/clock', { data: { now }, headers: { 'x-csrf-token': csrf } });
  expect(moved.status(), await moved.text()).toBe(200);
}
