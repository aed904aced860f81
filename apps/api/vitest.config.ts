import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { POSTGRES_URL, postgresUnreachable } from './test/support/test-database.js';

// The whole suite runs on both engines: the `sqlite` project as the README's
// run command does, the `postgres` project with each test server on a
// PostgreSQL database of its own (test/support/test-database.ts), plus the
// PostgreSQL-only suites (`*.postgres.spec.ts`: replicas, losing the database).
// Under CI=true a missing PostgreSQL fails the run; elsewhere it is skipped, saying so.
/** The mutation run (pnpm test:mutation) runs the in-process suites only, on SQLite. */
const inProcessOnly = process.env.VPNAAS_TEST_SCOPE === 'in-process';
const unreachable = inProcessOnly
  ? undefined
  : process.env.VPNAAS_TEST_SKIP_POSTGRES
    ? 'VPNAAS_TEST_SKIP_POSTGRES is set'
    : await postgresUnreachable();
if (unreachable) {
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL} (${unreachable}): install and start it (Debian: apt-get install postgresql; trust auth for user postgres on 127.0.0.1:5432), or set VPNAAS_TEST_POSTGRES_URL`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n  skipping the PostgreSQL run of the suite: ${message}\n`);
}

/** Suites that start the built service or the real clients: they test no mutated code. */
const PROCESS_SUITES = [
  'test/interop.e2e.spec.ts',
  'test/interop-keystone.e2e.spec.ts',
  'test/persistence.e2e.spec.ts',
  'test/durability.e2e.spec.ts',
  'test/config-errors.e2e.spec.ts',
  'test/metrics.e2e.spec.ts',
  'test/dataplane/strongswan-restart.e2e.spec.ts',
  'test/stdout-log.e2e.spec.ts',
];

const sqlite: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'sqlite',
    include: ['test/**/*.spec.ts'],
    exclude: ['test/**/*.postgres.spec.ts', ...(inProcessOnly ? PROCESS_SUITES : [])],
  },
};
const postgres: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'postgres',
    include: ['test/**/*.spec.ts'],
    exclude: [
      // It reads the SQLite file itself: what it checks (the bytes and modes of the file) is SQLite's.
      'test/psk-at-rest.e2e.spec.ts',
      // It edits the SQLite file: the answers it checks are kept by SQLite's triggers (PostgreSQL has none).
      'test/stored-answers.e2e.spec.ts',
      // The real clients see only HTTP, which every other suite checks on both engines; the CLI flow
      // is the slowest test by far (python start-up per command), run once, on SQLite. Likewise the
      // clients with Keystone (identity.e2e.spec.ts checks keystone mode on both engines).
      'test/interop.e2e.spec.ts',
      'test/interop-keystone.e2e.spec.ts',
    ],
    env: { VPNAAS_TEST_ENGINE: 'postgres' },
  },
};

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
      thresholds: { lines: 92, branches: 80, functions: 94, statements: 90 },
    },
    // The end-to-end suites each start a server on their own port and database.
    fileParallelism: true,
    // They spend most of their time waiting (on PostgreSQL, the real clients, charon, a child
    // service), so more files run at once than there are cores: vitest's default (cores - 1) is one
    // file at a time on a 2-core machine, where three at once took the suite from 346 s to 191 s.
    maxWorkers: Math.max(availableParallelism(), 3),
    // A worker keeps its modules from one test file to the next instead of importing the app again for
    // each (Nest, Fastify, ajv's compiled schemas). Imports added up to 191 s over the files of a 413 s
    // run; with this, to 98 s, and the run took 327 s. Vitest still gives each project workers of its own
    // (their VPNAAS_TEST_ENGINE differs); every test file starts its own servers and closes them.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: unreachable || inProcessOnly ? [sqlite] : [sqlite, postgres],
  },
});
