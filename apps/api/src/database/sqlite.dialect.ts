// Embedded SQLite through better-sqlite3 (WAL, synchronous FULL: an answered
// write is on disk), on one connection. Kysely's driver prepares every
// statement again for every query; preparing is a tenth of a request's time,
// so each distinct SQL text is prepared once and kept (a bounded cache:
// `in (?, ?, …)` lists vary in length).
// Rows are read as arrays and made objects by a function built for the
// statement's columns: better-sqlite3's own row objects cost twice as much (a
// page of 100 connections took half a millisecond to read). Where every column
// is a plain TEXT or INTEGER one, SQLite packs each row into one JSON array
// (`packedSql`), cheaper again than a JS value per column.
import { closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { DirectRun } from './query-shape.cache.js';
import { SecondChanceCache } from './second-chance.cache.js';

/** Distinct statements kept prepared; past this, one not used lately goes. */
const STATEMENT_CACHE_SIZE = 512;

export interface SqliteEngine {
  readonly dialect: SqliteDialect;
  /**
   * Runs a reading statement at once, past Kysely's executor (its connection
   * queue and promise chain, about 7 % of a show's CPU), when that cannot read
   * anything uncommitted: only while no transaction is open on the connection
   * (a group commit's, say). Otherwise, and for a statement that writes,
   * undefined: the caller goes through Kysely, which waits for that transaction
   * to end, as every other query does.
   */
  readonly readCommitted: DirectRun;
  /**
   * Runs a statement at once inside the open transaction, past Kysely's
   * executor, for the work that holds that transaction (SqliteGroupCommit):
   * SQLite has one connection and the transaction holds it, so nothing else
   * can run in between. Rows for a read, none for a write. Throws if no
   * transaction is open (SQLite rolls one back by itself after some errors):
   * run outside it, a write would be committed on its own.
   */
  readonly runInTransaction: (sql: string, parameters: readonly unknown[]) => unknown[];
}

export interface SqliteOptions {
  /**
   * The connection holds the file for itself (the service's case, the default):
   * no other connection, in this process or another, can open it meanwhile.
   * False only for a test that reads what is on disk through a connection of its own.
   */
  readonly exclusive?: boolean;
}

export class SqliteFileInUseError extends Error {
  constructor(file: string) {
    super(
      `${file} is in use by another process: SQLite serves one vpnaas process at a time (replicas share a PostgreSQL database: VPNAAS_DATABASE_URL)`,
    );
  }
}

export function openSqlite(file: string, { exclusive = true }: SqliteOptions = {}): SqliteEngine {
  // Owner-only: it holds every project's objects (SQLite gives its -wal file the same mode).
  closeSync(openSync(file, 'a', 0o600));
  const sqlite = new BetterSqlite3(file);
  // First: a process that is still letting go of the file (a restart) gets 5 s to do so.
  sqlite.pragma('busy_timeout = 5000');
  // One process serves the file, and it takes the lock once, when the WAL opens below, and keeps
  // it: shared locking took two fcntl calls and an fstat for every read transaction, about 14 % of
  // a show's CPU (paired A/B). The WAL's index then lives in this process's memory (no -shm file).
  // A second process on the same data dir is refused at start-up rather than running a second
  // status driver and data plane on the same rows.
  if (exclusive) sqlite.pragma('locking_mode = EXCLUSIVE');
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    sqlite.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new SqliteFileInUseError(file);
    throw error;
  }
  // SQLite's default, stated: WAL with NORMAL would lose the last commits on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // A savepoint (each request in a group commit has one) keeps the pages it changes in a
  // sub-journal, by default a temporary file: a create's insert cost 117 µs with it, 45 in
  // memory. It only serves a rollback to the savepoint; what is durable is the WAL, as before.
  sqlite.pragma('temp_store = MEMORY');
  const database = withStatementCache(sqlite);
  return {
    dialect: new SqliteDialect({ database }),
    // better-sqlite3 answers synchronously: nothing else can use the connection in between.
    readCommitted(sql, parameters) {
      if (sqlite.inTransaction) return undefined;
      const statement = database.prepare(sql);
      return statement.reader ? (statement.all(parameters) as unknown[]) : undefined;
    },
    runInTransaction(sql, parameters) {
      if (!sqlite.inTransaction) throw new Error('the transaction has ended: SQLite rolled it back');
      const statement = database.prepare(sql);
      if (statement.reader) return statement.all(parameters) as unknown[];
      statement.run(parameters);
      return [];
    },
  };
}

/**
 * The database as Kysely sees it, preparing each SQL text once. Safe because
 * Kysely runs one query at a time on SQLite's single connection and never
 * streams here (a statement that is iterating could not be reused meanwhile).
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const prepared = new SecondChanceCache<string, SqliteStatement>(STATEMENT_CACHE_SIZE);
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = withRowBuilder(sqlite, sql, sqlite.prepare(sql));
        prepared.set(sql, statement);
      }
      return statement;
    },
  };
}

/** A reading statement whose rows are built from raw arrays; others as they are. */
function withRowBuilder(
  sqlite: BetterSqlite3.Database,
  sql: string,
  statement: BetterSqlite3.Statement,
): SqliteStatement {
  if (!statement.reader) return statement as unknown as SqliteStatement;
  const rows = statement.raw(true);
  const columns = rows.columns();
  const toRow = rowBuilder(columns.map((column) => column.name));
  const packed = preparePacked(sqlite, packedSql(sql, columns));
  return {
    reader: true,
    all: packed
      ? (parameters: ReadonlyArray<unknown>) =>
          (packed.all(parameters) as string[]).map((values) => toRow(JSON.parse(values)))
      : (parameters: ReadonlyArray<unknown>) => (rows.all(parameters) as unknown[][]).map(toRow),
    run: (parameters: ReadonlyArray<unknown>) => rows.run(parameters),
    *iterate(parameters: ReadonlyArray<unknown>) {
      for (const values of rows.iterate(parameters) as Iterable<unknown[]>) yield toRow(values);
    },
  } as SqliteStatement;
}

/** `select "a", "t"."b" as "c", … from …` as Kysely writes it: a list of column references, then FROM. */
const COLUMN_LIST =
  /^select ((?:"[^"]+"\.)?(?:"[^"]+"|\*)(?: as "[^"]+")?(?:, (?:"[^"]+"\.)?"[^"]+"(?: as "[^"]+")?)*) from /;

/** Declared column types whose values JSON carries exactly. */
const JSON_CARRIED = new Set(['TEXT', 'INTEGER']);

/** What SQLite says of a result column (better-sqlite3's `columns()`). */
export interface ResultColumn {
  readonly name: string;
  /** The table column it is, or null for an expression. */
  readonly column: string | null;
  readonly table: string | null;
  /** The declared type of that table column, or null for an expression. */
  readonly type: string | null;
}

/**
 * The same query with its columns packed into one JSON array a row:
 * `select json_array("a", "t"."b", …) from …`, the rest of its text unchanged,
 * so the same rows in the same order. better-sqlite3 makes each column's value
 * a JS value through V8's API, about 0.1 µs each: a page of 100 connections (22
 * columns) took 285 µs to read, packed and parsed 181. Only for two or more
 * plain columns declared TEXT or INTEGER, which JSON carries exactly (this
 * schema's INTEGER columns hold integers; a REAL stored in one would come back
 * rounded to 15 digits); `*` only when every column is one table's. Undefined
 * for any other query.
 */
export function packedSql(sql: string, columns: readonly ResultColumn[]): string | undefined {
  const list = COLUMN_LIST.exec(sql);
  if (!list?.[1] || columns.length < 2) return undefined;
  if (
    !columns.every((column) => column.column !== null && JSON_CARRIED.has(column.type?.toUpperCase() ?? ''))
  )
    return undefined;
  let references: string[];
  if (list[1] === '*') {
    if (!columns.every((column) => column.table === columns[0]?.table)) return undefined;
    references = columns.map((column) => `"${column.column?.replaceAll('"', '""')}"`);
  } else {
    references = list[1].split(', ').map((reference) => reference.replace(/ as "[^"]+"$/, ''));
    if (references.length !== columns.length || references.some((reference) => reference.endsWith('*')))
      return undefined;
  }
  return `select json_array(${references.join(', ')}) from ${sql.slice(list[0].length)}`;
}

/** The packed form prepared, or undefined (then rows are read column by column) if SQLite refuses it. */
function preparePacked(
  sqlite: BetterSqlite3.Database,
  packedText: string | undefined,
): BetterSqlite3.Statement | undefined {
  if (packedText === undefined) return undefined;
  try {
    return sqlite.prepare(packedText).pluck(true);
  } catch {
    return undefined;
  }
}

/**
 * `(values) => ({ "id": values[0], "name": values[1], … })` for these columns:
 * an object literal of fixed shape, which V8 builds far faster than one grown
 * key by key. The names come from SQLite's description of the statement and are quoted.
 */
function rowBuilder(names: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  const fields = names.map((name, index) => `${JSON.stringify(name)}: values[${index}]`).join(', ');
  return new Function('values', `return { ${fields} };`) as (values: unknown[]) => Record<string, unknown>;
}
