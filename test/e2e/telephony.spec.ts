import { expect, test, type APIRequestContext } from '@playwright/test';
import { e2ePassword, login } from './login.js';

// Click-to-call (issue 5, item 5). A collector starts a call the engine allows; in webhook mode
// (`CONCORD_TELEPHONY=webhook npm run test:e2e -- telephony.spec.ts`) the dialog waits for the dialer and shows the
// events a dialer token posts; in tel mode (the default) 拨打 fetches the attempt's tel: link.
// The engine decides with the real clock: outside calling hours no call is allowed and the test is skipped.

test.describe.configure({ mode: 'serial' });

/** An admin API session (cookie + CSRF header) for setting up a dialer token. */
async function adminApi(request: APIRequestContext) {
  const r = await request.post('/api/auth/login', { data: { username: 'admin', password: e2ePassword } });
  expect(r.ok()).toBe(true);
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  return { headers: { 'x-csrf-token': csrf } };
}

test('a collector calls through the configured adapter once the engine allowed the call', async ({ page, request }) => {
  await login(page, 'collector1');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('cases-table').locator('tbody tr.ant-table-row a').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  const caseId = page.url().split('/').pop()!;
  const panel = page.getByTestId('policy-panel');
  await expect(panel.getByTestId('policy-row').first()).toBeVisible();
  const allowedCall = panel.locator('[data-testid="policy-row"][data-channel="call"][data-outcome="allow"]').first();
  test.skip((await allowedCall.count()) === 0, 'no call is allowed at this hour');

  const created = page.waitForResponse((r) => r.url().endsWith(`/api/cases/${caseId}/attempts`) && r.request().method() === 'POST');
  await allowedCall.getByTestId('policy-action-call').click();
  const attempt = ((await (await created).json()) as { attempt: { id: string; status: string } }).attempt;
  const dialog = page.getByTestId('attempt-result');
  await expect(dialog.getByTestId('attempt-allowed')).toBeVisible();

  const cfg = (await page.evaluate(async () => (await fetch('/api/telephony/config')).json())) as { mode: string };
  if (cfg.mode === 'tel') {
    const dialed = page.waitForResponse((r) => r.url().endsWith(`/api/attempts/${attempt.id}/dial`));
    await dialog.getByTestId('call-dial').click();
    const body = (await (await dialed).json()) as { telUri: string };
    expect(body.telUri).toMatch(/^tel:\+?\d{5,}$/);
    return;
  }
  expect(cfg.mode).toBe('webhook');
  await expect(dialog.getByTestId('call-waiting')).toHaveText('等待外呼系统接通…');

  // The dialer: a token of the case's creditor granted telephony.webhook only.
  const admin = await adminApi(request);
  const c = (await (await request.get(`/api/cases/${caseId}`, admin)).json()) as { creditorId: string };
  const tok = await request.post(`/api/admin/creditors/${c.creditorId}/tokens`, { ...admin, data: { name: `dialer-e2e-${Date.now()}`, scopes: ['telephony.webhook'] } });
  expect(tok.status()).toBe(201);
  const dialer = { Authorization: `Bearer ${((await tok.json()) as { secret: string }).secret}` };
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const post = (data: object) => request.post('/api/telephony/events', { headers: dialer, data: { attemptId: attempt.id, ...data } });
  const id = `e2e-${attempt.id}`;
  // Out of order: the end arrives first.
  expect((await post({ eventId: `${id}-3`, type: 'ended', at: at(65), result: 'rpc_promise', recordingUrl: 'https://rec.dialer.example/e2e.wav' })).status()).toBe(201);
  expect((await post({ eventId: `${id}-1`, type: 'started', at: at(0) })).status()).toBe(201);
  expect((await post({ eventId: `${id}-2`, type: 'answered', at: at(5) })).status()).toBe(201);

  await expect(dialog.getByTestId('call-state')).toHaveText('已挂断');
  await expect(dialog.getByTestId('call-events')).toContainText('开始呼叫');
  await expect(dialog.getByTestId('call-events').locator('.ant-timeline-item')).toHaveCount(3);
  await expect(dialog).toContainText('60 秒');
  await expect(dialog).toContainText('有效通话-承诺还款');
  await expect(dialog).toContainText('https://rec.dialer.example/e2e.wav');
  // The number is never shown in webhook mode.
  await expect(dialog.getByTestId('call-dial')).toHaveCount(0);

  // Logging the outcome: the dialer's result pre-fills the result code of the newest open attempt.
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByTestId('outcome-card')).toBeVisible();
  await expect(page.getByTestId('outcome-dialer-result')).toContainText('有效通话-承诺还款');
  await expect(page.getByTestId('outcome-result')).toContainText('有效通话-承诺还款');
});
