import { expect, test, type APIRequestContext } from '@playwright/test';
import { e2ePassword, login, pickOption } from './login.js';

// Campaigns (issue 6, item 6) on the server's simulated clock: at 22:05 Shanghai a supervisor builds a selection of
// the team's cases, picks the approved reminder SMS (the plan-confirmation template is not offered), previews — every
// case 稍后发送 at 08:00, none allowed now — then creates and starts it and watches it finish; cancelling withdraws
// the messages waiting for 08:00 (so later specs' debtors are not messaged).
test.describe.configure({ mode: 'serial' });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const evening = `${day}T22:05:00+08:00`;

async function setClock(request: APIRequestContext, now: string) {
  const r = await request.post('/api/auth/login', { data: { username: 'admin', password: e2ePassword } });
  expect(r.ok()).toBe(true);
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  const moved = await request.post('/api/admin/clock', { data: { now }, headers: { 'x-csrf-token': csrf } });
  expect(moved.status(), await moved.text()).toBe(200);
}

test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString());
});

test('22:05: preview says 稍后发送 at 08:00; create, start, progress, cancel', async ({ page, request }) => {
  await setClock(request, evening);
  await page.clock.setFixedTime(new Date(evening));
  await login(page, 'supervisor1');
  await page.getByTestId('nav-compliance-templates').click();
  await page.getByTestId('campaigns-tab-label').click();
  const tab = page.getByTestId('campaigns-tab');
  const name = `e2e 群发 ${Date.now()}`;
  await tab.getByTestId('campaign-name').fill(name);
  await tab.getByTestId('campaign-template').click();
  await expect(page.locator('.ant-select-item-option', { hasText: '还款方案确认（短信）' })).toHaveCount(0);
  await pickOption(page, tab.getByTestId('campaign-template'), '逾期还款提醒（短信）');
  await tab.getByTestId('campaign-dpd-min').fill('0');
  await tab.getByTestId('campaign-dpd-max').fill('60');
  await tab.getByTestId('campaign-preview-button').click();
  const preview = tab.getByTestId('campaign-preview');
  await expect(preview).toBeVisible();
  const total = Number(await tab.getByTestId('preview-total').getAttribute('data-count'));
  expect(total).toBeGreaterThan(0);
  await expect(tab.getByTestId('preview-allowed')).toHaveAttribute('data-count', '0');
  const later = Number(await tab.getByTestId('preview-later').getAttribute('data-count'));
  const never = Number(await tab.getByTestId('preview-never').getAttribute('data-count'));
  expect(later + never).toBe(total);
  expect(later).toBeGreaterThan(0);
  await expect(tab.getByTestId('preview-later')).toContainText('08:00');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test/e2e/__screenshots__/campaign-preview.png', fullPage: true });

  await tab.getByTestId('campaign-start').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '开始' }).click();
  const row = tab.getByTestId('campaign-table').locator('tr', { hasText: name });
  await expect(row.getByTestId('campaign-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(row).toContainText(`已排队 ${later}`);

  await row.getByRole('button', { name: '取消活动' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(row.getByTestId('campaign-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(row).toContainText(`跳过 ${total}`);
});
