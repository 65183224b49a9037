import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, AllocationInputError, meetsCertificateRules, type AllocationCase, type AllocationCollector, type CertificateRule } from './index.js';

const asOf = '2026-03-10';
const policy = { asOf, recallAfterDays: 30 };
const collectorCert: CertificateRule = { certificate: 'collector', required: false };
const fieldCert: CertificateRule = { certificate: 'field_visit', required: true, trainingWithinDays: 365 };

const kase = (id: string, o: Partial<AllocationCase> = {}): AllocationCase => ({
  id, score: 50, kind: 'call', language: 'zh-CN', province: '44', city: '4401', location: null, currentUserId: null, teamId: 't1', daysWithoutRpc: 0, rules: [collectorCert], ...o,
});
const phone = (id: string, o: Partial<AllocationCollector> = {}): AllocationCollector => ({
  id, teamId: 't1', kind: 'phone', languages: [], regions: [], capacity: 10, load: 0, certificates: [], base: null, ...o,
});
const field = (id: string, o: Partial<AllocationCollector> = {}): AllocationCollector => ({
  ...phone(id), kind: 'field', certificates: [{ kind: 'field_visit', validFrom: '2025-01-01', validUntil: '2027-01-01' }], lastTrainingOn: '2026-01-05', ...o,
});
const codes = (a: { explanation: Array<{ code: string }> }) => a.explanation.map((e) => e.code);

describe('meetsCertificateRules (the engine qualification rule)', () => {
  it.each([
    ['no rules', [], [], undefined, true],
    ['optional certificate, none held', [collectorCert], [], undefined, true],
    ['optional certificate, only an expired one held', [collectorCert], [{ kind: 'collector', validUntil: '2026-03-09' }], undefined, false],
    ['optional certificate, valid through the as-of day', [collectorCert], [{ kind: 'collector', validUntil: asOf }], undefined, true],
    ['certificate not yet valid', [collectorCert], [{ kind: 'collector', validFrom: '2026-03-11', validUntil: '2027-01-01' }], undefined, false],
    ['required certificate missing', [{ certificate: 'field_visit', required: true }], [{ kind: 'collector', validUntil: '2027-01-01' }], undefined, false],
    ['required certificate and training within 365 days', [fieldCert], [{ kind: 'field_visit', validUntil: '2027-01-01' }], '2025-03-10', true],
    ['training 366 days ago', [fieldCert], [{ kind: 'field_visit', validUntil: '2027-01-01' }], '2025-03-09', false],
    ['no training', [fieldCert], [{ kind: 'field_visit', validUntil: '2027-01-01' }], undefined, false],
    ['training dated after the as-of day', [fieldCert], [{ kind: 'field_visit', validUntil: '2027-01-01' }], '2026-03-11', false],
  ] as const)('%s', (_n, rules, certificates, lastTrainingOn, ok) => {
    expect(meetsCertificateRules({ certificates: [...certificates], ...(lastTrainingOn ? { lastTrainingOn } : {}) }, [...rules], asOf)).toBe(ok);
  });
});

describe('allocate', () => {
  it('never exceeds capacity; higher scores are allocated first; the rest go to the pool as full', () => {
    const cases = [kase('c1', { score: 10 }), kase('c2', { score: 90 }), kase('c3', { score: 60 }), kase('c4', { score: 60 })];
    const r = allocate(cases, [phone('u1', { capacity: 3, load: 1 })], policy);
    expect(r.map((a) => [a.caseId, a.userId, a.outcome, a.reason])).toEqual([
      ['c1', null, 'unallocated', 'full'], ['c2', 'u1', 'assigned', null], ['c3', 'u1', 'assigned', null], ['c4', null, 'unallocated', 'full'],
    ]);
    expect(r[2]!.explanation.at(-1)).toEqual({ code: 'capacity', zh: '容量 3/3', en: 'Capacity 3/3' });
  });

  it('spreads by load share and keeps ties deterministic by id', () => {
    const r = allocate([kase('a', { score: 3 }), kase('b', { score: 2 }), kase('c', { score: 1 })], [phone('u2', { capacity: 4 }), phone('u1', { capacity: 2 })], policy);
    // a: both empty → u1 (id); b: u1 1/2 vs u2 0/4 → u2; c: u1 1/2 vs u2 1/4 → u2.
    expect(r.map((a) => a.userId)).toEqual(['u1', 'u2', 'u2']);
  });

  it('only collectors whose certificates satisfy the pack rules on the as-of day', () => {
    const expired = phone('u1', { certificates: [{ kind: 'collector', validUntil: '2026-03-01' }] });
    const r = allocate([kase('c1')], [expired, phone('u2')], policy);
    expect(r[0]!.userId).toBe('u2');
    const none = allocate([kase('c1')], [expired], policy);
    expect(none[0]).toMatchObject({ userId: null, outcome: 'unallocated', reason: 'no_certificate', teamId: 't1' });
  });

  it('an expired certificate ends continuity', () => {
    const r = allocate([kase('c1', { currentUserId: 'u1' })], [phone('u1', { certificates: [{ kind: 'collector', validUntil: '2026-03-09' }] }), phone('u2')], policy);
    expect(r[0]).toMatchObject({ userId: 'u2', outcome: 'assigned' });
  });

  it('language and dialect skills: a Cantonese debtor to a Cantonese speaker, Mandarin by default', () => {
    const cases = [kase('c1', { language: 'yue', score: 80 }), kase('c2', { language: 'zh-CN' }), kase('c3', { language: 'nan' })];
    const r = allocate(cases, [phone('u1', { languages: ['zh-CN', 'yue'] }), phone('u0')], policy);
    expect(r[0]).toMatchObject({ userId: 'u1' });
    expect(r[0]!.explanation).toContainEqual({ code: 'language', zh: '语言匹配: 粤语', en: 'Language match: Cantonese' });
    expect(r[1]!.userId).toBe('u0');
    expect(r[2]).toMatchObject({ userId: null, reason: 'no_language' });
    expect(r[2]!.explanation[0]!.zh).toContain('闽南语');
  });

  it('continuity: the current collector keeps an eligible case under capacity, even when another is emptier', () => {
    const r = allocate([kase('c1', { currentUserId: 'u2' })], [phone('u1'), phone('u2', { load: 8 })], policy);
    expect(r[0]).toMatchObject({ userId: 'u2', outcome: 'kept' });
    expect(codes(r[0]!)).toEqual(['continuity', 'certificate', 'capacity']);
    expect(r[0]!.explanation[0]!.zh).toBe('延续原催收员');
  });

  it('continuity gives way when the current collector is full', () => {
    const r = allocate([kase('c1', { currentUserId: 'u2' })], [phone('u1'), phone('u2', { load: 10 })], policy);
    expect(r[0]).toMatchObject({ userId: 'u1', outcome: 'assigned' });
  });

  it('recall: no right-party contact for N days moves the case to another eligible collector, or the pool', () => {
    const stale = kase('c1', { currentUserId: 'u1', daysWithoutRpc: 30 });
    const moved = allocate([stale], [phone('u1'), phone('u2')], policy);
    expect(moved[0]).toMatchObject({ userId: 'u2', outcome: 'recalled', reason: null });
    expect(moved[0]!.explanation[0]).toEqual({ code: 'recall', zh: '30 天无有效联系，收回重分', en: 'No right-party contact for 30 days: recalled' });
    const pooled = allocate([stale], [phone('u1')], policy);
    expect(pooled[0]).toMatchObject({ userId: null, teamId: 't1', outcome: 'recalled', reason: 'full' });
    const fresh = allocate([kase('c1', { currentUserId: 'u1', daysWithoutRpc: 29 })], [phone('u1'), phone('u2')], policy);
    expect(fresh[0]).toMatchObject({ userId: 'u1', outcome: 'kept' });
  });

  it('field cases go to the nearest certified, trained field collector covering the region', () => {
    const guangzhou = { latitude: 23.129, longitude: 113.264 };
    const visit = kase('v1', { kind: 'visit_request', rules: [fieldCert], location: { latitude: 23.1, longitude: 113.3 } });
    const collectors = [
      field('f-far', { base: { latitude: 22.543, longitude: 114.058 } }), // Shenzhen
      field('f-near', { base: guangzhou }),
      field('f-untrained', { base: guangzhou, lastTrainingOn: '2024-01-01' }),
      field('f-elsewhere', { base: guangzhou, regions: ['31'] }),
      phone('p1'),
    ];
    const r = allocate([visit], collectors, policy);
    expect(r[0]!.userId).toBe('f-near');
    expect(r[0]!.distanceKm).toBeCloseTo(4.8, 0);
    expect(r[0]!.explanation.find((e) => e.code === 'distance')!.zh).toMatch(/^距离 \d+\.\d km$/);
    const phoneOnly = allocate([visit], [phone('p1')], policy);
    expect(phoneOnly[0]).toMatchObject({ userId: null, reason: 'no_collector' });
    const wrongRegion = allocate([visit], [field('f', { regions: ['31', '3101'] })], policy);
    expect(wrongRegion[0]).toMatchObject({ userId: null, reason: 'no_region' });
    const cityMatch = allocate([visit], [field('f', { regions: ['4401'] })], policy);
    expect(cityMatch[0]!.explanation).toContainEqual({ code: 'region', zh: '区域匹配: 4401', en: 'Region match: 4401' });
  });

  it('prefers collectors of the case team', () => {
    const r = allocate([kase('c1', { teamId: 't2' })], [phone('u1'), phone('u9', { teamId: 't2', load: 5 })], policy);
    expect(r[0]).toMatchObject({ userId: 'u9', teamId: 't2' });
    expect(codes(r[0]!)).toContain('team');
  });

  it('names the bad input', () => {
    expect(() => allocate([], [phone('u1', { capacity: -1 })], policy)).toThrow(new AllocationInputError('collectors[0].capacity', 'must be a whole number ≥ 0 (collector u1)'));
    expect(() => allocate([kase('a'), kase('a')], [], policy)).toThrow(/cases\[1\]\.id/);
    expect(() => allocate([], [], { asOf: '2026-3-1', recallAfterDays: 30 })).toThrow(/asOf/);
    expect(() => allocate([], [], { asOf, recallAfterDays: 0 })).toThrow(/recallAfterDays/);
  });

  const arbCase = fc.record({
    id: fc.uuid(), score: fc.integer({ min: 0, max: 100 }), kind: fc.constantFrom('call', 'sms', 'visit_request'), language: fc.constantFrom('zh-CN', 'yue', null),
    province: fc.constantFrom('44', '31'), city: fc.constant(null), location: fc.option(fc.record({ latitude: fc.double({ min: 20, max: 40, noNaN: true }), longitude: fc.double({ min: 100, max: 120, noNaN: true }) }), { nil: null }),
    currentUserId: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), teamId: fc.constantFrom('t1', 't2'), daysWithoutRpc: fc.integer({ min: 0, max: 60 }),
    rules: fc.constant<CertificateRule[]>([collectorCert]),
  });
  const arbCollector = (id: string) => fc.record({
    id: fc.constant(id), teamId: fc.constantFrom('t1', 't2'), kind: fc.constantFrom('phone' as const, 'field' as const), languages: fc.subarray(['zh-CN', 'yue']), regions: fc.subarray(['44', '31']),
    capacity: fc.integer({ min: 0, max: 5 }), load: fc.integer({ min: 0, max: 3 }), certificates: fc.constant<AllocationCollector['certificates']>([]), base: fc.constant<AllocationCollector['base']>({ latitude: 30, longitude: 110 }),
  });
  const arbInput = fc.tuple(fc.uniqueArray(arbCase, { selector: (c) => c.id, maxLength: 40 }), fc.tuple(arbCollector('a'), arbCollector('b'), arbCollector('c'), arbCollector('d')));

  it('property: capacity holds, every case gets one result, and the result does not depend on the input order', () => {
    fc.assert(fc.property(arbInput, fc.integer(), ([cases, collectors], seed) => {
      const r = allocate(cases, collectors, policy);
      expect(r.map((a) => a.caseId)).toEqual(cases.map((c) => c.id));
      for (const c of collectors) {
        const n = r.filter((a) => a.userId === c.id).length;
        if (n > 0) expect(c.load + n).toBeLessThanOrEqual(c.capacity);
      }
      for (const a of r) {
        expect(a.explanation.length).toBeGreaterThan(0);
        expect((a.userId === null) === (a.reason !== null)).toBe(true);
      }
      const shuffled = [...cases].sort((x, y) => ((x.id.charCodeAt(0) * seed) % 7) - ((y.id.charCodeAt(0) * seed) % 7));
      const again = new Map(allocate(shuffled, [...collectors].reverse(), policy).map((a) => [a.caseId, a]));
      expect(r.map((a) => again.get(a.caseId))).toEqual(r);
    }), { numRuns: 150 });
  });
});
