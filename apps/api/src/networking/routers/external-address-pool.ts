// The external network's address pool (VPNAAS_EXTERNAL_CIDR): every router's
// gateway address comes from it, and no two routers share one. The first host
// address is the external network's own gateway, so it is never handed out.
import { parseIpv4 } from '@vpnaas/validator';

export class ExternalAddressPool {
  private readonly network: number;
  private readonly size: number;

  constructor(readonly cidr: string) {
    // The configuration has checked the form (an IPv4 network, /30 or shorter).
    const [address, prefixText] = cidr.split('/');
    const prefix = Number(prefixText);
    this.network = toNumber(parseIpv4(address as string) as number[]);
    this.size = 2 ** (32 - prefix);
  }

  /** The external network's own gateway (the pool's first host address). */
  get gateway(): string {
    return toAddress(this.network + 1);
  }

  /** Whether a router may have this address: inside the pool, not its network, broadcast or gateway. */
  assignable(address: string): boolean {
    const octets = parseIpv4(address);
    if (!octets) return false;
    const offset = toNumber(octets) - this.network;
    return offset >= 2 && offset < this.size - 1;
  }

  /** The lowest assignable address not in `used`, or undefined when the pool is exhausted. */
  firstFree(used: ReadonlySet<string>): string | undefined {
    for (let offset = 2; offset < this.size - 1; offset++) {
      const address = toAddress(this.network + offset);
      if (!used.has(address)) return address;
    }
    return undefined;
  }
}

function toNumber(octets: readonly number[]): number {
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
