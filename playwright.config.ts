import { defineConfig } from '@playwright/test';

// Browser tests run against a live server that scripts/e2e.mjs starts (E2E_BASE_URL).
// Debian's Chromium is used as installed; never run `npx playwright install` (STACK.md §6).
export default defineConfig({
  testDir: 'test/e2e',
  // The nightly-run spec re-scores and re-allocates the demo book, so it runs once every other spec has run.
  projects: [
    { name: 'main', testIgnore: /nightly-run\.spec\.ts$/ },
    { name: 'after-all', testMatch: /nightly-run\.spec\.ts$/, dependencies: ['main'] },
  ],
  outputDir: 'test-results',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3100',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
