import { expect, test, type Page } from '@playwright/test';
import { pickOption } from './login.js';

// Foundation flow: an admin creates a collector in an existing team; the collector sees only
// what a collector may see, can work the case list, can switch to English, and is refused admin pages.
const adminPassword = process.env.E2E_ADMIN_PASSWORD ?? '';
const teamName = process.env.E2E_TEAM_NAME ?? '电催一组';
const collector = {
  username: `e2e.collector.${Date.now().toString(36)}`,
  displayName: `测试电催员${Date.now().toString().slice(-4)}`,
  password: 'Collector-e2e-Pass-2026',
};

const login = async (page: Page, username: string, password: string) => {
  await page.goto('/login');
  await expect(page.getByTestId('product-name')).toHaveText('Concord 催收管理平台');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('logout')).toBeVisible();
};

const logout = async (page: Page) => {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('login-submit')).toBeVisible();
};

/** Opens an antd Select (found by its form label) and picks the option with this text. */
const pickLabelled = (page: Page, label: string, option: string) => pickOption(page, page.getByLabel(label, { exact: true }), option);

test.describe.configure({ mode: 'serial' });

test('admin creates a collector, who sees only collector pages and can switch to English', async ({ page }) => {
  expect(adminPassword, 'set E2E_ADMIN_PASSWORD').not.toBe('');

  // Bad credentials: the API's message is shown. (An unknown user, so admin's lockout counter is untouched.)
  await page.goto('/login');
  await page.getByTestId('login-username').fill('e2e.nobody');
  await page.getByTestId('login-password').fill('definitely-not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();

  // Admin, zh-CN by default.
  await login(page, 'admin', adminPassword);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('me-role')).toHaveText('系统管理员');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('工作台');
  await expect(page.getByTestId('nav-admin')).toHaveText('系统管理');
  await expect(page.getByTestId('demo-note')).toContainText('演示数据，均为虚构');

  // Create the collector in the existing team.
  await page.getByTestId('nav-users').click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId('users-table')).toContainText('admin');
  await page.getByTestId('user-create').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('新建用户');
  await page.getByTestId('user-username').fill(collector.username);
  await page.getByTestId('user-display-name').fill(collector.displayName);
  await page.getByTestId('user-password').fill(collector.password);
  await pickLabelled(page, '角色', '电催员');
  await pickLabelled(page, '团队', teamName);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.ant-message')).toContainText('已创建');
  const row = page.getByTestId('users-table').locator('tr', { hasText: collector.username });
  await expect(row).toContainText('电催员');
  await expect(row).toContainText(teamName);
  await logout(page);

  // The collector: workbench and cases only.
  await login(page, collector.username, collector.password);
  await expect(page.getByTestId('me-name')).toHaveText(collector.displayName);
  await expect(page.getByTestId('me-role')).toHaveText('电催员');
  const nav = page.getByTestId('sider');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('工作台');
  await expect(page.getByTestId('nav-cases')).toHaveText('案件');
  await expect(nav).not.toContainText('系统管理');
  await expect(nav).not.toContainText('用户');
  await expect(nav).not.toContainText('审计日志');
  await expect(page.getByTestId('nav-admin')).toHaveCount(0);
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);

  // Demo cases are assigned to the collector's team.
  await page.getByTestId('nav-cases').click();
  await expect(page).toHaveURL(/\/cases/);
  const table = page.getByTestId('cases-table');
  await expect(table.getByRole('columnheader', { name: '债务人' })).toBeVisible();
  const rows = table.locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText('¥');

  // English.
  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('Dashboard');
  await expect(page.getByTestId('nav-cases')).toHaveText('Cases');
  await expect(page.getByTestId('me-role')).toHaveText('Collector');
  await expect(table.getByRole('columnheader', { name: 'Debtor' })).toBeVisible();
  await expect(page.getByTestId('logout')).toHaveText('Sign out');
  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('nav-cases')).toHaveText('Cases');
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('nav-cases')).toHaveText('案件');
});

test('a collector is refused the admin pages', async ({ page }) => {
  await login(page, collector.username, collector.password);
  await page.goto('/admin/users');
  await expect(page.getByTestId('result-403')).toBeVisible();
  await expect(page.getByTestId('result-403')).toContainText('无权访问');
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  // The API refuses too, whatever the UI shows.
  const status = await page.evaluate(async () => (await fetch('/api/admin/users', { credentials: 'same-origin' })).status);
  expect(status).toBe(403);
});
