import { expect, test, type Page } from '@playwright/test';
import { createCreditor, numberInput, openCreditors } from './creditors.js';
import { e2ePassword, login } from './login.js';

// Delinquency policy (逾期政策) of a creditor: an admin creates a creditor, reorders its payment waterfall, moves a
// bucket boundary and sets a penalty rate, saves, reloads and finds them stored; a table that does not start at
// M0 = 0 is refused by the server with the field named; "restore defaults" clears the policy.
const stamp = Date.now().toString(36).toUpperCase();
const code = `E2EDP${stamp}`;
const name = `逾期政策测试${stamp.slice(-4)}`;

const openPolicy = async (page: Page) => {
  await page.getByTestId(`creditor-policy-${code}`).click();
  await expect(page.getByTestId('policy-form')).toBeVisible();
};

test.describe.configure({ mode: 'serial' });

test('an admin edits a creditor’s delinquency policy and finds it stored after a reload', async ({ page }) => {
  expect(e2ePassword, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  await login(page, 'admin');
  await openCreditors(page);

  // A creditor of its own, so other specs' figures are untouched.
  await createCreditor(page, code, name);
  await expect(page.getByTestId(`creditor-policy-${code}`)).toHaveAttribute('data-policy', 'default');

  // The defaults are shown: fees → penalty → interest → principal, M2 from 31 days, licensed cap 24 %.
  await openPolicy(page);
  const drawer = page.getByTestId('policy-drawer');
  await expect(drawer).toContainText(`${name} · 逾期政策`);
  await expect(page.getByTestId('policy-waterfall-item-0')).toContainText('费用');
  await expect(page.getByTestId('policy-waterfall-item-3')).toContainText('本金');
  await expect(numberInput(page, 'policy-bucket-min-2')).toHaveValue('31');
  await expect(numberInput(page, 'policy-cap-licensed')).toHaveValue('24');
  await expect(numberInput(page, 'policy-cap-private')).toHaveAttribute('placeholder', '4 倍 LPR');

  // Principal before interest; M2 from 30 days; an 18 % penalty rate.
  await page.getByTestId('policy-waterfall-up-principal').click();
  await expect(page.getByTestId('policy-waterfall-item-2')).toContainText('本金');
  await expect(page.getByTestId('policy-waterfall-item-3')).toContainText('利息');
  await numberInput(page, 'policy-bucket-min-2').fill('30');
  await numberInput(page, 'policy-penalty-rate').fill('18');

  await page.screenshot({ path: 'test-results/creditor-policy-viewport-zh-CN.png' });
  // The whole drawer in one picture (a tall viewport, so the form does not scroll).
  await page.setViewportSize({ width: 1366, height: 2000 });
  await page.screenshot({ path: 'test-results/creditor-policy-zh-CN.png' });
  await page.setViewportSize({ width: 1366, height: 800 });

  await page.getByTestId('policy-save').click();
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId(`creditor-policy-${code}`)).toHaveAttribute('data-policy', 'custom');

  await page.screenshot({ path: 'test-results/creditors-table-zh-CN.png' });
  await page.reload();
  await expect(page.getByTestId(`creditor-policy-${code}`)).toHaveAttribute('data-policy', 'custom');
  await openPolicy(page);
  await expect(page.getByTestId('policy-waterfall-item-0')).toContainText('费用');
  await expect(page.getByTestId('policy-waterfall-item-1')).toContainText('罚息');
  await expect(page.getByTestId('policy-waterfall-item-2')).toContainText('本金');
  await expect(page.getByTestId('policy-waterfall-item-3')).toContainText('利息');
  await expect(numberInput(page, 'policy-bucket-min-1')).toHaveValue('1');
  await expect(numberInput(page, 'policy-bucket-min-2')).toHaveValue('30');
  await expect(numberInput(page, 'policy-bucket-min-3')).toHaveValue('61');
  await expect(numberInput(page, 'policy-penalty-rate')).toHaveValue('18');
});

test('a bucket table that does not start at 0 is refused with the field named, and defaults can be restored', async ({ page }) => {
  await login(page, 'admin');
  await openCreditors(page);
  await openPolicy(page);

  await numberInput(page, 'policy-bucket-min-0').fill('5');
  await page.getByTestId('policy-save').click();

  // The server's message on the M0 row's minimum, and a summary naming the field.
  const rowError = page.getByTestId('policy-bucket-row-0').locator('.ant-form-item-explain-error');
  await expect(rowError).toBeVisible();
  await expect(rowError).toContainText('逾期政策无效');
  await page.getByTestId('policy-buckets').screenshot({ path: 'test-results/creditor-policy-buckets-error.png' });
  await expect(page.getByTestId('policy-errors')).toContainText('逾期账龄分段 · 第 1 行 · 起始逾期天数');
  await page.setViewportSize({ width: 1366, height: 2000 });
  await page.screenshot({ path: 'test-results/creditor-policy-error-zh-CN.png' });
  await page.setViewportSize({ width: 1366, height: 800 });

  // Nothing was stored: closing and reopening shows the saved table.
  await page.locator('.ant-drawer-close').click();
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await openPolicy(page);
  await expect(numberInput(page, 'policy-bucket-min-0')).toHaveValue('0');
  await expect(numberInput(page, 'policy-bucket-min-2')).toHaveValue('30');

  // Restore defaults: the policy is cleared.
  await page.getByTestId('policy-restore').click();
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId(`creditor-policy-${code}`)).toHaveAttribute('data-policy', 'default');
  await openPolicy(page);
  await expect(page.getByTestId('policy-waterfall-item-3')).toContainText('本金');
  await expect(numberInput(page, 'policy-bucket-min-2')).toHaveValue('31');
});
