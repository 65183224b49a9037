import { expect, test } from '@playwright/test';
import { login } from './login.js';

// The case page for all-day use (issue 5, item 2): a header strip, the debtor 360 on the left, the work area in tabs on
// the right; an outcome logged in 联系 shows at the top of 时间线 without a reload. The engine decides with the real
// clock: outside calling hours no call is allowed, and the outcome part is skipped (the page and its screenshot are not).

test('a collector logs an outcome and sees it first on the case timeline', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, 'collector1');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-table').locator('tbody tr.ant-table-row a').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();

  // Header strip: the debtor's name, the language to speak, the collector.
  const header = page.getByTestId('case-header');
  await expect(header.getByTestId('case-header-name')).not.toBeEmpty();
  await expect(header.getByTestId('case-header-language')).toBeVisible();
  await expect(header.getByTestId('case-header-collector')).toContainText('催收员');
  await expect(header.getByTestId('case-header-total')).toContainText('¥');
  // Two columns on a wide screen: the 360 beside the work area.
  const left = await page.getByTestId('case-360').boundingBox();
  const right = await page.getByTestId('case-work').boundingBox();
  expect(left && right && right.x > left.x + left.width - 1).toBe(true);

  const panel = page.getByTestId('policy-panel');
  await expect(panel.getByTestId('policy-row').first()).toBeVisible();
  const allowedCall = panel.locator('[data-testid="policy-row"][data-channel="call"][data-outcome="allow"]').first();
  const canCall = (await allowedCall.count()) > 0;
  const notes = `时间线测试 ${Date.now()}`;
  if (canCall) {
    await allowedCall.getByTestId('policy-action-call').click();
    await expect(page.getByTestId('attempt-result').getByTestId('attempt-allowed')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('attempt-result')).toBeHidden();
    const card = page.getByTestId('outcome-card');
    await card.getByTestId('outcome-result').click();
    await page.locator('.ant-select-dropdown:visible').getByText('无人接听', { exact: true }).click();
    await card.getByTestId('outcome-rpc').click(); // nobody answered: not the right party
    await card.getByTestId('outcome-notes').fill(notes);
    const saved = page.waitForResponse((r) => /\/api\/attempts\/[^/]+\/outcome$/.test(r.url()) && r.request().method() === 'POST');
    await card.getByTestId('outcome-save').click();
    expect((await saved).status()).toBe(200);
  }

  await page.getByTestId('case-tab-timeline').click();
  const timeline = page.getByTestId('case-timeline');
  await expect(timeline).toBeVisible();
  await expect(timeline.getByTestId('timeline-filter-all')).toHaveText('全部');
  // A collector is not shown who revealed what (oversight data).
  await expect(timeline.getByTestId('timeline-filter-reveal')).toHaveCount(0);
  if (canCall) {
    const first = timeline.getByTestId('timeline-entry').first();
    await expect(first).toHaveAttribute('data-kind', 'attempt');
    await expect(first).toContainText('电话联系：无人接听');
    await expect(first).toContainText(notes);
    await expect(first).toContainText('合规：允许');
    // The kind filter: only payments, then all again.
    await timeline.getByTestId('timeline-filter-payment').click();
    await expect(timeline.getByTestId('timeline-entry').filter({ hasText: notes })).toHaveCount(0);
    await timeline.getByTestId('timeline-filter-all').click();
    await expect(timeline.getByTestId('timeline-entry').first()).toContainText(notes);
  }
  // The tab is in the URL: a reload comes back to it.
  await expect(page).toHaveURL(/[?&]tab=timeline/);
  await page.reload();
  await expect(page.getByTestId('case-timeline')).toBeVisible();
  await page.screenshot({ path: 'test/e2e/__screenshots__/case-view.png', fullPage: false });
});
