// A connection's peer_address, as upstream checks it: an IP address, or a name
// that resolves (VPNPeerAddressNotResolved otherwise). Resolution happens
// before the request's transaction, so that a slow DNS never holds the database.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NeutronException } from '../../common/neutron.exception.js';

/** A host name (RFC 1123 labels); anything else cannot resolve and is not looked up. */
const HOST_NAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;
const LOOKUP_TIMEOUT_MS = 5000;

const notResolved = (address: string) =>
  new NeutronException(400, 'VPNPeerAddressNotResolved', `Peer address ${address} cannot be resolved`);

/** The IP version the peer is reached over (4 where a name has an IPv4 address). */
export async function peerIpVersion(address: string): Promise<4 | 6> {
  const version = isIP(address);
  if (version === 4 || version === 6) return version;
  if (!HOST_NAME.test(address)) throw notResolved(address);
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      lookup(address, { all: true }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS);
      }),
    ]);
    if (addresses.some((found) => found.family === 4)) return 4;
    if (addresses.length > 0) return 6;
  } catch {
    // not resolvable: below
  } finally {
    clearTimeout(timer);
  }
  throw notResolved(address);
}

/** The router's gateway has an IPv4 address only: an IPv6 peer cannot be reached (upstream's check). */
export function refuseUnreachablePeer(version: 4 | 6, routerId: string): void {
  if (version === 6) {
    throw new NeutronException(
      400,
      'ExternalNetworkHasNoSubnet',
      `Router's ${routerId} external network has no IPv6 subnet`,
    );
  }
}
