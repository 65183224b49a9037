// Public API of the demo module: a clearly-labelled synthetic portfolio for first start and for tests.
export {
  DEMO_CREDITORS,
  DemoErrors,
  ensureDemoCreditors,
  generateDemoPortfolio,
  type DemoDeps,
  type DemoOptions,
  type DemoResult,
} from './demo.service.js';
export { DEMO_ID_SEQUENCE_MIN } from './demo.people.js';
export { bucketForDpd } from './demo.loans.js';
