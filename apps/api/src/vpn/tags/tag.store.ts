// The tags of IPsec site connections, as Classic VPN keeps them: one value per key.
import type { ResourceTag } from '@vpnaas/schema';
import type { Db } from '../../database/database.service.js';
import { idBatches } from '../../database/id-batches.js';
import { runShaped, valueAt } from '../../database/query-shape.cache.js';

/** The tags of each resource, by id (an empty list for one without tags). */
export async function tagsOf(db: Db, ids: readonly string[]): Promise<Map<string, ResourceTag[]>> {
  const byId = new Map<string, ResourceTag[]>(ids.map((id) => [id, []]));
  for (const batch of idBatches(ids)) {
    // One shape per count of ids: a list page asks for a page's worth at once.
    const rows = await runShaped(
      db,
      `tags of ${batch.length}`,
      (q) =>
        q
          .selectFrom('resource_tags')
          .select(['resource_id', 'key', 'value'])
          .where(
            'resource_id',
            'in',
            batch.map((_, index) => valueAt(index)),
          )
          .orderBy('key'),
      batch,
    );
    for (const row of rows) byId.get(row.resource_id)?.push({ key: row.key, value: row.value });
  }
  return byId;
}

/** The tags of every resource of a project, by id (resources without tags are absent). */
export async function tagsOfProject(db: Db, projectId: string): Promise<Map<string, ResourceTag[]>> {
  const rows = await db
    .selectFrom('resource_tags')
    .select(['resource_id', 'key', 'value'])
    .where('project_id', '=', projectId)
    .orderBy('resource_id')
    .orderBy('key')
    .execute();
  const byId = new Map<string, ResourceTag[]>();
  for (const row of rows) {
    const tags = byId.get(row.resource_id) ?? [];
    tags.push({ key: row.key, value: row.value });
    byId.set(row.resource_id, tags);
  }
  return byId;
}
