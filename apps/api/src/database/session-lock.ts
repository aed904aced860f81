// A lock that one process holds, across every replica, for as long as it can
// show it holds it: which replica runs the data plane. On PostgreSQL it is a
// session advisory lock on a connection of its own; the server releases it when
// that connection ends (the process died, or lost the database), so a standby
// replica takes it on its next try. SQLite serves one process, which always holds it.
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.types.js';

export interface SessionLock {
  /**
   * Whether this process holds the lock now, taking it when it is free. Never throws: a database
   * it cannot reach answers false, since another replica may hold the lock by then.
   */
  hold(): Promise<boolean>;
  /** Gives the lock up (at shutdown), so that a standby takes it at once. */
  release(): Promise<void>;
}

/** SQLite: one process, always the holder. */
export const ALWAYS_HELD: SessionLock = {
  hold: async () => true,
  release: async () => {},
};

interface Session {
  /** The connection the lock belongs to. */
  readonly connection: Kysely<Database>;
  /** Ends the session: unlocks and gives the connection back. */
  readonly end: () => void;
  /** Settles once the connection is given back. */
  readonly ended: Promise<void>;
}

export class PostgresSessionLock implements SessionLock {
  private db: Kysely<Database> | undefined;
  private session: Session | undefined;

  /**
   * @param openDatabase a Kysely on a pool of one connection of its own (not the requests' pool,
   *   whose connections come and go); made on the first try and again after a lost session.
   * @param key the advisory lock's key, one per role.
   */
  constructor(
    private readonly openDatabase: () => Kysely<Database>,
    private readonly key: bigint,
  ) {}

  async hold(): Promise<boolean> {
    if (this.session) {
      // A session lock lasts as long as its connection: the connection answering is the proof.
      const alive = await sql`select 1`.execute(this.session.connection).then(
        () => true,
        () => false,
      );
      if (alive) return true;
      await this.dropSession();
    }
    return this.take();
  }

  async release(): Promise<void> {
    await this.dropSession();
  }

  private take(): Promise<boolean> {
    this.db ??= this.openDatabase();
    const db = this.db;
    return new Promise<boolean>((answer) => {
      let end: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        end = resolve;
      });
      const ended = db
        .connection()
        .execute(async (connection) => {
          // A holder cut off without a word (a network partition): the server ends its session, and so
          // frees the lock for a standby, within about half a minute instead of TCP's two hours.
          await sql`select set_config('tcp_keepalives_idle', '10', false), set_config('tcp_keepalives_interval', '5', false),
            set_config('tcp_keepalives_count', '3', false), set_config('tcp_user_timeout', '20000', false)`.execute(
            connection,
          );
          const { rows } = await sql<{
            taken: boolean;
          }>`select pg_try_advisory_lock(${sql.lit(this.key)}) as taken`.execute(connection);
          if (!rows[0]?.taken) {
            answer(false);
            return;
          }
          this.session = { connection, end, ended };
          answer(true);
          // The connection, and the lock with it, is held until the session ends.
          await released;
          await sql`select pg_advisory_unlock(${sql.lit(this.key)})`.execute(connection).catch(() => {});
        })
        .catch(() => answer(false));
    });
  }

  /** Ends the session and closes its pool, so that a broken connection is never used again. */
  private async dropSession(): Promise<void> {
    const { session, db } = this;
    this.session = undefined;
    this.db = undefined;
    session?.end();
    await session?.ended;
    await db?.destroy().catch(() => {});
  }
}
