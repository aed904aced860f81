// A column SQLite keeps equal to an expression of its row (and of rows of other
// tables that name the row), by triggers. Reading the column then costs what
// reading any text does, where writing the value at every read did not: a page
// of 100 connections' answers took 340 µs to write and 70 to read stored
// (BENCHMARKS). The triggers run inside the statement that changes a row, so no
// write, from any code path, can leave the column behind. They are made from
// the expression at start-up: when a new version changes the expression, they
// are made again and every row's value written anew, in one transaction.
import { type Expression, type Kysely, sql } from 'kysely';
import type { Database } from './database.types.js';

type Table = keyof Database & string;

export interface StoredColumn {
  /** The table, and its column (added by a migration) that holds the value. */
  readonly table: Table;
  readonly column: string;
  /**
   * The value, over the row by qualified references (`"table"."column"`), with
   * literals only (`sql.lit`): a trigger's text takes no parameters.
   */
  readonly value: Expression<unknown>;
  /** Other tables whose rows enter the value, each with its column that holds the row's id. */
  readonly dependsOn: readonly { readonly table: Table; readonly idColumn: string }[];
}

/**
 * Makes the triggers that keep the column in step, unless the database has
 * them as they are; when it did not, writes every row's value and returns how
 * many rows it wrote (undefined when the triggers were current). Run in a
 * transaction (SQLite's DDL is transactional): a start-up that fails half-way
 * leaves the triggers and values as they were.
 */
export async function keepStoredColumn(
  db: Kysely<Database>,
  stored: StoredColumn,
): Promise<number | undefined> {
  const value = sql`${stored.value}`.compile(db);
  if (value.parameters.length > 0) {
    throw new Error(`the value of ${stored.table}.${stored.column} has parameters: use literals`);
  }
  const columns = await sql<{ name: string }>`select name from pragma_table_info(${stored.table})`.execute(
    db,
  );
  const sources = columns.rows.map((row) => row.name).filter((name) => name !== stored.column);
  if (sources.length === columns.rows.length) {
    throw new Error(`no column ${stored.table}.${stored.column}: the database is not migrated`);
  }
  const wanted = triggers(stored, value.sql, sources);
  const prefix = `${stored.table}_${stored.column}_`;
  const existing = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'trigger' and substr(name, 1, ${prefix.length}) = ${prefix}`.execute(db);
  const current =
    existing.rows.length === wanted.size &&
    existing.rows.every((trigger) => wanted.get(trigger.name) === trigger.sql);
  if (current) return undefined;
  for (const trigger of existing.rows) await sql`drop trigger ${sql.id(trigger.name)}`.execute(db);
  for (const definition of wanted.values()) await sql.raw(definition).execute(db);
  const written = await sql
    .raw(`update ${quoted(stored.table)} set ${quoted(stored.column)} = ${value.sql}`)
    .execute(db);
  return Number(written.numAffectedRows ?? 0);
}

/**
 * The triggers by name, each as SQLite keeps its text (sqlite_master), so that the
 * texts compare. Only writes that change what the value reads fire one: the
 * column's own update (by these triggers) fires none, which keeps them from
 * firing each other.
 */
function triggers(stored: StoredColumn, valueSql: string, sources: readonly string[]): Map<string, string> {
  const table = quoted(stored.table);
  // `= id` where one row changes: `in (id)` cost an insert some 10 µs more.
  const renew = (ids: readonly string[]) =>
    `UPDATE ${table} SET ${quoted(stored.column)} = ${valueSql} WHERE ${table}."id" ${
      ids.length === 1 ? `= ${ids[0]}` : `IN (${ids.join(', ')})`
    };`;
  const name = (event: string) => `${stored.table}_${stored.column}_${event}`;
  const trigger = (event: string, when: string, on: string, ids: readonly string[]) =>
    [
      name(event),
      `CREATE TRIGGER ${quoted(name(event))} AFTER ${when} ON ${on} BEGIN ${renew(ids)} END`,
    ] as const;
  const row = [
    trigger('on_insert', 'INSERT', table, ['new."id"']),
    trigger('on_update', `UPDATE OF ${sources.map(quoted).join(', ')}`, table, ['new."id"']),
  ];
  const dependents = stored.dependsOn.flatMap(({ table: other, idColumn }) => {
    const id = quoted(idColumn);
    return [
      trigger(`on_${other}_insert`, 'INSERT', quoted(other), [`new.${id}`]),
      trigger(`on_${other}_update`, 'UPDATE', quoted(other), [`old.${id}`, `new.${id}`]),
      trigger(`on_${other}_delete`, 'DELETE', quoted(other), [`old.${id}`]),
    ];
  });
  return new Map([...row, ...dependents]);
}

/** An identifier of this code's own (never a user's), quoted as SQLite and Kysely quote it. */
function quoted(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`not a plain identifier: ${identifier}`);
  return `"${identifier}"`;
}
