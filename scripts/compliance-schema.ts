// Writes docs/compliance/scenario.schema.json and decision.schema.json from the zod contracts
// (`npx tsx scripts/compliance-schema.ts`); test/compliance/schema.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { complianceJsonSchemas } from '../src/contracts/compliance-schema.js';

for (const [name, schema] of Object.entries(complianceJsonSchemas())) {
  writeFileSync(new URL(`../docs/compliance/${name}.schema.json`, import.meta.url), JSON.stringify(schema, null, 2) + '\n');
}
