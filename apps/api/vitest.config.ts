import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Suites that start the built service or the real clients: they test no mutated code. */
const PROCESS_SUITES = [
  'test/interop.e2e.spec.ts',
  'test/persistence.e2e.spec.ts',
  'test/config-errors.e2e.spec.ts',
  'test/metrics.e2e.spec.ts',
];

export default defineConfig({
  // NestJS dependency injection needs decorator metadata, which esbuild does not
  // emit: SWC compiles the sources instead (the NestJS docs' recipe).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    // A shuffled order: a test that leans on another's data fails. Vitest prints the seed
    // ("Running tests with seed …"); --sequence.seed=<seed> repeats an order.
    sequence: { shuffle: true },
    // `vitest run --coverage` (the test script) fails below today's coverage.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 89, branches: 78, functions: 92, statements: 88 },
    },
    include: ['test/**/*.spec.ts'],
    // The mutation run (pnpm test:mutation) runs the in-process suites only.
    exclude: process.env.VPNAAS_TEST_SCOPE === 'in-process' ? PROCESS_SUITES : [],
    // The end-to-end suites each start a server on their own port and database.
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
