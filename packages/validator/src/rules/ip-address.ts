// IPv4 and IPv6 addresses and CIDRs, parsed strictly: the forms Python's
// ipaddress module accepts with strict=True (no leading zeros in IPv4 octets,
// one '::' at most, the prefix required, no host bits set).

export type IpVersion = 4 | 6;

export type CidrParse =
  | { readonly ok: true; readonly version: IpVersion; readonly network: string }
  | { readonly ok: false; readonly reason: string };

const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The four octets of a dotted-quad IPv4 address, or undefined. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (with an optional trailing dotted quad), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] as string).split(':') : [];
  const last = halves.length === 2 ? tail : head;
  const embedded: number[] = [];
  if (last.at(-1)?.includes('.')) {
    const octets = parseIpv4(last.pop() as string);
    if (!octets) return undefined;
    embedded.push(
      ((octets[0] as number) << 8) | (octets[1] as number),
      ((octets[2] as number) << 8) | (octets[3] as number),
    );
  }
  if (![...head, ...tail].every((group) => HEX_GROUP.test(group))) return undefined;
  const headGroups = head.map((group) => Number.parseInt(group, 16));
  const tailGroups = [...tail.map((group) => Number.parseInt(group, 16)), ...embedded];
  if (halves.length === 1) {
    const groups = [...headGroups, ...tailGroups];
    return groups.length === 8 ? groups : undefined;
  }
  const zeros = 8 - headGroups.length - tailGroups.length;
  return zeros >= 1 ? [...headGroups, ...new Array<number>(zeros).fill(0), ...tailGroups] : undefined;
}

/** Parses `<address>/<prefix>`; on failure says why, in words fit for an error message. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'has no prefix length (expected <address>/<prefix>)' };
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const version: IpVersion = address.includes(':') ? 6 : 4;
  const units = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (!units)
    return { ok: false, reason: `is not a valid CIDR: '${address}' is not an IPv${version} address` };
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix <= maxPrefix)) {
    return {
      ok: false,
      reason: `is not a valid CIDR: the prefix length must be 0 to ${maxPrefix} for IPv${version}`,
    };
  }
  const network = maskToPrefix(units, version === 4 ? 8 : 16, prefix);
  const networkText = `${version === 4 ? network.join('.') : formatIpv6(network)}/${prefix}`;
  if (network.some((unit, i) => unit !== units[i])) {
    return {
      ok: false,
      reason: `is not a valid CIDR: it has host bits set (the network is '${networkText}')`,
    };
  }
  return { ok: true, version, network: networkText };
}

function maskToPrefix(units: readonly number[], bitsPerUnit: number, prefix: number): number[] {
  return units.map((unit, i) => {
    const keep = Math.min(bitsPerUnit, Math.max(0, prefix - i * bitsPerUnit));
    const mask = ((1 << keep) - 1) << (bitsPerUnit - keep);
    return unit & mask;
  });
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as '::'. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < groups.length; ) {
    let end = start;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
