// The lock that decides which replica runs the data plane (src/database/session-lock.ts),
// between two holders on one PostgreSQL database as two replicas would use it: one holder
// at a time; a release or a lost session hands it to the other; a holder that lost its
// session does not get it back while the other holds it; a database out of reach is "not held".
import { Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../src/config/app-config.js';
import type { Database } from '../src/database/database.types.js';
import { createPostgresDialect } from '../src/database/postgres.dialect.js';
import { PostgresSessionLock } from '../src/database/session-lock.js';
import { createPostgresDatabase, POSTGRES_URL, type TestDatabase } from './support/test-database.js';

const KEY = BigInt('4242424242');
let database: TestDatabase;
let admin: pg.Client;
const locks: PostgresSessionLock[] = [];

function lockOn(config: DatabaseConfig): PostgresSessionLock {
  const url = config.url as string;
  const lock = new PostgresSessionLock(
    () =>
      new Kysely<Database>({
        dialect: createPostgresDialect({
          config: { ...config, url },
          logger: pino({ level: 'silent' }),
          poolSize: 1,
        }),
      }),
    KEY,
  );
  locks.push(lock);
  return lock;
}

beforeAll(async () => {
  database = await createPostgresDatabase({ statementTimeoutMs: 1000 });
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(locks.map((lock) => lock.release()));
  await admin?.end();
  await database?.drop();
});

/** Ends the server session that holds the lock, as a lost connection or a restarted server would. */
async function endHoldersSession(): Promise<number> {
  const { rows } = await admin.query(
    `select pg_terminate_backend(pid) from pg_locks
      where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1
        and database = (select oid from pg_database where datname = $2)`,
    [KEY.toString(), new URL(database.config.url as string).pathname.slice(1)],
  );
  return rows.length;
}

async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('the data-plane lock on PostgreSQL', () => {
  it('has one holder at a time; released, it goes to the other', async () => {
    const first = lockOn(database.config);
    const second = lockOn(database.config);
    expect(await first.hold()).toBe(true);
    expect(await second.hold()).toBe(false);
    expect(await first.hold()).toBe(true);
    await first.release();
    expect(await second.hold()).toBe(true);
    expect(await first.hold()).toBe(false);
    await second.release();
  });

  it('goes to the other holder when the server ends the session, and stays there', async () => {
    const first = lockOn(database.config);
    const second = lockOn(database.config);
    expect(await first.hold()).toBe(true);
    expect(await endHoldersSession()).toBe(1);
    expect(await eventually(() => second.hold())).toBe(true);
    expect(await first.hold()).toBe(false);
    expect(await second.hold()).toBe(true);
    await second.release();
    expect(await first.hold()).toBe(true);
    await first.release();
  });

  it('is not held, and does not throw, while the database is out of reach', async () => {
    const url = new URL(database.config.url as string);
    url.port = '1';
    const unreachable = lockOn({ ...database.config, url: url.toString() });
    expect(await unreachable.hold()).toBe(false);
    expect(await unreachable.hold()).toBe(false);
  });
});
