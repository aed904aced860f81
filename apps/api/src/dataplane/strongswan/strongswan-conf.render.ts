// The strongswan.conf of one router's charon: everything under its own
// directory (vici socket, log), an explicit plugin list so that no plugin
// opens a socket in /var/run or runs scripts, and userspace ESP when the
// kernel has none.
import { join } from 'node:path';

/** The plugins charon needs for PSK IKE with the algorithms the API offers. */
const PLUGINS = [
  'random',
  'nonce',
  'aes',
  'sha1',
  'sha2',
  'md5',
  'hmac',
  'gmp',
  'kdf',
  'xcbc',
  'pem',
  'pkcs1',
  'pubkey',
  'x509',
  'socket-default',
  'kernel-netlink',
  'vici',
  // Where installed: 3DES and the elliptic curve groups (group19-21); missing, charon only logs it.
  'openssl',
];

export function renderStrongswanConf(directory: string, userspaceEsp: boolean): string {
  // kernel-libipsec registers its IPsec interface before kernel-netlink's when listed first.
  const plugins = userspaceEsp ? ['kernel-libipsec', ...PLUGINS] : PLUGINS;
  const socket = `unix://${join(directory, 'charon.vici')}`;
  return [
    '# Written by vpnaas for one router namespace. Do not edit.',
    'charon-systemd {',
    '  load_modular = no',
    `  load = ${plugins.join(' ')}`,
    '  plugins {',
    `    vici { socket = ${socket} }`,
    '  }',
    '  filelog {',
    '    charon {',
    `      path = ${join(directory, 'charon.log')}`,
    '      default = 1',
    '      flush_line = yes',
    '      time_format = %F %T',
    '    }',
    '  }',
    '}',
    `swanctl { socket = ${socket} }`,
    '',
  ].join('\n');
}
