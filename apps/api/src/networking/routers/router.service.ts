import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Router, RouterCreate, RouterInterfaceResponse, RouterUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { applyUpdate, findOwned, listPage, toBoolean } from '../../common/rows.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import type { RoutersTable } from '../../database/database.types.js';
import { isUniqueViolation } from '../../database/unique-violation.js';
import { ExternalAddressPool } from './external-address-pool.js';

type Row = Selectable<RoutersTable>;

/** The external network every router's gateway is on. */
export const EXTERNAL_NETWORK_ID = '0a2228f2-7f8a-45f1-8e09-9039e1d09975';

@Injectable()
export class RouterService implements ResourceService<RouterCreate & RouterUpdate, Router> {
  private readonly pool: ExternalAddressPool;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pool = new ExternalAddressPool(config.externalCidr);
  }

  async create(context: RequestContext, member: RouterCreate): Promise<Router> {
    const gateway = member.external_gateway_info;
    if (gateway?.network_id !== undefined && gateway.network_id !== EXTERNAL_NETWORK_ID) {
      throw NeutronException.badRequest(
        'BadRequest',
        `Bad router request: network ${gateway.network_id} is not an external network; the external network is ${EXTERNAL_NETWORK_ID}`,
      );
    }
    // The validator has checked the address's form; who may choose it and which one is ours to check.
    const requestedIp = gateway?.external_fixed_ips?.[0]?.ip_address;
    if (requestedIp !== undefined) this.checkRequestedAddress(context, requestedIp);
    // Two creates that pick the same free address conflict: SQLite runs one write at a time, and on
    // PostgreSQL the loser's read of the pool fails serialization, so the database layer runs it again
    // and it picks the next address (router-gateway.e2e's racing test). A chosen address is not read
    // first, so there the unique index refuses the second pick.
    try {
      return await this.database.transaction(async (trx) => {
        const row: Row = {
          id: randomUUID(),
          project_id: context.projectId,
          name: member.name ?? '',
          description: member.description ?? '',
          admin_state_up: member.admin_state_up === false ? 0 : 1,
          network_id: EXTERNAL_NETWORK_ID,
          gateway_ip: requestedIp ?? (await this.freeAddress(trx)),
          created_at: createdAt(),
        };
        await trx.insertInto('routers').values(row).execute();
        return toRouter(row);
      }, context.transaction);
    } catch (error) {
      if (requestedIp !== undefined && isUniqueViolation(error)) throw addressInUse(requestedIp);
      throw error;
    }
  }

  /** Only an admin may choose a gateway address (Neutron's default policy), and only a free one of the pool. */
  private checkRequestedAddress(context: RequestContext, address: string): void {
    if (!(context.callerIsAdmin ?? context.isAdmin)) {
      throw new NeutronException(
        403,
        'PolicyNotAuthorized',
        '(rule:create_router:external_gateway_info:external_fixed_ips) is disallowed by policy: only an admin may choose the gateway address',
      );
    }
    if (!this.pool.assignable(address)) {
      throw NeutronException.badRequest(
        'InvalidIpForNetwork',
        `IP address ${address} is not a valid IP for the external network: it must be a host address of ${this.pool.cidr} other than its gateway ${this.pool.gateway}`,
      );
    }
  }

  private async freeAddress(trx: Db): Promise<string> {
    const rows = await trx.selectFrom('routers').select('gateway_ip').execute();
    const address = this.pool.firstFree(new Set(rows.map((row) => row.gateway_ip)));
    if (address === undefined) {
      throw NeutronException.conflict(
        'IpAddressGenerationFailure',
        `No more IP addresses available on network ${EXTERNAL_NETWORK_ID} (${this.pool.cidr})`,
      );
    }
    return address;
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
    .innerJoin('endpoint_group_subnets as g', 'g.endpoint_group_id', 'c.local_ep_group_id')
    .select('c.id')
    .where(
      'c.vpnservice_id',
      'in',
      services.map((service) => service.id),
    )
    .where('g.subnet_id', '=', subnetId)
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

function addressInUse(address: string): NeutronException {
  return NeutronException.conflict(
    'IpAddressInUse',
    `Unable to complete operation for network ${EXTERNAL_NETWORK_ID}. The IP address ${address} is in use.`,
  );
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
