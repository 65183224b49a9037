import { expect, test, type APIRequestContext } from '@playwright/test';
import { e2ePassword, login, pickOption } from './login.js';

// Supervisor tools (issue 5, item 6). collector1 logs a conversation with a promise to pay through the API (the
// engine decides with the real clock: outside calling hours the call is blocked, and the blocked column counts it
// instead); supervisor1 (电催一组) opens 团队看板 and sees it on collector1's row, then reassigns and recalls a case
// from the case list, and opens the 审批 inbox.

test.describe.configure({ mode: 'serial' });

type Board = { rows: Array<{ username: string; promisesMade: number; blocked: number; attempts: number }> };

async function apiLogin(request: APIRequestContext, username: string) {
  const r = await request.post('/api/auth/login', { data: { username, password: e2ePassword } });
  expect(r.ok()).toBe(true);
  return { headers: { 'x-csrf-token': ((await r.json()) as { csrfToken: string }).csrfToken } };
}

const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

let expected: { column: 'promises' | 'blocked'; value: number } | null = null;

test('collector1 logs a promise (or is blocked); supervisor1 sees it on the team board', async ({ page, request, playwright }) => {
  expect(e2ePassword, 'set E2E_ADMIN_PASSWORD').not.toBe('');
  // The supervisor's count before, from the API.
  const sup = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await apiLogin(sup, 'supervisor1');
  const before = ((await (await sup.get('/api/team-board')).json()) as Board).rows.find((r) => r.username === 'collector1')!;
  expect(before).toBeTruthy();

  const col = await apiLogin(request, 'collector1');
  const queue = (await (await request.get('/api/queue?pageSize=50')).json()) as { items: Array<{ caseId: string }> };
  let done = false;
  for (const item of queue.items) {
    const c = (await (await request.get(`/api/cases/${item.caseId}`)).json()) as { debtor: { id: string }; phones: Array<{ id: string; status: string; contactPersonId: string | null }> };
    const phone = c.phones.find((p) => p.status !== 'invalid' && p.contactPersonId === null);
    if (!phone) continue;
    const a = await request.post(`/api/cases/${item.caseId}/attempts`, { ...col, data: { channel: 'call', partyKind: 'debtor', partyId: c.debtor.id, contactPointId: phone.id, recording: true } });
    expect(a.status()).toBe(201);
    const attempt = ((await a.json()) as { attempt: { id: string; status: string } }).attempt;
    if (attempt.status === 'allowed') {
      const out = await request.post(`/api/attempts/${attempt.id}/outcome`, { ...col, data: { resultCode: 'rpc_promise', rightParty: true, promise: { amountMinor: 20_000, dueDate: shanghaiToday() } } });
      expect(out.status()).toBe(200);
      expected = { column: 'promises', value: before.promisesMade + 1 };
    } else {
      expected = { column: 'blocked', value: before.blocked + 1 };
    }
    done = true;
    break;
  }
  expect(done, 'a case in collector1’s queue with a usable phone').toBe(true);
  await sup.dispose();

  await login(page, 'supervisor1');
  await page.getByTestId('nav-team-board').click();
  await expect(page).toHaveURL(/\/team-board$/);
  await expect(page.getByTestId('board-table')).toBeVisible();
  await expect(page.getByTestId(`board-${expected!.column}-collector1`)).toHaveText(String(expected!.value));
  await expect(page.getByTestId('board-totals')).toBeVisible();
  await expect(page.getByTestId('team-board')).toContainText('电催一组');
  await page.getByTestId('team-board').screenshot({ path: 'test-results/team-board-zh-CN.png' });
});

test('supervisor1 reassigns a case to 陈静 and recalls it from the case list', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-cases').click();
  const row = page.getByTestId('cases-table').locator('tbody tr.ant-table-row').first();
  await expect(row).toBeVisible();
  const caseId = (await row.getAttribute('data-row-key'))!;
  await row.locator('.ant-checkbox-input').check();

  await page.getByTestId('cases-reassign').click();
  await pickOption(page, page.getByTestId('assign-user'), '陈静');
  await page.getByTestId('assign-submit').click();
  await expect(page.locator('.ant-message')).toContainText('已重新分配 1 个案件');
  const assigned = (await (await page.request.get(`/api/cases/${caseId}`)).json()) as { assignedUserName: string | null; status: string };
  expect(assigned).toMatchObject({ assignedUserName: '陈静', status: 'open' });

  await page.getByTestId('cases-table').locator(`tbody tr[data-row-key="${caseId}"] .ant-checkbox-input`).check();
  await page.getByTestId('cases-recall').click();
  await page.getByTestId('recall-submit').click();
  await expect(page.getByText('请填写收回原因（至少 2 个字）')).toBeVisible();
  await page.getByTestId('recall-reason').fill('质检复核，暂停催收');
  await page.getByTestId('recall-submit').click();
  await expect(page.locator('.ant-message')).toContainText('已收回 1 个案件');
  await expect(page.getByTestId('cases-table').locator(`tbody tr[data-row-key="${caseId}"]`)).toContainText('已撤回');
});

test('the approvals inbox opens on the plans tab with its tabs', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-approvals').click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByTestId('approvals-page')).toBeVisible();
  await expect(page.getByTestId('inbox-tab-visits')).toBeVisible();
  await page.getByTestId('inbox-tab-visits').click();
  await expect(page.getByTestId('inbox-visits')).toBeVisible();
  await page.getByTestId('approvals-inbox').screenshot({ path: 'test-results/approvals-inbox-zh-CN.png' });
});
