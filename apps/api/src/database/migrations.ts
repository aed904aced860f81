// Versioned schema migrations, run at start-up. Append; never edit one that has shipped.
// One set for both engines: where PostgreSQL needs another column type, the
// type comes from `types(engine)`, and SQLite's statements stay as they shipped.
import { type ColumnDataType, type Expression, type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

export type Engine = 'sqlite' | 'postgres';

interface ColumnTypes {
  /** Text that sorts and compares by code point, as SQLite's does (PostgreSQL's default follows the locale). */
  readonly text: ColumnDataType | Expression<unknown>;
  /** Epoch milliseconds (past 2^31: PostgreSQL's integer is 32-bit). */
  readonly epochMs: ColumnDataType;
}

function types(engine: Engine): ColumnTypes {
  return engine === 'postgres'
    ? { text: sql`text collate "C"`, epochMs: 'bigint' }
    : { text: 'text', epochMs: 'integer' };
}

const initial = ({ text, epochMs }: ColumnTypes): Migration => ({
  async up(db: Kysely<unknown>) {
    const withCommon = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('project_id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('description', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull());

    await withCommon('routers')
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('network_id', text, (c) => c.notNull())
      .addColumn('gateway_ip', text, (c) => c.notNull())
      .execute();
    await withCommon('subnets')
      .addColumn('cidr', text, (c) => c.notNull())
      .addColumn('ip_version', 'integer', (c) => c.notNull())
      .addColumn('network_id', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('router_interfaces')
      .addColumn('router_id', text, (c) => c.notNull().references('routers.id'))
      .addColumn('subnet_id', text, (c) => c.notNull().unique().references('subnets.id'))
      .addColumn('port_id', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('router_interfaces_pk', ['router_id', 'subnet_id'])
      .execute();
    await withCommon('ikepolicies')
      .addColumn('auth_algorithm', text, (c) => c.notNull())
      .addColumn('encryption_algorithm', text, (c) => c.notNull())
      .addColumn('ike_version', text, (c) => c.notNull())
      .addColumn('pfs', text, (c) => c.notNull())
      .addColumn('phase1_negotiation_mode', text, (c) => c.notNull())
      .addColumn('lifetime_units', text, (c) => c.notNull())
      .addColumn('lifetime_value', 'integer', (c) => c.notNull())
      .execute();
    await withCommon('ipsecpolicies')
      .addColumn('auth_algorithm', text, (c) => c.notNull())
      .addColumn('encryption_algorithm', text, (c) => c.notNull())
      .addColumn('pfs', text, (c) => c.notNull())
      .addColumn('transform_protocol', text, (c) => c.notNull())
      .addColumn('encapsulation_mode', text, (c) => c.notNull())
      .addColumn('lifetime_units', text, (c) => c.notNull())
      .addColumn('lifetime_value', 'integer', (c) => c.notNull())
      .execute();
    await withCommon('vpnservices')
      .addColumn('router_id', text, (c) => c.notNull().references('routers.id'))
      .addColumn('subnet_id', text, (c) => c.references('subnets.id'))
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('external_v4_ip', text)
      .addColumn('external_v6_ip', text)
      .addColumn('pending_until', epochMs)
      .execute();
    await withCommon('endpoint_groups')
      .addColumn('type', text, (c) => c.notNull())
      .addColumn('endpoints', text, (c) => c.notNull())
      .execute();
    await withCommon('ipsec_site_connections')
      .addColumn('vpnservice_id', text, (c) => c.notNull().references('vpnservices.id'))
      .addColumn('ikepolicy_id', text, (c) => c.notNull().references('ikepolicies.id'))
      .addColumn('ipsecpolicy_id', text, (c) => c.notNull().references('ipsecpolicies.id'))
      .addColumn('local_ep_group_id', text, (c) => c.notNull().references('endpoint_groups.id'))
      .addColumn('peer_ep_group_id', text, (c) => c.notNull().references('endpoint_groups.id'))
      .addColumn('peer_address', text, (c) => c.notNull())
      .addColumn('peer_id', text, (c) => c.notNull())
      .addColumn('psk', text, (c) => c.notNull())
      .addColumn('initiator', text, (c) => c.notNull())
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('mtu', 'integer', (c) => c.notNull())
      .addColumn('dpd_action', text, (c) => c.notNull())
      .addColumn('dpd_interval', 'integer', (c) => c.notNull())
      .addColumn('dpd_timeout', 'integer', (c) => c.notNull())
      .addColumn('peer_cidrs', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('pending_until', epochMs)
      .execute();

    // Lists are per project; in-use checks look connections up by what they use.
    for (const table of [
      'routers',
      'subnets',
      'ikepolicies',
      'ipsecpolicies',
      'vpnservices',
      'endpoint_groups',
      'ipsec_site_connections',
    ]) {
      await db.schema.createIndex(`${table}_project_idx`).on(table).columns(['project_id', 'id']).execute();
    }
    for (const column of [
      'vpnservice_id',
      'ikepolicy_id',
      'ipsecpolicy_id',
      'local_ep_group_id',
      'peer_ep_group_id',
    ]) {
      await db.schema
        .createIndex(`ipsec_site_connections_${column}_idx`)
        .on('ipsec_site_connections')
        .column(column)
        .execute();
    }
    await db.schema.createIndex('vpnservices_router_idx').on('vpnservices').column('router_id').execute();
    for (const table of ['vpnservices', 'ipsec_site_connections']) {
      await db.schema.createIndex(`${table}_pending_idx`).on(table).column('pending_until').execute();
    }
  },
});

/** Networks (for the openstack CLI's subnet create), and indexes that keep pages sorted by name cheap. */
const networksAndNameIndexes = ({ text }: ColumnTypes): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('networks')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('description', text, (c) => c.notNull())
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('networks_project_idx')
      .on('networks')
      .columns(['project_id', 'id'])
      .execute();
    await db.schema.createIndex('subnets_network_idx').on('subnets').column('network_id').execute();
    const tables = [
      'routers',
      'subnets',
      'networks',
      'ikepolicies',
      'ipsecpolicies',
      'vpnservices',
      'endpoint_groups',
      'ipsec_site_connections',
    ];
    for (const table of tables) {
      // Lists sort by name within a project (clients look names up), or by name across projects (admins).
      await db.schema
        .createIndex(`${table}_project_name_idx`)
        .on(table)
        .columns(['project_id', 'name', 'id'])
        .execute();
      await db.schema.createIndex(`${table}_name_idx`).on(table).columns(['name', 'id']).execute();
    }
  },
});

/** No two routers share a gateway address, also when replicas create routers at once. */
const uniqueGatewayAddresses: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('routers_gateway_ip_idx')
      .on('routers')
      .column('gateway_ip')
      .unique()
      .execute();
  },
};

/** Neutron's standard attributes: a subnet's DHCP, gateway, pools, DNS and routes; a network's MTU. */
const standardAttributes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('subnets')
      .addColumn('standard_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .alterTable('networks')
      .addColumn('mtu', 'integer', (c) => c.notNull().defaultTo(1500))
      .execute();
  },
};

/** Classic VPN's resource tags (of IPsec site connections), one row per key. */
const resourceTags: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('resource_tags')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('resource_tags_pk', ['resource_id', 'key'])
      .execute();
    await db.schema
      .createIndex('resource_tags_project_idx')
      .on('resource_tags')
      .columns(['project_id', 'key'])
      .execute();
  },
};

/**
 * Lists come in creation order unless sorted otherwise (upstream's default):
 * without these a page sorted every row of the project first, growing with the table.
 */
const creationOrderIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    // The tables are listed again on purpose, as in 0002: a shipped migration must never change with a shared list.
    for (const table of [
      'routers',
      'subnets',
      'networks',
      'ikepolicies',
      'ipsecpolicies',
      'vpnservices',
      'endpoint_groups',
      'ipsec_site_connections',
    ]) {
      await db.schema
        .createIndex(`${table}_project_created_idx`)
        .on(table)
        .columns(['project_id', 'created_at', 'id'])
        .execute();
      // An admin's list spans every project.
      await db.schema.createIndex(`${table}_created_idx`).on(table).columns(['created_at', 'id']).execute();
    }
  },
};

/**
 * A subnet group's subnets, one row each, so that "which groups name this subnet" (a subnet's or a
 * network's delete, a router interface's removal) is an index lookup, not a text search of every
 * group's JSON. The group keeps its JSON list too: it is what the API answers, in the order given.
 */
const endpointGroupSubnets = (engine: Engine, { text }: ColumnTypes): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('endpoint_group_subnets')
      .addColumn('endpoint_group_id', text, (c) => c.notNull().references('endpoint_groups.id'))
      .addColumn('subnet_id', text, (c) => c.notNull().references('subnets.id'))
      .addPrimaryKeyConstraint('endpoint_group_subnets_pk', ['endpoint_group_id', 'subnet_id'])
      .execute();
    await db.schema
      .createIndex('endpoint_group_subnets_subnet_idx')
      .on('endpoint_group_subnets')
      .columns(['subnet_id', 'endpoint_group_id'])
      .execute();
    // The groups made before this migration. Only subnets that exist: an id whose subnet is gone
    // (which the in-use checks should never have let happen) would otherwise fail the foreign key,
    // and with it the start-up; it has nothing left to guard.
    const subnetIds =
      engine === 'postgres'
        ? sql`json_array_elements_text(g.endpoints::json) as e(value)`
        : sql`json_each(g.endpoints) as e`;
    await sql`insert into endpoint_group_subnets (endpoint_group_id, subnet_id)
      select distinct g.id, s.id from endpoint_groups as g, ${subnetIds}
      join subnets as s on s.id = e.value
      where g.type = 'subnet'`.execute(db);
  },
});

/**
 * SQLite keeps each connection's answer as JSON, written by triggers (stored-column.ts, made at
 * start-up by the connection's service). PostgreSQL builds answers in the replicas: no column.
 * Declared `json`: its values are JSON objects' texts (NUMERIC affinity leaves those as text),
 * which the dialect reads as they are instead of packing them (packedSql packs TEXT and
 * INTEGER columns only): escaped into an array and parsed back, a page of 100 cost 130 µs more.
 */
const storedConnectionAnswers = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    if (engine !== 'sqlite') return;
    await db.schema.alterTable('ipsec_site_connections').addColumn('stored_answer', 'json').execute();
  },
});

/** The migrations in order of their names, for the engine. */
export function migrationProvider(engine: Engine): MigrationProvider {
  const columnTypes = types(engine);
  return {
    async getMigrations() {
      return {
        '0001-initial': initial(columnTypes),
        '0002-networks-and-name-indexes': networksAndNameIndexes(columnTypes),
        '0003-unique-gateway-addresses': uniqueGatewayAddresses,
        '0004-standard-attributes': standardAttributes,
        '0005-resource-tags': resourceTags,
        '0006-creation-order-indexes': creationOrderIndexes,
        '0007-endpoint-group-subnets': endpointGroupSubnets(engine, columnTypes),
        '0008-stored-connection-answers': storedConnectionAnswers(engine),
      };
    },
  };
}
