import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { complianceJsonSchemas } from '../../src/contracts/compliance-schema.js';

describe('documented JSON Schemas', () => {
  it.each(['scenario', 'decision'] as const)('docs/compliance/%s.schema.json matches the contract (run npx tsx scripts/compliance-schema.ts)', (name) => {
    const onDisk = JSON.parse(readFileSync(new URL(`../../docs/compliance/${name}.schema.json`, import.meta.url), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(complianceJsonSchemas()[name])));
  });
});
