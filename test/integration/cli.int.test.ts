// The `concord` command as an operator runs it: a real process on a temp data directory.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/concord.mjs');

describe('concord CLI (SQLite)', () => {
  let dir: string;
  const env = () => ({ ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', CONCORD_ADMIN_PASSWORD: 'cli-admin-password-1' });
  const concord = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [bin, ...args], { env: env() });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, creates users, loads the demo and verifies the audit chain', async () => {
    expect((await concord('migrate')).out).toContain('applied: 0001-foundation');
    expect((await concord('migrate')).out).toContain('up to date');
    const created = await concord('user', 'create', '-u', 'lihua', '-n', '李华', '-r', 'supervisor');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/created lihua \(supervisor\) password: \S{16}/);
    const bad = await concord('user', 'create', '-u', 'x', '-n', 'X', '-r', 'supervisor', '-p', 'short');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/username|password/);
    const demo = await concord('demo', '--debtors', '20', '--seed', '7');
    expect(demo.out).toContain('demo: 20 debtors, 20 cases');
    expect((await concord('demo', '--debtors', '20', '--seed', '7')).out).toContain('demo: 0 debtors');
    // The demo's message templates: made by the supervisor, approved by the compliance officer, once.
    const sqlite = new Database(path.join(dir, 'concord.db'), { readonly: true });
    const approved = sqlite.prepare(`select t.name, t.channel from message_template t join message_template_version v on v.template_id = t.id
      join app_user m on m.id = v.created_by join app_user a on a.id = v.approved_by
      where v.status = 'approved' and m.username = 'supervisor1' and a.username = 'compliance1' order by t.name`).all() as { name: string; channel: string }[];
    sqlite.close();
    expect(approved).toEqual([
      { name: 'Validation notice (letter)', channel: 'letter' }, { name: '上门通知函（信函）', channel: 'letter' }, { name: '催收通知函（信函）', channel: 'letter' },
      { name: '还款方案确认（短信）', channel: 'sms' }, { name: '还款方案确认（邮件）', channel: 'email' }, { name: '逾期还款提醒（短信）', channel: 'sms' },
    ]);
    const list = await concord('user', 'list');
    expect(list.out).toContain('lihua\t李华\tsupervisor\tactive');
    expect(list.out).toContain('collector1');
    const reset = await concord('user', 'reset-password', 'lihua');
    expect(reset.out).toMatch(/password of lihua reset: \S{16}/);
    expect((await concord('user', 'reset-password', 'nobody')).out).toContain('no user nobody');
    const ok = await concord('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain intact: \d+ rows/);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('audit verify exits 1 and names the row that was edited', async () => {
    const db = new Database(path.join(dir, 'concord.db'));
    db.prepare("update audit_log set actor_label = 'someone-else' where seq = 2").run();
    db.close();
    const r = await concord('audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain('AUDIT CHAIN BROKEN at row 2 (hash_mismatch)');
  }, 60_000);

  it('refuses bad configuration with the variable named', async () => {
    const r = await run(process.execPath, [bin, 'migrate'], { env: { ...env(), PORT: 'eighty' } }).catch((e) => e as { code: number; stderr: string });
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain('PORT');
  }, 60_000);
});
