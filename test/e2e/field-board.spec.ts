import { expect, test } from '@playwright/test';
import type { FieldBoardOut } from '../../src/contracts/field-board.js';
import type { FieldTodayOut } from '../../src/contracts/field.js';
import type { VisitPlanOut } from '../../src/contracts/visits.js';
import { login, loginApi, setServerClock as setClock } from './login.js';

// The supervisor's side of field work (issue 8, item 6): supervisor1 plans tomorrow on 外访计划 for the demo's six
// field collectors — three pairs — from the approved visit requests (the time from click to routes is printed); then,
// with field1's pair checked in at today's first stop at 10:00 and the clock moved to 11:15, the 外访看板 shows the
// stop as overrun (30 planned minutes + 30 minutes' grace passed) and the later stops as planned or late.
// Screenshot: test/e2e/__screenshots__/field-board.png.
test.describe.configure({ mode: 'serial' });

const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const PAIRS = ['刘建国', '孙伟', '周海涛', '吴磊', '郑晓燕', '冯志强'];


test.afterAll(async ({ request }) => {
  await setClock(request, new Date().toISOString());
});

test('supervisor1 plans tomorrow for three field pairs from the approved requests', async ({ page }) => {
  await login(page, 'supervisor1');
  await page.getByTestId('nav-visits').click();
  await expect(page.getByTestId('visit-plan-page')).toBeVisible();
  await page.getByTestId('visit-plan-collectors').click();
  for (const name of PAIRS) await page.locator(`.ant-select-item-option[title="${name}"]`).click();
  await page.keyboard.press('Escape');
  const started = Date.now();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/visit-plans') && r.request().method() === 'POST'),
    page.getByTestId('visit-plan-generate').click(),
  ]);
  expect(res.status(), await res.text()).toBe(201);
  await expect(page.getByTestId('visit-plan-result')).toBeVisible();
  const seconds = (Date.now() - started) / 1000;
  const plan = (await res.json()) as VisitPlanOut;
  expect(plan.routes.map((r) => r.collectors.map((c) => c.name))).toEqual([PAIRS.slice(0, 2), PAIRS.slice(2, 4), PAIRS.slice(4, 6)]);
  const stops = plan.routes.reduce((n, r) => n + r.stops.length, 0);
  expect(stops).toBeGreaterThan(0);
  for (const r of plan.routes.filter((x) => x.stops.length > 0)) await expect(page.getByTestId(`visit-route-${r.routeNo}`)).toBeVisible();
  console.log(`[field-board] planned ${stops} stops on ${plan.routes.filter((r) => r.stops.length).length} of 3 routes, ${plan.unplanned.length} unplanned; solver ${String(plan.settings.solveMs)} ms; click to routes ${seconds.toFixed(2)} s`);
  expect(seconds).toBeLessThan(30);
});

test("the board shows today's pair checked in and overrunning, refreshed from the server", async ({ page, request }) => {
  await setClock(request, `${day}T10:00:00+08:00`);
  const csrf = await loginApi(request, 'field1');
  const today = (await (await request.get('/api/field/today')).json()) as FieldTodayOut;
  const stop = today.stops.find((s) => s.visit.status === 'planned')!;
  const checkIn = await request.post(`/api/field/stops/${stop.id}/check-in`, {
    data: { latitude: stop.dossier.address.latitude, longitude: stop.dossier.address.longitude, accuracy: 15, partnerUserId: stop.partners[0]!.id },
    headers: { 'x-csrf-token': csrf },
  });
  expect(checkIn.status(), await checkIn.text()).toBe(201);
  await setClock(request, `${day}T11:15:00+08:00`);

  await login(page, 'supervisor1');
  await page.getByTestId('nav-field-board').click();
  await expect(page.getByTestId('field-board-page')).toBeVisible();
  await expect(page.getByTestId(`field-board-state-${stop.id}`)).toHaveText('超时');
  await expect(page.getByTestId('field-board-total-overrun')).toContainText('1');
  const board = (await (await page.request.get(`/api/field/board?date=${day}`)).json()) as FieldBoardOut;
  const row = board.routes.flatMap((r) => r.stops).find((s) => s.stopId === stop.id)!;
  expect(row.visit).toMatchObject({ distanceM: 0, durationMin: 75 });
  await page.screenshot({ path: 'test/e2e/__screenshots__/field-board.png', fullPage: true });
});
