import { defineConfig } from 'vitest/config';

// One test command for the whole repository: domain unit tests, server integration tests (SQLite always,
// PostgreSQL when TEST_DATABASE_URL is set) and the browser tests in Chromium.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/server/test/**/*.test.ts', 'packages/e2e/tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
