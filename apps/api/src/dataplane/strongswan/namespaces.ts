// Routers as Linux network namespaces, all made with `ip` and all named from
// VPNAAS_NETNS_PREFIX (default `vpnaas-`):
//
//   <prefix>ext              the external network: bridge `br-ext`
//   <prefix>r-<router id>    a router: `qg-ext` holds its gateway address (veth to br-ext,
//                            peer `ge-<11 hex of the router id>`), one bridge
//                            `qr-<11 hex of the subnet id>` per attached subnet holds
//                            the subnet's gateway (its first address); IPv4 forwarding on.
//
// Nothing outside these namespaces is touched: every address and route is set
// with `ip -n <namespace>`.
import { existsSync } from 'node:fs';
import type { SubnetPlan } from '../router-plan.query.js';
import { run, runOrThrow } from './command.js';

export const GATEWAY_INTERFACE = 'qg-ext';
export const EXTERNAL_BRIDGE = 'br-ext';

const hex = (id: string, length: number) => id.replace(/-/g, '').slice(0, length);

/** The bridge a subnet's hosts attach to, in the router's namespace. */
export const subnetBridge = (subnetId: string) => `qr-${hex(subnetId, 11)}`;

/** The first host address of an IPv4 CIDR, with its prefix: the subnet's gateway. */
export function gatewayOf(cidr: string): string {
  const [address = '', length = '32'] = cidr.split('/');
  const value = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const mask = Number(length) === 0 ? 0 : (0xffffffff << (32 - Number(length))) >>> 0;
  const first = ((value & mask) >>> 0) + 1;
  return `${[24, 16, 8, 0].map((shift) => (first >>> shift) & 255).join('.')}/${length}`;
}

export class Namespaces {
  constructor(private readonly prefix: string) {}

  get external(): string {
    return `${this.prefix}ext`;
  }

  routerNamespace(routerId: string): string {
    return `${this.prefix}r-${routerId}`;
  }

  /** The router id of one of our router namespaces, or undefined. */
  routerIdOf(namespace: string): string | undefined {
    const start = `${this.prefix}r-`;
    return namespace.startsWith(start) ? namespace.slice(start.length) : undefined;
  }

  exists(namespace: string): boolean {
    return existsSync(`/run/netns/${namespace}`);
  }

  /** Every namespace whose name starts with our prefix. */
  async list(): Promise<string[]> {
    const output = await runOrThrow('ip', ['netns', 'list']);
    return output
      .split('\n')
      .map((line) => line.split(' ')[0] ?? '')
      .filter((name) => name.startsWith(this.prefix));
  }

  private async create(namespace: string): Promise<void> {
    if (this.exists(namespace)) return;
    await runOrThrow('ip', ['netns', 'add', namespace]);
    await runOrThrow('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
  }

  private async linkExists(namespace: string, link: string): Promise<boolean> {
    return (await run('ip', ['-n', namespace, 'link', 'show', 'dev', link])).code === 0;
  }

  /** The external network's namespace and bridge. */
  async ensureExternal(): Promise<void> {
    await this.create(this.external);
    if (!(await this.linkExists(this.external, EXTERNAL_BRIDGE))) {
      await runOrThrow('ip', ['-n', this.external, 'link', 'add', EXTERNAL_BRIDGE, 'type', 'bridge']);
    }
    await runOrThrow('ip', ['-n', this.external, 'link', 'set', EXTERNAL_BRIDGE, 'up']);
  }

  /** A router's namespace, its leg on the external bridge with the gateway address, forwarding on. */
  async ensureRouter(routerId: string, gatewayAddress: string, mtu: number): Promise<void> {
    const namespace = this.routerNamespace(routerId);
    await this.create(namespace);
    await runOrThrow('ip', ['netns', 'exec', namespace, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    const externalLeg = `ge-${hex(routerId, 11)}`;
    if (!(await this.linkExists(namespace, GATEWAY_INTERFACE))) {
      await run('ip', ['-n', this.external, 'link', 'del', externalLeg]);
      await runOrThrow('ip', [
        ...['-n', this.external, 'link', 'add', externalLeg, 'type', 'veth'],
        ...['peer', 'name', GATEWAY_INTERFACE, 'netns', namespace],
      ]);
    }
    await runOrThrow('ip', [
      '-n',
      this.external,
      'link',
      'set',
      externalLeg,
      'master',
      EXTERNAL_BRIDGE,
      'up',
    ]);
    await runOrThrow('ip', ['-n', namespace, 'link', 'set', GATEWAY_INTERFACE, 'mtu', String(mtu), 'up']);
    await runOrThrow('ip', ['-n', namespace, 'addr', 'flush', 'dev', GATEWAY_INTERFACE]);
    await runOrThrow('ip', ['-n', namespace, 'addr', 'add', gatewayAddress, 'dev', GATEWAY_INTERFACE]);
  }

  /** One bridge per attached subnet with the subnet's gateway address; bridges of detached subnets go. */
  async ensureSubnets(routerId: string, subnets: readonly SubnetPlan[]): Promise<void> {
    const namespace = this.routerNamespace(routerId);
    // IPv4 only: the tunnels this driver builds are IPv4 (the gateway pool is).
    const wanted = new Map(
      subnets
        .filter((subnet) => !subnet.cidr.includes(':'))
        .map((subnet) => [subnetBridge(subnet.id), subnet]),
    );
    const links = JSON.parse(
      await runOrThrow('ip', ['-n', namespace, '-j', 'link', 'show', 'type', 'bridge']),
    ) as {
      ifname: string;
    }[];
    for (const { ifname } of links) {
      if (ifname.startsWith('qr-') && !wanted.has(ifname)) {
        await runOrThrow('ip', ['-n', namespace, 'link', 'del', ifname]);
      }
    }
    for (const [bridge, subnet] of wanted) {
      if (!links.some((link) => link.ifname === bridge)) {
        await runOrThrow('ip', ['-n', namespace, 'link', 'add', bridge, 'type', 'bridge']);
      }
      await runOrThrow('ip', ['-n', namespace, 'addr', 'replace', gatewayOf(subnet.cidr), 'dev', bridge]);
      await runOrThrow('ip', ['-n', namespace, 'link', 'set', bridge, 'up']);
    }
  }

  /** Deleting a namespace also deletes its veth pairs (their other ends too). */
  async remove(namespace: string): Promise<void> {
    if (this.exists(namespace)) await runOrThrow('ip', ['netns', 'del', namespace]);
  }
}
