// A subnet's standard attributes as upstream fills them in: the gateway is the
// first address of the range, the allocation pool the rest of it (IPv4 keeps
// its broadcast address out). Addresses given must be of the subnet's version.
import { isIP } from 'node:net';
import type { AllocationPool, HostRoute } from '@vpnaas/schema';
import { parseIpv4, parseIpv6 } from '@vpnaas/validator';
import { NeutronException } from '../../common/neutron.exception.js';

export interface SubnetAttributes {
  enable_dhcp: boolean;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  dns_nameservers: string[];
  host_routes: HostRoute[];
}

const invalid = (field: string, reason: string) => NeutronException.invalidInput(field, reason);

/** The address as a number (BigInt: IPv6 has 128 bits). */
function toNumber(address: string, version: 4 | 6): bigint {
  const units = version === 4 ? parseIpv4(address) : parseIpv6(address);
  const bits = version === 4 ? 8n : 16n;
  return (units ?? []).reduce((sum, unit) => (sum << bits) + BigInt(unit), 0n);
}

function toText(value: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) =>
    ((value >> shift) & 0xffffn).toString(16),
  );
  // Node prints the canonical (RFC 5952) form of any address it parses.
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/** The defaults of a subnet `network/prefix`, overridden by what the member sends. */
export function subnetAttributes(
  cidr: string,
  version: 4 | 6,
  sent: Partial<SubnetAttributes>,
  stored?: SubnetAttributes,
): SubnetAttributes {
  const [network = '', prefixText = '0'] = cidr.split('/');
  const size = 1n << BigInt((version === 4 ? 32 : 128) - Number(prefixText));
  const first = toNumber(network, version);
  const last = first + size - 1n;
  const inRange = (field: string, address: string) => {
    if (isIP(address) !== version) throw invalid(field, `'${address}' is not an IPv${version} address`);
    const value = toNumber(address, version);
    if (value < first || value > last) throw invalid(field, `'${address}' is not in the subnet ${cidr}`);
    return value;
  };
  let gateway = stored ? stored.gateway_ip : size > 2n ? toText(first + 1n, version) : null;
  if (sent.gateway_ip !== undefined) {
    gateway = sent.gateway_ip;
    if (gateway !== null) inRange('gateway_ip', gateway);
  }
  let pools = stored?.allocation_pools;
  if (sent.allocation_pools !== undefined) {
    for (const pool of sent.allocation_pools) {
      if (inRange('allocation_pools', pool.start) > inRange('allocation_pools', pool.end)) {
        throw invalid('allocation_pools', `the pool ${pool.start}-${pool.end} ends before it starts`);
      }
    }
    pools = sent.allocation_pools;
  }
  if (pools === undefined) {
    const start = first + (size > 2n ? 2n : 0n);
    const end = version === 4 && size > 2n ? last - 1n : last;
    pools = start <= end ? [{ start: toText(start, version), end: toText(end, version) }] : [];
  }
  for (const server of sent.dns_nameservers ?? []) {
    if (isIP(server) === 0) throw invalid('dns_nameservers', `'${server}' is not an IP address`);
  }
  for (const route of sent.host_routes ?? []) {
    if (isIP(route.nexthop) === 0) throw invalid('host_routes', `'${route.nexthop}' is not an IP address`);
  }
  return {
    enable_dhcp: sent.enable_dhcp ?? stored?.enable_dhcp ?? true,
    gateway_ip: gateway,
    allocation_pools: pools,
    dns_nameservers: sent.dns_nameservers ?? stored?.dns_nameservers ?? [],
    host_routes: sent.host_routes ?? stored?.host_routes ?? [],
  };
}
