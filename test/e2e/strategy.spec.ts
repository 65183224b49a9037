import { expect, test } from '@playwright/test';
import { login, pickOption } from './login.js';

// 策略 (issue 9, part 3): supervisor1 creates a strategy (a draft holding the built-in rules), edits a segment's
// name and conditions and a treatment step's template (picked from the approved SMS templates), saves, simulates on
// today's demo book (nothing written), and activates it after confirming; the version becomes read-only. The activated version is retired at the end so later specs and
// tonight's demo run keep the built-in rules.
test('supervisor edits a draft, simulates, activates', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-strategies').click();
  await expect(page.getByRole('heading', { name: '策略' })).toBeVisible();
  const name = `e2e 策略 ${Date.now()}`;
  await page.getByTestId('new-strategy-name').fill(name);
  await page.getByTestId('new-strategy').click();
  await expect(page.getByTestId('version-status')).toHaveText('草稿');

  // Segment 3 (低分早期有手机): rename and widen the DPD range; its treatment's step gets a template.
  await page.getByTestId('segment-2-name-zh').fill('早期低分短信');
  await page.getByTestId('segment-2-when-dpd-max').fill('45');
  // The step's template: one of the approved SMS templates (activation refuses a template that is not).
  await pickOption(page, page.getByTestId('t2-step0-template'), '逾期还款提醒（短信）');
  await expect(page.getByTestId('t2-step0-template')).toContainText('逾期还款提醒（短信）');
  await page.getByTestId('strategy-save').click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  await page.getByText('JSON 视图').click();
  await expect(page.getByTestId('strategy-json')).toHaveValue(/"max": 45/);

  await page.getByTestId('strategy-validate').click();
  await expect(page.getByTestId('strategy-valid')).toBeVisible();
  await page.getByTestId('strategy-simulate').click();
  const sim = page.getByTestId('simulation');
  await expect(sim).toContainText('未写入任何数据');
  await expect(sim.locator('.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: 'test/e2e/__screenshots__/strategy.png', fullPage: true });

  await page.getByTestId('strategy-activate').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '启用' }).click();
  await expect(page.getByTestId('version-status')).toHaveText('已启用');
  await expect(page.getByTestId('segment-2-name-zh')).toBeDisabled();
  await expect(page.getByTestId(`version-${name}-1`)).toContainText('冠军');

  await page.getByTestId('strategy-retire').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '停用' }).click();
  await expect(page.getByTestId('version-status')).toHaveText('已停用');
});
