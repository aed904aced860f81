// JSON written by the database itself, in each engine's SQL. A page of 100
// connections built as objects in JS (each row's values read, parsed, mapped,
// then the page serialised) cost more than twice what the same page costs as
// one JSON text a row from the database (BENCHMARKS): the texts are spliced
// into the answer as they are.
import { type Expression, type RawBuilder, sql } from 'kysely';
import type { Engine } from './migrations.js';

/** A JSON value in SQL: inside another JSON value it stays JSON, not a quoted string. */
export type JsonValue = RawBuilder<unknown>;

export interface JsonRender {
  /** An object with these members, in this order (a column's text is a string, an integer a number). */
  object(members: Readonly<Record<string, Expression<unknown> | JsonValue>>): JsonValue;
  /** A text column that holds JSON (`["10.0.0.0/24"]`), as that JSON. */
  parsed(column: string): JsonValue;
  /** A string constant. */
  string(value: string): JsonValue;
  readonly true: JsonValue;
  /** The objects of the rows `from` (`from … where …`) picks, in `orderBy`'s order: `[]` for none. */
  arrayFrom(element: JsonValue, from: RawBuilder<unknown>, orderBy: string): JsonValue;
  /** The JSON value as text (PostgreSQL's `pg` would otherwise parse it into an object). */
  text(value: JsonValue): RawBuilder<string>;
}

const sqlite: JsonRender = {
  object: (members) =>
    sql`json_object(${sql.join(Object.entries(members).map(([key, value]) => sql`${sql.lit(key)}, ${value}`))})`,
  parsed: (column) => sql`json(${sql.ref(column)})`,
  string: (value) => sql.lit(value),
  true: sql`json('true')`,
  // A scalar subquery's value loses its JSON subtype: json() restores it.
  arrayFrom: (element, from, orderBy) =>
    sql`json((select json_group_array(${element} order by ${sql.ref(orderBy)}) ${from}))`,
  text: (value) => value as RawBuilder<string>,
};

const postgres: JsonRender = {
  object: (members) =>
    sql`json_build_object(${sql.join(
      Object.entries(members).map(([key, value]) => sql`${sql.lit(key)}::text, ${value}`),
    )})`,
  parsed: (column) => sql`${sql.ref(column)}::json`,
  string: (value) => sql`${sql.lit(value)}::text`,
  true: sql`true`,
  arrayFrom: (element, from, orderBy) =>
    sql`(select coalesce(json_agg(${element} order by ${sql.ref(orderBy)}), '[]'::json) ${from})`,
  text: (value) => sql<string>`${value}::text`,
};

export const jsonRender = (engine: Engine): JsonRender => (engine === 'postgres' ? postgres : sqlite);
