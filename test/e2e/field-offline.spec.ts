import { expect, test } from '@playwright/test';
import type { FieldTodayOut } from '../../src/contracts/field.js';
import { login, loginApi, setServerClock as setClock } from './login.js';

// The field phone offline (issue 8, item 5) at 390×844 with emulated geolocation: field1 opens today's route online
// (the service worker caches the shell and the route), the network goes away, the page still opens from the cache;
// field1 checks in at a planned stop, records "not home" (无人在家) and takes a photo — all waiting in the outbox,
// shown as "离线 · 3 条待同步"; back online the outbox replays in order, and supervisor1 (who planned the route) sees
// the visit with its outcome and the photo on 外访计划. The page's clock is set to the server's simulated 10:30, so
// the captured times are the server's. Screenshot: test/e2e/__screenshots__/field-offline.png.
test.describe.configure({ mode: 'serial' });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = `${day}T10:30:00+08:00`;
/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201' + 'a5e7d2b20000000049454e44ae426082', 'hex');


test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString());
});

test('field1 works a stop offline; the outbox syncs on reconnect and supervisor1 sees the visit with its photo', async ({ browser, request }) => {
  test.setTimeout(150_000);
  await setClock(request, at);
  await loginApi(request, 'field1');
  const today = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  // The last stop still planned: field-route.spec.ts works the first one, in whichever order the specs run.
  const index = today.stops.map((s) => s.visit.status).lastIndexOf('planned');
  expect(index).toBeGreaterThan(0);
  const stop = today.stops[index]!;

  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'], geolocation: { latitude: stop.dossier.address.latitude!, longitude: stop.dossier.address.longitude!, accuracy: 15 },
  });
  const page = await context.newPage();
  await page.clock.install({ time: new Date(at) });
  await login(page, 'field1');
  await expect(page).toHaveURL(/\/field$/);
  // The service worker takes over; one more load goes through it and fills its cache.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await expect(page.getByTestId(`field-stop-${index}`)).toContainText(stop.dossier.debtorName);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId(`field-stop-${index}`)).toContainText(stop.dossier.debtorName);
  await expect(page.getByTestId('field-outbox-title')).toHaveText('离线 · 0 条待同步');
  await page.getByTestId(`field-stop-${index}`).click();
  await expect(page.getByTestId('field-dossier')).toContainText(stop.dossier.creditorName);

  await page.getByTestId('field-checkin').click();
  await expect(page.getByTestId('field-visit-status')).toHaveText('已签到 · 待同步');
  await expect(page.getByTestId('field-outbox-title')).toHaveText('离线 · 1 条待同步');

  await page.getByTestId('field-outcome-code').click();
  await page.getByTitle('无人在家').click();
  await page.getByTestId('field-outcome-notes').fill('敲门无人应答（离线记录）');
  await page.getByTestId('field-outcome-save').click();
  await expect(page.getByTestId('field-visit-status')).toHaveText('已完成 · 待同步');

  await page.getByTestId('field-photo-input').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('field-outbox-title')).toHaveText('离线 · 3 条待同步');
  await expect(page.getByTestId('field-evidence-list')).toContainText('待同步');
  await expect(page.getByTestId('field-outbox-item')).toHaveCount(3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-offline.png' });

  await context.setOffline(false);
  await expect(page.getByTestId('field-outbox')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('field-visit-status')).toHaveText('已完成');
  await expect(page.getByTestId('field-evidence-list')).toContainText('已上传');
  await page.getByTestId('field-checkout').click();
  await expect(page.getByTestId('field-checked-out')).toContainText('签退');
  await context.close();

  const synced = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  expect(synced.stops[index]!.visit).toMatchObject({ status: 'done', outcomeCode: 'not_home', checkedOutAt: expect.any(String) });

  const desk = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const sup = await desk.newPage();
  await login(sup, 'supervisor1');
  await sup.goto('/visits');
  const reports = sup.getByTestId('field-reports');
  await expect(reports).toContainText('无人在家');
  await expect(reports).toContainText(stop.dossier.address.region);
  await reports.getByTestId('field-report-evidence').first().click();
  await expect(sup.getByTestId('field-evidence-image')).toBeVisible();
  await desk.close();
});
