import fs from 'node:fs';
import { login, pickOption } from './login.js';
import { expect, test } from '@playwright/test';

// Negotiation flow (issue 7): a collector opens a case, enters the debtor's income and expenses during the call,
// sees the affordability and at least three options within policy (computed in the browser), opens a schedule,
// stretches the term beyond the collector's authority with the slider, adds a first payment (首期还款), submits it ("提交方案") and sees it waiting for
// a supervisor; the supervisor approves it from the approvals inbox (审批) with a note.
// Demo users (collector1, supervisor1 in 电催一组) share the admin password (scripts/e2e.mjs, `concord serve`).
const password = process.env.E2E_ADMIN_PASSWORD ?? '';


test.describe.configure({ mode: 'serial' });

let caseUrl = '';

test('a collector enters income and expenses, sees three options or more, and submits one', async ({ page }) => {
  expect(password, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  await login(page, 'collector1');
  await page.getByTestId('nav-cases').click();
  const firstCase = page.getByTestId('cases-table').locator('tbody tr.ant-table-row a').first();
  await expect(firstCase).toBeVisible();
  await firstCase.click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  await page.getByTestId('case-tab-negotiation').click(); // the work area's 协商 tab (kept in the URL)
  caseUrl = page.url();

  const card = page.getByTestId('negotiation-card');
  await expect(card).toContainText('协商还款方案');
  await expect(page.getByTestId('neg-owed')).toContainText('¥');
  await page.getByTestId('neg-income').fill('12000');
  await page.getByTestId('neg-expenses').fill('4500');
  await page.getByTestId('neg-other-debts').fill('1500');
  await page.getByTestId('neg-adults').fill('2');
  await page.getByTestId('neg-children').fill('1');

  // Affordability: 12,000 − 4,500 (stated, above the CN allowance of 4,234.06 for 2 adults and a child) − 1,500 = 6,000; half of it.
  await expect(page.getByTestId('neg-disposable')).toHaveText('¥6,000.00');
  await expect(page.getByTestId('neg-max-monthly')).toHaveText('¥3,000.00');
  await expect(page.getByTestId('neg-summary')).toContainText('可支配');

  const rows = page.getByTestId('neg-options').locator('tbody tr.ant-table-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('neg-option-settlement')).toContainText('一次性结清');
  await expect(page.getByTestId('neg-option-interest-free')).toContainText('免息分期');

  // The interest-free plan: open its schedule, choose it, stretch it to 13 months (beyond the collector's 12) on the slider.
  const free = page.getByTestId('neg-option-interest-free');
  await free.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('neg-schedule-interest-free')).toBeVisible();
  await free.locator('.ant-radio-input').check();
  const handle = page.getByTestId('neg-term-slider').getByRole('slider');
  await handle.click();
  for (let m = Number(await handle.getAttribute('aria-valuenow')); m < 13; m++) await handle.press('ArrowRight');
  await expect(page.getByTestId('neg-chosen-figures')).toContainText('13 期');
  await expect(page.getByTestId('neg-variant-schedule').locator('tbody tr.ant-table-row')).toHaveCount(12); // 13 rows, 12 a page
  await expect(page.getByTestId('neg-approval-note')).toContainText('需要主管审批');
  // A first payment (首期还款) today, the rest over the 13 months: from the policy minimum (¥100) one step (¥100) up.
  await page.getByTestId('neg-first-toggle').click();
  await expect(page.getByTestId('neg-chosen-figures')).toContainText('首期 ¥100.00，之后 13 期');
  const firstHandle = page.getByTestId('neg-first-slider').getByRole('slider');
  await firstHandle.focus();
  await firstHandle.press('ArrowRight');
  await expect(page.getByTestId('neg-chosen-figures')).toContainText('首期 ¥200.00，之后 13 期');
  await expect(page.getByTestId('neg-first-verdict')).toContainText('首期还款 ¥200.00 不超过每月可还上限 ¥3,000.00');
  await expect(page.getByTestId('neg-variant-schedule').locator('tbody tr.ant-table-row').first()).toContainText('¥200.00');
  await page.mouse.move(0, 0);
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/negotiation-calculator-zh-CN.png', fullPage: true });
  await card.screenshot({ path: 'test-results/negotiation-card-zh-CN.png' });

  await page.getByTestId('neg-submit').click();
  await expect(page.locator('.ant-message-notice')).toContainText('等待主管审批');
  const plans = page.getByTestId('neg-plans');
  await expect(plans.locator('tbody tr.ant-table-row').first()).toContainText('待审批');
  await expect(plans.locator('tbody tr.ant-table-row').first()).toContainText('13');
  // Stored with the first payment as installment 1.
  await plans.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
  await expect(plans.locator('tr.ant-table-expanded-row tbody tr.ant-table-row').first()).toContainText('¥200.00');

  // A promise to pay.
  await page.getByTestId('neg-promise-amount').fill('800');
  const due = page.getByTestId('neg-promise-due');
  await due.click();
  await due.fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  // Enter confirms the typed date and submits the form (the same as 记录承诺还款).
  await due.press('Enter');
  await expect(page.getByTestId('neg-promises').locator('tbody tr.ant-table-row').first()).toContainText('待履行');

  // The same card in English (the calculator's inputs are kept).
  await page.getByTestId('lang-en').click();
  await expect(card).toContainText('Negotiated repayment plan');
  await expect(page.getByTestId('neg-plans').locator('tbody tr.ant-table-row').first()).toContainText('Awaiting approval');
  await page.mouse.move(0, 0);
  await card.screenshot({ path: 'test-results/negotiation-card-en.png' });
  await page.getByTestId('lang-zh').click();
  await expect(card).toContainText('协商还款方案');
});

test('the supervisor approves it from the approvals inbox', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-approvals').click();
  await expect(page).toHaveURL(/\/approvals$/);
  const row = page.getByTestId('approvals-table').locator('tbody tr.ant-table-row').first();
  await expect(row).toContainText('免息分期');
  await page.mouse.move(0, 0);
  await page.getByTestId('approvals-page').screenshot({ path: 'test-results/negotiation-approvals-zh-CN.png' });
  await row.getByRole('button', { name: '批准' }).click();
  await page.getByTestId('decision-reason').fill('收入稳定，同意延长至 13 期');
  await page.getByTestId('decision-submit').click();
  await expect(page.locator('.ant-message-notice')).toContainText('已批准');
  await page.goto(caseUrl);
  await expect(page.getByTestId('neg-plans').locator('tbody tr.ant-table-row').first()).toContainText('已批准');
});

test('the collector activates the approved plan: the agreement PDF is stored on the case and listed under 文书', async ({ page }) => {
  await login(page, 'collector1');
  await page.goto(caseUrl);
  const row = page.getByTestId('neg-plans').locator('tbody tr.ant-table-row').first();
  await expect(row).toContainText('已批准');
  await row.locator('[data-testid^="neg-activate-"]').click();
  const modal = page.getByTestId('neg-activate-modal');
  await expect(modal).toContainText('CN-C04');
  const preview = await page.getByTestId('neg-agreement-preview').getAttribute('href');
  const pdf = await page.request.get(preview!);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.mouse.move(0, 0);
  await modal.screenshot({ path: 'test-results/negotiation-activate-zh-CN.png' });
  // The confirmation by SMS (the demo's approved 还款方案确认（短信）template) to the debtor's own mobile; the test
  // SMSC of scripts/e2e.mjs is the gateway.
  await pickOption(page, page.getByTestId('neg-confirm-to'), null);
  await pickOption(page, page.getByTestId('neg-confirm-template'), '还款方案确认');
  await page.getByTestId('neg-activate-ok').click();
  await expect(page.locator('.ant-message-notice')).toContainText('协议已保存');
  const smsc = process.env.E2E_SMSC_URL;
  expect(smsc, 'scripts/e2e.mjs sets E2E_SMSC_URL').toBeTruthy();
  await expect.poll(async () => ((await (await fetch(smsc!)).json()) as { text: string }[]).map((m) => m.text).join('\n'), { timeout: 20_000 })
    .toMatch(/还款方案已生效：分\d+期/);
  await expect(row).toContainText('执行中');
  await expect(row.locator('[data-testid^="neg-agreement-"]')).toBeVisible();
  const docs = page.getByTestId('documents-card');
  await expect(docs).toContainText('还款协议');
  const open = await docs.locator('[data-testid^="doc-open-"]').first().getAttribute('href');
  const file = await page.request.get(open!);
  expect(file.status()).toBe(200);
  expect(file.headers()['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  await docs.screenshot({ path: 'test-results/documents-card-zh-CN.png' });
});
