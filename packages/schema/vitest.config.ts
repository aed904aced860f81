import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    // A shuffled order: a test that leans on another's data fails. Vitest prints the seed
    // ("Running tests with seed …"); --sequence.seed=<seed> repeats an order.
    sequence: { shuffle: true },
    // `vitest run --coverage` (the test script) fails below today's coverage.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 100, branches: 66, functions: 100, statements: 100 },
    },
  },
});
