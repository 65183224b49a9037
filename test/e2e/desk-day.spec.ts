import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { e2ePassword, login, pickOption } from './login.js';

// A collector's day at the desk (issue 5) on the server's simulated clock (CONCORD_CLOCK, moved by the admin):
// at 22:05 the top case of 我的队列 opens with calling blocked and the next allowed time 08:00; the next morning at
// 10:00 the collector calls, logs a conversation with a promise to pay and sends the follow-up SMS in one click (the
// test SMSC of scripts/e2e.mjs receives it); the supervisor sees the promise on the team board; a collector of
// another team cannot open the case. The browser's clock is set to the server's so "today" agrees.
test.describe.configure({ mode: 'serial' });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const nextDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
const evening = `${day}T22:05:00+08:00`;
const morning = `${nextDay}T10:00:00+08:00`;
let caseUrl = '';
let debtorName = '';

async function setClock(request: APIRequestContext, now: string) {
  const r = await request.post('/api/auth/login', { data: { username: 'admin', password: e2ePassword } });
  expect(r.ok()).toBe(true);
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  const moved = await request.post('/api/admin/clock', { data: { now }, headers: { 'x-csrf-token': csrf } });
  expect(moved.status(), await moved.text()).toBe(200);
}
async function at(page: Page, request: APIRequestContext, now: string, username: string) {
  await setClock(request, now);
  await page.clock.setFixedTime(new Date(now));
  await login(page, username);
}
const smsTexts = async () => ((await (await fetch(process.env.E2E_SMSC_URL!)).json()) as { text: string }[]).map((m) => m.text);

test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString()); // back to the real time for the specs after this one
});

test('22:05: the top case of my queue, calling blocked until 08:00', async ({ page, request }) => {
  await at(page, request, evening, 'collector1');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('queue-row-0')).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test/e2e/__screenshots__/desk-queue.png' });
  await page.getByTestId('queue-row-0').click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  caseUrl = page.url().replace(/[?#].*$/, '');
  const panel = page.getByTestId('policy-panel');
  const call = panel.locator('[data-testid="policy-row"][data-channel="call"]').first();
  await expect(call).toHaveAttribute('data-outcome', 'block');
  await expect(call.getByTestId('policy-action-call')).toBeDisabled();
  await expect(call.getByTestId('policy-next')).toContainText('08:00');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test/e2e/__screenshots__/desk-case-2205.png', fullPage: true });
});

test('10:00 the next day: a conversation with a promise, then the follow-up SMS in one click', async ({ page, request }) => {
  await at(page, request, morning, 'collector1');
  await page.goto(caseUrl);
  await expect(page.getByTestId('case-detail')).toBeVisible();
  debtorName = (await page.getByTestId('case-header-name').textContent())?.trim() ?? '';
  expect(debtorName).not.toBe('');
  const call = page.getByTestId('policy-panel').locator('[data-testid="policy-row"][data-channel="call"][data-outcome="allow"]').first();
  await call.getByTestId('policy-action-call').click();
  await expect(page.getByTestId('attempt-allowed')).toBeVisible();
  await page.getByRole('button', { name: '稍后登记' }).click();

  const card = page.getByTestId('outcome-card');
  await pickOption(page, card.getByTestId('outcome-result'), '有效通话-承诺还款');
  await card.locator('input[data-testid="outcome-promise-amount"], [data-testid="outcome-promise-amount"] input').first().fill('500');
  const date = card.locator('input[data-testid="outcome-promise-date"], [data-testid="outcome-promise-date"] input').first();
  await date.click();
  await date.fill(nextDay);
  await date.press('Enter');
  await card.getByTestId('outcome-notes').fill('债务人称月底发工资后还款 500 元');
  // The debtor asks to meet: a visit to the residence is requested with the outcome.
  await pickOption(page, card.getByTestId('outcome-visit-address'), '住宅地址');
  const sentBefore = (await smsTexts()).length;
  await card.getByTestId('outcome-save').click();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '联系结果已保存' })).toBeVisible();
  await expect(page.locator('.ant-message-notice').filter({ hasText: '上门申请已提交' })).toBeVisible();
  const suggestion = page.getByTestId('followup-suggestion');
  await expect(suggestion).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'test/e2e/__screenshots__/desk-case-1000.png', fullPage: true });
  await suggestion.getByTestId('followup-send').click();
  await expect(page.getByTestId('followup-result')).toContainText('已排队');
  await expect.poll(async () => (await smsTexts()).slice(sentBefore).join('\n'), { timeout: 20_000 }).toContain(debtorName);
});

test('the supervisor sees the promise on the team board', async ({ page, request }) => {
  await at(page, request, morning, 'supervisor1');
  await page.getByTestId('nav-team-board').click();
  await expect(page.getByTestId('board-table')).toBeVisible();
  await expect(page.getByTestId('board-promises-collector1')).not.toHaveText('0');
});

test("a collector of another team cannot open the first collector's case", async ({ page, request }) => {
  await at(page, request, morning, 'collector3');
  await page.goto(caseUrl);
  await expect(page.getByTestId('case-detail')).toHaveCount(0);
  await expect(page.getByTestId('result-404')).toContainText('不在您的数据范围内');
});
