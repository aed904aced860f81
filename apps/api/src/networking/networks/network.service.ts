import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Network, NetworkCreate, NetworkUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { applyUpdate, findOwned, listPage, toBoolean } from '../../common/rows.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import type { NetworksTable } from '../../database/database.types.js';
import { idBatches } from '../../database/id-batches.js';
import { rowLimit } from '../../database/query-shape.cache.js';
import { refuseWhileSubnetUsed } from '../subnets/subnet.service.js';

type Row = Selectable<NetworksTable>;

@Injectable()
export class NetworkService implements ResourceService<NetworkCreate & NetworkUpdate, Network> {
  constructor(private readonly database: DatabaseService) {}

  async create(context: RequestContext, member: NetworkCreate): Promise<Network> {
    const row: Row = {
      id: randomUUID(),
      project_id: context.projectId,
      name: member.name ?? '',
      description: member.description ?? '',
      admin_state_up: member.admin_state_up === false ? 0 : 1,
      mtu: member.mtu ?? 1500,
      created_at: createdAt(),
    };
    return this.database.transaction(async (trx) => {
      await trx.insertInto('networks').values(row).execute();
      return toNetwork(row, []);
    }, context.transaction);
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: Network[]; more: boolean }> {
    const page = await listPage(this.database.query, 'networks', context, query);
    const subnets = await subnetsOf(
      this.database.query,
      page.rows.map((row) => row.id),
    );
    return { rows: page.rows.map((row) => toNetwork(row, subnets.get(row.id) ?? [])), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<Network> {
    const row = await findOwned(this.database.query, 'networks', 'network', context, id);
    return toNetwork(row, (await subnetsOf(this.database.query, [id])).get(id) ?? []);
  }

  async update(context: RequestContext, id: string, member: NetworkUpdate): Promise<Network> {
    return this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'networks', 'network', context, id);
      const updated = applyUpdate(row, member);
      await trx.updateTable('networks').set(updated).where('id', '=', id).execute();
      return toNetwork(updated, (await subnetsOf(trx, [id])).get(id) ?? []);
    });
  }

  /**
   * As upstream: the network's subnets go with it, unless one has a port (a
   * router interface: NetworkInUse) or an endpoint group names it.
   */
  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'networks', 'network', context, id);
      // Joins, not a list of the subnets' ids: a network may have more subnets than a statement can name.
      const withPort = await trx
        .selectFrom('router_interfaces as i')
        .innerJoin('subnets as s', 's.id', 'i.subnet_id')
        .select('i.subnet_id')
        .where('s.network_id', '=', id)
        .limit(rowLimit(1))
        .executeTakeFirst();
      if (withPort) {
        throw NeutronException.conflict(
          'NetworkInUse',
          `Unable to complete operation on network ${id}. There are one or more ports still in use on the network (the router interface of subnet ${withPort.subnet_id}).`,
        );
      }
      const named = await trx
        .selectFrom('subnets as s')
        .innerJoin('endpoint_group_subnets as g', 'g.subnet_id', 's.id')
        .select('s.id')
        .where('s.network_id', '=', id)
        .limit(rowLimit(1))
        .executeTakeFirst();
      // Refuses with the subnet's own message, naming every group that uses it.
      if (named) await refuseWhileSubnetUsed(trx, named.id);
      await trx.deleteFrom('subnets').where('network_id', '=', id).execute();
      await trx.deleteFrom('networks').where('id', '=', id).execute();
    });
  }
}

async function subnetsOf(db: Db, networkIds: string[]): Promise<Map<string, string[]>> {
  const byNetwork = new Map<string, string[]>();
  for (const batch of idBatches(networkIds)) {
    const rows = await db
      .selectFrom('subnets')
      .select(['id', 'network_id'])
      .where('network_id', 'in', batch)
      .execute();
    for (const row of rows) {
      const subnets = byNetwork.get(row.network_id);
      if (subnets) subnets.push(row.id);
      else byNetwork.set(row.network_id, [row.id]);
    }
  }
  return byNetwork;
}

function toNetwork(row: Row, subnets: string[]): Network {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    admin_state_up: toBoolean(row.admin_state_up),
    status: 'ACTIVE',
    subnets,
    shared: false,
    mtu: row.mtu,
    'router:external': false,
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
