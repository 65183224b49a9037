import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { scenarioInputSchema } from '../../contracts/compliance.js';
import { translateValidationMessage } from '../../contracts/messages.js';
import { createEngine, ScenarioError } from '../../core/compliance/engine.js';
import type { Scenario } from '../../core/compliance/types.js';
import { loadPacks, PackLoadError } from '../modules/compliance/packs.loader.js';
import { fail, print } from './shared.js';

// `concord policy check [FILE|-]`: the policy simulator for compliance officers and auditors. Reads one scenario or
// a JSON array of scenarios (docs/compliance/scenario.schema.json) and prints the decision(s) as JSON.
// Exit 0 with decisions; 2 when the input is not a valid scenario (the field is named on stderr); 1 on a broken pack.

export function policyCommand(): Command {
  const policy = new Command('policy').description('Compliance rule packs / 合规规则包');
  policy
    .command('check')
    .argument('[file]', 'scenario JSON file, or - for stdin', '-')
    .option('--packs-dir <dir>', 'load rule packs from this directory instead of rulepacks/ (to try an edited pack)')
    .option('--compact', 'print JSON on one line')
    .description('Decide scenario(s) and print the decision(s) as JSON; exit 2 naming the field when a scenario is invalid')
    .action((file: string, opts: { packsDir?: string; compact?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (e) {
        return fail(2, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        return fail(2, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      const parsed = scenarioInputSchema.safeParse(json);
      if (!parsed.success) {
        // A union error: report the issues of the branch that matches the input's shape.
        const issues = flattenUnion(parsed.error.issues, Array.isArray(json) ? 1 : 0);
        const lines = issues.map((i) => `${i.path.join('.') || '(root)'}: ${translateValidationMessage(i.message, 'en') ?? i.message}`);
        return fail(2, [...new Set(lines)].join('\n'));
      }
      let engine;
      try {
        const { packs, sets } = opts.packsDir ? loadPacks(opts.packsDir) : loadPacks();
        engine = createEngine(packs, sets);
      } catch (e) {
        if (e instanceof PackLoadError) return fail(1, e.message);
        throw e;
      }
      const input = parsed.data as Scenario | Scenario[];
      try {
        const out = Array.isArray(input) ? input.map((s) => engine.decide(s)) : engine.decide(input);
        print(JSON.stringify(out, null, opts.compact ? undefined : 2));
      } catch (e) {
        if (e instanceof ScenarioError) return fail(2, e.message);
        throw e;
      }
    });
  return policy;
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };
/** zod reports a failed union as one issue holding each branch's issues; take the branch of the input's shape. */
function flattenUnion(issues: readonly Issue[], branch: number): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) {
    const chosen = i.code === 'invalid_union' ? i.errors?.[branch] : undefined;
    if (chosen) out.push(...chosen.map((x) => ({ ...x, path: [...i.path, ...x.path] })));
    else out.push(i);
  }
  return out;
}
