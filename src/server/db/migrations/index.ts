// The ordered list. Append only: never edit a migration that has shipped.
import type { ConcordMigration } from '../migrator.js';
import { m0001Foundation } from './0001-foundation.js';
import { m0002Cases } from './0002-cases.js';

export const migrations: ConcordMigration[] = [m0001Foundation, m0002Cases];
