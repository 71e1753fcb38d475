import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright's *.spec.ts files live under tests/e2e and must never be collected here.
    include: ['{domain,store,simulator,controller,main,preload,renderer,cli,bench,tests}/**/*.test.ts'],
    exclude: ['node_modules/**', 'tests/e2e/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
