// A large portfolio fast, on PostgreSQL (the kill test, bench:nightly): the demo portfolio seeded small
// (`concord demo`) is the template, and SQL copies it `copies` times in one statement per table (generate_series).
// Each copy's ids are derived from the template id and the copy number (md5, formatted as a version-7 UUID), so
// every reference inside a copy (debtor, case, loan, contact person, phone, address, the debt ids of attempts and
// events) points into the same copy; the unique business keys (external ids) get a `~k` suffix.
import pg from 'pg';

/** Template tables in reference order, and their columns that hold ids of copied rows. */
const TABLES = ['debtor', 'contact_person', 'phone', 'email_address', 'address', 'collection_case', 'debt_account', 'installment', 'payment', 'promise_to_pay', 'contact_attempt', 'contact_event'];
const ID_COLUMNS = new Set(['id', 'debtor_id', 'case_id', 'contact_person_id', 'debt_account_id', 'address_id', 'party_id', 'contact_point_id']);
const SUFFIXED: Record<string, string[]> = { debtor: ['external_id'], debt_account: ['external_loan_id'], payment: ['external_id', 'reversal_of'] };

export async function replicatePortfolio(url: string, copies: number): Promise<{ cases: number; seconds: number }> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`create or replace function pg_temp.nid(x text, k int) returns text language sql immutable as $$
      select substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)
      from (select md5(x || ':' || k) as h) t $$`);
    for (const table of TABLES) {
      const cols = (await c.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position`, [table],
      )).rows.map((r) => r.column_name);
      const expr = cols.map((col) => {
        if (ID_COLUMNS.has(col)) return `pg_temp.nid(t.${col}, k)`;
        if (col === 'debt_ids_json') return `case when t.debt_ids_json is null then null else (select coalesce(jsonb_agg(pg_temp.nid(v, k)), '[]'::jsonb) from jsonb_array_elements_text(t.debt_ids_json) v) end`;
        if (SUFFIXED[table]?.includes(col)) return `t.${col} || '~' || k`;
        return `t.${col}`;
      });
      await c.query(`insert into ${table} (${cols.join(', ')}) select ${expr.join(', ')} from ${table} t cross join generate_series(1, ${Number(copies)}) k`);
    }
    await c.query('analyze');
    const cases = Number((await c.query<{ n: string }>('select count(*) as n from collection_case')).rows[0]!.n);
    return { cases, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await c.end();
  }
}
