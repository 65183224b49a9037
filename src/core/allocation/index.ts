// Allocation engine (issue 9, part 4). Pure: no I/O, no clock.
//
//   allocate(cases, collectors, { asOf, recallAfterDays }) → Allocation[] (user or pool, outcome, zh-CN/en explanation)
//   meetsCertificateRules(collector, rules, asOf) — the compliance packs' certificate rules for a channel on a day
export {
  allocate, AllocationInputError, meetsCertificateRules,
  type Allocation, type AllocationCase, type AllocationCollector, type AllocationOutcome, type AllocationPolicy, type CertificateRule,
  type Explanation, type ExplanationCode, type Point, type UnallocatedReason,
} from './allocate.js';
