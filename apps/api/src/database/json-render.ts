// JSON written by SQLite itself. A page of 100 connections built as objects in
// JS (each row's values read, parsed, mapped, then the page serialised) cost
// more than the same page as one JSON text a row from SQLite, which runs in
// this process: the texts are spliced into the answer as they are (BENCHMARKS).
// The connection's answer is written so once per change and kept
// (stored-column.ts), not at every read.
// Not on PostgreSQL: there the same rendering moved the work from the replicas,
// which scale out, to the one database they share (a page cost the database
// 2.4 times the CPU), so PostgreSQL's answers are built in JS.
import { type Expression, type RawBuilder, sql } from 'kysely';

/** JSON text in SQL: inside another JSON value it stays JSON, not a quoted string. */
type JsonValue = RawBuilder<string>;

export const sqliteJson = {
  /** An object with these members, in this order (a TEXT column's value is a string, an INTEGER a number). */
  object: (members: Readonly<Record<string, Expression<unknown>>>): JsonValue =>
    sql<string>`json_object(${sql.join(Object.entries(members).map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`,
  /** A text column that holds JSON (`["10.0.0.0/24"]`), as that JSON. */
  parsed: (column: string): JsonValue => sql<string>`json(${sql.ref(column)})`,
  /** A string or number constant. */
  constant: (value: string | number): JsonValue => sql<string>`${sql.lit(value)}`,
  true: sql<string>`json('true')`,
  /** The objects of the rows `from` (`from … where …`) picks, in `orderBy`'s order: `[]` for none. */
  arrayFrom: (element: JsonValue, from: RawBuilder<unknown>, orderBy: string): JsonValue =>
    // A scalar subquery's value loses its JSON subtype: json() restores it.
    sql<string>`json((select json_group_array(${element} order by ${sql.ref(orderBy)}) ${from}))`,
};
