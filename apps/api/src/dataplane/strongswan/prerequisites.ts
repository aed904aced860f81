// What VPNAAS_DRIVER=strongswan needs, checked at start so that a missing piece
// is one clear line instead of connections that never come up.
import { existsSync } from 'node:fs';
import { CHARON, SWANCTL } from './charon.process.js';
import { run } from './command.js';

export const LIBIPSEC_PLUGIN = '/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so';
export const APT_PACKAGES = 'strongswan-swanctl charon-systemd libcharon-extra-plugins iproute2';

/** The driver cannot run here; the message says what is missing. */
export class DataplaneUnavailable extends Error {}

/** What is missing for the strongSwan driver, or undefined when everything is there. */
export async function missingPrerequisite(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'it must run as root (it creates network namespaces)';
  if ((await run('ip', ['netns', 'list'])).code !== 0) return '`ip netns` does not work (install iproute2)';
  const missing = [CHARON, SWANCTL].filter((path) => !existsSync(path));
  if (missing.length > 0) return `${missing.join(' and ')} missing (apt-get install ${APT_PACKAGES})`;
  if (!existsSync('/dev/net/tun') && !existsSync(LIBIPSEC_PLUGIN)) return '/dev/net/tun missing';
  return undefined;
}

/**
 * Whether the kernel takes ESP SAs: one test SA in a throw-away namespace. When
 * it refuses ("Protocol not supported"), charon's userspace ESP (kernel-libipsec
 * over a TUN device) carries the traffic instead.
 */
export async function kernelEspWorks(probeNamespace: string): Promise<boolean> {
  await run('ip', ['netns', 'del', probeNamespace]);
  if ((await run('ip', ['netns', 'add', probeNamespace])).code !== 0) return false;
  try {
    const key = '00112233445566778899aabbccddeeff';
    const result = await run('ip', [
      ...['-n', probeNamespace, 'xfrm', 'state', 'add', 'src', '192.0.2.1', 'dst', '192.0.2.2'],
      ...['proto', 'esp', 'spi', '0x100', 'mode', 'tunnel'],
      ...['enc', 'cbc(aes)', `0x${key}`, 'auth', 'hmac(sha256)', `0x${key}${key}`],
    ]);
    return result.code === 0;
  } finally {
    await run('ip', ['netns', 'del', probeNamespace]);
  }
}
