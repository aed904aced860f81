import { Injectable } from '@nestjs/common';
import type { VpnService, VpnServiceCreate, VpnServiceUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import {
  applyUpdate,
  findOwned,
  listPage,
  refuseWhileConnectionsUse,
  refuseWhilePending,
} from '../../common/rows.js';
import { timeOrderedId } from '../../common/time-ordered-id.js';
import { DatabaseService } from '../../database/database.service.js';
import type { VpnServicesTable } from '../../database/database.types.js';
import { DataplaneDriver } from '../../dataplane/dataplane.driver.js';

type Row = Selectable<VpnServicesTable>;

@Injectable()
export class VpnServiceService implements ResourceService<VpnServiceCreate & VpnServiceUpdate, VpnService> {
  constructor(
    private readonly database: DatabaseService,
    private readonly driver: DataplaneDriver,
  ) {}

  /** The router must exist; a subnet, when given, must be attached to it. Starts PENDING_CREATE. */
  async create(context: RequestContext, member: VpnServiceCreate): Promise<VpnService> {
    if (member.external_v4_ip !== undefined && !context.callerIsAdmin) {
      throw new NeutronException(
        403,
        'PolicyNotAuthorized',
        'create_vpnservice:external_v4_ip is disallowed by policy: only an admin may set external_v4_ip',
      );
    }
    if (member.flavor_id != null) {
      // Upstream without its flavors plugin; there are no flavors here.
      throw new NeutronException(404, 'FlavorsPluginNotLoaded', 'Flavors plugin not found');
    }
    const service = await this.database.transaction(async (trx) => {
      const router = await findOwned(trx, 'routers', 'router', context, member.router_id);
      if (member.subnet_id !== undefined) {
        await findOwned(trx, 'subnets', 'subnet', context, member.subnet_id);
        const attached = await trx
          .selectFrom('router_interfaces')
          .select('port_id')
          .where('router_id', '=', router.id)
          .where('subnet_id', '=', member.subnet_id)
          .executeTakeFirst();
        if (!attached) {
          throw NeutronException.badRequest(
            'SubnetIsNotConnectedToRouter',
            `Subnet ${member.subnet_id} is not connected to router ${router.id}`,
          );
        }
      }
      const row: Row = {
        id: timeOrderedId(),
        project_id: context.projectId,
        name: member.name ?? '',
        description: member.description ?? '',
        router_id: router.id,
        subnet_id: member.subnet_id ?? null,
        admin_state_up: 1,
        status: 'PENDING_CREATE',
        external_v4_ip: member.external_v4_ip ?? router.gateway_ip,
        external_v6_ip: null,
        created_at: createdAt(),
        pending_until: this.driver.dueTime(),
      };
      await trx.insertInto('vpnservices').values(row).execute();
      return toVpnService(row);
    }, context.transaction);
    this.driver.apply({ resource: 'vpnservice', id: service.id, action: 'create' });
    return service;
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: VpnService[]; more: boolean }> {
    const page = await listPage(this.database.query, 'vpnservices', context, query);
    return { rows: page.rows.map(toVpnService), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<VpnService> {
    return toVpnService(await findOwned(this.database.query, 'vpnservices', 'vpnservice', context, id));
  }

  /** Goes through PENDING_UPDATE, like every change the driver applies. */
  async update(context: RequestContext, id: string, member: VpnServiceUpdate): Promise<VpnService> {
    const service = await this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'vpnservices', 'vpnservice', context, id);
      refuseWhilePending(row);
      const updated: Row = {
        ...applyUpdate(row, member),
        status: 'PENDING_UPDATE',
        pending_until: this.driver.dueTime(),
      };
      await trx.updateTable('vpnservices').set(updated).where('id', '=', id).execute();
      return toVpnService(updated);
    });
    this.driver.apply({ resource: 'vpnservice', id, action: 'update' });
    return service;
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'vpnservices', 'vpnservice', context, id);
      await refuseWhileConnectionsUse(trx, ['vpnservice_id'], id, 'VPNServiceInUse');
      await trx.deleteFrom('vpnservices').where('id', '=', id).execute();
    });
    this.driver.apply({ resource: 'vpnservice', id, action: 'delete' });
  }
}

function toVpnService(row: Row): VpnService {
  return {
    id: row.id,
    router_id: row.router_id,
    subnet_id: row.subnet_id,
    name: row.name,
    description: row.description,
    admin_state_up: true,
    status: row.status as VpnService['status'],
    external_v4_ip: row.external_v4_ip,
    external_v6_ip: row.external_v6_ip,
    tenant_id: row.project_id,
    project_id: row.project_id,
    created_at: row.created_at,
    flavor_id: null,
    order_id: '',
    product_id: '',
    tags: [],
  };
}
