import { expect, test, type Page } from '@playwright/test';
import { createCreditor, numberInput, openCreditors } from './creditors.js';
import { e2ePassword, login } from './login.js';

// Negotiation policy (协商政策) of a creditor: an admin opens the drawer on a new creditor (the defaults shown),
// raises the collector's maximum discount and sets M1's maximum term, saves, reloads and finds them stored; a
// supervisor limit below the collector's is refused by the server with its zh-CN reason on that field; "restore
// defaults" clears the policy.
const stamp = Date.now().toString(36).toUpperCase();
const code = `E2ENP${stamp}`;
const name = `协商政策测试${stamp.slice(-4)}`;

const openPolicy = async (page: Page) => {
  await page.getByTestId(`creditor-negotiation-${code}`).click();
  await expect(page.getByTestId('negotiation-form')).toBeVisible();
};

test.describe.configure({ mode: 'serial' });

test('an admin edits a creditor’s negotiation policy and finds it stored after a reload', async ({ page }) => {
  expect(e2ePassword, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  await login(page, 'admin');
  await openCreditors(page);

  // A creditor of its own, so other specs' cases are untouched.
  await createCreditor(page, code, name);
  await expect(page.getByTestId(`creditor-negotiation-${code}`)).toHaveAttribute('data-policy', 'default');

  // The defaults: 36 months / ¥100 / 20 % for the default bucket, M1 follows it (empty, 36 in grey), M4 48 months;
  // the collector may approve 10 %, the supervisor 30 %; 3 grace days.
  await openPolicy(page);
  await expect(page.getByTestId('negotiation-drawer')).toContainText(`${name} · 协商政策`);
  await expect(numberInput(page, 'negotiation-default-maxTermMonths')).toHaveValue('36');
  await expect(numberInput(page, 'negotiation-default-minInstallment')).toHaveValue('100.00');
  await expect(numberInput(page, 'negotiation-default-maxDiscountPct')).toHaveValue('20');
  await expect(numberInput(page, 'negotiation-bucket-M1-maxTermMonths')).toHaveValue('');
  await expect(numberInput(page, 'negotiation-bucket-M1-maxTermMonths')).toHaveAttribute('placeholder', '36');
  await expect(numberInput(page, 'negotiation-bucket-M4-maxTermMonths')).toHaveValue('48');
  await expect(numberInput(page, 'negotiation-authority-collector-maxDiscountPct')).toHaveValue('10');
  await expect(numberInput(page, 'negotiation-authority-supervisor-maxDiscountPct')).toHaveValue('30');
  await expect(numberInput(page, 'negotiation-grace-days')).toHaveValue('3');

  // The collector may now approve 15 %; M1 plans up to 18 months.
  await numberInput(page, 'negotiation-authority-collector-maxDiscountPct').fill('15');
  await numberInput(page, 'negotiation-bucket-M1-maxTermMonths').fill('18');

  await page.setViewportSize({ width: 1366, height: 2200 });
  await page.screenshot({ path: 'test-results/negotiation-policy-zh-CN.png' });
  await page.setViewportSize({ width: 1366, height: 800 });

  await page.getByTestId('negotiation-save').click();
  await expect(page.getByTestId('negotiation-form')).toHaveCount(0);
  await expect(page.getByTestId(`creditor-negotiation-${code}`)).toHaveAttribute('data-policy', 'custom');

  await page.reload();
  await expect(page.getByTestId(`creditor-negotiation-${code}`)).toHaveAttribute('data-policy', 'custom');
  await page.getByTestId('creditors-table').screenshot({ path: 'test-results/creditors-table-negotiation-zh-CN.png' });
  await openPolicy(page);
  await expect(numberInput(page, 'negotiation-authority-collector-maxDiscountPct')).toHaveValue('15');
  await expect(numberInput(page, 'negotiation-bucket-M1-maxTermMonths')).toHaveValue('18');
  await expect(numberInput(page, 'negotiation-bucket-M2-maxTermMonths')).toHaveValue('');
  await expect(numberInput(page, 'negotiation-bucket-M4-maxTermMonths')).toHaveValue('48');
  await expect(numberInput(page, 'negotiation-authority-supervisor-maxDiscountPct')).toHaveValue('30');
});

test('a supervisor limit below the collector’s is refused on that field in Chinese, and defaults can be restored', async ({ page }) => {
  await login(page, 'admin');
  await openCreditors(page);
  await openPolicy(page);

  await numberInput(page, 'negotiation-authority-supervisor-maxDiscountPct').fill('12');
  await page.getByTestId('negotiation-save').click();

  // The server's reason on the supervisor's discount, and a summary naming the field.
  const fieldError = page.getByTestId('negotiation-authority-supervisor').locator('.ant-form-item-explain-error');
  await expect(fieldError).toHaveCount(1);
  await expect(fieldError).toContainText('协商政策无效：主管权限不得低于催收员权限');
  await expect(page.getByTestId('negotiation-errors')).toContainText('审批权限 · 主管 · 最高减免比例');
  await page.setViewportSize({ width: 1366, height: 2200 });
  await page.screenshot({ path: 'test-results/negotiation-policy-error-zh-CN.png' });
  await page.setViewportSize({ width: 1366, height: 800 });

  // Nothing was stored: reopened, the saved limits are shown.
  await page.locator('.ant-drawer-close').click();
  await expect(page.getByTestId('negotiation-form')).toHaveCount(0);
  await openPolicy(page);
  await expect(numberInput(page, 'negotiation-authority-supervisor-maxDiscountPct')).toHaveValue('30');
  await expect(numberInput(page, 'negotiation-authority-collector-maxDiscountPct')).toHaveValue('15');

  // Restore defaults: the policy is cleared.
  await page.getByTestId('negotiation-restore').click();
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
  await expect(page.getByTestId('negotiation-form')).toHaveCount(0);
  await expect(page.getByTestId(`creditor-negotiation-${code}`)).toHaveAttribute('data-policy', 'default');
  await openPolicy(page);
  await expect(numberInput(page, 'negotiation-authority-collector-maxDiscountPct')).toHaveValue('10');
  await expect(numberInput(page, 'negotiation-bucket-M1-maxTermMonths')).toHaveValue('');
});
