// Query helpers every resource service shares: project scoping, lists with
// filters, keyset pagination and sorting.
import type { ResourceKey } from '@vpnaas/schema';
import { type Insertable, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../database/database.service.js';
import type { Database } from '../database/database.types.js';
import { rowLimit, runShaped, valueAt } from '../database/query-shape.cache.js';
import type { ListQuery } from './list-query.js';
import { NeutronException } from './neutron.exception.js';
import type { RequestContext } from './request-context.js';

type Table = keyof Database;

/**
 * The row with this id, or the resource's 404. A caller sees only its own
 * project's rows (another project's id is a 404 like a missing one); an admin sees all.
 */
export async function findOwned<T extends Table>(
  db: Db,
  table: T,
  resource: ResourceKey,
  context: RequestContext,
  id: string,
): Promise<Selectable<Database[T]>> {
  const row = await ownedRow(db, table, context, id);
  if (!row) throw NeutronException.notFound(resource, id);
  return row;
}

/** The row with this id that the caller may see (see findOwned), or undefined. */
async function ownedRow<T extends Table>(
  db: Db,
  table: T,
  context: RequestContext,
  id: string,
): Promise<Selectable<Database[T]> | undefined> {
  const [row] = context.isAdmin
    ? await runShaped(db, `findOwned ${table} any project`, (q) => byId(q, table), [id])
    : await runShaped(db, `findOwned ${table}`, (q) => byId(q, table).where('project_id', '=', valueAt(1)), [
        id,
        context.projectId,
      ]);
  return row as unknown as Selectable<Database[T]> | undefined;
}

const byId = (db: Db, table: Table) =>
  db
    .selectFrom(table as 'routers')
    .selectAll()
    .where('id', '=', valueAt(0));

/** Inserts one row (its columns in the order of its keys: one shape per call site). */
export async function insertRow<T extends Table>(
  db: Db,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const columns = Object.keys(row);
  await runShaped(
    db,
    `insert ${table} ${columns.join(',')}`,
    (q) =>
      q
        .insertInto(table as 'routers')
        .values(Object.fromEntries(columns.map((column, index) => [column, valueAt(index)])) as never),
    Object.values(row),
  );
}

export interface Page<T> {
  readonly rows: T[];
  /** More rows follow the page (in its direction). */
  readonly more: boolean;
}

/** What a page's rows are instead of every column: named, since the name is part of the query's shape. */
export interface RowSelection<R> {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: any table's builder; the selection knows its own table.
  // biome-ignore lint/complexity/noBannedTypes: Kysely's own type for a builder that selects nothing yet.
  select(from: SelectQueryBuilder<Database, any, {}>): SelectQueryBuilder<Database, any, R>;
}

/**
 * One page of the caller's rows (every project's for an admin). Pages are
 * keyset-paged on the sort columns, which end with the id, so a page costs an
 * index range scan however many rows the table has. The query is a shape
 * (query-shape.cache.ts) named by everything that changes its SQL: building it
 * with Kysely at every request was a twentieth of a page of 100 connections.
 */
export async function listPage<T extends Table, R = Selectable<Database[T]>>(
  db: Db,
  table: T,
  context: RequestContext,
  query: ListQuery,
  selection?: RowSelection<R>,
): Promise<Page<R>> {
  if (query.matchesNothing) return { rows: [], more: false };
  const name = table as 'routers';
  // page_reverse walks backwards: flip every direction, then restore the order.
  const sorts = query.sorts.map((sort) => ({
    column: sort.column as 'id',
    direction: (sort.direction === 'asc') !== query.pageReverse ? ('asc' as const) : ('desc' as const),
  }));
  let marker: Record<string, unknown> | undefined;
  if (query.marker !== undefined) {
    marker = await ownedRow(db, table, context, query.marker);
    if (!marker) return { rows: [], more: false };
  }
  // The values in the order the builder below takes them: project, filters' values, marker's.
  const values: unknown[] = [];
  if (!context.isAdmin) values.push(context.projectId);
  for (const filter of query.filters) values.push(...filter.values);
  if (marker) values.push(...sorts.map((sort) => marker[sort.column]));
  // One direction: a row-value comparison, `(k1, …, id) > (m1, …, mid)`, which both engines
  // answer with an index seek to the marker (the OR form below made SQLite scan up to it).
  const oneDirection = sorts.every((sort) => sort.direction === sorts[0]?.direction);
  const shape = [
    `list ${table}`,
    context.isAdmin ? 'any project' : 'project',
    ...query.filters.map((filter) => `${filter.column} in ${filter.values.length}`),
    ...sorts.map((sort) => `${sort.column} ${sort.direction}`),
    marker ? (oneDirection ? 'after marker' : 'after marker, mixed') : 'from the start',
    `limit ${query.limit ?? 'none'}`,
    ...(selection ? [`select ${selection.name}`] : []),
  ].join(', ');
  const build = (q: Db) => {
    let next = 0;
    const value = <V = string>() => valueAt<V>(next++);
    const everyColumn = q.selectFrom(name).selectAll();
    // Typed as the table's own rows: the conditions below name only its columns.
    let select = selection
      ? (selection.select(q.selectFrom(name)) as unknown as typeof everyColumn)
      : everyColumn;
    if (!context.isAdmin) select = select.where('project_id', '=', value());
    for (const filter of query.filters) {
      select = select.where(
        filter.column as 'id',
        'in',
        filter.values.map(() => value()),
      );
    }
    // The marker's value of each sort column, in the order of the values above.
    const markerAt = marker ? sorts.map(() => value<string>()) : [];
    if (marker && oneDirection) {
      const columns = sql.join(sorts.map((sort) => sql.ref(sort.column)));
      const after = sorts[0]?.direction === 'asc' ? '>' : '<';
      select = select.where(sql<boolean>`(${columns}) ${sql.raw(after)} (${sql.join(markerAt)})`);
    } else if (marker) {
      // (k1 > m1) or (k1 = m1 and k2 < m2) or …: the first columns' stand-ins come again in later terms.
      select = select.where((eb) =>
        eb.or(
          sorts.map((sort, index) =>
            eb.and([
              ...sorts.slice(0, index).map((before, at) => eb(before.column, '=', markerAt[at] as string)),
              eb(sort.column, sort.direction === 'asc' ? '>' : '<', markerAt[index] as string),
            ]),
          ),
        ),
      );
    }
    for (const sort of sorts) select = select.orderBy(sort.column, sort.direction);
    if (query.limit !== undefined) select = select.limit(rowLimit(query.limit + 1));
    return select;
  };
  const rows = (await runShaped(db, shape, build, values)) as unknown as R[];
  const more = query.limit !== undefined && rows.length > query.limit;
  if (more) rows.pop();
  if (query.pageReverse) rows.reverse();
  return { rows, more };
}

type ConnectionColumn =
  | 'vpnservice_id'
  | 'ikepolicy_id'
  | 'ipsecpolicy_id'
  | 'local_ep_group_id'
  | 'peer_ep_group_id';

/** Upstream's status and message (neutron-lib exceptions/vpn.py) for each InUse type. */
const IN_USE: Record<InUseType, { status: 400 | 409; message: string }> = {
  // Upstream adds "can't be updated": Classic VPN lets an in-use policy change.
  IKEPolicyInUse: {
    status: 409,
    message: "IKEPolicy {id} is in use by existing IPsecSiteConnection and can't be deleted",
  },
  IPsecPolicyInUse: {
    status: 409,
    message: "IPsecPolicy {id} is in use by existing IPsecSiteConnection and can't be deleted",
  },
  VPNServiceInUse: { status: 409, message: 'VPNService {id} is still in use' },
  // A BadRequest upstream (its API reference says 409).
  EndpointGroupInUse: { status: 400, message: 'Endpoint group {id} is in use and cannot be deleted' },
};

export type InUseType = 'IKEPolicyInUse' | 'IPsecPolicyInUse' | 'VPNServiceInUse' | 'EndpointGroupInUse';

/**
 * Refuses (upstream's InUse type and status) to delete an object that IPsec
 * site connections refer to through any of the columns; upstream's message,
 * then the connections that use it.
 */
export async function refuseWhileConnectionsUse(
  db: Db,
  columns: readonly ConnectionColumn[],
  id: string,
  inUseType: InUseType,
): Promise<void> {
  const rows = await db
    .selectFrom('ipsec_site_connections')
    .select('id')
    .where((eb) => eb.or(columns.map((column) => eb(column, '=', id))))
    .execute();
  if (rows.length > 0) {
    const users = rows.map((row) => row.id).join(', ');
    const { status, message } = IN_USE[inUseType];
    throw new NeutronException(
      status,
      inUseType,
      `${message.replace('{id}', id)}; used by IPsec site connection(s) ${users}`,
    );
  }
}

/**
 * Upstream refuses to update a VPN service or connection while its driver has
 * work pending on it (VPNStateInvalidToUpdate, 400); the built-in driver makes
 * it ACTIVE after VPNAAS_ACTIVATION_DELAY_MS.
 */
export function refuseWhilePending(row: { id: string; status: string }): void {
  if (row.status.startsWith('PENDING_')) {
    throw NeutronException.badRequest(
      'VPNStateInvalidToUpdate',
      `Invalid state ${row.status} of vpnaas resource ${row.id} for updating`,
    );
  }
}

export const toBoolean = (value: number): boolean => value !== 0;

/**
 * A row with an update's attributes applied, for attributes stored in a column
 * of the same name (booleans as 0/1). What the update leaves out keeps its value.
 */
export function applyUpdate<R extends object>(row: R, member: object): R {
  const updated = { ...row } as Record<string, unknown>;
  for (const [key, value] of Object.entries(member)) {
    if (value !== undefined && key in row) updated[key] = typeof value === 'boolean' ? Number(value) : value;
  }
  return updated as R;
}
