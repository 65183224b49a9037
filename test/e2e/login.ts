import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

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

/**
 * Picks an option of an antd Select: opens it with `open`, clicks the option (the first when `option` is null), and
 * checks that the list closed, i.e. the pick took. On a loaded machine a click during the list's opening animation can
 * be lost, leaving the list open over the next control; the pick is then tried again.
 */
export async function pickOption(page: Page, open: Locator, option: string | null): Promise<void> {
  const list = page.locator('.ant-select-dropdown:visible');
  await expect(async () => {
    if ((await list.count()) === 0) await open.click({ timeout: 5_000 });
    const options = list.locator('.ant-select-item-option');
    await (option === null ? options.first() : options.filter({ hasText: option }).first()).click({ timeout: 5_000 });
    await expect(list).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}
