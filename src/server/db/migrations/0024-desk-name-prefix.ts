import { sql } from 'kysely';
import type { ConcordMigration } from '../migrator.js';

// My queue's name search (`?q=王`) is a prefix LIKE on debtor.full_name. On SQLite the queue also gives it as a
// range on debtor_name_idx (code point order). PostgreSQL uses a b-tree for LIKE 'prefix%' only when the index
// compares by bytes; under a linguistic collation (or one it does not know to be C) the plain debtor_name_idx
// cannot serve it and the search read the whole debtor table. text_pattern_ops compares byte-wise whatever the
// database's collation, so the prefix becomes an index range. The one place a migration branches on the dialect:
// SQLite has no operator classes and needs nothing here.
export const m0024DeskNamePrefix: ConcordMigration = {
  name: '0024-desk-name-prefix',
  async up(db, { dialect }) {
    if (dialect === 'postgres') await sql`create index debtor_name_prefix_idx on debtor (full_name text_pattern_ops)`.execute(db);
  },
};
