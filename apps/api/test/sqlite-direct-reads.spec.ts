// SQLite's shaped reads (a row by id, a connection with its tags) run straight
// on the prepared statement when no transaction is open on the connection. On
// a real, migrated database: while a group of writes holds its transaction
// open, such a read must not answer with a write no caller has been answered
// for; it waits for the group's commit, like every other query, and then sees it.
// A shaped write is never run that way: it goes through Kysely.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/common/request-context.js';
import { findOwned, insertRow } from '../src/common/rows.js';
import { loadConfig } from '../src/config/app-config.js';
import { DatabaseService } from '../src/database/database.service.js';

let database: DatabaseService | undefined;
let dataDir = '';

async function migratedDatabase(): Promise<DatabaseService> {
  dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-direct-reads-'));
  database = new DatabaseService(loadConfig({ VPNAAS_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  await database.onModuleInit();
  return database;
}

const caller: RequestContext = { projectId: 'p1', isAdmin: false };
const network = (id: string) => ({
  id,
  project_id: 'p1',
  name: id,
  description: '',
  admin_state_up: 1,
  mtu: 1500,
  created_at: '2026-11-27 00:00:00.000000',
});

afterEach(async () => {
  await database?.onApplicationShutdown();
  database = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('SQLite shaped reads outside a transaction', () => {
  it('answer with a committed row, and 404 for a row that is not there', async () => {
    const database = await migratedDatabase();
    await database.transaction((trx) => trx.insertInto('networks').values(network('n-1')).execute());
    expect((await findOwned(database.query, 'networks', 'network', caller, 'n-1')).name).toBe('n-1');
    await expect(findOwned(database.query, 'networks', 'network', caller, 'n-2')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('leave a shaped write outside a transaction to Kysely, which runs it', async () => {
    const database = await migratedDatabase();
    await insertRow(database.query, 'networks', network('n-1'));
    expect((await findOwned(database.query, 'networks', 'network', caller, 'n-1')).name).toBe('n-1');
  });

  it('never see a write of an open group: they wait for its commit, then see it', async () => {
    const database = await migratedDatabase();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertDone = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const write = database.transaction(async (trx) => {
      await trx.insertInto('networks').values(network('n-new')).execute();
      inserted();
      // The group's transaction stays open, its insert uncommitted, until released.
      await held;
    });
    await insertDone;

    const events: string[] = [];
    const read = findOwned(database.query, 'networks', 'network', caller, 'n-new').then(
      (row) => events.push(`read ${row.name}`),
      (error: { status?: number }) => events.push(`read ${error.status}`),
    );
    await new Promise((settle) => setTimeout(settle, 50));
    events.push('released');
    release();
    await Promise.all([write, read]);
    expect(events).toEqual(['released', 'read n-new']);
  });
});

describe('SQLite prepared statements', () => {
  it('answer right past the statement cache’s bound, hot and cold texts interleaved', async () => {
    const db = (await migratedDatabase()).db;
    await insertRow(db, 'networks', network('n-hot'));
    // Three times the cache's 512 distinct texts, twice over, with one text used throughout: the cache
    // drops the cold texts and passes over the hot one, and no text ever gets another's statement.
    for (let round = 0; round < 2; round++) {
      for (let index = 0; index < 1536; index++) {
        const { rows } = await sql<{ n: number }>`select ${sql.lit(index)} as n`.execute(db);
        expect(rows).toEqual([{ n: index }]);
        if (index % 7 === 0) {
          expect((await findOwned(db, 'networks', 'network', caller, 'n-hot')).name).toBe('n-hot');
        }
      }
    }
  });
});
