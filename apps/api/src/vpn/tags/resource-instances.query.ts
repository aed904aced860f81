// Classic VPN's query by tag (vpn_api_1016): the IPsec site connections of one
// project that carry every tag asked for (one of its values, or any value when
// none is listed) and whose name contains the text of `matches`, in order of
// creation. A project holds at most its quota of connections (12 by default),
// so they and their tags are read in two queries and matched here, alike on both
// engines (SQLite's LIKE folds ASCII case only, PostgreSQL's folds none).
import type { ResourceInstance, ResourceInstancesActionRequest, ResourceTag } from '@vpnaas/schema';
import type { Db } from '../../database/database.service.js';
import { tagsOfProject } from './tag.store.js';

export async function connectionsByTag(
  db: Db,
  projectId: string,
  request: ResourceInstancesActionRequest,
): Promise<ResourceInstance[]> {
  const connections = await db
    .selectFrom('ipsec_site_connections')
    .select(['id', 'name'])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const tagsById = await tagsOfProject(db, projectId);
  const wanted = request.tags ?? [];
  const nameParts = (request.matches ?? []).map((match) => match.value.toLowerCase());
  return connections
    .map((row) => ({ row, tags: tagsById.get(row.id) ?? [] }))
    .filter(({ row }) => nameParts.every((part) => row.name.toLowerCase().includes(part)))
    .filter(({ tags }) => wanted.every((filter) => carries(tags, filter.key, filter.values)))
    .map(({ row, tags }) => ({ resource_id: row.id, resource_name: row.name, resource_detail: '', tags }));
}

/** The resource has the key, with one of the values (any value when none is listed). */
function carries(tags: readonly ResourceTag[], key: string, values: readonly string[]): boolean {
  const tag = tags.find((candidate) => candidate.key === key);
  return tag !== undefined && (values.length === 0 || values.includes(tag.value));
}
