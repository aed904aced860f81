// Small query helpers every resource service shares.
import type { ResourceKey } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import type { Db } from '../database/database.service.js';
import type { Database } from '../database/database.types.js';
import { NeutronException } from './neutron.exception.js';
import type { RequestContext } from './request-context.js';

type Table = keyof Database;

/** The row with this id in the caller's project, or the resource's 404 (another project's id is a 404 too). */
export async function findOwned<T extends Table>(
  db: Db,
  table: T,
  resource: ResourceKey,
  context: RequestContext,
  id: string,
): Promise<Selectable<Database[T]>> {
  const row = await (db as Db)
    .selectFrom(table as 'routers')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', context.projectId)
    .executeTakeFirst();
  if (!row) throw NeutronException.notFound(resource, id);
  return row as unknown as Selectable<Database[T]>;
}

/**
 * The caller's rows, filtered by the query's `id` and `name` parameters (a
 * repeated key means any of its values), which the clients use to resolve names.
 */
export async function listOwned<T extends Table>(
  db: Db,
  table: T,
  context: RequestContext,
  query: Record<string, string | string[] | undefined>,
): Promise<Selectable<Database[T]>[]> {
  let select = (db as Db)
    .selectFrom(table as 'routers')
    .selectAll()
    .where('project_id', '=', context.projectId);
  for (const column of ['id', 'name'] as const) {
    const value = query[column];
    if (value === undefined) continue;
    select = select.where(column, 'in', ([] as string[]).concat(value));
  }
  return (await select.orderBy('created_at').orderBy('id').execute()) as unknown as Selectable<Database[T]>[];
}

/** The ids of the IPsec site connections that use an object, for in-use errors. */
export async function connectionsUsing(
  db: Db,
  column: 'vpnservice_id' | 'ikepolicy_id' | 'ipsecpolicy_id' | 'local_ep_group_id' | 'peer_ep_group_id',
  id: string,
): Promise<string[]> {
  const rows = await db.selectFrom('ipsec_site_connections').select('id').where(column, '=', id).execute();
  return rows.map((row) => row.id);
}

export const toBoolean = (value: number): boolean => value !== 0;
