import { expect, test, type APIRequestContext } from '@playwright/test';
import type { FieldTodayOut } from '../../src/contracts/field.js';
import { e2ePassword, login } from './login.js';

// The field collector's phone (issue 8, item 4) at 390×844 with emulated geolocation: field1 signs in and lands on
// today's route (the demo plans one for field1 + field2), opens the first stop, checks in at the address at 10:00 on
// the server's simulated clock (with the partner: the engine allows it) and records "not home"; the route shows the
// stop done. zh-CN screenshot: test/e2e/__screenshots__/field-route.png.
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function loginApi(request: APIRequestContext, username: string): Promise<string> {
  const r = await request.post('/api/auth/login', { data: { username, password: e2ePassword } });
  expect(r.ok(), await r.text()).toBe(true);
  return ((await r.json()) as { csrfToken: string }).csrfToken;
}
async function setClock(request: APIRequestContext, now: string) {
  const csrf = await loginApi(request, 'admin');
  const moved = await request.post('/api/admin/clock', { data: { now }, headers: { 'x-csrf-token': csrf } });
  expect(moved.status(), await moved.text()).toBe(200);
}

test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString());
});

test("field1 opens today's route, checks in at the first stop and records 'not home'", async ({ page, context, request }) => {
  await setClock(request, `${day}T10:00:00+08:00`);
  await loginApi(request, 'field1');
  const today = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  expect(today.stops.length).toBeGreaterThan(0);
  const first = today.stops[0]!;
  expect(first.visit.status).toBe('planned');
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: first.dossier.address.latitude!, longitude: first.dossier.address.longitude!, accuracy: 20 });

  await login(page, 'field1');
  await expect(page).toHaveURL(/\/field$/);
  await expect(page.getByTestId('field-map')).toBeVisible();
  await expect(page.getByTestId('field-stop-0')).toContainText(first.dossier.debtorName);
  await expect(page.getByTestId('field-stop-0').getByTestId('field-stop-status')).toHaveText('待上门');
  await expect(page.getByTestId('field-sos')).toBeVisible();
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-route.png' });

  await page.getByTestId('field-stop-0').click();
  await expect(page.getByTestId('field-dossier')).toContainText(first.dossier.creditorName);
  await page.getByTestId('field-checkin').click();
  await expect(page.getByTestId('field-checkin-result')).toContainText('已签到：距地址 0 米，精度 20 米');
  await expect(page.getByTestId('field-visit-status')).toHaveText('已签到');

  await page.getByTestId('field-outcome-code').click();
  await page.getByTitle('无人在家').click();
  await page.getByTestId('field-outcome-notes').fill('敲门无人应答');
  await page.getByTestId('field-outcome-save').click();
  await expect(page.getByTestId('field-outcome-done')).toContainText('无人在家');
  await expect(page.getByTestId('field-visit-status')).toHaveText('已完成');
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-stop.png', fullPage: true });

  await page.getByRole('link', { name: /返回路线/ }).click();
  await expect(page.getByTestId('field-stop-0').getByTestId('field-stop-status')).toHaveText('已完成');
});
