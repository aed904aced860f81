// The embedded database: SQLite through better-sqlite3 (WAL), behind Kysely so
// that the queries can also speak PostgreSQL later. Migrations run at start-up.
import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { prepareDataDir } from '../config/data-dir.js';
import type { Database } from './database.types.js';
import { migrationProvider } from './migrations.js';

export type Db = Kysely<Database> | Transaction<Database>;

@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  readonly db: Kysely<Database>;
  private readonly columns = new Map<string, ReadonlySet<string>>();
  /** The transaction the current request runs in, so that nested work joins it. */
  private readonly current = new AsyncLocalStorage<Transaction<Database>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    prepareDataDir(config.dataDir);
    const file = join(config.dataDir, 'vpnaas.sqlite');
    // Owner-only: it holds every project's objects (SQLite gives its -wal and -shm files the same mode).
    closeSync(openSync(file, 'a', 0o600));
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  /** Brings the schema up to date before anything uses it; fails start-up if a migration fails. */
  async onModuleInit(): Promise<void> {
    const { error, results } = await new Migrator({
      db: this.db,
      provider: migrationProvider,
    }).migrateToLatest();
    const failed = results?.find((result) => result.status === 'Error');
    if (error || failed) {
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
    }
    for (const table of await this.db.introspection.getTables()) {
      this.columns.set(table.name, new Set(table.columns.map((column) => column.name)));
    }
  }

  /** The columns of a table, as the migrated database has them. */
  columnsOf(table: keyof Database): ReadonlySet<string> {
    const columns = this.columns.get(table);
    if (!columns) throw new Error(`no table ${table}: the database is not migrated`);
    return columns;
  }

  /**
   * Where a query should run: inside the request's transaction when there is
   * one (with SQLite, a query outside it would wait for it forever).
   */
  get query(): Db {
    return this.current.getStore() ?? this.db;
  }

  /**
   * Runs work in one transaction: a refused request leaves no trace. Work
   * started inside another transaction joins it (a create runs its quota check
   * and its own checks and insert as one).
   */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const active = this.current.getStore();
    if (active) return work(active);
    return this.db.transaction().execute((trx) => this.current.run(trx, () => work(trx)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
