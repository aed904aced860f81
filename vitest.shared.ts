// Test settings every package shares: a shuffled order (a test that leans on
// another's data fails), with its seed printed so that a failing order can be
// repeated (VITEST_SEED=<seed>), and coverage whose thresholds fail the run.
type Thresholds = { lines: number; branches: number; functions: number; statements: number };

// Vitest prints it ("Running tests with seed …").
const seed = Number(process.env.VITEST_SEED ?? Math.floor(Math.random() * 1_000_000));

// Typed where it is spread (each package's defineConfig): vitest is not a dependency of the root.
export function sharedTestOptions(thresholds: Thresholds) {
  return {
    sequence: { shuffle: true, seed },
    coverage: {
      provider: 'v8' as const,
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      thresholds,
    },
  };
}
