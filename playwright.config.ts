import { defineConfig } from '@playwright/test';

/**
 * e2e specs drive the real UI: under Electron when its runtime is installed, otherwise through the web
 * host in Debian's Chromium (see e2e/fixtures.ts). One worker: the machine has two cores.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
});
