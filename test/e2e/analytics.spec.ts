import { expect, test } from '@playwright/test';
import { login } from './login.js';

// Dashboards (issue 9, part 6): supervisor1 opens 数据看板 from the menu and sees their team's figures — the numbers
// on the cards equal what the API returns for the same scope — with the charts drawn; admin switches between the
// whole book and one team.

type Dash = { scope: { teamName: string | null }; recovery: { collectedMinor: number }; collectors: Array<{ displayName: string }>; teams: Array<{ name: string }> };

test('supervisor1 sees the team dashboards; admin the whole book and one team', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1100 });
  await login(page, 'supervisor1');
  const api = (await (await page.request.get('/api/dashboard')).json()) as Dash;
  expect(api.scope.teamName).not.toBeNull();
  await page.getByTestId('nav-analytics').click();
  await expect(page.getByTestId('analytics')).toBeVisible();
  await expect(page.getByRole('heading', { name: /数据看板/ })).toContainText(api.scope.teamName!);
  const yuan = (api.recovery.collectedMinor / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await expect(page.getByTestId('stat-collected')).toContainText(yuan);
  for (const id of ['chart-recovery', 'chart-promises', 'chart-contacts', 'chart-scores', 'chart-drift']) await expect(page.getByTestId(id).locator('canvas')).toBeVisible();
  const table = page.getByTestId('analytics-collectors');
  for (const c of api.collectors) await expect(table).toContainText(c.displayName);
  // A supervisor has no team picker: their own team only.
  await expect(page.getByTestId('analytics-team')).toHaveCount(0);
  await page.screenshot({ path: 'test/e2e/__screenshots__/analytics.png', fullPage: true });

  await page.getByTestId('logout').click();
  await login(page, 'admin');
  await page.goto('/analytics');
  await expect(page.getByRole('heading', { name: /数据看板/ })).toContainText('全部案件');
  const book = (await (await page.request.get('/api/dashboard')).json()) as Dash;
  await page.getByTestId('analytics-team').click();
  await page.getByTitle(book.teams[0]!.name).click();
  await expect(page.getByRole('heading', { name: /数据看板/ })).toContainText(book.teams[0]!.name);
});
