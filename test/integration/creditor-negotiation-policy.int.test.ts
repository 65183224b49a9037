// A creditor's negotiation policy as the admin drawer edits it (PATCH /api/admin/creditors/:id `negotiationPolicy`):
// the override the form produces is stored and listed as sent; a bad value is refused with the nested field named
// and the reason in the caller's language (zh-CN first), and nothing is stored; null restores the defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Creditor } from '../../src/contracts/identity.js';
import type { NegotiationPolicyInput } from '../../src/contracts/negotiation.js';
import { fromNegotiationForm, toNegotiationForm } from '../../src/web/modules/admin/negotiationPolicyForm.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

describe.each(testDatabases())('creditor negotiation policy on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  let creditorId: string;
  const url = () => `/api/admin/creditors/${creditorId}`;
  const listed = async (): Promise<Creditor> => {
    const r = await admin.get('/api/admin/creditors?pageSize=200');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Creditor[] | { items: Creditor[] };
    const items = Array.isArray(body) ? body : body.items;
    return items.find((c) => c.id === creditorId)!;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = t.admin;
    creditorId = (await make.creditor(t.db.db)).id;
  });
  afterAll(() => t?.close());

  it('stores the override the drawer sends and lists it back as sent', async () => {
    const form = toNegotiationForm(null, 2);
    form.authority.collector.maxDiscountPct = 15;
    form.buckets.M1.maxTermMonths = 18;
    form.buckets.M3.stepUp = 'no';
    form.graceDays = 5;
    const policy = fromNegotiationForm(form, null, 2);
    const ok = await admin.patch(url(), { negotiationPolicy: policy });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().negotiationPolicy).toEqual(policy);
    const stored = (await listed()).negotiationPolicy as NegotiationPolicyInput;
    expect(stored).toEqual(policy);
    expect(stored.authority?.collector?.maxDiscountBp).toBe(1_500);
    expect(stored.plan?.buckets?.M1?.maxTermMonths).toBe(18);
    expect(stored.plan?.buckets?.M3?.stepUp).toBeNull();
    // Reopened, the drawer shows the edits.
    const again = toNegotiationForm(stored, 2);
    expect(again.authority.collector.maxDiscountPct).toBe(15);
    expect(again.buckets.M1.maxTermMonths).toBe(18);
  });

  it('a supervisor limit below the collector’s is refused on that nested field, in Chinese and in English; nothing is stored', async () => {
    const before = (await listed()).negotiationPolicy;
    const bad = { authority: { collector: { maxTermMonths: 24 }, supervisor: { maxTermMonths: 12 } } };
    const zh = await admin.patch(url(), { negotiationPolicy: bad }, { 'accept-language': 'zh-CN' });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.issues).toEqual([{ path: 'negotiationPolicy.authority.supervisor.maxTermMonths', message: '协商政策无效：主管权限不得低于催收员权限' }]);
    const en = await admin.patch(url(), { negotiationPolicy: bad }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.issues).toEqual([{ path: 'negotiationPolicy.authority.supervisor.maxTermMonths', message: "Invalid negotiation policy: must be at least the collector's" }]);
    expect((await listed()).negotiationPolicy).toEqual(before);
  });

  it('a bad per-bucket value is refused with the bucket’s field path', async () => {
    const r = await admin.patch(url(), { negotiationPolicy: { plan: { buckets: { 'M6+': { stepUp: { everyMonths: 6, stepBp: 0 } } } } } }, { 'accept-language': 'zh-CN' });
    expect(r.statusCode).toBe(400);
    const issues = r.json().error.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(['negotiationPolicy.plan.buckets.M6+.stepUp.stepBp']);
    expect(issues[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('null restores the defaults', async () => {
    const r = await admin.patch(url(), { negotiationPolicy: null });
    expect(r.statusCode, r.body).toBe(200);
    expect((await listed()).negotiationPolicy).toBeNull();
  });
});
