import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Subnet, SubnetCreate, SubnetUpdate } from '@vpnaas/schema';
import { parseCidr } from '@vpnaas/validator';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { applyUpdate, findOwned, listPage } from '../../common/rows.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import type { SubnetsTable } from '../../database/database.types.js';
import { type SubnetAttributes, subnetAttributes } from './subnet-addresses.js';

type Row = Selectable<SubnetsTable>;

@Injectable()
export class SubnetService implements ResourceService<SubnetCreate & SubnetUpdate, Subnet> {
  constructor(private readonly database: DatabaseService) {}

  async create(context: RequestContext, member: SubnetCreate): Promise<Subnet> {
    await findOwned(
      context.transaction ?? this.database.query,
      'networks',
      'network',
      context,
      member.network_id,
    );
    // The validator has checked the CIDR; parsed again only for its network and IP version.
    const cidr = parseCidr(member.cidr);
    if (!cidr.ok) throw new Error(`a CIDR passed validation but does not parse: ${cidr.reason}`);
    const row: Row = {
      id: randomUUID(),
      project_id: context.projectId,
      name: member.name ?? '',
      description: member.description ?? '',
      cidr: cidr.network,
      ip_version: cidr.version,
      network_id: member.network_id,
      standard_attributes: JSON.stringify(subnetAttributes(cidr.network, cidr.version, member)),
      created_at: createdAt(),
    };
    await this.database.transaction(
      (trx) => trx.insertInto('subnets').values(row).execute(),
      context.transaction,
    );
    return toSubnet(row);
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: Subnet[]; more: boolean }> {
    const page = await listPage(this.database.query, 'subnets', context, query);
    return { rows: page.rows.map(toSubnet), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<Subnet> {
    return toSubnet(await findOwned(this.database.query, 'subnets', 'subnet', context, id));
  }

  async update(context: RequestContext, id: string, member: SubnetUpdate): Promise<Subnet> {
    return this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'subnets', 'subnet', context, id);
      const version = row.ip_version as 4 | 6;
      const updated = {
        ...applyUpdate(row, member),
        standard_attributes: JSON.stringify(subnetAttributes(row.cidr, version, member, attributesOf(row))),
      };
      await trx.updateTable('subnets').set(updated).where('id', '=', id).execute();
      return toSubnet(updated);
    });
  }

  /** Refused while a router interface or an endpoint group holds the subnet. */
  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'subnets', 'subnet', context, id);
      await refuseWhileSubnetUsed(trx, id);
      await trx.deleteFrom('subnets').where('id', '=', id).execute();
    });
  }
}

/** A subnet attached to a router (it has a port) or named by an endpoint group cannot go. */
export async function refuseWhileSubnetUsed(trx: Db, id: string): Promise<void> {
  const attached = await trx
    .selectFrom('router_interfaces')
    .select('router_id')
    .where('subnet_id', '=', id)
    .executeTakeFirst();
  if (attached) {
    throw NeutronException.conflict(
      'SubnetInUse',
      `Subnet ${id} is attached to router ${attached.router_id}; remove the router interface first`,
    );
  }
  const groups = await trx
    .selectFrom('endpoint_group_subnets')
    .select('endpoint_group_id')
    .where('subnet_id', '=', id)
    .orderBy('endpoint_group_id')
    .execute();
  if (groups.length > 0) {
    throw NeutronException.conflict(
      'SubnetInUseByEndpointGroup',
      `Subnet ${id} is used by endpoint group(s) ${groups.map((group) => group.endpoint_group_id).join(', ')}`,
    );
  }
}

/** The stored attributes; a subnet from before they were stored gets upstream's defaults. */
function attributesOf(row: Row): SubnetAttributes {
  return {
    ...subnetAttributes(row.cidr, row.ip_version as 4 | 6, {}),
    ...(JSON.parse(row.standard_attributes) as Partial<SubnetAttributes>),
  };
}

export function toSubnet(row: Row): Subnet {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cidr: row.cidr,
    ip_version: row.ip_version as 4 | 6,
    network_id: row.network_id,
    ...attributesOf(row),
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
