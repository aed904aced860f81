import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Router, RouterCreate, RouterInterfaceResponse, RouterUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { applyUpdate, findOwned, listPage, toBoolean } from '../../common/rows.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import type { RoutersTable } from '../../database/database.types.js';

type Row = Selectable<RoutersTable>;

/** The external network every router's gateway is on. */
export const EXTERNAL_NETWORK_ID = '0a2228f2-7f8a-45f1-8e09-9039e1d09975';

@Injectable()
export class RouterService implements ResourceService<RouterCreate & RouterUpdate, Router> {
  constructor(private readonly database: DatabaseService) {}

  async create(context: RequestContext, member: RouterCreate): Promise<Router> {
    // The validator has checked the address's form.
    const requestedIp = member.external_gateway_info?.external_fixed_ips?.[0]?.ip_address;
    const row: Row = {
      id: randomUUID(),
      project_id: context.projectId,
      name: member.name ?? '',
      description: member.description ?? '',
      admin_state_up: member.admin_state_up === false ? 0 : 1,
      network_id: member.external_gateway_info?.network_id ?? EXTERNAL_NETWORK_ID,
      gateway_ip: requestedIp ?? publicAddress(),
      created_at: createdAt(),
    };
    await this.database.transaction((trx) => trx.insertInto('routers').values(row).execute());
    return toRouter(row);
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: Router[]; more: boolean }> {
    const page = await listPage(this.database.query, 'routers', context, query);
    return { rows: page.rows.map(toRouter), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<Router> {
    return toRouter(await findOwned(this.database.query, 'routers', 'router', context, id));
  }

  async update(context: RequestContext, id: string, member: RouterUpdate): Promise<Router> {
    return this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'routers', 'router', context, id);
      const updated = applyUpdate(row, member);
      await trx.updateTable('routers').set(updated).where('id', '=', id).execute();
      return toRouter(updated);
    });
  }

  /** Refused while it has interfaces or a VPN service runs on it. */
  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'routers', 'router', context, id);
      const service = await trx
        .selectFrom('vpnservices')
        .select('id')
        .where('router_id', '=', id)
        .executeTakeFirst();
      if (service)
        throw NeutronException.conflict('RouterInUse', `Router ${id} is used by VPN service ${service.id}`);
      const port = await trx
        .selectFrom('router_interfaces')
        .select('subnet_id')
        .where('router_id', '=', id)
        .executeTakeFirst();
      if (port) {
        throw NeutronException.conflict(
          'RouterInUse',
          `Router ${id} still has an interface on subnet ${port.subnet_id}`,
        );
      }
      await trx.deleteFrom('routers').where('id', '=', id).execute();
    });
  }

  async addInterface(
    context: RequestContext,
    routerId: string,
    subnetId: string,
  ): Promise<RouterInterfaceResponse> {
    return this.database.transaction(async (trx) => {
      await findOwned(trx, 'routers', 'router', context, routerId);
      await findOwned(trx, 'subnets', 'subnet', context, subnetId);
      const existing = await trx
        .selectFrom('router_interfaces')
        .selectAll()
        .where('subnet_id', '=', subnetId)
        .executeTakeFirst();
      if (existing) {
        throw NeutronException.badRequest(
          'BadRequest',
          `Subnet ${subnetId} is already attached to router ${existing.router_id}`,
        );
      }
      const portId = randomUUID();
      await trx
        .insertInto('router_interfaces')
        .values({ router_id: routerId, subnet_id: subnetId, port_id: portId })
        .execute();
      return interfaceResponse(context, routerId, subnetId, portId);
    });
  }

  /** Refused while a VPN service or connection relies on the subnet being attached. */
  async removeInterface(
    context: RequestContext,
    routerId: string,
    subnetId: string,
  ): Promise<RouterInterfaceResponse> {
    return this.database.transaction(async (trx) => {
      await findOwned(trx, 'routers', 'router', context, routerId);
      const attached = await trx
        .selectFrom('router_interfaces')
        .selectAll()
        .where('router_id', '=', routerId)
        .where('subnet_id', '=', subnetId)
        .executeTakeFirst();
      if (!attached) {
        throw new NeutronException(
          404,
          'RouterInterfaceNotFoundForSubnet',
          `Router ${routerId} has no interface on subnet ${subnetId}`,
        );
      }
      await refuseIfVpnNeedsSubnet(trx, routerId, subnetId);
      await trx
        .deleteFrom('router_interfaces')
        .where('router_id', '=', routerId)
        .where('subnet_id', '=', subnetId)
        .execute();
      return interfaceResponse(context, routerId, subnetId, attached.port_id);
    });
  }
}

async function refuseIfVpnNeedsSubnet(trx: Db, routerId: string, subnetId: string): Promise<void> {
  const services = await trx
    .selectFrom('vpnservices')
    .select(['id', 'subnet_id'])
    .where('router_id', '=', routerId)
    .execute();
  const legacy = services.find((service) => service.subnet_id === subnetId);
  if (legacy) {
    throw NeutronException.conflict(
      'SubnetInUseByVPNService',
      `Subnet ${subnetId} is used by VPN service ${legacy.id}`,
    );
  }
  if (services.length === 0) return;
  const connection = await trx
    .selectFrom('ipsec_site_connections as c')
    .innerJoin('endpoint_groups as g', 'g.id', 'c.local_ep_group_id')
    .select('c.id')
    .where(
      'c.vpnservice_id',
      'in',
      services.map((service) => service.id),
    )
    .where('g.endpoints', 'like', `%"${subnetId}"%`)
    .executeTakeFirst();
  if (connection) {
    throw NeutronException.conflict(
      'SubnetInUseByIPsecSiteConnection',
      `Subnet ${subnetId} is used by IPsec site connection ${connection.id}`,
    );
  }
}

function interfaceResponse(
  context: RequestContext,
  routerId: string,
  subnetId: string,
  portId: string,
): RouterInterfaceResponse {
  return {
    id: routerId,
    subnet_id: subnetId,
    subnet_ids: [subnetId],
    port_id: portId,
    tenant_id: context.projectId,
    project_id: context.projectId,
  };
}

/** A public address for a new router's gateway, from the documentation range 203.0.113.0/24 and 198.51.100.0/24. */
function publicAddress(): string {
  const bytes = randomUUID().replace(/-/g, '');
  const prefix = Number.parseInt(bytes.slice(0, 2), 16) % 2 === 0 ? '203.0.113' : '198.51.100';
  return `${prefix}.${(Number.parseInt(bytes.slice(2, 4), 16) % 253) + 1}`;
}

export function toRouter(row: Row): Router {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    admin_state_up: toBoolean(row.admin_state_up),
    status: 'ACTIVE',
    external_gateway_info: {
      network_id: row.network_id,
      enable_snat: true,
      external_fixed_ips: [{ ip_address: row.gateway_ip, subnet_id: EXTERNAL_NETWORK_ID }],
    },
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
