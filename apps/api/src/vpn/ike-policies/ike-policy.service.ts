import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IkePolicy, IkePolicyCreate, IkePolicyUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { connectionsUsing, findOwned, listOwned } from '../../common/rows.js';
import { DatabaseService } from '../../database/database.service.js';
import type { IkePoliciesTable } from '../../database/database.types.js';
import { StatusDriver } from '../../status/status-driver.service.js';

type Row = Selectable<IkePoliciesTable>;

@Injectable()
export class IkePolicyService implements ResourceService<IkePolicyCreate & IkePolicyUpdate, IkePolicy> {
  constructor(
    private readonly database: DatabaseService,
    private readonly driver: StatusDriver,
  ) {}

  async create(context: RequestContext, member: IkePolicyCreate): Promise<IkePolicy> {
    const row: Row = {
      id: randomUUID(),
      project_id: context.projectId,
      name: member.name ?? '',
      description: member.description ?? '',
      auth_algorithm: member.auth_algorithm as string,
      encryption_algorithm: member.encryption_algorithm as string,
      ike_version: member.ike_version as string,
      pfs: member.pfs as string,
      phase1_negotiation_mode: member.phase1_negotiation_mode as string,
      lifetime_units: member.lifetime?.units as string,
      lifetime_value: member.lifetime?.value as number,
      created_at: createdAt(),
    };
    await this.database.db.insertInto('ikepolicies').values(row).execute();
    return toIkePolicy(row);
  }

  async list(
    context: RequestContext,
    query: Record<string, string | string[] | undefined>,
  ): Promise<IkePolicy[]> {
    return (await listOwned(this.database.db, 'ikepolicies', context, query)).map(toIkePolicy);
  }

  async get(context: RequestContext, id: string): Promise<IkePolicy> {
    return toIkePolicy(await findOwned(this.database.db, 'ikepolicies', 'ikepolicy', context, id));
  }

  /** Allowed while connections use the policy (as Classic VPN does): they are re-applied. */
  async update(context: RequestContext, id: string, member: IkePolicyUpdate): Promise<IkePolicy> {
    return this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'ikepolicies', 'ikepolicy', context, id);
      const { lifetime, ...scalars } = member;
      const updated: Row = {
        ...row,
        ...scalars,
        lifetime_units: lifetime?.units ?? row.lifetime_units,
        lifetime_value: lifetime?.value ?? row.lifetime_value,
      };
      await trx.updateTable('ikepolicies').set(updated).where('id', '=', id).execute();
      await trx
        .updateTable('ipsec_site_connections')
        .set({ status: 'PENDING_UPDATE', pending_until: this.driver.dueTime() })
        .where('ikepolicy_id', '=', id)
        .execute();
      return toIkePolicy(updated);
    });
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'ikepolicies', 'ikepolicy', context, id);
      const users = await connectionsUsing(trx, 'ikepolicy_id', id);
      if (users.length > 0) {
        throw NeutronException.conflict(
          'IKEPolicyInUse',
          `IKE policy ${id} is in use by IPsec site connection(s) ${users.join(', ')} and cannot be deleted`,
        );
      }
      await trx.deleteFrom('ikepolicies').where('id', '=', id).execute();
    });
  }
}

function toIkePolicy(row: Row): IkePolicy {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    auth_algorithm: row.auth_algorithm as IkePolicy['auth_algorithm'],
    encryption_algorithm: row.encryption_algorithm as IkePolicy['encryption_algorithm'],
    ike_version: row.ike_version as IkePolicy['ike_version'],
    pfs: row.pfs as IkePolicy['pfs'],
    phase1_negotiation_mode: row.phase1_negotiation_mode as IkePolicy['phase1_negotiation_mode'],
    lifetime: { units: row.lifetime_units as 'seconds', value: row.lifetime_value },
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
