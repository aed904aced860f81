import { Injectable } from '@nestjs/common';
import type { EndpointGroup, EndpointGroupCreate, EndpointGroupUpdate } from '@vpnaas/schema';
import type { Selectable } from 'kysely';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { applyUpdate, findOwned, listPage, refuseWhileConnectionsUse } from '../../common/rows.js';
import { timeOrderedId } from '../../common/time-ordered-id.js';
import { DatabaseService } from '../../database/database.service.js';
import type { EndpointGroupsTable } from '../../database/database.types.js';
import { idBatches } from '../../database/id-batches.js';

type Row = Selectable<EndpointGroupsTable>;

@Injectable()
export class EndpointGroupService
  implements ResourceService<EndpointGroupCreate & EndpointGroupUpdate, EndpointGroup>
{
  constructor(private readonly database: DatabaseService) {}

  /** The subnets of a subnet group must exist in the caller's project. */
  async create(context: RequestContext, member: EndpointGroupCreate): Promise<EndpointGroup> {
    return this.database.transaction(async (trx) => {
      const row: Row = {
        id: timeOrderedId(),
        project_id: context.projectId,
        name: member.name ?? '',
        description: member.description ?? '',
        type: member.type,
        endpoints: JSON.stringify(member.endpoints),
        created_at: createdAt(),
      };
      await trx.insertInto('endpoint_groups').values(row).execute();
      if (member.type === 'subnet') {
        // The group's rows are made from the subnets found in the caller's project, so one
        // statement per batch both checks and writes; a missing one rolls the whole create back.
        const found = new Set<string>();
        for (const batch of idBatches(member.endpoints)) {
          const rows = await trx
            .insertInto('endpoint_group_subnets')
            .columns(['endpoint_group_id', 'subnet_id'])
            .expression(
              trx
                .selectFrom('subnets')
                .select((eb) => [eb.val(row.id).as('endpoint_group_id'), 'id'])
                .where('project_id', '=', context.projectId)
                .where('id', 'in', batch),
            )
            .returning('subnet_id')
            .execute();
          for (const { subnet_id } of rows) found.add(subnet_id);
        }
        const missing = member.endpoints.find((id) => !found.has(id));
        if (missing !== undefined) {
          // Upstream's message, word for word.
          throw NeutronException.badRequest(
            'NonExistingSubnetInEndpointGroup',
            `Subnet ${missing} in endpoint group does not exist`,
          );
        }
      }
      return toEndpointGroup(row);
    }, context.transaction);
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: EndpointGroup[]; more: boolean }> {
    const page = await listPage(this.database.query, 'endpoint_groups', context, query);
    return { rows: page.rows.map(toEndpointGroup), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<EndpointGroup> {
    return toEndpointGroup(
      await findOwned(this.database.query, 'endpoint_groups', 'endpoint_group', context, id),
    );
  }

  async update(context: RequestContext, id: string, member: EndpointGroupUpdate): Promise<EndpointGroup> {
    return this.database.transaction(async (trx) => {
      const updated = applyUpdate(
        await findOwned(trx, 'endpoint_groups', 'endpoint_group', context, id),
        member,
      );
      await trx.updateTable('endpoint_groups').set(updated).where('id', '=', id).execute();
      return toEndpointGroup(updated);
    });
  }

  /** EndpointGroupInUse (400, as upstream answers) while a connection uses it. */
  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const group = await findOwned(trx, 'endpoint_groups', 'endpoint_group', context, id);
      await refuseWhileConnectionsUse(
        trx,
        ['local_ep_group_id', 'peer_ep_group_id'],
        id,
        'EndpointGroupInUse',
      );
      if (group.type === 'subnet') {
        await trx.deleteFrom('endpoint_group_subnets').where('endpoint_group_id', '=', id).execute();
      }
      await trx.deleteFrom('endpoint_groups').where('id', '=', id).execute();
    });
  }
}

export function toEndpointGroup(row: Row): EndpointGroup {
  return {
    id: row.id,
    type: row.type as EndpointGroup['type'],
    endpoints: JSON.parse(row.endpoints) as string[],
    name: row.name,
    description: row.description,
    tenant_id: row.project_id,
    project_id: row.project_id,
  };
}
