// The real data plane over the HTTP API (VPNAAS_DRIVER=strongswan): two sites
// whose connections point at each other come up and carry a ping through the
// tunnel; a pair with different psks stays DOWN; an IKE policy change re-keys;
// deleting everything leaves no namespace and no charon. Needs root and
// Debian's strongSwan packages: under CI=true their absence fails the suite,
// elsewhere it is skipped with a message.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { subnetBridge } from '../../src/dataplane/strongswan/namespaces.js';
import {
  attachHost,
  charonPids,
  childBytes,
  ip,
  isRunning,
  listSasRaw,
  namespacesWithPrefix,
  ping,
  strongswanPrerequisites,
} from '../support/strongswan-host.js';
import { startServer, type TestServer } from '../support/test-server.js';
import {
  api,
  connectionStatus,
  connectSites,
  createPolicies,
  createSite,
  type Site,
} from '../support/two-sites.js';

const missing = strongswanPrerequisites('strongSwan data plane suite');

/** One test's world: its own server, data dir and namespace prefix, so each test stands alone. */
interface World {
  server: TestServer;
  prefix: string;
  seenPids: Set<number>;
  statusesSeen: Map<string, Set<string>>;
}

describe.skipIf(missing.length > 0)('the strongSwan data plane', () => {
  let world: World | undefined;

  async function startWorld(): Promise<World> {
    const prefix = `vt${randomBytes(3).toString('hex')}-`;
    const server = await startServer({
      driver: 'strongswan',
      netnsPrefix: prefix,
      establishTimeoutMs: 8000,
      driverIntervalMs: 100,
      logLevel: process.env.VPNAAS_TEST_LOG_LEVEL ?? 'silent',
    });
    world = { server, prefix, seenPids: new Set(), statusesSeen: new Map() };
    return world;
  }

  // Whatever a failed test left: its namespaces (hosts, routers, external) and charons.
  afterEach(async () => {
    if (!world) return;
    const { server, prefix, seenPids } = world;
    world = undefined;
    await server.close();
    for (const namespace of namespacesWithPrefix(prefix)) ip('netns', 'del', namespace);
    for (const pid of [...seenPids, ...charonPids(server.config.dataDir)]) {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 30_000);

  /** Polls the connections' statuses (recording every one seen) until `done` holds. */
  async function waitFor(
    { server, seenPids, statusesSeen }: World,
    connections: [Site, string][],
    done: (statuses: string[]) => boolean,
    timeoutMs: number,
  ): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await Promise.all(
        connections.map(async ([owner, id]) => {
          const status = await connectionStatus(server, owner, id);
          if (!statusesSeen.has(id)) statusesSeen.set(id, new Set());
          statusesSeen.get(id)?.add(status);
          return status;
        }),
      );
      for (const pid of charonPids(server.config.dataDir)) seenPids.add(pid);
      if (done(statuses) || Date.now() > deadline) return statuses;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Two sites with a connection each way; `psks` are A's and B's. */
  async function pair({ server }: World, psks: [string, string]) {
    const a = await createSite(server, 'pair', 'a', '10.101.0.0/24');
    const b = await createSite(server, 'pair', 'b', '10.102.0.0/24');
    const policies = await createPolicies(server, 'pair');
    const connections: [Site, string][] = [
      [a, await connectSites(server, a, b, psks[0], policies)],
      [b, await connectSites(server, b, a, psks[1], policies)],
    ];
    return { a, b, policies, connections };
  }

  /** Deletes the pair through the API; then no namespace of the test and no charon is left. */
  async function deleteAllAndCheck(w: World, sites: Site[], connections: [Site, string][]) {
    const { server, prefix } = w;
    const pids = charonPids(server.config.dataDir);
    expect(pids.length).toBe(sites.length);
    for (const [owner, id] of connections) {
      await api(server, owner.project, 'DELETE', `/v2.0/vpn/ipsec-site-connections/${id}`);
    }
    for (const s of sites) {
      await api(server, s.project, 'DELETE', `/v2.0/vpn/vpnservices/${s.serviceId}`);
      await api(server, s.project, 'PUT', `/v2.0/routers/${s.routerId}/remove_router_interface`, {
        subnet_id: s.subnetId,
      });
      await api(server, s.project, 'DELETE', `/v2.0/routers/${s.routerId}`);
    }
    // The test's own host namespaces are the test's to delete.
    for (const namespace of namespacesWithPrefix(`${prefix}h`)) ip('netns', 'del', namespace);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (namespacesWithPrefix(prefix).length > 0 || pids.some(isRunning))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(namespacesWithPrefix(prefix)).toEqual([]);
    expect(pids.filter(isRunning)).toEqual([]);
  }

  it('one psk: both ends ACTIVE, a ping from host A to host B crosses the tunnel; an IKE policy update (aes-256) re-keys and traffic flows again; deleting everything leaves no namespace and no charon', async () => {
    const w = await startWorld();
    const { server, prefix } = w;
    const { a, b, policies, connections } = await pair(w, ['shared-secret-1', 'shared-secret-1']);
    expect(
      await waitFor(w, connections, (all) => all.every((status) => status === 'ACTIVE'), 30_000),
    ).toEqual(['ACTIVE', 'ACTIVE']);
    for (const s of [a, b]) {
      attachHost(
        `${prefix}h${s.name}`,
        `${prefix}r-${s.routerId}`,
        subnetBridge(s.subnetId),
        s.cidr.replace('0/24', '10/24'),
        s.cidr.replace('0/24', '1'),
      );
    }
    const hostB = b.cidr.replace('0/24', '10');
    const before = childBytes(server.config.dataDir, a.routerId);
    expect(ping(`${prefix}ha`, hostB)).toBe(true);
    expect(childBytes(server.config.dataDir, a.routerId)).toBeGreaterThan(before);
    const service = await api(server, 'pair', 'GET', `/v2.0/vpn/vpnservices/${a.serviceId}`);
    expect(service.vpnservice.status).toBe('ACTIVE');

    // The IKE policy both connections use goes to aes-256: they re-key with it.
    const updated = await api(server, 'pair', 'PUT', `/v2.0/vpn/ikepolicies/${policies.ikeId}`, {
      ikepolicy: { encryption_algorithm: 'aes-256' },
    });
    expect(updated.ikepolicy.encryption_algorithm).toBe('aes-256');
    expect(await connectionStatus(server, a, connections[0]?.[1] as string)).toBe('PENDING_UPDATE');
    const rekeyed = await waitFor(
      w,
      connections,
      (all) =>
        all.every((status) => status === 'ACTIVE') &&
        /encr-keysize=256/.test(listSasRaw(server.config.dataDir, a.routerId)),
      30_000,
    );
    expect(rekeyed).toEqual(['ACTIVE', 'ACTIVE']);
    expect(listSasRaw(server.config.dataDir, a.routerId)).toMatch(
      /state=ESTABLISHED[^{]*encr-alg=AES_CBC encr-keysize=256/,
    );
    const beforeRekeyedPing = childBytes(server.config.dataDir, a.routerId);
    expect(ping(`${prefix}ha`, hostB)).toBe(true);
    expect(childBytes(server.config.dataDir, a.routerId)).toBeGreaterThan(beforeRekeyedPing);

    await deleteAllAndCheck(w, [a, b], connections);
  }, 90_000);

  it('psks that differ: both ends DOWN, never ACTIVE; deleting everything leaves no namespace and no charon', async () => {
    const w = await startWorld();
    const { a, b, connections } = await pair(w, ['one-secret-a', 'other-secret-b']);
    const statuses = await waitFor(w, connections, (all) => all.every((status) => status === 'DOWN'), 25_000);
    expect(statuses).toEqual(['DOWN', 'DOWN']);
    for (const [, id] of connections) expect([...(w.statusesSeen.get(id) ?? [])]).not.toContain('ACTIVE');
    await deleteAllAndCheck(w, [a, b], connections);
  }, 60_000);

  it('a configuration charon cannot take (transform protocol ah-esp): the connection is ERROR, its VPN service ACTIVE', async () => {
    const w = await startWorld();
    const { server } = w;
    const a = await createSite(server, 'error', 'a', '10.111.0.0/24');
    const b = await createSite(server, 'error', 'b', '10.112.0.0/24');
    const policies = await createPolicies(server, 'error');
    const ahEsp = await api(server, 'error', 'POST', '/v2.0/vpn/ipsecpolicies', {
      ipsecpolicy: { name: 'ah-esp', transform_protocol: 'ah-esp' },
    });
    // Its charon runs and has loaded an empty configuration first: the connection then adds nothing to it.
    const serviceUp = Date.now() + 15_000;
    while (
      Date.now() < serviceUp &&
      (await api(server, 'error', 'GET', `/v2.0/vpn/vpnservices/${a.serviceId}`)).vpnservice.status !==
        'ACTIVE'
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const id = await connectSites(server, a, b, 'error-secret', {
      ...policies,
      ipsecId: ahEsp.ipsecpolicy.id,
    });
    expect(await waitFor(w, [[a, id]], ([status]) => status === 'ERROR', 15_000)).toEqual(['ERROR']);
    const service = await api(server, 'error', 'GET', `/v2.0/vpn/vpnservices/${a.serviceId}`);
    expect(service.vpnservice.status).toBe('ACTIVE');
  }, 40_000);
});
