import { expect, test } from '@playwright/test';
import { login, pickOption } from './login.js';

// Compliance flow: a compliance officer simulates a call at 22:30 (blocked by CN-G01 until 08:00 the next morning),
// sees a bad scenario's field named next to the JSON, browses the rule packs and the decision log; a collector opens
// a case and sees "what may I do now" for it, and can start an attempt where one is allowed.
// Demo users (compliance1, collector1) share the admin password (scripts/e2e.mjs, `concord serve`).
const password = process.env.E2E_ADMIN_PASSWORD ?? '';


/** The day after a YYYY-MM-DD date. */
const nextDay = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

test.describe.configure({ mode: 'serial' });

test('a compliance officer simulates a call at 22:30 and sees it blocked by CN-G01 until 08:00', async ({ page }) => {
  expect(password, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  await login(page, 'compliance1');
  await expect(page.getByTestId('nav-compliance')).toHaveText('合规');
  await page.getByTestId('nav-compliance-simulator').click();
  await expect(page).toHaveURL(/\/compliance\/simulator$/);
  await expect(page.getByTestId('sim-result')).toContainText('运行检查');

  // Planned time: 22:30 on the day the picker shows (Asia/Shanghai by default); default packs: cn-default.
  const at = page.getByTestId('sim-at');
  const day = (await at.inputValue()).slice(0, 10);
  expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await at.click();
  await at.fill(`${day} 22:30`);
  await at.press('Enter');
  await expect(at).toHaveValue(`${day} 22:30`);
  await expect(page.getByTestId('sim-packs')).toContainText('cn-default');
  await page.getByTestId('sim-run').click();

  await expect(page.getByTestId('sim-outcome')).toHaveText('禁止');
  await expect(page.getByTestId('reason-CN-G01')).toBeVisible();
  await expect(page.getByTestId('reason-CN-G01')).toContainText('国家标准');
  await expect(page.getByTestId('sim-next')).toContainText(`${nextDay(day)} 08:00`);

  // The JSON tab holds the same scenario; a malformed instant is named next to it.
  await page.getByTestId('sim-tab-json').click();
  const json = page.getByTestId('sim-json');
  await expect(json).toHaveValue(new RegExp(`"at": "${day}T22:30:00\\+08:00"`));
  const text = await json.inputValue();
  await json.fill(text.replace(`"at": "${day}T22:30:00+08:00"`, `"at": "${day} 22:30"`));
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-issues')).toBeVisible();
  await expect(page.getByTestId('sim-issues')).toContainText('at');
  // Restored to the form's scenario, it runs again as-is.
  await page.getByTestId('sim-json-reset').click();
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-issues')).toHaveCount(0);
  await expect(page.getByTestId('sim-outcome')).toHaveText('禁止');
});

test('the rule packs page lists the sets and the rules with their parameters', async ({ page }) => {
  await login(page, 'compliance1');
  await page.getByTestId('nav-compliance-packs').click();
  await expect(page).toHaveURL(/\/compliance\/packs$/);
  await expect(page.getByTestId('set-cn-default')).toContainText('cn-gbt-45251-2025');
  await page.getByTestId('pack-cn-gbt-45251-2025').click();
  const rules = page.getByTestId('rules-cn-gbt-45251-2025');
  await expect(rules).toBeVisible();
  const g02 = rules.locator('tr', { hasText: 'CN-G02' });
  await expect(g02).toContainText('国家标准');
  await expect(g02).toContainText('禁止');
  await expect(g02).toContainText('上限：3');
});

test('a collector sees what may be done now on a case', async ({ page }) => {
  await login(page, 'collector1');
  await expect(page.getByTestId('nav-compliance')).toHaveCount(0);
  await page.getByTestId('nav-cases').click();
  const firstCase = page.getByTestId('cases-table').locator('tbody tr.ant-table-row a').first();
  await expect(firstCase).toBeVisible();
  await firstCase.click();
  await expect(page.getByTestId('case-detail')).toBeVisible();

  const panel = page.getByTestId('policy-panel');
  await expect(panel).toContainText('合规：现在可以做什么');
  const rows = panel.getByTestId('policy-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first().getByTestId('policy-outcome')).toHaveText(/允许|警告|禁止/);
  await panel.getByTestId('policy-refresh').click();
  await expect(rows.first()).toBeVisible();

  // The outcome depends on the hour the suite runs at: a call allowed now can be attempted and its result recorded;
  // a blocked one has its button disabled.
  const allowedCall = panel.locator('[data-testid="policy-row"][data-channel="call"][data-outcome="allow"]').first();
  if ((await allowedCall.count()) > 0) {
    await allowedCall.getByTestId('policy-action-call').click();
    const dialog = page.getByTestId('attempt-result');
    await expect(dialog).toBeVisible();
    if ((await dialog.getByTestId('attempt-allowed').count()) > 0) {
      await pickOption(page, dialog.getByTestId('attempt-result-code'), '无人接听');
      await page.getByTestId('attempt-complete').click();
      await expect(page.locator('.ant-message')).toContainText('已登记联系结果');
    } else {
      await expect(dialog.getByTestId('attempt-blocked')).toBeVisible();
    }
  } else {
    const blockedCall = panel.locator('[data-testid="policy-row"][data-channel="call"][data-outcome="block"]').first();
    if ((await blockedCall.count()) > 0) await expect(blockedCall.getByTestId('policy-action-call')).toBeDisabled();
  }
});

test('the decision log lists recorded decisions and filters by outcome', async ({ page }) => {
  await login(page, 'compliance1');
  await page.getByTestId('nav-compliance-decisions').click();
  await expect(page).toHaveURL(/\/compliance\/decisions$/);
  await expect(page.getByTestId('decision-log')).toContainText('合规决策日志');
  await expect(page.getByTestId('blocked-by-rule')).toBeVisible();
  await pickOption(page, page.getByTestId('log-outcome'), '禁止');
  await expect(page).toHaveURL(/outcome=block/);
  await expect(page.getByTestId('decision-table')).toBeVisible();
});
