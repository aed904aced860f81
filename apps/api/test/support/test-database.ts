// The engine the suite runs on: SQLite by default, PostgreSQL when
// VPNAAS_TEST_ENGINE=postgres (the `postgres` vitest project sets it). Each
// PostgreSQL test server gets a database of its own, made here and dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/app-config.js';

export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine = process.env.VPNAAS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The server the test databases are made on (trust auth, as on CI machines). */
export const POSTGRES_URL =
  process.env.VPNAAS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** The configuration that points a service at it (url undefined on SQLite). */
  readonly config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Work on a connection of its own to the server's `postgres` database, closed after. */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty, uniquely named PostgreSQL database (never the shared `test` one). */
export async function createPostgresDatabase(overrides: Partial<DatabaseConfig> = {}): Promise<TestDatabase> {
  const name = `vpnaas_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: { url: url.toString(), poolSize: 10, statementTimeoutMs: 5000, ...overrides },
    // WITH (FORCE) ends connections a test left behind (PostgreSQL 13+).
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** The database a test server uses on the engine under test. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_ENGINE === 'postgres') return createPostgresDatabase();
  return {
    config: { url: undefined, poolSize: 10, statementTimeoutMs: 5000 },
    drop: async () => {},
  };
}

/** Whether PostgreSQL answers at POSTGRES_URL; the reason when it does not. */
export async function postgresUnreachable(): Promise<string | undefined> {
  try {
    await admin((client) => client.query('select 1'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
