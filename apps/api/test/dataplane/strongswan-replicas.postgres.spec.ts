// Two replicas with the strongSwan driver on one PostgreSQL database, each as
// on a host of its own (its data dir and namespace prefix): exactly one of them
// runs the data plane, the charons and namespaces; the other stands by. When
// the one that runs it stops (SIGTERM) or dies (kill -9), the other brings the
// tunnels up from the database; a replica that comes back stands by, and
// removes what its killed process left running.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, type ServiceProcess, startProcess } from '../support/service-process.js';
import {
  charonPids,
  ip,
  isRunning,
  namespacesWithPrefix,
  strongswanPrerequisites,
  tunnelsInstalled,
} from '../support/strongswan-host.js';
import { createPostgresDatabase, type TestDatabase } from '../support/test-database.js';
import {
  connectionStatus,
  connectSites,
  createPolicies,
  createSite,
  type Site,
  waitForConnectionStatus,
} from '../support/two-sites.js';

const missing = strongswanPrerequisites('strongSwan replicas suite');
const SECRET_KEY = randomBytes(32).toString('base64');

/** What makes a replica's host: where its charons' files are, and its namespaces' prefix. */
interface Host {
  readonly name: string;
  readonly dataDir: string;
  readonly prefix: string;
}
const hosts: Host[] = ['a', 'b'].map((name) => ({
  name,
  dataDir: mkdtempSync(join(tmpdir(), `vpnaas-sw-replica-${name}-`)),
  prefix: `vq${randomBytes(2).toString('hex')}${name}-`,
}));
let database: TestDatabase;
const seenPids = new Set<number>();

function startReplica(host: Host): Promise<ServiceProcess> {
  return startProcess({
    VPNAAS_DATABASE_URL: database.config.url as string,
    VPNAAS_SECRET_KEY: SECRET_KEY,
    VPNAAS_DATA_DIR: host.dataDir,
    VPNAAS_LOG_LEVEL: 'info',
    VPNAAS_DRIVER: 'strongswan',
    VPNAAS_NETNS_PREFIX: host.prefix,
    VPNAAS_ESTABLISH_TIMEOUT_MS: '8000',
    VPNAAS_DRIVER_INTERVAL_MS: '100',
  });
}

/** Whether both routers' charons on this host have their CHILD SA installed. */
function tunnelsUp(host: Host, routerIds: string[]): boolean {
  for (const pid of charonPids(host.dataDir)) seenPids.add(pid);
  return tunnelsInstalled(host.dataDir, routerIds);
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return condition();
}

/** Nothing of the data plane runs on this host: no charon, no namespace. */
function idle(host: Host): boolean {
  return (
    charonPids(host.dataDir).filter(isRunning).length === 0 && namespacesWithPrefix(host.prefix).length === 0
  );
}

beforeAll(async () => {
  if (missing.length === 0) database = await createPostgresDatabase();
}, 30_000);

afterAll(async () => {
  killAll();
  for (const host of hosts) {
    for (const pid of [...seenPids, ...charonPids(host.dataDir)])
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    for (const namespace of namespacesWithPrefix(host.prefix)) ip('netns', 'del', namespace);
  }
  await database?.drop();
}, 30_000);

describe.skipIf(missing.length > 0)('the strongSwan data plane with two replicas on PostgreSQL', () => {
  it('runs on one replica at a time; the other takes over on SIGTERM and on kill -9, and a returning replica stands by', async () => {
    const [hostA, hostB] = hosts as [Host, Host];
    const replicas = new Map<Host, ServiceProcess>([
      [hostA, await startReplica(hostA)],
      [hostB, await startReplica(hostB)],
    ]);
    const api = replicas.get(hostB) as ServiceProcess;
    const a: Site = await createSite(api, 'replicas', 'a', '10.131.0.0/24');
    const b: Site = await createSite(api, 'replicas', 'b', '10.132.0.0/24');
    const policies = await createPolicies(api, 'replicas');
    const ab = await connectSites(api, a, b, 'replicas-secret', policies);
    const ba = await connectSites(api, b, a, 'replicas-secret', policies);
    const routers = [a.routerId, b.routerId];

    // One of them brings both tunnels up; the other runs nothing.
    expect(await until(() => hosts.some((host) => tunnelsUp(host, routers)), 30_000)).toBe(true);
    const first = tunnelsUp(hostA, routers) ? hostA : hostB;
    const second = first === hostA ? hostB : hostA;
    expect(charonPids(first.dataDir)).toHaveLength(2);
    expect(idle(second)).toBe(true);
    expect(replicas.get(second)?.output()).toContain('another replica runs the data plane');
    await waitForConnectionStatus(api, a, ab, 'ACTIVE');
    await waitForConnectionStatus(api, b, ba, 'ACTIVE');
    expect(await connectionStatus(api, a, ab)).toBe('ACTIVE');
    expect(await connectionStatus(api, b, ba)).toBe('ACTIVE');

    // SIGTERM: the first stops its charons and gives the lock up; the second brings the tunnels up.
    const firstPids = charonPids(first.dataDir);
    expect(await replicas.get(first)?.stop()).toBe(0);
    expect(firstPids.filter(isRunning)).toEqual([]);
    expect(await until(() => tunnelsUp(second, routers), 30_000)).toBe(true);
    expect(charonPids(second.dataDir)).toHaveLength(2);

    // The first comes back: it stands by, and runs nothing while the second holds the data plane.
    replicas.set(first, await startReplica(first));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(replicas.get(first)?.output()).toContain('another replica runs the data plane');
    expect(idle(first)).toBe(true);

    // kill -9 of the second: its database session ends, so the first takes over. The dead
    // process's charons outlive it on this shared test host; on its own host they would be gone.
    const secondPids = charonPids(second.dataDir);
    await replicas.get(second)?.kill('SIGKILL');
    expect(await until(() => tunnelsUp(first, routers), 30_000)).toBe(true);
    const survivor = replicas.get(first) as ServiceProcess;
    await waitForConnectionStatus(survivor, a, ab, 'ACTIVE');
    expect(await connectionStatus(survivor, a, ab)).toBe('ACTIVE');

    // The second comes back as a standby and removes what its killed process left running.
    replicas.set(second, await startReplica(second));
    expect(await until(() => idle(second), 15_000)).toBe(true);
    expect(secondPids.filter(isRunning)).toEqual([]);
    expect(tunnelsUp(first, routers)).toBe(true);

    for (const replica of replicas.values()) expect(await replica.stop()).toBe(0);
    for (const replica of replicas.values()) expect(replica.output()).not.toContain('replicas-secret');
  }, 150_000);
});
