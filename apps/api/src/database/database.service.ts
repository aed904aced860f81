// Where the data lives: embedded SQLite through better-sqlite3 (WAL) by
// default, or PostgreSQL (VPNAAS_DATABASE_URL) shared by several replicas. Both
// behind Kysely, with one set of migrations run at start-up.
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Dialect, Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Logger } from 'pino';
import { LOGGER } from '../common/pino.logger.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { prepareDataDir } from '../config/data-dir.js';
import type { Database } from './database.types.js';
import { DatabaseUnavailableError, isRetryable } from './database-unavailable.error.js';
import { type Engine, migrationProvider } from './migrations.js';
import { createPostgresDialect } from './postgres.dialect.js';
import { runDirectly } from './query-shape.cache.js';
import { ALWAYS_HELD, PostgresSessionLock, type SessionLock } from './session-lock.js';
import { openSqlite } from './sqlite.dialect.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** How often a transaction PostgreSQL refused as not serializable is tried in all. */
const SERIALIZATION_ATTEMPTS = 10;
/**
 * The advisory lock of the "one at a time" lane: every request transaction
 * holds it shared; a retried one takes it exclusively before it begins.
 */
const ALONE_LOCK = sql.lit(BigInt('7212458031880461013'));

@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  private readonly columns = new Map<string, ReadonlySet<string>>();
  /** SQLite: request transactions that arrive together share one commit (one fsync). */
  private readonly groupCommit: SqliteGroupCommit | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.engine = config.database.url ? 'postgres' : 'sqlite';
    if (this.engine === 'postgres') {
      this.db = new Kysely<Database>({ dialect: this.postgresDialect() });
      this.groupCommit = undefined;
    } else {
      prepareDataDir(config.dataDir);
      const sqlite = openSqlite(join(config.dataDir, 'vpnaas.sqlite'));
      this.db = new Kysely<Database>({ dialect: sqlite.dialect });
      runDirectly(this.db, sqlite.readCommitted);
      this.groupCommit = new SqliteGroupCommit(this.db, sqlite.runInTransaction);
    }
  }

  /** A lock one process holds across every replica while it can show it does (session-lock.ts). */
  sessionLock(key: bigint): SessionLock {
    if (this.engine === 'sqlite') return ALWAYS_HELD;
    return new PostgresSessionLock(
      () => new Kysely<Database>({ dialect: this.postgresDialect(true, 1) }),
      key,
    );
  }

  private postgresDialect(statementTimeout = true, poolSize?: number): Dialect {
    const { url } = this.config.database;
    if (!url) throw new Error('PostgreSQL needs VPNAAS_DATABASE_URL');
    return createPostgresDialect({
      config: { ...this.config.database, url },
      logger: this.logger,
      statementTimeout,
      poolSize,
    });
  }

  /**
   * Brings the schema up to date before anything uses it; fails start-up if a
   * migration fails. On PostgreSQL the migrator holds an advisory lock, so
   * replicas starting together migrate once; it runs on a connection of its own
   * without the statement timeout, so a replica may wait for another's migration.
   */
  async onModuleInit(): Promise<void> {
    const migrationDb =
      this.engine === 'postgres'
        ? new Kysely<Database>({ dialect: this.postgresDialect(false, 1) })
        : this.db;
    try {
      const { error, results } = await new Migrator({
        db: migrationDb,
        provider: migrationProvider(this.engine),
      }).migrateToLatest();
      const failed = results?.find((result) => result.status === 'Error');
      if (error instanceof DatabaseUnavailableError) {
        // Start-up stops, naming the setting and the cause (never the URL: it may hold a password).
        throw new Error(`VPNAAS_DATABASE_URL: the database cannot be reached (${error.reason})`);
      }
      if (error || failed) {
        throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
      }
    } finally {
      if (migrationDb !== this.db) await migrationDb.destroy();
    }
    for (const table of await this.db.introspection.getTables()) {
      this.columns.set(table.name, new Set(table.columns.map((column) => column.name)));
    }
    if (this.engine === 'postgres') await this.warnWithoutAutovacuum();
  }

  /**
   * PostgreSQL plans a list page from its statistics of the table, which ANALYZE
   * gathers, and autovacuum runs ANALYZE as a table grows. Without them the planner
   * guesses that a project holds 0.5 % of the rows, and reads and sorts all of a
   * project's rows for each page instead of walking the index in order (BENCHMARKS:
   * 227 pages a second at 2,800 connections, 77 at 17,000; 720–1,000 at any size with fresh statistics).
   */
  private async warnWithoutAutovacuum(): Promise<void> {
    const { rows } = await sql<{
      autovacuum: string;
    }>`select current_setting('autovacuum') as autovacuum`.execute(this.db);
    if (rows[0]?.autovacuum === 'on') return;
    this.logger.warn(
      'PostgreSQL runs with autovacuum off: its statistics of the tables go stale as they grow, and list pages slow down with them. Turn autovacuum on, or run ANALYZE regularly.',
    );
  }

  /** The columns of a table, as the migrated database has them. */
  columnsOf(table: keyof Database): ReadonlySet<string> {
    const columns = this.columns.get(table);
    if (!columns) throw new Error(`no table ${table}: the database is not migrated`);
    return columns;
  }

  /**
   * Ready to serve: the database answers and every migration this code knows
   * has run. Throws DatabaseUnavailableError otherwise.
   */
  async checkReady(): Promise<void> {
    const known = Object.keys(await migrationProvider(this.engine).getMigrations());
    const migrations = await new Migrator({
      db: this.db,
      provider: migrationProvider(this.engine),
    }).getMigrations();
    const pending = migrations.filter((migration) => migration.executedAt === undefined);
    if (pending.length > 0 || migrations.length < known.length) {
      throw new DatabaseUnavailableError(`not migrated: ${pending.map((m) => m.name).join(', ')}`);
    }
    await sql`select 1`.execute(this.db);
  }

  /**
   * Where a read outside any transaction runs. Work inside a transaction uses
   * the transaction it is given: with SQLite's one connection, a query outside
   * an open transaction waits for it (and would wait forever from inside it).
   */
  get query(): Db {
    return this.db;
  }

  /**
   * Runs work in one transaction: a refused request leaves no trace. Given the
   * transaction of the work that calls it (`joining`), it runs in that one
   * instead (a create runs its quota check and its own checks and insert as
   * one). Passed explicitly, not found through AsyncLocalStorage: on Node 20
   * that turns on promise hooks for every promise, a tenth of a request's time.
   *
   * On PostgreSQL the transaction is SERIALIZABLE, so the checks a request
   * makes (quota counts, in-use checks, references) hold across replicas as
   * they would if the requests ran one after another; PostgreSQL aborts the
   * loser of a race (40001). The loser is tried again alone: it waits for the
   * transactions in flight (which hold the lane's lock shared), holds back new
   * ones, and begins only then, so it cannot lose again however many replicas
   * race for the same project's quota. SQLite runs one write transaction at a
   * time, so it needs none of this; there the transactions that arrive together
   * share one commit (SqliteGroupCommit), and each is answered after it.
   */
  async transaction<T>(
    work: (trx: Transaction<Database>) => Promise<T>,
    joining?: Transaction<Database>,
  ): Promise<T> {
    if (joining) return work(joining);
    if (this.groupCommit) return this.groupCommit.run(work);
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt > 1) return await this.alone(work);
        return await this.serializable(this.db, async (trx) => {
          await sql`select pg_advisory_xact_lock_shared(${ALONE_LOCK})`.execute(trx);
          return work(trx);
        });
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (attempt >= SERIALIZATION_ATTEMPTS) {
          throw new DatabaseUnavailableError(`still not serializable after ${attempt} attempts`);
        }
        this.logger.debug({ attempt }, 'transaction not serializable: trying again alone');
      }
    }
  }

  private serializable<T>(
    db: Kysely<Database>,
    work: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    return db.transaction().setIsolationLevel('serializable').execute(work);
  }

  /** A transaction that begins once no other request transaction runs, on any replica. */
  private alone<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${ALONE_LOCK})`.execute(connection);
      try {
        return await this.serializable(connection, work);
      } finally {
        // A lost connection releases the lock with its session.
        await sql`select pg_advisory_unlock(${ALONE_LOCK})`.execute(connection).catch(() => {});
      }
    });
  }

  /**
   * A READ COMMITTED transaction for background work that locks what it takes
   * (`FOR UPDATE SKIP LOCKED`) instead of relying on serializability.
   */
  lockingTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.groupCommit?.flush();
    await this.db.destroy();
  }
}

/** Whether the database takes row locks (`FOR UPDATE SKIP LOCKED`): PostgreSQL does, SQLite has none. */
export function hasRowLocks(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
