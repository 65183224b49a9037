import { expect, test } from '@playwright/test';
import type { FieldTodayOut } from '../../src/contracts/field.js';
import { login, loginApi, setServerClock as setClock } from './login.js';

// The field collector's phone (issue 8, item 4) at 390×844 with emulated geolocation: field1 signs in and lands on
// today's route (the demo plans one for field1 + field2), opens the first stop, checks in at the address at 10:00 on
// the server's simulated clock (with the partner: the engine allows it) and records "not home"; the route shows the
// stop done; an SOS from the stop reaches supervisor1, who planned the route. zh-CN screenshots: field-route.png,
// field-stop.png in test/e2e/__screenshots__/.
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());


test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString());
});

test("field1 opens today's route, checks in at the first stop and records 'not home'", async ({ page, context, request }) => {
  await setClock(request, `${day}T10:00:00+08:00`);
  await loginApi(request, 'field1');
  const today = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  expect(today.stops.length).toBeGreaterThan(0);
  // The first stop still planned: the board spec checks in the first one when it runs before this one.
  const i = today.stops.findIndex((x) => x.visit.status === 'planned');
  expect(i, 'a planned stop').toBeGreaterThanOrEqual(0);
  const first = today.stops[i]!;
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: first.dossier.address.latitude!, longitude: first.dossier.address.longitude!, accuracy: 20 });

  await login(page, 'field1');
  await expect(page).toHaveURL(/\/field$/);
  await expect(page.getByTestId('field-map')).toBeVisible();
  await expect(page.getByTestId(`field-stop-${i}`)).toContainText(first.dossier.debtorName);
  await expect(page.getByTestId(`field-stop-${i}`).getByTestId('field-stop-status')).toHaveText('待上门');
  await expect(page.getByTestId('field-sos')).toBeVisible();
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-route.png' });

  await page.getByTestId(`field-stop-${i}`).click();
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

  // SOS from the stop: confirmed, then the supervisor who planned the route sees the alert on 外访计划.
  await page.getByTestId('field-sos').click();
  await page.getByTestId('field-sos-confirm').click();
  await expect(page.getByText('已发送紧急求助，主管已收到警报')).toBeVisible();

  await page.getByRole('link', { name: /返回路线/ }).click();
  await expect(page.getByTestId(`field-stop-${i}`).getByTestId('field-stop-status')).toHaveText('已完成');
});

test('check-in is refused for a lone collector (CN-B05) and at 22:10 (CN-B01): the reasons shown, nothing checked in', async ({ page, context, request }) => {
  await setClock(request, `${day}T14:00:00+08:00`);
  await loginApi(request, 'field1');
  const today = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  const stop = today.stops.find((x) => x.visit.status === 'planned')!;
  expect(stop, 'a stop not visited yet').toBeTruthy();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: stop.dossier.address.latitude!, longitude: stop.dossier.address.longitude!, accuracy: 15 });
  await login(page, 'field1');
  await page.goto(`/field/stops/${stop.id}`);
  const checkIn = async (expectRule: string) => {
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/field/stops/${stop.id}/check-in`));
    await page.getByTestId('field-checkin').click();
    const r = await answer;
    expect(r.status()).toBe(409);
    const rules = ((await r.json()) as { error: { issues: Array<{ path: string }> } }).error.issues.map((i) => i.path);
    expect(rules).toContain(expectRule);
    await expect(page.getByTestId('field-checkin-error')).toContainText('合规规则不允许此次上门，未签到');
    await expect(page.getByTestId('field-visit-status')).toHaveText('待上门');
    return rules;
  };
  // Alone: the two-person rule of cn-cba-2026.
  await page.getByTestId('field-partner').click();
  await page.getByTitle('无（单人）').click();
  await checkIn('CN-B05');
  // With the partner, but at 22:10 Beijing time: outside visiting hours.
  await setClock(request, `${day}T22:10:00+08:00`);
  await page.reload();
  const late = await checkIn('CN-B01');
  expect(late).not.toContain('CN-B05');
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-refused.png', fullPage: true });
  await loginApi(request, 'field1');
  const after = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  expect(after.stops.find((x) => x.id === stop.id)!.visit.status).toBe('planned');
});

test('the field view is installable: a manifest that starts at /field', async ({ page, request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const manifest = (await res.json()) as { start_url: string; display: string; icons: Array<{ src: string }> };
  expect(manifest).toMatchObject({ start_url: '/field', display: 'standalone' });
  expect((await request.get(manifest.icons[0]!.src)).ok()).toBe(true);
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
});

test('the supervisor who planned the route sees the SOS', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, isMobile: false, hasTouch: false });
  const page = await context.newPage();
  await login(page, 'supervisor1');
  await page.goto('/visits');
  const alerts = page.getByTestId('field-incidents');
  await expect(alerts).toContainText('SOS 紧急求助');
  await expect(alerts).toContainText('刘建国');
  await context.close();
});
