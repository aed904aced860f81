// SQLite's group commit on a real database file: works that arrive together
// share one transaction, a work is answered only once that transaction has
// committed, and a work that fails takes only its own writes with it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/database/database.service.js';
import type { Database } from '../src/database/database.types.js';
import { runShaped, valueAt } from '../src/database/query-shape.cache.js';
import { openSqlite, type SqliteEngine } from '../src/database/sqlite.dialect.js';
import { SqliteGroupCommit } from '../src/database/sqlite-group-commit.js';

let db: Kysely<Database> | undefined;
let file = '';

async function open(): Promise<{ db: Kysely<Database>; group: SqliteGroupCommit; engine: SqliteEngine }> {
  file = join(mkdtempSync(join(tmpdir(), 'vpnaas-group-commit-')), 'test.sqlite');
  // Shared, unlike the service's: childrenOnDisk reads through a connection of its own.
  const engine = openSqlite(file, { exclusive: false });
  db = new Kysely<Database>({ dialect: engine.dialect });
  // A child whose parent is checked only at COMMIT: a way to make one commit fail.
  await sql`create table parent (id integer primary key)`.execute(db);
  await sql`create table child (id integer primary key, parent_id integer not null
    references parent (id) deferrable initially deferred)`.execute(db);
  await sql`insert into parent (id) values (1)`.execute(db);
  return { db, group: new SqliteGroupCommit(db, engine.runInTransaction), engine };
}

/** The child ids on disk, read through a connection of its own. */
function childrenOnDisk(): number[] {
  const reader = new BetterSqlite3(file, { readonly: true });
  try {
    return (reader.prepare('select id from child order by id').all() as { id: number }[]).map(
      (row) => row.id,
    );
  } finally {
    reader.close();
  }
}

const insertChild =
  (id: number, parent = 1) =>
  (trx: Kysely<Database>) =>
    sql`insert into child (id, parent_id) values (${id}, ${parent})`.execute(trx);

/** The same insert as a query of a fixed shape: inside a group it runs straight on the connection. */
const insertChildShaped = (id: number) => (trx: Db) =>
  runShaped(
    trx,
    'group commit spec: insert child',
    (q) => ({
      compile: () => sql`insert into child (id, parent_id) values (${valueAt(0)}, ${valueAt(1)})`.compile(q),
    }),
    [id, 1],
  );

afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('SQLite group commit', () => {
  it('uses SQLite synchronous FULL: a commit is on disk before it returns', async () => {
    const { db } = await open();
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(rows).toEqual([{ synchronous: 2 }]);
  });

  it('answers the works sent together after their one commit, and each sees its writes on disk', async () => {
    const { group } = await open();
    const answers = await Promise.all(
      [1, 2, 3].map((id) =>
        group.run(async (trx) => {
          await insertChild(id)(trx);
          // Inside the group nothing is committed yet: another connection sees no child.
          return childrenOnDisk().length;
        }),
      ),
    );
    expect(answers).toEqual([0, 0, 0]);
    expect(childrenOnDisk()).toEqual([1, 2, 3]);
  });

  it('rolls back only the work that fails; the others of its group are committed', async () => {
    const { group } = await open();
    const results = await Promise.allSettled([
      group.run(insertChild(1)),
      group.run(async (trx) => {
        await insertChild(2)(trx);
        throw new Error('refused');
      }),
      group.run(insertChildShaped(3)),
      group.run(async (trx) => {
        await insertChildShaped(4)(trx);
        throw new Error('refused');
      }),
      group.run(insertChildShaped(5)),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(childrenOnDisk()).toEqual([1, 3, 5]);
  });

  it('runs a shaped query inside the group on its transaction, and refuses to run one when none is open', async () => {
    const { group, engine } = await open();
    const seen = await group.run(async (trx) => {
      await insertChildShaped(1)(trx);
      // Read back inside the same transaction: written, not yet on disk.
      const rows = await runShaped(
        trx,
        'group commit spec: children',
        (q) => ({
          compile: () => sql<{ id: number }>`select id from child where id >= ${valueAt(0)}`.compile(q),
        }),
        [0],
      );
      return { inside: rows.map((row) => row.id), onDisk: childrenOnDisk() };
    });
    expect(seen).toEqual({ inside: [1], onDisk: [] });
    expect(childrenOnDisk()).toEqual([1]);
    // Outside a transaction a write would be committed on its own: the runner throws instead.
    expect(() => engine.runInTransaction('insert into child (id, parent_id) values (2, 1)', [])).toThrow(
      'the transaction has ended',
    );
    expect(childrenOnDisk()).toEqual([1]);
  });

  it('answers none of a group whose commit fails, and leaves nothing of it', async () => {
    const { group } = await open();
    // The second work's child has no parent: SQLite refuses the whole transaction at COMMIT.
    const results = await Promise.allSettled([
      group.run(insertChild(1)),
      group.run(insertChild(2, 99)),
      group.run(insertChild(3)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('FOREIGN KEY constraint failed');
    expect(childrenOnDisk()).toEqual([]);
    // The next group starts clean.
    await group.run(insertChild(4));
    expect(childrenOnDisk()).toEqual([4]);
  });
});
