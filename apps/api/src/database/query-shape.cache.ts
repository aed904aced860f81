// Kysely builds and compiles a query from its builder every time it runs; for
// the few queries every request makes (a row by id, an insert, a quota count)
// that was about a sixth of a request's time. A query of a fixed shape is built
// once per engine with stand-ins where its values go, and then run again with
// the real values put in their places (the SQL text stays the same, so the
// statement stays prepared too).
import { type Compilable, type CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Db } from './database.service.js';
import { SecondChanceCache } from './second-chance.cache.js';

/**
 * Runs a query past Kysely's executor: its rows now (none for a write), or
 * undefined when the query must go through Kysely.
 */
export type DirectRun = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

/**
 * Databases whose shaped queries may run directly: SQLite's, for reads while no
 * transaction is open (SqliteEngine.readCommitted), and an open group commit's
 * transaction, for everything its works run (SqliteEngine.runInTransaction).
 */
const directRuns = new WeakMap<Db, DirectRun>();

/** Lets shaped queries on `db` try `run` first. */
export function runDirectly(db: Db, run: DirectRun): void {
  directRuns.set(db, run);
}

const STAND_IN = '\u0000vpnaas-value-';

/**
 * Where the i-th value goes, when building a shape. Typed as the value it stands
 * for (a string unless told), since the real value replaces it before the query runs.
 * A value the query compares more than once takes the same stand-in each time.
 */
export const valueAt = <T = string>(index: number): T => `${STAND_IN}${index}` as T;

/**
 * A row limit written into the SQL text rather than bound. SQLite (3.53) plans
 * with a bound LIMIT's value and so re-prepares the statement every time that
 * parameter is bound: some 30 µs of parsing and planning each run (half of
 * what the status driver's poll cost). A literal keeps the statement prepared;
 * one text per limit, which the statement cache holds.
 */
export function rowLimit(count: number): RawBuilder<number> {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`row limit ${count} is not a count`);
  return sql.lit(count);
}

/**
 * Compiled shapes kept per engine. The services' own shapes are a few dozen; a list's shape
 * depends on its query string (how many values each filter has, the sort keys, the limit), so a
 * caller could otherwise make them grow without end.
 */
const SHAPES_KEPT = 1024;

/** Compiled shapes per engine (the SQL differs: `?` or `$1`), then per shape name. */
const shapes = new WeakMap<object, SecondChanceCache<string, CompiledQuery>>();

/**
 * Runs the query named `shape`, built by `build` the first time (with
 * valueAt(i) for each value), with `values` in the stand-ins' places. The name
 * must identify the built query exactly: the same name, the same query.
 */
export async function runShaped<R>(
  db: Db,
  shape: string,
  build: (db: Db) => Compilable<R>,
  values: readonly unknown[],
): Promise<R[]> {
  const adapter = db.getExecutor().adapter;
  let engineShapes = shapes.get(adapter);
  if (!engineShapes) {
    engineShapes = new SecondChanceCache(SHAPES_KEPT);
    shapes.set(adapter, engineShapes);
  }
  let compiled = engineShapes.get(shape);
  if (!compiled) {
    compiled = build(db).compile();
    // Every value has its place, and every place a value.
    const used = new Set(compiled.parameters.filter(isStandIn).map(standInIndex));
    if (used.size !== values.length || [...used].some((index) => !(index < values.length))) {
      throw new Error(`query shape ${shape}: built with stand-ins ${[...used]} for ${values.length} values`);
    }
    engineShapes.set(shape, compiled);
  }
  const parameters = compiled.parameters.map((parameter) =>
    isStandIn(parameter) ? values[standInIndex(parameter)] : parameter,
  );
  const rows = directRuns.get(db)?.(compiled.sql, parameters);
  if (rows) return rows as R[];
  const result = await db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
  return result.rows;
}

function isStandIn(parameter: unknown): parameter is string {
  return typeof parameter === 'string' && parameter.startsWith(STAND_IN);
}

function standInIndex(standIn: string): number {
  return Number(standIn.slice(STAND_IN.length));
}
