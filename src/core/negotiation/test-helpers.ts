// Shared by the negotiation tests (core and contracts): not part of the engine.
import { NegotiationError } from './errors.js';

/** The NegotiationError `fn` throws; any other error is rethrown, and not throwing at all fails the test. */
export const thrownNegotiationError = (fn: () => unknown): NegotiationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof NegotiationError) return e;
    throw e;
  }
  throw new Error('did not throw');
};
