// The real service as a process with VPNAAS_DRIVER=strongswan: after kill -9
// a start stops the charons the dead process left and brings the tunnels back
// from the database; SIGTERM stops every charon it started; deletes after a
// restart leave nothing. Without root or strongSwan, the process exits at once
// with one line saying what is missing.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, MAIN, startProcess } from '../support/service-process.js';
import {
  charonPids,
  ip,
  isRunning,
  namespacesWithPrefix,
  strongswanPrerequisites,
  tunnelsInstalled,
} from '../support/strongswan-host.js';
import {
  api,
  connectionStatus,
  connectSites,
  createPolicies,
  createSite,
  type Site,
  waitForConnectionStatus,
} from '../support/two-sites.js';

const missing = strongswanPrerequisites('strongSwan restart suite');

const prefix = `vr${randomBytes(3).toString('hex')}-`;
const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-sw-restart-'));
const seenPids = new Set<number>();

/** The built service with the strongSwan driver, on this suite's data dir and namespace prefix. */
function startService() {
  return startProcess({
    VPNAAS_DATA_DIR: dataDir,
    VPNAAS_LOG_LEVEL: 'info',
    VPNAAS_DRIVER: 'strongswan',
    VPNAAS_NETNS_PREFIX: prefix,
    VPNAAS_ESTABLISH_TIMEOUT_MS: '8000',
    VPNAAS_DRIVER_INTERVAL_MS: '100',
  });
}

/** Until every router's charon has its CHILD SA installed (or the timeout). */
async function waitForInstalled(routerIds: string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const pid of charonPids(dataDir)) seenPids.add(pid);
    if (tunnelsInstalled(dataDir, routerIds)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

afterAll(() => {
  killAll();
  for (const namespace of namespacesWithPrefix(prefix)) ip('netns', 'del', namespace);
  for (const pid of [...seenPids, ...charonPids(dataDir)]) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}, 30_000);

describe.skipIf(missing.length > 0)('the strongSwan driver across restarts', () => {
  it('rebuilds tunnels after kill -9, stops its charons on SIGTERM, and leaves nothing after deletes', async () => {
    const first = await startService();
    const a: Site = await createSite(first, 'restart', 'a', '10.121.0.0/24');
    const b: Site = await createSite(first, 'restart', 'b', '10.122.0.0/24');
    const policies = await createPolicies(first, 'restart');
    const ab = await connectSites(first, a, b, 'restart-secret', policies);
    const ba = await connectSites(first, b, a, 'restart-secret', policies);
    expect(await waitForInstalled([a.routerId, b.routerId], 30_000)).toBe(true);
    const before = charonPids(dataDir);
    expect(before).toHaveLength(2);

    // kill -9: the charons outlive the service; the next start replaces them.
    await first.kill('SIGKILL');
    expect(before.filter(isRunning)).toHaveLength(2);
    const second = await startService();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && before.some(isRunning))
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(before.filter(isRunning)).toEqual([]);
    expect(await waitForInstalled([a.routerId, b.routerId], 30_000)).toBe(true);
    const after = charonPids(dataDir);
    expect(after).toHaveLength(2);
    expect(after.some((pid) => before.includes(pid))).toBe(false);
    await waitForConnectionStatus(second, a, ab, 'ACTIVE');
    await waitForConnectionStatus(second, b, ba, 'ACTIVE');
    expect(await connectionStatus(second, a, ab)).toBe('ACTIVE');
    expect(await connectionStatus(second, b, ba)).toBe('ACTIVE');

    // SIGTERM: exit 0, no charon left; the routers' namespaces stay (the routers exist).
    expect(await second.kill('SIGTERM')).toBe(0);
    expect(after.filter(isRunning)).toEqual([]);
    expect(namespacesWithPrefix(prefix)).toHaveLength(3);

    // Deleting everything after a restart leaves no namespace and no charon.
    const third = await startService();
    expect(await waitForInstalled([a.routerId, b.routerId], 30_000)).toBe(true);
    const last = charonPids(dataDir);
    for (const [site, id] of [
      [a, ab],
      [b, ba],
    ] as const) {
      await api(third, site.project, 'DELETE', `/v2.0/vpn/ipsec-site-connections/${id}`);
      await api(third, site.project, 'DELETE', `/v2.0/vpn/vpnservices/${site.serviceId}`);
      await api(third, site.project, 'PUT', `/v2.0/routers/${site.routerId}/remove_router_interface`, {
        subnet_id: site.subnetId,
      });
      await api(third, site.project, 'DELETE', `/v2.0/routers/${site.routerId}`);
    }
    const gone = Date.now() + 15_000;
    while (Date.now() < gone && (namespacesWithPrefix(prefix).length > 0 || last.some(isRunning))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(namespacesWithPrefix(prefix)).toEqual([]);
    expect(last.filter(isRunning)).toEqual([]);
    expect(await third.kill('SIGTERM')).toBe(0);
    expect(third.output()).not.toContain('restart-secret');
  }, 110_000);

  it('exits at start with one line saying what is missing (here: not root)', () => {
    chmodSync(dataDir, 0o777);
    let result: { status: number | null; stderr: string };
    try {
      execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, MAIN], {
        env: {
          PATH: process.env.PATH,
          VPNAAS_DRIVER: 'strongswan',
          VPNAAS_DATA_DIR: join(dataDir, 'nobody'),
          VPNAAS_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 20_000,
      });
      result = { status: 0, stderr: '' };
    } catch (error) {
      const failed = error as { status: number | null; stderr: Buffer };
      result = { status: failed.status, stderr: String(failed.stderr) };
    }
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'vpnaas: VPNAAS_DRIVER=strongswan: it must run as root (it creates network namespaces)',
    ]);
  }, 30_000);
});
