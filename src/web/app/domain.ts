import type { Bucket } from '../../contracts/cases.js';
import type { Role } from '../../contracts/identity.js';

// Value lists mirrored from src/contracts so the browser bundle does not pull in zod.
// The `satisfies` clauses and the exhaustiveness checks below fail to compile if the contracts change.
export const roles = ['admin', 'supervisor', 'collector', 'field_collector', 'qa_reviewer', 'compliance_officer', 'auditor', 'creditor_viewer'] as const satisfies readonly Role[];
export const buckets = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const satisfies readonly Bucket[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
export const rolesComplete: Exhaustive<Role, (typeof roles)[number]> = true;
export const bucketsComplete: Exhaustive<Bucket, (typeof buckets)[number]> = true;
