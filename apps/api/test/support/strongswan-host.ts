// For the strongSwan suites: whether this machine can run the real data plane,
// and the host-side helpers a test needs (host namespaces on a router's subnet,
// charon's SA counters, clean-up of everything a run made).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APT_PACKAGES, LIBIPSEC_PLUGIN } from '../../src/dataplane/strongswan/prerequisites.js';

/** What is missing for the strongSwan suites, or an empty list. */
export function missingForStrongswan(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root');
  for (const path of ['/usr/sbin/charon-systemd', '/usr/sbin/swanctl', LIBIPSEC_PLUGIN, '/usr/bin/ping']) {
    if (!existsSync(path)) missing.push(path);
  }
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    missing.push('`ip netns` (iproute2)');
  }
  return missing;
}

export const INSTALL_HINT = `apt-get install -y --no-install-recommends ${APT_PACKAGES} iputils-ping (and run as root)`;

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function namespacesWithPrefix(prefix: string): string[] {
  return ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}

/** A host namespace with one address on a router's subnet bridge, routing through the subnet's gateway. */
export function attachHost(
  hostNs: string,
  routerNs: string,
  bridge: string,
  address: string,
  gateway: string,
) {
  ip('netns', 'add', hostNs);
  ip('-n', hostNs, 'link', 'set', 'lo', 'up');
  const leg = `hx-${hostNs.slice(-8)}`;
  ip('-n', hostNs, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', leg, 'netns', routerNs);
  ip('-n', routerNs, 'link', 'set', leg, 'master', bridge, 'up');
  ip('-n', hostNs, 'addr', 'add', address, 'dev', 'eth0');
  ip('-n', hostNs, 'link', 'set', 'eth0', 'up');
  ip('-n', hostNs, 'route', 'add', 'default', 'via', gateway);
}

export function ping(hostNs: string, target: string): boolean {
  try {
    execFileSync('ip', ['netns', 'exec', hostNs, 'ping', '-c', '3', '-i', '0.2', '-W', '2', target], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** `swanctl --list-sas --raw` of a router's charon, through its own strongswan.conf. */
export function listSasRaw(dataDir: string, routerId: string): string {
  return execFileSync('/usr/sbin/swanctl', ['--list-sas', '--raw'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: {
      PATH: process.env.PATH,
      STRONGSWAN_CONF: join(dataDir, 'strongswan', routerId, 'strongswan.conf'),
    },
  });
}

/** Whether every one of these routers' charons (under this data dir) has its CHILD SA installed. */
export function tunnelsInstalled(dataDir: string, routerIds: readonly string[]): boolean {
  return routerIds.every((id) => {
    try {
      return /state=INSTALLED/.test(listSasRaw(dataDir, id));
    } catch {
      return false;
    }
  });
}

/** The bytes a router's CHILD SAs carried, in and out. */
export function childBytes(dataDir: string, routerId: string): number {
  return [...listSasRaw(dataDir, routerId).matchAll(/bytes-(?:in|out)=(\d+)/g)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

/** The pids of the charons a data dir's routers run (from their pid files). */
export function charonPids(dataDir: string): number[] {
  const root = join(dataDir, 'strongswan');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((router) => {
    const file = join(root, router, 'charon.pid');
    return existsSync(file) ? [Number(readFileSync(file, 'utf8'))] : [];
  });
}

export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * What a strongSwan suite lacks here: under CI=true a missing prerequisite fails the
 * file (it throws); elsewhere the suite is skipped with a message naming what to install.
 */
export function strongswanPrerequisites(suite: string): string[] {
  const missing = missingForStrongswan();
  if (missing.length === 0) return missing;
  if (process.env.CI === 'true') throw new Error(`${suite}: missing ${missing.join(', ')}: ${INSTALL_HINT}`);
  console.warn(`\n*** ${suite} SKIPPED: missing ${missing.join(', ')}. ${INSTALL_HINT}\n`);
  return missing;
}
