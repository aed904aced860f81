import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    // A shuffled order: a test that leans on another's data fails. Vitest prints the seed
    // ("Running tests with seed …"); --sequence.seed=<seed> repeats an order.
    sequence: { shuffle: true },
    // `vitest run --coverage` (the test script) fails below today's coverage. The CLI is
    // tested as the built binary it ships as (test/cli.spec.ts), which coverage cannot see.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**', 'src/index.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 97, branches: 85, functions: 97, statements: 95 },
    },
  },
});
