import { defineConfig } from 'vitest/config';

/** `npx vitest run --config bench/vitest.config.ts`: the findings fingerprint (not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
