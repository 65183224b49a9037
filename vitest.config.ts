import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites share one PostgreSQL server; each suite makes its own schema, so files may run in parallel.
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
