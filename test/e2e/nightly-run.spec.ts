import { expect, test } from '@playwright/test';
import { login } from './login.js';

// 系统管理 → 夜间批处理 → 立即运行今日批处理 (issue 9): the admin starts today's nightly run on the demo book from the
// page; the embedded worker runs it; the list follows it to 已完成 and shows its report. A run re-allocates cases, so
// this spec runs after every other one (playwright.config.ts: project `after-all`).
test('admin runs today\'s nightly batch from the page and reads its report', async ({ page }) => {
  await login(page, 'admin');
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-page')).toBeVisible();
  await page.getByTestId('run-now').click();
  const pop = page.locator('.ant-popconfirm');
  await expect(pop).toContainText('同一天重复运行结果相同');
  const requested = page.waitForResponse((r) => r.url().endsWith('/api/runs') && r.request().method() === 'POST');
  await pop.getByRole('button', { name: '立即运行今日批处理' }).click();
  const res = await requested;
  expect(res.status()).toBe(202);
  const { asOf } = (await res.json()) as { asOf: string };
  await expect(page.getByText(`已提交 ${asOf} 的批处理`)).toBeVisible();

  const row = page.locator('.ant-table-row', { hasText: asOf }).first();
  await expect(row).toContainText('已完成', { timeout: 60_000 });
  await expect(page.getByTestId('run-now')).toHaveText('立即运行今日批处理');
  const report = page.getByTestId('run-report');
  await expect(report).toContainText(`批处理报告 · ${asOf}`);
  await expect(report).toContainText('按下一步动作');
  await page.screenshot({ path: 'test/e2e/__screenshots__/nightly-run.png', fullPage: true });

  // A supervisor sees the run, without the button (starting one is the admin's: nightly.run).
  await page.getByTestId('logout').click();
  await login(page, 'supervisor1');
  await page.getByTestId('nav-runs').click();
  await expect(page.locator('.ant-table-row', { hasText: asOf }).first()).toContainText('已完成');
  await expect(page.getByTestId('run-now')).toHaveCount(0);
});
