import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IpsecPolicy, IpsecPolicyCreate, IpsecPolicyUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { connectionsUsing, findOwned, listOwned } from '../../common/rows.js';
import { DatabaseService } from '../../database/database.service.js';
import type { IpsecPoliciesTable } from '../../database/database.types.js';
import { StatusDriver } from '../../status/status-driver.service.js';

type Row = Selectable<IpsecPoliciesTable>;

@Injectable()
export class IpsecPolicyService
  implements ResourceService<IpsecPolicyCreate & IpsecPolicyUpdate, IpsecPolicy>
{
  constructor(
    private readonly database: DatabaseService,
    private readonly driver: StatusDriver,
  ) {}

  async create(context: RequestContext, member: IpsecPolicyCreate): Promise<IpsecPolicy> {
    const row: Row = {
      id: randomUUID(),
      project_id: context.projectId,
      name: member.name ?? '',
      description: member.description ?? '',
      auth_algorithm: member.auth_algorithm as string,
      encryption_algorithm: member.encryption_algorithm as string,
      pfs: member.pfs as string,
      transform_protocol: member.transform_protocol as string,
      encapsulation_mode: member.encapsulation_mode as string,
      lifetime_units: member.lifetime?.units as string,
      lifetime_value: member.lifetime?.value as number,
      created_at: createdAt(),
    };
    await this.database.db.insertInto('ipsecpolicies').values(row).execute();
    return toIpsecPolicy(row);
  }

  async list(
    context: RequestContext,
    query: Record<string, string | string[] | undefined>,
  ): Promise<IpsecPolicy[]> {
    return (await listOwned(this.database.db, 'ipsecpolicies', context, query)).map(toIpsecPolicy);
  }

  async get(context: RequestContext, id: string): Promise<IpsecPolicy> {
    return toIpsecPolicy(await findOwned(this.database.db, 'ipsecpolicies', 'ipsecpolicy', context, id));
  }

  /** Allowed while connections use the policy (as Classic VPN does): they are re-applied. */
  async update(context: RequestContext, id: string, member: IpsecPolicyUpdate): Promise<IpsecPolicy> {
    return this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'ipsecpolicies', 'ipsecpolicy', context, id);
      const { lifetime, ...scalars } = member;
      const updated: Row = {
        ...row,
        ...scalars,
        lifetime_units: lifetime?.units ?? row.lifetime_units,
        lifetime_value: lifetime?.value ?? row.lifetime_value,
      };
      await trx.updateTable('ipsecpolicies').set(updated).where('id', '=', id).execute();
      await trx
        .updateTable('ipsec_site_connections')
        .set({ status: 'PENDING_UPDATE', pending_until: this.driver.dueTime() })
        .where('ipsecpolicy_id', '=', id)
        .execute();
      return toIpsecPolicy(updated);
    });
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'ipsecpolicies', 'ipsecpolicy', context, id);
      const users = await connectionsUsing(trx, 'ipsecpolicy_id', id);
      if (users.length > 0) {
        throw NeutronException.conflict(
          'IPsecPolicyInUse',
          `IPsec policy ${id} is in use by IPsec site connection(s) ${users.join(', ')} and cannot be deleted`,
        );
      }
      await trx.deleteFrom('ipsecpolicies').where('id', '=', id).execute();
    });
  }
}

function toIpsecPolicy(row: Row): IpsecPolicy {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    auth_algorithm: row.auth_algorithm as IpsecPolicy['auth_algorithm'],
    encryption_algorithm: row.encryption_algorithm as IpsecPolicy['encryption_algorithm'],
    pfs: row.pfs as IpsecPolicy['pfs'],
    transform_protocol: row.transform_protocol as IpsecPolicy['transform_protocol'],
    encapsulation_mode: row.encapsulation_mode as IpsecPolicy['encapsulation_mode'],
    lifetime: { units: row.lifetime_units as 'seconds', value: row.lifetime_value },
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
