import { defineConfig } from 'vitest/config';

// Three projects, one command: pure unit tests (node), view tests (jsdom) and
// integration tests that run against real local servers started by globalSetup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{packages,apps}/*/{src,app,test}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['{packages,apps}/*/{src,app}/**/*.test.tsx'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['{packages,apps}/*/{src,test}/**/*.int.test.ts'],
          globalSetup: ['packages/local-cloud/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
