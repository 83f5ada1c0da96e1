import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against production builds (`npx turbo run build` first; `npm test`
 * does it). Global setup starts the whole local cloud on free ports with in-memory state;
 * tests find its URLs through e2e/support/local-cloud.ts.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-output',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  // Four Next.js servers, two workers, Cosmos and Azurite share two cores with the browser.
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'e2e/artifacts/report' }]],
  use: {
    browserName: 'chromium',
    // Browser downloads cannot work here: drive Debian's Chromium.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
