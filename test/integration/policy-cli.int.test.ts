// `concord policy check` as a compliance officer runs it: a real process, files and stdin, exit codes.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/concord.mjs');
const packsDir = path.resolve(import.meta.dirname, '../../rulepacks');

const scenario = (at: string) => ({
  packs: ['cn-default'], at,
  action: { channel: 'call', partyId: 'p1', contactPoint: 'm1', debtIds: ['d1'], collectorId: 'agency-a', agentIds: ['u1'], recording: true },
  parties: [{ id: 'p1', role: 'debtor', timeZones: ['Asia/Shanghai'] }],
  debts: [{ id: 'd1' }],
  agents: [{ id: 'u1' }],
});

async function concord(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  if (stdin === undefined) {
    try {
      const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: x.stdout, err: x.stderr };
    }
  }
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    p.stdin.end(stdin);
  });
}

describe('concord policy check', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-policy-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file and prints the decision with rule, citation and the earliest lawful time', async () => {
    const f = path.join(dir, 'one.json');
    fs.writeFileSync(f, JSON.stringify(scenario('2026-03-02T22:00:00+08:00')));
    const r = await concord(['policy', 'check', f]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.outcome).toBe('block');
    expect(d.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    expect(d.reasons.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['CN-B01', 'CN-G01']);
    expect(d.reasons[0].citation).toMatch(/GB\/T 45251-2025|银行业协会/);
  });

  it('reads an array from stdin', async () => {
    const r = await concord(['policy', 'check', '-'], JSON.stringify([scenario('2026-03-02T21:59:59+08:00'), scenario('2026-03-02T22:00:00+08:00')]));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((d: { outcome: string }) => d.outcome)).toEqual(['allow', 'block']);
  });

  it('exits 2 naming the field of an invalid scenario', async () => {
    const bad = { ...scenario('2026-03-02 22:00'), parties: [{ id: 'p1', role: 'boss' }] };
    const r = await concord(['policy', 'check', '-'], JSON.stringify(bad));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^at: /m);
    expect(r.err).toMatch(/^parties\.0\.role: /m);
    expect(r.out).toBe('');
    const notJson = await concord(['policy', 'check', '-'], '{');
    expect(notJson.code).toBe(2);
    const unknownPack = await concord(['policy', 'check', '-'], JSON.stringify({ ...scenario('2026-03-02T10:00:00+08:00'), packs: ['cn-default', 'no-such-pack'] }));
    expect(unknownPack.code).toBe(2);
    expect(unknownPack.err).toContain('packs[1]');
  });

  it('an edited pack in another directory changes the decision without code; a broken pack exits 1 naming file and field', async () => {
    const edited = path.join(dir, 'packs');
    fs.cpSync(packsDir, edited, { recursive: true });
    const file = path.join(edited, 'cn-gbt-45251-2025.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('end: "22:00"', 'end: "21:00"'));
    const s = JSON.stringify({ ...scenario('2026-03-02T21:30:00+08:00'), packs: ['cn-gbt-45251-2025'] });
    expect(JSON.parse((await concord(['policy', 'check', '-'], s)).out).outcome).toBe('allow');
    expect(JSON.parse((await concord(['policy', 'check', '--packs-dir', edited, '-'], s)).out).outcome).toBe('block');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('limit: 3', 'limit: -1'));
    const broken = await concord(['policy', 'check', '--packs-dir', edited, '-'], s);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/cn-gbt-45251-2025\.yaml: rules\.1\.params\.limit/);
  });
});
