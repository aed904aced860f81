// SQLite's reader connection on a real, migrated database: a read outside any
// transaction sees the last commit at once. It neither waits for a group of
// writes whose commit (fsync) is still to come nor sees their writes, which no
// caller has been answered for yet.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { findOwned } from '../src/common/rows.js';
import { loadConfig } from '../src/config/app-config.js';
import { DatabaseService } from '../src/database/database.service.js';

let database: DatabaseService | undefined;

async function migratedDatabase(): Promise<DatabaseService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-reader-'));
  database = new DatabaseService(loadConfig({ VPNAAS_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  await database.onModuleInit();
  return database;
}

const project = { projectId: 'p1', isAdmin: false } as Parameters<typeof findOwned>[3];
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
});

describe('SQLite reads outside a transaction', () => {
  it('see the last commit while a group of writes is open, and its writes once it has committed', async () => {
    const database = await migratedDatabase();
    await database.transaction((trx) => trx.insertInto('networks').values(network('n-old')).execute());

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
      // The group's transaction stays open (uncommitted) until the reads below are done.
      await held;
    });
    await insertDone;

    // Both kinds of read answer now; on the writer's connection they would wait for `held` for ever.
    const listed = await database.query.selectFrom('networks').select('id').orderBy('id').execute();
    expect(listed.map((row) => row.id)).toEqual(['n-old']);
    await expect(findOwned(database.query, 'networks', 'network', project, 'n-new')).rejects.toMatchObject({
      status: 404,
    });
    expect((await findOwned(database.query, 'networks', 'network', project, 'n-old')).name).toBe('n-old');

    release();
    await write;
    expect((await findOwned(database.query, 'networks', 'network', project, 'n-new')).name).toBe('n-new');
    const after = await database.query.selectFrom('networks').select('id').orderBy('id').execute();
    expect(after.map((row) => row.id)).toEqual(['n-new', 'n-old']);
  });

  it('cannot write: the reader connection refuses it', async () => {
    const database = await migratedDatabase();
    await expect(database.query.insertInto('networks').values(network('n-1')).execute()).rejects.toThrow(
      /readonly database/,
    );
  });
});
