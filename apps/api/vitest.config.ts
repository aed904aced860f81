import swc from 'unplugin-swc';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { POSTGRES_URL, postgresUnreachable } from './test/support/test-database.js';

// The whole suite runs on both engines: the `sqlite` project as the README's
// run command does, the `postgres` project with each test server on a
// PostgreSQL database of its own (test/support/test-database.ts), plus the
// PostgreSQL-only suites (`*.postgres.spec.ts`: replicas, losing the database).
// Under CI=true a missing PostgreSQL fails the run; elsewhere it is skipped, saying so.
const unreachable = process.env.VPNAAS_TEST_SKIP_POSTGRES
  ? 'VPNAAS_TEST_SKIP_POSTGRES is set'
  : await postgresUnreachable();
if (unreachable) {
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL} (${unreachable}): install and start it (Debian: apt-get install postgresql; trust auth for user postgres on 127.0.0.1:5432), or set VPNAAS_TEST_POSTGRES_URL`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n  skipping the PostgreSQL run of the suite: ${message}\n`);
}

const sqlite: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'sqlite', include: ['test/**/*.spec.ts'], exclude: ['test/**/*.postgres.spec.ts'] },
};
const postgres: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'postgres',
    include: ['test/**/*.spec.ts'],
    exclude: [
      // It reads the SQLite file itself: what it checks (the bytes and modes of the file) is SQLite's.
      'test/psk-at-rest.e2e.spec.ts',
      // The real clients see only HTTP, which every other suite checks on both engines; the CLI flow
      // is the slowest test by far (python start-up per command), run once, on SQLite.
      'test/interop.e2e.spec.ts',
    ],
    env: { VPNAAS_TEST_ENGINE: 'postgres' },
  },
};

export default defineConfig({
  // NestJS dependency injection needs decorator metadata, which esbuild does not
  // emit: SWC compiles the sources instead (the NestJS docs' recipe).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    // The end-to-end suites each start a server on their own port and database.
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: unreachable ? [sqlite] : [sqlite, postgres],
  },
});
