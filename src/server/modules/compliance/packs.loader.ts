import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { packSetSchema, rulePackSchema } from '../../../contracts/compliance.js';
import type { PackSet, RulePack } from '../../../core/compliance/packs.js';

// Rule packs are data: rulepacks/<id>.yaml, one pack per file, and rulepacks/sets.yaml. A pack that does not
// match the schema stops the process with the file and the field named: a wrong rule must never load silently.

export const defaultPackDir = new URL('../../../../rulepacks/', import.meta.url);

export class PackLoadError extends Error {}

function describe(file: string, err: z.ZodError): string {
  return err.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

export function loadPacks(dir: string | URL = defaultPackDir): { packs: RulePack[]; sets: PackSet[] } {
  const path = dir instanceof URL ? dir.pathname : dir;
  const packs: RulePack[] = [];
  let sets: PackSet[] = [];
  for (const name of readdirSync(path).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = join(path, name);
    const data: unknown = parse(readFileSync(file, 'utf8'));
    if (name === 'sets.yaml') {
      const r = z.array(packSetSchema).safeParse(data);
      if (!r.success) throw new PackLoadError(describe(file, r.error));
      sets = r.data;
      continue;
    }
    const r = rulePackSchema.safeParse(data);
    if (!r.success) throw new PackLoadError(describe(file, r.error));
    if (`${r.data.id}.yaml` !== name) throw new PackLoadError(`${file}: id "${r.data.id}" does not match the file name`);
    packs.push(r.data as RulePack);
  }
  const ids = new Set(packs.map((p) => p.id));
  for (const s of sets) {
    if (ids.has(s.id)) throw new PackLoadError(`sets.yaml: set id "${s.id}" is also a pack id`);
    for (const p of s.packs) {
      const id = p.split('#')[0] ?? '';
      if (!ids.has(id) && !sets.some((x) => x.id === id)) throw new PackLoadError(`sets.yaml: set "${s.id}" names unknown pack "${p}"`);
    }
  }
  return { packs, sets };
}
