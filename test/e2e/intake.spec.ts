import fs from 'node:fs';
import { login, pickOption } from './login.js';
import { expect, test } from '@playwright/test';

// Import page: a supervisor's small placements file is uploaded staged; the preview shows the mapping recognised from
// the column names with the one unknown column ("授信额度") left out and every row failing for it; mapping that
// column to 借款金额 validates the rows again (one bad phone left); the import runs and its report adds up.
const password = process.env.E2E_ADMIN_PASSWORD ?? '';
const stamp = Date.now().toString(36).toUpperCase();

const header = ['客户编号', '姓名', '手机号码', '借款编号', '产品名称', '授信额度', '年化利率', '放款日期', '借款期数', '出借人类型', '剩余本金', '剩余利息', '逾期起始日'];
const row = (i: number, phone = `1380013${String(1000 + i)}`) =>
  [`E2E${stamp}${i}`, ['王芳', '李强', '张伟', '刘洋'][i % 4]!, phone, `E2EL${stamp}${i}`, '现金贷', String(10000 + i * 500), '18%', '2025-01-15', '12', '持牌', '8000.50', '120.00', '2026-10-01'].join(',');
const file = [header.join(','), row(1), row(2, '123'), row(3), row(4)].join('\r\n') + '\r\n';

test('upload staged, check the preview, map one column, run, see the report', async ({ page }) => {
  expect(password, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  await login(page, 'admin');
  await page.getByTestId('nav-intake').click();
  await expect(page).toHaveURL(/\/intake$/);

  await pickOption(page, page.getByTestId('import-creditor'), null);
  await page.locator('input[type=file]').setInputFiles({ name: `委案-e2e-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') });
  await expect(page.getByTestId('import-submit')).toHaveText(/上传并预览/);
  await page.getByTestId('import-submit').click();

  // The preview: auto mapping, the principal column not recognised, so every row fails for it.
  const staged = page.getByTestId('import-staged');
  await expect(staged).toBeVisible();
  await expect(page.getByTestId('import-mapping-source-auto')).toHaveText('按列名自动识别');
  await expect(page.getByTestId('import-file-info')).toContainText('13 列');
  await expect(page.getByTestId('import-mapping-errors')).toContainText('缺少必填列「借款金额」');
  await expect(page.getByTestId('import-preview-summary')).toHaveText('前 4 行中：0 行通过，4 行将被拒绝');
  await expect(page.getByTestId('import-run')).toBeDisabled();

  // Map 授信额度 → 借款金额: the preview is validated again; only the bad phone remains, highlighted in its cell.
  await pickOption(page, page.getByTestId('import-map-principal'), '授信额度');
  await expect(page.getByTestId('import-mapping-ok')).toBeVisible();
  await expect(page.getByTestId('import-mapping-source-given')).toBeVisible();
  await expect(page.getByTestId('import-preview-summary')).toHaveText('前 4 行中：3 行通过，1 行将被拒绝');
  await expect(page.getByTestId('import-row-bad-2')).toBeVisible();
  await expect(page.getByTestId('import-cell-bad-2-2')).toHaveText('123');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.getByTestId('import-cell-bad-2-2').hover();
  await expect(page.locator('.ant-tooltip:visible')).toContainText(/手机|号码/);
  await page.mouse.move(0, 0);
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/intake-preview-zh-CN.png', fullPage: true });

  await page.getByTestId('import-save-mapping').check();
  await expect(page.getByTestId('import-run')).toBeEnabled();
  await page.getByTestId('import-run').click();

  // The report: 3 accepted + 1 rejected = 4, with the rejected rows to download.
  const live = page.getByTestId('import-live');
  await expect(live).toContainText('已完成', { timeout: 30_000 });
  await expect(page.getByTestId('import-live-total')).toHaveText('4');
  await expect(page.getByTestId('import-live-accepted')).toHaveText('3');
  await expect(page.getByTestId('import-live-rejected')).toHaveText('1');
  await expect(page.getByTestId('import-balance-ok').first()).toBeVisible();
  await expect(live.getByRole('link', { name: /下载被拒行/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/intake-report-zh-CN.png', fullPage: true });
});
