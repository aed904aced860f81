// IKE and IPsec policies behave alike: the same lifetime, the same in-use rule,
// and every other attribute is a column of the same name. One implementation,
// told apart by a PolicyKind.
import type { LifetimeCreate, LifetimeUpdate } from '@vpnaas/schema';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import type { RequestContext } from '../../common/request-context.js';
import type { ResourceService } from '../../common/resource.controller.js';
import { findOwned, listPage, refuseWhileConnectionsUse } from '../../common/rows.js';
import { timeOrderedId } from '../../common/time-ordered-id.js';
import type { DatabaseService } from '../../database/database.service.js';
import type { IkePoliciesTable } from '../../database/database.types.js';
import type { DataplaneDriver } from '../../dataplane/dataplane.driver.js';

export interface PolicyKind {
  readonly table: 'ikepolicies' | 'ipsecpolicies';
  readonly resource: 'ikepolicy' | 'ipsecpolicy';
  /** The connection column that refers to this kind of policy. */
  readonly connectionColumn: 'ikepolicy_id' | 'ipsecpolicy_id';
  readonly inUseType: 'IKEPolicyInUse' | 'IPsecPolicyInUse';
}

/** A row of either table: the attribute columns vary, the rest is common. */
type Row = Pick<IkePoliciesTable, 'id' | 'project_id' | 'created_at' | 'lifetime_units' | 'lifetime_value'> &
  Record<string, unknown>;
type PolicyMember = { lifetime?: LifetimeCreate | LifetimeUpdate; tenant_id?: string; project_id?: string };

export class PolicyService<TMember extends PolicyMember, TPolicy>
  implements ResourceService<TMember, TPolicy>
{
  constructor(
    private readonly database: DatabaseService,
    private readonly driver: DataplaneDriver,
    private readonly kind: PolicyKind,
  ) {}

  /** The validator has filled in every default, so each attribute has its value. */
  async create(context: RequestContext, member: TMember): Promise<TPolicy> {
    const { lifetime, tenant_id: _tenant, project_id: _project, ...attributes } = member;
    const row = {
      id: timeOrderedId(),
      project_id: context.projectId,
      ...attributes,
      lifetime_units: lifetime?.units as string,
      lifetime_value: lifetime?.value as number,
      created_at: createdAt(),
    } as unknown as Row;
    // Typed as the IKE table for Kysely; the statement is the same for both tables.
    await this.database.transaction(
      (trx) =>
        trx
          .insertInto(this.kind.table as 'ikepolicies')
          .values(row as unknown as IkePoliciesTable)
          .execute(),
      context.transaction,
    );
    return this.toPolicy(row);
  }

  async list(context: RequestContext, query: ListQuery): Promise<{ rows: TPolicy[]; more: boolean }> {
    const page = await listPage(this.database.query, this.kind.table, context, query);
    return { rows: page.rows.map((row) => this.toPolicy(row as unknown as Row)), more: page.more };
  }

  async get(context: RequestContext, id: string): Promise<TPolicy> {
    const row = await findOwned(this.database.query, this.kind.table, this.kind.resource, context, id);
    return this.toPolicy(row as unknown as Row);
  }

  /**
   * Allowed while connections use the policy, as Classic VPN allows it (upstream
   * refuses with 409): the connections are re-applied through PENDING_UPDATE.
   */
  async update(context: RequestContext, id: string, member: TMember): Promise<TPolicy> {
    const policy = await this.database.transaction(async (trx) => {
      const row = (await findOwned(trx, this.kind.table, this.kind.resource, context, id)) as unknown as Row;
      const { lifetime, ...attributes } = member;
      const updated = {
        ...row,
        ...attributes,
        lifetime_units: lifetime?.units ?? row.lifetime_units,
        lifetime_value: lifetime?.value ?? row.lifetime_value,
      } as Row;
      await trx
        .updateTable(this.kind.table as 'ikepolicies')
        .set(updated as unknown as IkePoliciesTable)
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('ipsec_site_connections')
        .set({ status: 'PENDING_UPDATE', pending_until: this.driver.dueTime() })
        .where(this.kind.connectionColumn, '=', id)
        .execute();
      return this.toPolicy(updated);
    });
    this.driver.apply({ resource: this.kind.resource, id, action: 'update' });
    return policy;
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, this.kind.table, this.kind.resource, context, id);
      await refuseWhileConnectionsUse(trx, [this.kind.connectionColumn], id, this.kind.inUseType);
      await trx.deleteFrom(this.kind.table).where('id', '=', id).execute();
    });
  }

  /** Every column is an attribute of the same name, but for the lifetime and the project. */
  private toPolicy(row: Row): TPolicy {
    const { project_id, created_at: _created, lifetime_units, lifetime_value, ...attributes } = row;
    return {
      ...attributes,
      lifetime: { units: lifetime_units, value: lifetime_value },
      tenant_id: project_id,
      project_id,
    } as TPolicy;
  }
}
