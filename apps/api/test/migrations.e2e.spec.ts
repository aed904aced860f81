// A database written by an earlier version, upgraded at start-up: what it held is served as before,
// and the rules that guard it still hold. The earlier schema is made by running the migrations up to
// that version's last one, and its rows written as that version wrote them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdAt } from '../src/common/created-at.js';
import { timeOrderedId } from '../src/common/time-ordered-id.js';
import type { Database as Schema } from '../src/database/database.types.js';
import { migrationProvider } from '../src/database/migrations.js';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from './support/test-database.js';
import { call, startServer, type TestServer } from './support/test-server.js';

describe('subnet endpoint groups made before their subnets had rows of their own (0007)', () => {
  const project = { 'X-Project-Id': 'before-0007' };
  const [network, inBoth, inFirst, inNone] = [
    timeOrderedId(),
    timeOrderedId(),
    timeOrderedId(),
    timeOrderedId(),
  ];
  // In the order a refusal names them (by id; two made in one millisecond may come either way).
  const [first, second] = [timeOrderedId(), timeOrderedId()].sort() as [string, string];
  const peers = timeOrderedId();
  const gone = timeOrderedId();
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-upgrade-'));
    const db = new Kysely<Schema>({
      dialect: database.config.url
        ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.config.url }) })
        : new SqliteDialect({ database: new Database(join(dataDir, 'vpnaas.sqlite')) }),
    });
    const migrated = await new Migrator({ db, provider: migrationProvider(TEST_ENGINE) }).migrateTo(
      '0006-creation-order-indexes',
    );
    expect(migrated.error).toBeUndefined();
    const common = { project_id: 'before-0007', description: '', created_at: createdAt() };
    await db
      .insertInto('networks')
      .values({ ...common, id: network, name: 'net', admin_state_up: 1, mtu: 1500 })
      .execute();
    await db
      .insertInto('subnets')
      .values(
        [inBoth, inFirst, inNone].map((id, index) => ({
          ...common,
          id,
          name: `subnet-${index}`,
          cidr: `10.7.${index}.0/24`,
          ip_version: 4,
          network_id: network,
          standard_attributes: '{}',
        })),
      )
      .execute();
    await db
      .insertInto('endpoint_groups')
      .values([
        { ...common, id: first, name: 'first', type: 'subnet', endpoints: JSON.stringify([inFirst, inBoth]) },
        // An id whose subnet is gone (the in-use checks should never have allowed it) does not stop the upgrade.
        { ...common, id: second, name: 'second', type: 'subnet', endpoints: JSON.stringify([inBoth, gone]) },
        // A group of CIDRs names no subnet, whatever its strings.
        { ...common, id: peers, name: 'peers', type: 'cidr', endpoints: JSON.stringify(['10.9.0.0/16']) },
      ])
      .execute();
    await db.destroy();
    server = await startServer({ dataDir, database: database.config });
  });

  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const remove = (path: string) => call(server, 'DELETE', path, undefined, project);

  it('keeps each subnet in use by the groups that name it, and frees it with their delete', async () => {
    for (const [group, endpoints] of [
      [first, [inFirst, inBoth]],
      [second, [inBoth, gone]],
    ] as const) {
      const shown = await call(server, 'GET', `/v2.0/vpn/endpoint-groups/${group}`, undefined, project);
      expect(shown.body.endpoint_group.endpoints).toEqual(endpoints);
    }

    const refusedBoth = await remove(`/v2.0/subnets/${inBoth}`);
    expect(refusedBoth.status).toBe(409);
    expect(refusedBoth.body.NeutronError).toMatchObject({
      type: 'SubnetInUseByEndpointGroup',
      message: `Subnet ${inBoth} is used by endpoint group(s) ${first}, ${second}`,
    });
    const refusedFirst = await remove(`/v2.0/subnets/${inFirst}`);
    expect(refusedFirst.body.NeutronError?.message).toBe(
      `Subnet ${inFirst} is used by endpoint group(s) ${first}`,
    );
    // The network goes only with every subnet: its delete names the subnet in use.
    const refusedNetwork = await remove(`/v2.0/networks/${network}`);
    expect(refusedNetwork.status).toBe(409);
    expect(refusedNetwork.body.NeutronError?.type).toBe('SubnetInUseByEndpointGroup');

    expect((await remove(`/v2.0/subnets/${inNone}`)).status).toBe(204);
    expect((await remove(`/v2.0/vpn/endpoint-groups/${first}`)).status).toBe(204);
    expect((await remove(`/v2.0/subnets/${inFirst}`)).status).toBe(204);
    expect((await remove(`/v2.0/subnets/${inBoth}`)).body.NeutronError?.message).toBe(
      `Subnet ${inBoth} is used by endpoint group(s) ${second}`,
    );
    expect((await remove(`/v2.0/vpn/endpoint-groups/${second}`)).status).toBe(204);
    expect((await remove(`/v2.0/vpn/endpoint-groups/${peers}`)).status).toBe(204);
    expect((await remove(`/v2.0/networks/${network}`)).status).toBe(204);
    const left = await call(server, 'GET', '/v2.0/subnets', undefined, project);
    expect(left.body.subnets).toEqual([]);
  });
});
