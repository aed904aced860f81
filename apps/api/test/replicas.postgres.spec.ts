// Three replicas of the service on one PostgreSQL database behave as one
// service: they migrate once, quotas hold exactly when they race for the last
// unit, a delete racing a create that references the object never leaves a
// dangling reference (a connection's policy or group, a subnet group's subnet),
// each pending object is activated exactly once, and every replica answers a
// list alike, including a row another replica created a moment ago.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../src/database/migrations.js';
import { killAll, type ServiceProcess, startProcess } from './support/service-process.js';
import { createPostgresDatabase, type TestDatabase } from './support/test-database.js';
import { call } from './support/test-server.js';
import { connectionBody, setUpVpn, type VpnObjects } from './support/vpn-setup.js';

const CONNECTION_QUOTA = 6;
const SECRET_KEY = randomBytes(32).toString('base64');
let database: TestDatabase;
let replicas: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createPostgresDatabase();
  // Started together: each runs the migrations at start-up, under PostgreSQL's advisory lock.
  replicas = await Promise.all(
    [0, 1, 2].map(() =>
      startProcess({
        VPNAAS_DATABASE_URL: database.config.url as string,
        // Replicas share the key that seals psks, as the README says they must.
        VPNAAS_SECRET_KEY: SECRET_KEY,
        VPNAAS_QUOTAS: JSON.stringify({ ipsec_site_connection: CONNECTION_QUOTA }),
        VPNAAS_ACTIVATION_DELAY_MS: '300',
        VPNAAS_DRIVER_INTERVAL_MS: '20',
        VPNAAS_LOG_LEVEL: 'info',
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  killAll();
  await database?.drop();
});

/** The replica that serves the i-th request of a burst: round robin, as a load balancer would. */
const replica = (i: number) => replicas[i % replicas.length] as ServiceProcess;

describe('three replicas on one PostgreSQL database', () => {
  it('migrated once and are all ready', async () => {
    for (const each of replicas) {
      const ready = await call(each, 'GET', '/readyz');
      expect(ready.status, ready.text).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', database: 'postgres' });
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    const { rows } = await client.query('select name from kysely_migration order by name');
    await client.end();
    expect(rows.map((row) => row.name)).toEqual(
      Object.keys(await migrationProvider('postgres').getMigrations()),
    );
  });

  it('see a row another replica created at once, and list alike', async () => {
    for (let i = 0; i < 9; i++) {
      const created = await call(replica(i), 'POST', '/v2.0/vpn/ikepolicies', {
        ikepolicy: { name: `read-your-write-${i}` },
      });
      expect(created.status, created.text).toBe(201);
      const shown = await call(replica(i + 1), 'GET', `/v2.0/vpn/ikepolicies/${created.body.ikepolicy.id}`);
      expect(shown.status, shown.text).toBe(200);
      expect(shown.body.ikepolicy).toEqual(created.body.ikepolicy);
    }
    const lists = await Promise.all(replicas.map((each) => call(each, 'GET', '/v2.0/vpn/ikepolicies')));
    expect(lists[0]?.body.ikepolicies).toHaveLength(9);
    for (const list of lists) expect(list.body).toEqual(lists[0]?.body);
  });

  describe('racing for the last unit of a quota, spread over the replicas', () => {
    let objects: VpnObjects;
    const headers = { 'X-Project-Id': 'quota-race' };

    beforeAll(async () => {
      objects = await setUpVpn(replicas[0] as ServiceProcess, headers);
    });

    it('creates exactly the quota of connections', async () => {
      for (let i = 0; i < CONNECTION_QUOTA - 1; i++) {
        const created = await call(
          replica(i),
          'POST',
          '/v2.0/vpn/ipsec-site-connections',
          connectionBody(objects, { name: `before-${i}` }),
          headers,
        );
        expect(created.status, created.text).toBe(201);
      }
      const racers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(
            replica(i),
            'POST',
            '/v2.0/vpn/ipsec-site-connections',
            connectionBody(objects, { name: `racer-${i}` }),
            headers,
          ),
        ),
      );
      expect(racers.filter((answer) => answer.status === 201)).toHaveLength(1);
      for (const refused of racers.filter((answer) => answer.status !== 201)) {
        expect(refused.status, refused.text).toBe(409);
        expect(refused.body.NeutronError.type).toBe('OverQuota');
      }
      for (const each of replicas) {
        const list = await call(each, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, headers);
        expect(list.body.ipsec_site_connections).toHaveLength(CONNECTION_QUOTA);
      }
    });

    it('creates exactly the quota of VPN services (2; the set-up made one)', async () => {
      const racers = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          call(
            replica(i),
            'POST',
            '/v2.0/vpn/vpnservices',
            { vpnservice: { name: `racer-${i}`, router_id: objects.routerId } },
            headers,
          ),
        ),
      );
      expect(racers.filter((answer) => answer.status === 201)).toHaveLength(1);
      for (const refused of racers.filter((answer) => answer.status !== 201)) {
        expect(refused.body.NeutronError.type, refused.text).toBe('OverQuota');
      }
    });

    it('activates each pending service and connection exactly once, whichever replica claims it', async () => {
      const list = await call(
        replicas[1] as ServiceProcess,
        'GET',
        '/v2.0/vpn/ipsec-site-connections',
        undefined,
        headers,
      );
      const services = await call(
        replicas[2] as ServiceProcess,
        'GET',
        '/v2.0/vpn/vpnservices',
        undefined,
        headers,
      );
      const ids = [
        ...list.body.ipsec_site_connections.map((connection: { id: string }) => connection.id),
        ...services.body.vpnservices.map((service: { id: string }) => service.id),
      ];
      // Until every replica's driver has had its chance: nothing is pending any more.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const pending = await Promise.all(
          ['/v2.0/vpn/ipsec-site-connections', '/v2.0/vpn/vpnservices'].map((path) =>
            call(
              replica(0),
              'GET',
              `${path}?status=PENDING_CREATE&status=PENDING_UPDATE`,
              undefined,
              headers,
            ),
          ),
        );
        const left = pending.flatMap((answer) => Object.values(answer.body)[0] as unknown[]);
        if (left.length === 0) break;
        if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(left)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The replicas write their log lines in blocks, at most 100 ms late: read them once every
      // id has its line, and once more two blocks later, so that a second activation would show.
      const activations = () => {
        const byId = new Map<string, string[]>();
        replicas.forEach((each, index) => {
          for (const line of each.output().trim().split('\n')) {
            const entry = JSON.parse(line) as { msg?: string; ids?: string[] };
            if (entry.msg !== 'activated') continue;
            for (const id of entry.ids ?? []) byId.set(id, [...(byId.get(id) ?? []), `replica ${index}`]);
          }
        });
        return byId;
      };
      const logged = Date.now() + 5_000;
      while (ids.some((id) => !activations().has(id)) && Date.now() < logged) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      const activated = activations();
      for (const id of ids) expect(activated.get(id), id).toHaveLength(1);
      // (Which replicas claim depends on whose tick comes first; on a loaded machine one may take
      // all. All three tick against the same rows, which is what SKIP LOCKED has to hold against.)
      // ...and all three replicas list the same, now settled, objects.
      const lists = await Promise.all(
        replicas.map((each) => call(each, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, headers)),
      );
      for (const each of lists) expect(each.body).toEqual(lists[0]?.body);
    });
  });

  it('never lets a connection reference a policy or endpoint group deleted on another replica', async () => {
    const headers = { 'X-Project-Id': 'delete-race' };
    const objects = await setUpVpn(replicas[1] as ServiceProcess, headers);
    for (let round = 0; round < 12; round++) {
      const ike = await call(
        replica(round),
        'POST',
        '/v2.0/vpn/ikepolicies',
        { ikepolicy: { name: `ike-${round}` } },
        headers,
      );
      const peer = await call(
        replica(round + 1),
        'POST',
        '/v2.0/vpn/endpoint-groups',
        { endpoint_group: { name: `peer-${round}`, type: 'cidr', endpoints: [`10.${round}.0.0/24`] } },
        headers,
      );
      const ikeId = ike.body.ikepolicy.id as string;
      const peerId = peer.body.endpoint_group.id as string;
      const [created, ikeDeleted, peerDeleted] = await Promise.all([
        call(
          replica(round),
          'POST',
          '/v2.0/vpn/ipsec-site-connections',
          connectionBody(objects, { ikepolicy_id: ikeId, peer_ep_group_id: peerId }),
          headers,
        ),
        call(replica(round + 1), 'DELETE', `/v2.0/vpn/ikepolicies/${ikeId}`, undefined, headers),
        call(replica(round + 2), 'DELETE', `/v2.0/vpn/endpoint-groups/${peerId}`, undefined, headers),
      ]);
      if (created.status === 201) {
        // The connection won: both deletes saw it and refused.
        expect(ikeDeleted.body?.NeutronError?.type, ikeDeleted.text).toBe('IKEPolicyInUse');
        expect(peerDeleted.body?.NeutronError?.type, peerDeleted.text).toBe('EndpointGroupInUse');
        const id = created.body.ipsec_site_connection.id as string;
        expect(
          (await call(replica(round + 2), 'GET', `/v2.0/vpn/ikepolicies/${ikeId}`, undefined, headers))
            .status,
        ).toBe(200);
        expect(
          (await call(replica(round), 'DELETE', `/v2.0/vpn/ipsec-site-connections/${id}`, undefined, headers))
            .status,
        ).toBe(204);
      } else {
        // A delete won: the create found the object gone.
        expect(created.status, created.text).toBe(404);
        expect([ikeDeleted.status, peerDeleted.status]).toContain(204);
      }
    }
    // No connection of the project refers to anything that does not exist.
    for (const each of replicas) {
      const list = await call(each, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, headers);
      expect(list.body.ipsec_site_connections).toEqual([]);
    }
  });

  it('never lets a subnet endpoint group name a subnet deleted on another replica', async () => {
    const headers = { 'X-Project-Id': 'subnet-race' };
    const network = await call(replica(0), 'POST', '/v2.0/networks', { network: { name: 'race' } }, headers);
    const networkId = network.body.network.id as string;
    for (let round = 0; round < 12; round++) {
      const subnet = await call(
        replica(round),
        'POST',
        '/v2.0/subnets',
        { subnet: { network_id: networkId, cidr: `10.${round}.0.0/24`, ip_version: 4 } },
        headers,
      );
      const subnetId = subnet.body.subnet.id as string;
      const [created, deleted] = await Promise.all([
        call(
          replica(round),
          'POST',
          '/v2.0/vpn/endpoint-groups',
          { endpoint_group: { name: `local-${round}`, type: 'subnet', endpoints: [subnetId] } },
          headers,
        ),
        call(replica(round + 1), 'DELETE', `/v2.0/subnets/${subnetId}`, undefined, headers),
      ]);
      if (created.status === 201) {
        // The group won: the delete saw it and refused, and the subnet is still there.
        expect(deleted.body?.NeutronError?.type, deleted.text).toBe('SubnetInUseByEndpointGroup');
        expect(
          (await call(replica(round + 2), 'GET', `/v2.0/subnets/${subnetId}`, undefined, headers)).status,
        ).toBe(200);
        const groupPath = `/v2.0/vpn/endpoint-groups/${created.body.endpoint_group.id}`;
        expect((await call(replica(round + 1), 'DELETE', groupPath, undefined, headers)).status).toBe(204);
      } else {
        // The delete won: the create found the subnet gone.
        expect(created.body?.NeutronError?.type, created.text).toBe('NonExistingSubnetInEndpointGroup');
        expect(deleted.status, deleted.text).toBe(204);
      }
    }
    // Every group deleted, so every subnet goes, and the network with them.
    expect((await call(replica(2), 'DELETE', `/v2.0/networks/${networkId}`, undefined, headers)).status).toBe(
      204,
    );
    for (const each of replicas) {
      const groups = await call(each, 'GET', '/v2.0/vpn/endpoint-groups', undefined, headers);
      expect(groups.body.endpoint_groups).toEqual([]);
    }
  });
});
