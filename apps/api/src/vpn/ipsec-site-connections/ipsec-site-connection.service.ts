import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type {
  IpsecSiteConnection,
  IpsecSiteConnectionCreate,
  IpsecSiteConnectionUpdate,
} from '@vpnaas/schema';
import { checkDpdTimeout } from '@vpnaas/validator';
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Logger } from 'pino';
import { createdAt } from '../../common/created-at.js';
import type { ListQuery } from '../../common/list-query.js';
import { NeutronException } from '../../common/neutron.exception.js';
import { LOGGER } from '../../common/pino.logger.js';
import { PskSealer } from '../../common/psk-sealer.js';
import type { RequestContext } from '../../common/request-context.js';
import type { RenderedAnswers, ResourceService } from '../../common/resource.controller.js';
import { findOwned, insertRow, listPage, type RowSelection, refuseWhilePending } from '../../common/rows.js';
import { timeOrderedId } from '../../common/time-ordered-id.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import type { IpsecSiteConnectionsTable, VpnServicesTable } from '../../database/database.types.js';
import { sqliteJson } from '../../database/json-render.js';
import { runShaped, valueAt } from '../../database/query-shape.cache.js';
import { keepStoredColumn, type StoredColumn } from '../../database/stored-column.js';
import { DataplaneDriver } from '../../dataplane/dataplane.driver.js';
import { tagsOf } from '../tags/tag.store.js';
import { checkEndpointGroups } from './endpoint-group.rules.js';
import { peerIpVersion, refuseUnreachablePeer } from './peer-address.js';

type Row = Selectable<IpsecSiteConnectionsTable>;

/**
 * The columns a connection's answer is made of. A show reads only these: each
 * column read costs (better-sqlite3 sets each value into the row one by one),
 * and the answer states admin_state_up and mtu as fixed values.
 */
const SHOWN_COLUMNS = [
  'id',
  'project_id',
  'name',
  'description',
  'vpnservice_id',
  'ikepolicy_id',
  'ipsecpolicy_id',
  'local_ep_group_id',
  'peer_ep_group_id',
  'peer_address',
  'peer_id',
  'psk',
  'initiator',
  'dpd_action',
  'dpd_interval',
  'dpd_timeout',
  'peer_cidrs',
  'status',
  'created_at',
] as const satisfies readonly (keyof Row)[];
type ShownRow = Pick<Row, (typeof SHOWN_COLUMNS)[number]>;
/** A page of those columns only (on SQLite, `*` would read each stored answer too). */
const SHOWN: RowSelection<ShownRow> = {
  name: 'shown columns',
  select: (from) => from.select(SHOWN_COLUMNS.map((column) => `ipsec_site_connections.${column}` as const)),
};

@Injectable()
export class IpsecSiteConnectionService
  implements
    ResourceService<IpsecSiteConnectionCreate & IpsecSiteConnectionUpdate, IpsecSiteConnection>,
    OnApplicationBootstrap
{
  /** On SQLite, shows and list pages are the answers SQLite keeps (STORED_ANSWER). */
  readonly rendered: RenderedAnswers | undefined;

  constructor(
    private readonly database: DatabaseService,
    private readonly driver: DataplaneDriver,
    private readonly sealer: PskSealer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.rendered = database.engine === 'sqlite' ? this.renderedBySqlite() : undefined;
  }

  /**
   * On SQLite, first makes the triggers that keep each connection's stored
   * answer in step (stored-column.ts). Then seals what is not sealed with the
   * current key: plaintext psks of an older version, and psks sealed with a
   * previous key (rotation). Start-up fails if a psk is sealed with a key that
   * is not configured. Only those rows are read: reading every connection's psk
   * at each start held them all in memory at once (and, on 60,000 connections,
   * taught V8 to pretenure; main.ts).
   */
  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.sealer.currentPrefix;
    await this.database.transaction(async (trx) => {
      if (this.database.engine === 'sqlite') await this.keepStoredAnswers(trx);
      const rows = await trx
        .selectFrom('ipsec_site_connections')
        .select(['id', 'psk'])
        .where(sql<string>`substr(psk, 1, ${sql.lit(prefix.length)})`, '<>', prefix)
        .execute();
      for (const row of rows) {
        const psk = this.sealer.seal(this.sealer.open(row.psk, row.id), row.id);
        await trx.updateTable('ipsec_site_connections').set({ psk }).where('id', '=', row.id).execute();
      }
    });
  }

  /**
   * The triggers that keep the stored answers. When they are not this version's (an upgrade that
   * changed the answer), every connection's answer is written anew before the service listens:
   * the log says how many and how long (60,000 connections: 0.37 s, the start-up 1.5 s against 0.9).
   */
  private async keepStoredAnswers(trx: Db): Promise<void> {
    const started = performance.now();
    const written = await keepStoredColumn(trx, STORED_ANSWER);
    // A new database's triggers are made with no connections to write: nothing to explain.
    if (!written) return;
    this.logger.info(
      { connections: written, ms: Math.round(performance.now() - started) },
      "wrote every connection's stored answer anew: the database's triggers for them were not this version's",
    );
  }

  /** The connection as the API returns it, its psk opened for its owner. */
  private toConnection(row: ShownRow, tags: IpsecSiteConnection['tags'] = []): IpsecSiteConnection {
    return toConnection(row, this.sealer.open(row.psk, row.id), tags);
  }

  /** Shows and list pages from the answers SQLite keeps, each psk opened here and put in its place. */
  private renderedBySqlite(): RenderedAnswers {
    const answer = sql.ref<string>(`ipsec_site_connections.${STORED_ANSWER.column}`).as('answer');
    const rows: RowSelection<RenderedRow> = {
      name: 'stored answer',
      select: (from) => from.select(['ipsec_site_connections.id', 'ipsec_site_connections.psk', answer]),
    };
    return {
      // The project is checked here, as in get().
      get: async (context, id) => {
        const [row] = await runShaped(
          this.database.query,
          'connection stored answer',
          (q) =>
            q
              .selectFrom('ipsec_site_connections')
              .select(['ipsec_site_connections.project_id', 'ipsec_site_connections.psk', answer])
              .where('ipsec_site_connections.id', '=', valueAt(0)),
          [id],
        );
        if (!row || (!context.isAdmin && row.project_id !== context.projectId)) {
          throw NeutronException.notFound('ipsec_site_connection', id);
        }
        return answerWithPsk(row.answer, this.sealer.open(row.psk, id));
      },
      list: async (context, query) => {
        const page = await listPage(this.database.query, 'ipsec_site_connections', context, query, rows);
        return {
          texts: page.rows.map((row) => answerWithPsk(row.answer, this.sealer.open(row.psk, row.id))),
          ids: page.rows.map((row) => row.id),
          more: page.more,
        };
      },
    };
  }

  /** Every referenced object must exist in the caller's project; starts PENDING_CREATE. */
  async create(context: RequestContext, member: IpsecSiteConnectionCreate): Promise<IpsecSiteConnection> {
    const peerVersion = await peerIpVersion(member.peer_address);
    const connection = await this.database.transaction(async (trx) => {
      const service = await findOwned(trx, 'vpnservices', 'vpnservice', context, member.vpnservice_id);
      refuseUnreachablePeer(peerVersion, service.router_id);
      await findOwned(trx, 'ikepolicies', 'ikepolicy', context, member.ikepolicy_id);
      await findOwned(trx, 'ipsecpolicies', 'ipsecpolicy', context, member.ipsecpolicy_id);
      await this.checkGroups(trx, context, service, member.local_ep_group_id, member.peer_ep_group_id);
      const dpd = member.dpd ?? {};
      const id = timeOrderedId();
      const row: Row = {
        id,
        project_id: context.projectId,
        name: member.name ?? '',
        description: member.description ?? '',
        vpnservice_id: member.vpnservice_id,
        ikepolicy_id: member.ikepolicy_id,
        ipsecpolicy_id: member.ipsecpolicy_id,
        local_ep_group_id: member.local_ep_group_id,
        peer_ep_group_id: member.peer_ep_group_id,
        peer_address: member.peer_address,
        peer_id: member.peer_id,
        psk: this.sealer.seal(member.psk, id),
        initiator: member.initiator as string,
        admin_state_up: 1,
        mtu: member.mtu as number,
        dpd_action: dpd.action as string,
        dpd_interval: dpd.interval as number,
        dpd_timeout: dpd.timeout as number,
        peer_cidrs: JSON.stringify(member.peer_cidrs ?? []),
        status: 'PENDING_CREATE',
        created_at: createdAt(),
        pending_until: this.driver.dueTime(),
      };
      await insertRow(trx, 'ipsec_site_connections', row);
      return toConnection(row, member.psk);
    }, context.transaction);
    this.driver.apply({ resource: 'ipsec_site_connection', id: connection.id, action: 'create' });
    return connection;
  }

  async list(
    context: RequestContext,
    query: ListQuery,
  ): Promise<{ rows: IpsecSiteConnection[]; more: boolean }> {
    const page = await listPage(this.database.query, 'ipsec_site_connections', context, query, SHOWN);
    const tags = await tagsOf(
      this.database.query,
      page.rows.map((row) => row.id),
    );
    return {
      rows: page.rows.map((row) => this.toConnection(row, tags.get(row.id) ?? [])),
      more: page.more,
    };
  }

  /**
   * The connection and its tags in one query (a row per tag, or one row without).
   * Looked up by its primary key alone, with the project checked here: SQLite
   * then reads the tags in the order of their own index, where a lookup by
   * project and id sorted them in a temporary B-tree (about half a microsecond
   * of a show's 30 on a fast machine). Another project's connection is the same 404.
   */
  async get(context: RequestContext, id: string): Promise<IpsecSiteConnection> {
    const rows = await runShaped(
      this.database.query,
      'connection with tags',
      (q) =>
        q
          .selectFrom('ipsec_site_connections')
          .leftJoin('resource_tags', 'resource_tags.resource_id', 'ipsec_site_connections.id')
          .select(SHOWN_COLUMNS.map((column) => `ipsec_site_connections.${column}` as const))
          .select(['resource_tags.key as tag_key', 'resource_tags.value as tag_value'])
          .where('ipsec_site_connections.id', '=', valueAt(0))
          .orderBy('resource_tags.key'),
      [id],
    );
    const [first] = rows;
    if (!first || (!context.isAdmin && first.project_id !== context.projectId)) {
      throw NeutronException.notFound('ipsec_site_connection', id);
    }
    const tags = rows.flatMap((each) =>
      each.tag_key === null || each.tag_value === null ? [] : [{ key: each.tag_key, value: each.tag_value }],
    );
    // The row's own columns are read by name; its tag columns are left out.
    return this.toConnection(first, tags);
  }

  /** DPD settings left out keep their stored values; the merged values must still hold. */
  async update(
    context: RequestContext,
    id: string,
    member: IpsecSiteConnectionUpdate,
  ): Promise<IpsecSiteConnection> {
    // Upstream re-resolves the peer only when it is sent.
    const peerVersion =
      member.peer_address === undefined ? undefined : await peerIpVersion(member.peer_address);
    const connection = await this.database.transaction(async (trx) => {
      const row = await findOwned(trx, 'ipsec_site_connections', 'ipsec_site_connection', context, id);
      refuseWhilePending(row);
      if (peerVersion !== undefined) {
        const service = await findOwned(trx, 'vpnservices', 'vpnservice', context, row.vpnservice_id);
        refuseUnreachablePeer(peerVersion, service.router_id);
      }
      const dpd = {
        action: member.dpd?.action ?? row.dpd_action,
        interval: member.dpd?.interval ?? row.dpd_interval,
        timeout: member.dpd?.timeout ?? row.dpd_timeout,
      };
      const dpdError = checkDpdTimeout(dpd);
      if (dpdError) throw NeutronException.fromValidation(dpdError);
      const local = member.local_ep_group_id ?? row.local_ep_group_id;
      const peer = member.peer_ep_group_id ?? row.peer_ep_group_id;
      if (local !== row.local_ep_group_id || peer !== row.peer_ep_group_id) {
        const service = await findOwned(trx, 'vpnservices', 'vpnservice', context, row.vpnservice_id);
        await this.checkGroups(trx, context, service, local, peer);
      }
      // Only the columns an update sets: the row read holds SQLite's stored answer too (findOwned reads
      // every column), and writing it back cost a write of its text that the update's trigger then redoes.
      const changes = {
        psk: member.psk === undefined ? row.psk : this.sealer.seal(member.psk, id),
        initiator: member.initiator ?? row.initiator,
        description: member.description ?? row.description,
        peer_cidrs: member.peer_cidrs === undefined ? row.peer_cidrs : JSON.stringify(member.peer_cidrs),
        mtu: member.mtu ?? row.mtu,
        local_ep_group_id: local,
        peer_ep_group_id: peer,
        peer_address: member.peer_address ?? row.peer_address,
        peer_id: member.peer_id ?? row.peer_id,
        name: member.name ?? row.name,
        dpd_action: dpd.action,
        dpd_interval: dpd.interval,
        dpd_timeout: dpd.timeout,
        status: 'PENDING_UPDATE',
        pending_until: this.driver.dueTime(),
      } satisfies Partial<Row>;
      await trx.updateTable('ipsec_site_connections').set(changes).where('id', '=', id).execute();
      return this.toConnection({ ...row, ...changes });
    });
    this.driver.apply({ resource: 'ipsec_site_connection', id, action: 'update' });
    return connection;
  }

  async delete(context: RequestContext, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(trx, 'ipsec_site_connections', 'ipsec_site_connection', context, id);
      await trx.deleteFrom('resource_tags').where('resource_id', '=', id).execute();
      await trx.deleteFrom('ipsec_site_connections').where('id', '=', id).execute();
    });
    this.driver.apply({ resource: 'ipsec_site_connection', id, action: 'delete' });
  }

  private async checkGroups(
    trx: Db,
    context: RequestContext,
    service: Selectable<VpnServicesTable>,
    localId: string,
    peerId: string,
  ) {
    const local = await findOwned(trx, 'endpoint_groups', 'endpoint_group', context, localId);
    const peer = await findOwned(trx, 'endpoint_groups', 'endpoint_group', context, peerId);
    await checkEndpointGroups(trx, service, local, peer);
  }
}

interface RenderedRow {
  id: string;
  /** Sealed. */
  psk: string;
  /** The answer's JSON text, ending in an empty psk: `…,"psk":""}`. */
  answer: string;
}

/**
 * The connection's answer as SQLite keeps it, in a column its triggers write: the same
 * members in the same order as toConnection's (a spec compares the two), with its psk
 * empty, since only this process opens psks.
 */
const STORED_ANSWER: StoredColumn = {
  table: 'ipsec_site_connections',
  column: 'stored_answer',
  value: renderedAnswer(),
  // A tag's insert, update or delete writes its connection's answer anew.
  dependsOn: [{ table: 'resource_tags', idColumn: 'resource_id' }],
};

function renderedAnswer(): RawBuilder<string> {
  const json = sqliteJson;
  const column = (name: keyof Row) => sql.ref(`ipsec_site_connections.${name}`);
  return json.object({
    id: column('id'),
    status: column('status'),
    initiator: column('initiator'),
    name: column('name'),
    admin_state_up: json.true,
    tenant_id: column('project_id'),
    project_id: column('project_id'),
    auth_mode: json.constant('psk'),
    peer_cidrs: json.parsed('ipsec_site_connections.peer_cidrs'),
    mtu: json.constant(1500),
    peer_ep_group_id: column('peer_ep_group_id'),
    ikepolicy_id: column('ikepolicy_id'),
    vpnservice_id: column('vpnservice_id'),
    dpd: json.object({
      action: column('dpd_action'),
      interval: column('dpd_interval'),
      timeout: column('dpd_timeout'),
    }),
    route_mode: json.constant('static'),
    ipsecpolicy_id: column('ipsecpolicy_id'),
    local_ep_group_id: column('local_ep_group_id'),
    peer_address: column('peer_address'),
    peer_id: column('peer_id'),
    description: column('description'),
    order_id: json.constant(''),
    product_id: json.constant(''),
    tags: json.arrayFrom(
      json.object({ key: sql.ref('resource_tags.key'), value: sql.ref('resource_tags.value') }),
      sql`from ${sql.ref('resource_tags')} where ${sql.ref('resource_tags.resource_id')} = ${column('id')}`,
      'resource_tags.key',
    ),
    created_at: column('created_at'),
    psk: json.constant(''),
  });
}

/** The rendered answer with its psk put in the empty place it ends with. */
function answerWithPsk(answer: string, psk: string): string {
  if (!answer.endsWith('""}')) throw new Error('a rendered connection does not end with its empty psk');
  return `${answer.slice(0, -3)}${JSON.stringify(psk)}}`;
}

/** The API's connection from its row (built in one literal: no copies of a row per request). */
function toConnection(
  row: ShownRow,
  psk: string,
  tags: IpsecSiteConnection['tags'] = [],
): IpsecSiteConnection {
  return {
    id: row.id,
    status: row.status as IpsecSiteConnection['status'],
    initiator: row.initiator as IpsecSiteConnection['initiator'],
    name: row.name,
    admin_state_up: true,
    tenant_id: row.project_id,
    project_id: row.project_id,
    auth_mode: 'psk',
    peer_cidrs: JSON.parse(row.peer_cidrs) as string[],
    mtu: 1500,
    peer_ep_group_id: row.peer_ep_group_id,
    ikepolicy_id: row.ikepolicy_id,
    vpnservice_id: row.vpnservice_id,
    dpd: {
      action: row.dpd_action as IpsecSiteConnection['dpd']['action'],
      interval: row.dpd_interval,
      timeout: row.dpd_timeout,
    },
    route_mode: 'static',
    ipsecpolicy_id: row.ipsecpolicy_id,
    local_ep_group_id: row.local_ep_group_id,
    peer_address: row.peer_address,
    peer_id: row.peer_id,
    description: row.description,
    order_id: '',
    product_id: '',
    tags,
    created_at: row.created_at,
    // Last, where the rendered answer leaves it to be filled in (answerWithPsk).
    psk,
  };
}
