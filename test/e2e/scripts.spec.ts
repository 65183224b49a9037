import { expect, test } from '@playwright/test';
import { login } from './login.js';

// The call script (issue 5, item 2): a supervisor edits it under the packs' content rules (话术管理); a collector reads
// it on the case page with the debtor's language or dialect first and the situation chips.
test('a supervisor edits the script (a threat refused inline), and the case page shows it with the language to use', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-compliance-scripts').click();
  await expect(page.getByTestId('scripts-page')).toBeVisible();
  const refusal = page.getByTestId('script-section-refusal');
  const body = refusal.getByTestId('script-refusal-body');
  const original = await body.inputValue();
  expect(original.length).toBeGreaterThan(0);

  // A threat is refused by the server; the reason (section, rule, offending text) shows under the field.
  await body.fill('不还钱就让你坐牢。');
  await page.getByTestId('scripts-save').click();
  await expect(refusal.locator('.ant-form-item-explain-error').first()).toContainText('坐牢');
  await expect(refusal.locator('.ant-form-item-explain-error').first()).toContainText('拒绝还款');
  await expect(page.getByTestId('scripts-error')).toBeVisible();

  // A clean line is saved: the section moves to version 2 and names the editor.
  const line = `我尊重您的决定。能说说您的顾虑吗？我们一起找一个您能接受的办法。（${Date.now() % 1000}）`;
  await body.fill(line);
  await page.getByTestId('scripts-save').click();
  await expect(refusal).toContainText('v2');
  await expect(page.getByTestId('script-refusal-body')).toHaveValue(line);

  // The case page: a case in Cantonese when the queue has one, otherwise the first case.
  const queued = page.waitForResponse((r) => r.url().includes('/api/queue') && r.url().includes('language=yue'));
  await page.goto('/queue?language=yue');
  const found = ((await (await queued).json()) as { items: unknown[] }).items.length;
  await expect(page.getByTestId('queue-table')).toBeVisible();
  const yue = found > 0;
  if (!yue) await page.goto('/queue');
  await page.getByTestId('queue-row-0').click();
  const panel = page.getByTestId('script-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('script-language')).toContainText('请使用：');
  if (yue) await expect(panel.getByTestId('script-language')).toContainText('粤语');
  await expect(panel.getByTestId('script-opening-body')).not.toContainText('{{');
  await expect(panel.getByTestId('script-reason')).not.toBeEmpty();

  // Switching chips shows that situation's lines; the edited refusal line is the one shown.
  await panel.getByTestId('script-chip-third_party').click();
  await expect(panel.getByTestId('script-situation-body')).toContainText('回个电话');
  await panel.getByTestId('script-chip-refusal').click();
  await expect(panel.getByTestId('script-situation-body')).toContainText(line);

  // Collapsible.
  await panel.getByTestId('script-toggle').click();
  await expect(panel.getByTestId('script-opening-body')).toBeHidden();
  await panel.getByTestId('script-toggle').click();
  await expect(panel.getByTestId('script-opening-body')).toBeVisible();
});
