// Quotas per project and resource. Checked in the transaction that inserts, so
// requests racing for the last unit cannot both win, on any replica: SQLite runs
// one write transaction at a time, and on PostgreSQL the transaction is
// SERIALIZABLE (DatabaseService.transaction), which refuses and retries the loser.
import { Inject, Injectable } from '@nestjs/common';
import { RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Db } from '../database/database.service.js';
import { runShaped, valueAt } from '../database/query-shape.cache.js';
import { RESOURCE_TABLES } from '../database/resource-tables.js';
import { NeutronException } from './neutron.exception.js';

@Injectable()
export class QuotaService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Refuses (409 OverQuota) when the project already has its quota of the resource. */
  async enforce(trx: Db, resource: ResourceKey, projectId: string): Promise<void> {
    const limit = this.config.quotas[resource];
    if (limit < 0) return;
    const table = RESOURCE_TABLES[resource] as 'routers';
    const [counted] = await runShaped(
      trx,
      `quota ${table}`,
      (q) =>
        q
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('project_id', '=', valueAt(0)),
      [projectId],
    );
    if (Number(counted?.count) >= limit) {
      throw NeutronException.conflict(
        'OverQuota',
        `Quota exceeded for resources: ['${resource}']: project ${projectId} may have at most ${limit} ${RESOURCES[resource].collectionKey}`,
      );
    }
  }
}
