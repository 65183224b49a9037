// Crash safety of `concord import`: a run killed (SIGKILL) after its first progress line and then run again ends
// in exactly the state of one clean import into another data directory.
import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEMENT_HEADER, csv, placementRow } from '../intake-files.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/concord.mjs');
const ROWS = 20_000;
const TABLES = ['debtor', 'phone', 'email_address', 'address', 'contact_person', 'collection_case', 'debt_account', 'payment'];

describe('concord import survives SIGKILL (SQLite)', () => {
  let root: string;
  let file: string;
  const env = (dir: string) => ({ ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', CONCORD_ADMIN_PASSWORD: 'kill-admin-password-1', CONCORD_SECRET_KEY: 'ab'.repeat(32) });
  const setup = async (dir: string) => {
    await run(process.execPath, [bin, 'migrate'], { env: env(dir) });
    const db = new Database(path.join(dir, 'concord.db'));
    db.prepare("insert into creditor (id, code, name, time_zone, currency, status, rule_pack_set, created_at, updated_at) values ('0190a000-0000-7000-8000-000000000001', 'KILL', '测试委托方', 'Asia/Shanghai', 'CNY', 'active', 'cn-default', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run();
    db.close();
  };
  const importArgs = [bin, 'import', '', '--creditor', 'KILL', '--kind', 'placements'];
  /** Table counts and a checksum of what the rows say (ids, timestamps and ciphertexts differ run to run). */
  const snapshot = (dir: string) => {
    const db = new Database(path.join(dir, 'concord.db'), { readonly: true });
    const counts = Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`select count(*) n from ${t}`).get() as { n: number }).n]));
    const h = createHash('sha256');
    for (const r of db.prepare('select external_id, full_name, gender, birth_date, national_id_hash, national_id_masked, preferred_language, monthly_income_minor from debtor order by external_id').iterate()) h.update(JSON.stringify(r));
    for (const r of db
      .prepare(
        `select d.external_id, a.external_loan_id, a.product, a.lender_type, a.principal_minor, a.apr_bp, a.origination_date, a.term_months, a.outstanding_principal_minor,
         a.outstanding_interest_minor, a.outstanding_penalty_minor, a.outstanding_fees_minor, a.dpd, c.bucket, c.dpd cdpd, c.total_due_minor
         from debt_account a join debtor d on d.id = a.debtor_id join collection_case c on c.id = a.case_id order by a.external_loan_id`,
      )
      .iterate()) h.update(JSON.stringify(r));
    for (const r of db.prepare('select d.external_id, p.number_hash, p.number_masked, p.contact_person_id is null own from phone p join debtor d on d.id = p.debtor_id order by d.external_id, p.number_hash').iterate()) h.update(JSON.stringify(r));
    const openCases = (db.prepare("select count(*) n from (select debtor_id from collection_case where status = 'open' group by debtor_id having count(*) > 1)").get() as { n: number }).n;
    db.close();
    return { counts, checksum: h.digest('hex'), debtorsWithTwoOpenCases: openCases };
  };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-kill-'));
    file = path.join(root, 'placements.csv');
    const out = fs.openSync(file, 'w');
    fs.writeSync(out, csv([PLACEMENT_HEADER]));
    for (let i = 0; i < ROWS; i += 1000) fs.writeSync(out, csv(Array.from({ length: 1000 }, (_, k) => placementRow(i + k))));
    fs.closeSync(out);
    importArgs[2] = file;
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('killed after the first progress line and run again, it equals a clean import', async () => {
    const killed = path.join(root, 'killed');
    const clean = path.join(root, 'clean');
    await Promise.all([setup(killed), setup(clean)]);

    const child = spawn(process.execPath, importArgs, { env: env(killed), stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        if (/%/.test(d.toString())) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error('the import ended before its first progress line')));
    });
    await new Promise((r) => child.once('exit', r));
    const partial = snapshot(killed);
    expect(partial.counts.debtor).toBeGreaterThan(0);
    expect(partial.counts.debtor).toBeLessThan(ROWS);

    const again = await run(process.execPath, importArgs, { env: env(killed), maxBuffer: 1 << 24 });
    expect(again.stderr).toContain('resuming interrupted import');
    expect(again.stdout).toContain(`total ${ROWS} / accepted ${ROWS} / rejected 0`);
    const once = await run(process.execPath, importArgs, { env: env(clean), maxBuffer: 1 << 24 });
    expect(once.stdout).toContain(`total ${ROWS} / accepted ${ROWS} / rejected 0 / inserted ${ROWS} / updated 0 / unchanged 0`);

    const a = snapshot(killed);
    const b = snapshot(clean);
    expect(a).toEqual(b);
    expect(a.counts.debtor).toBe(ROWS);
    expect(a.debtorsWithTwoOpenCases).toBe(0);
  }, 240_000);

  it('exits 1 naming a file-level error', async () => {
    const dir = path.join(root, 'bad');
    await setup(dir);
    const empty = path.join(root, 'empty.csv');
    fs.writeFileSync(empty, '');
    const r = await run(process.execPath, [bin, 'import', empty, '--creditor', 'KILL', '--kind', 'placements'], { env: env(dir) }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain('empty_file');
  }, 60_000);
});
