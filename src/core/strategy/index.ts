// Strategies (issue 9, part 3). Pure: no I/O, no clock.
//   validateStrategy(json) → StrategyDefinition (StrategyValidationError lists every issue with its field path)
//   evaluate(def, facts) → { segment, treatment, stepIndex, kind, template, reason (zh/en) }
//   armOf(caseId, salt, share%) → 'champion' | 'challenger' (stable hash split)
//   DEFAULT_STRATEGY — the first slice's next-action rules, used when no version is active
//   simulate(...) → counts per segment / action / arm with samples (see simulate.ts)
export * from './types.js';
export { ACTION_LABELS, evaluate, matches, reachable, stepDay } from './evaluate.js';
export { armOf, hash32, MAX_CHALLENGER_SHARE, splitPoint } from './split.js';
export { LIMITS, StrategyValidationError, strategyIssues, validateStrategy, type StrategyIssue } from './validate.js';
export { DEFAULT_STRATEGY } from './default.js';
export { createTally, type Tally, type TallyResult } from './tally.js';
