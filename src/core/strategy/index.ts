// Strategies (issue 9, part 3). Pure: no I/O, no clock.
export * from './types.js';
