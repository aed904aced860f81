// Group commit for SQLite. With synchronous=FULL every COMMIT waits for the
// disk (fsync), and better-sqlite3 waits on the event loop's thread: a create
// spent about as long in its commit as in everything else. Here the request
// transactions that arrive in the same turn of the event loop run one after
// another, each in a SAVEPOINT of one shared transaction, which commits once
// they are done; each request is answered only after that COMMIT has returned.
// So an answered write is on disk exactly as before (kill -9, power loss: see
// test/durability.e2e.spec.ts), one fsync serves many requests, and a request
// that fails rolls back to its savepoint: it leaves no trace, the others stand.
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './database.types.js';
import { runDirectly } from './query-shape.cache.js';
import type { SqliteEngine } from './sqlite.dialect.js';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface OpenGroup {
  readonly trx: ControlledTransaction<Database, string[]>;
  /** Settles when the group's COMMIT has returned (or failed). */
  readonly committed: Promise<void>;
  readonly settle: (error?: unknown) => void;
}

export class SqliteGroupCommit {
  /** The end of the queue: works run one at a time on SQLite's one connection. */
  private tail: Promise<unknown> = Promise.resolve();
  private group: OpenGroup | undefined;
  private savepoints = 0;

  constructor(
    private readonly db: Kysely<Database>,
    /**
     * Runs a statement straight on the connection the open group's transaction
     * holds (SqliteEngine.runInTransaction): the savepoints, and the works'
     * queries of a fixed shape. Through Kysely's builder and executor a
     * savepoint and its release cost about 40 µs, directly about 13.
     */
    private readonly runInTransaction: SqliteEngine['runInTransaction'],
  ) {}

  /**
   * Runs work in a savepoint of the open group (opening one if needed) and
   * resolves with its result once the group has committed.
   */
  run<T>(work: Work<T>): Promise<T> {
    const result = this.tail.then(() => this.runInGroup(work));
    this.tail = result.catch(() => {});
    return result.then(async ({ value, group }) => {
      await group.committed;
      return value;
    });
  }

  /** Waits for the queue to drain and the last group to commit (shutdown). */
  async flush(): Promise<void> {
    await this.tail;
    await this.group?.committed.catch(() => {});
  }

  private async runInGroup<T>(work: Work<T>): Promise<{ value: T; group: OpenGroup }> {
    const group = this.group ?? (await this.open());
    const name = `request_${++this.savepoints}`;
    this.runInTransaction(`savepoint ${name}`, []);
    let value: T;
    try {
      value = await work(group.trx);
    } catch (error) {
      this.runInTransaction(`rollback to ${name}`, []);
      this.runInTransaction(`release ${name}`, []);
      throw error;
    }
    this.runInTransaction(`release ${name}`, []);
    return { value, group };
  }

  private async open(): Promise<OpenGroup> {
    const trx = (await this.db.startTransaction().execute()) as ControlledTransaction<Database, string[]>;
    runDirectly(trx, this.runInTransaction);
    let settle!: (error?: unknown) => void;
    const committed = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody may wait on a group that fails before anyone joined it.
    committed.catch(() => {});
    const group: OpenGroup = { trx, committed, settle };
    this.group = group;
    // After this turn's I/O callbacks (the requests that arrived together), behind any work still queued.
    setImmediate(() => {
      this.tail = this.tail.then(() => this.commit(group));
    });
    return group;
  }

  private async commit(group: OpenGroup): Promise<void> {
    this.group = undefined;
    this.savepoints = 0;
    try {
      await group.trx.commit().execute();
      group.settle();
    } catch (error) {
      // Nothing of the group is on disk: every request in it fails.
      await group.trx
        .rollback()
        .execute()
        .catch(() => {});
      group.settle(error);
    }
  }
}
