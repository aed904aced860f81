// Renders a router's connections as one swanctl.conf: one IKE connection per
// IPsec site connection, each with one child and its pre-shared key. Pure
// functions, so every policy value's mapping is unit-tested.
import { createHash } from 'node:crypto';
import type { ConnectionPlan } from '../router-plan.query.js';

/** Classic VPN's encryption algorithms → strongSwan's names. */
export const ENCRYPTION: Readonly<Record<string, string>> = {
  '3des': '3des',
  'aes-128': 'aes128',
  'aes-192': 'aes192',
  'aes-256': 'aes256',
};

/** Classic VPN's auth algorithms → strongSwan's integrity (and PRF) names. */
export const INTEGRITY: Readonly<Record<string, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha2-256': 'sha256',
  'sha2-384': 'sha384',
  'sha2-512': 'sha512',
};

/** Diffie-Hellman groups → strongSwan's key exchange names; `disable` has none. */
export const DH_GROUP: Readonly<Record<string, string | undefined>> = {
  group1: 'modp768',
  group2: 'modp1024',
  group5: 'modp1536',
  group14: 'modp2048',
  group15: 'modp3072',
  group16: 'modp4096',
  group19: 'ecp256',
  group20: 'ecp384',
  group21: 'ecp521',
  disable: undefined,
};

/** DPD actions → swanctl's child dpd_action (upstream's `hold` is strongSwan's `trap`). */
export const DPD_ACTION: Readonly<Record<string, string>> = {
  hold: 'trap',
  clear: 'clear',
  restart: 'restart',
  // The peer restarts the tunnel: this end only clears its side.
  'restart-by-peer': 'clear',
  disabled: 'clear',
};

/** The swanctl name of a connection (also its child's and its secret's). */
export const connectionName = (id: string) => `c-${id}`;

/** A connection the data plane cannot express: it becomes ERROR with this reason. */
export class UnsupportedConnection extends Error {}

/** `3des`/`aes-*` + auth [+ DH]: one proposal. */
function proposal(encryption: string, auth: string, pfs: string, what: string): string {
  const encr = ENCRYPTION[encryption];
  const integ = INTEGRITY[auth];
  if (!encr || !integ || !(pfs in DH_GROUP)) {
    throw new UnsupportedConnection(`${what} has an algorithm strongSwan has no name for`);
  }
  return [encr, integ, DH_GROUP[pfs]].filter(Boolean).join('-');
}

/** The child's proposals: ESP (encryption + integrity) or AH (integrity only); PFS group when set. */
export function childProposals(connection: ConnectionPlan): { key: string; value: string } {
  const { ipsec } = connection;
  const esp = proposal(ipsec.encryption_algorithm, ipsec.auth_algorithm, ipsec.pfs, 'the IPsec policy');
  switch (ipsec.transform_protocol) {
    case 'esp':
      return { key: 'esp_proposals', value: esp };
    case 'ah':
      return { key: 'ah_proposals', value: esp.split('-').slice(1).join('-') };
    default:
      throw new UnsupportedConnection(
        `transform protocol ${ipsec.transform_protocol}: strongSwan does not support AH+ESP bundles`,
      );
  }
}

/** A quoted swanctl string (ids and addresses come from the API: quote them). */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One connection's `connections.<name>` block; throws UnsupportedConnection. */
export function renderConnection(connection: ConnectionPlan): string {
  const name = connectionName(connection.id);
  const { ike, ipsec, dpd } = connection;
  const ikeVersion = ike.ike_version === 'v1' ? 1 : 2;
  const ikeProposal = proposal(ike.encryption_algorithm, ike.auth_algorithm, ike.pfs, 'the IKE policy');
  const child = childProposals(connection);
  if (connection.localCidrs.length === 0) throw new UnsupportedConnection('no local subnets');
  if (connection.peerCidrs.length === 0) throw new UnsupportedConnection('no peer CIDRs');
  const dpdEnabled = dpd.action !== 'disabled';
  const lines = [
    `  ${name} {`,
    `    version = ${ikeVersion}`,
    `    local_addrs = ${connection.localAddress}`,
    `    remote_addrs = ${quoted(connection.peerAddress)}`,
    `    proposals = ${ikeProposal}`,
    `    rekey_time = ${ike.lifetime_value}s`,
    ...(ikeVersion === 1 && ike.phase1_negotiation_mode === 'aggressive' ? ['    aggressive = yes'] : []),
    `    dpd_delay = ${dpdEnabled ? dpd.interval : 0}s`,
    // dpd_timeout only applies to IKEv1; IKEv2 uses its retransmission timeouts.
    ...(dpdEnabled && ikeVersion === 1 ? [`    dpd_timeout = ${dpd.timeout}s`] : []),
    '    local {',
    '      auth = psk',
    `      id = ${connection.localAddress}`,
    '    }',
    '    remote {',
    '      auth = psk',
    `      id = ${quoted(connection.peerId)}`,
    '    }',
    '    children {',
    `      ${name} {`,
    `        local_ts = ${connection.localCidrs.join(',')}`,
    `        remote_ts = ${connection.peerCidrs.join(',')}`,
    `        mode = ${ipsec.encapsulation_mode === 'transport' ? 'transport' : 'tunnel'}`,
    `        ${child.key} = ${child.value}`,
    `        rekey_time = ${ipsec.lifetime_value}s`,
    `        dpd_action = ${DPD_ACTION[dpd.action] ?? 'clear'}`,
    // bi-directional brings the tunnel up now; response-only waits for the peer.
    `        start_action = ${connection.initiator === 'response-only' ? 'none' : 'start'}`,
    '      }',
    '    }',
    '  }',
  ];
  return lines.join('\n');
}

/** The psk as a `secrets` entry: base64 (`0s…`), so no character of it needs escaping. */
export function renderSecret(connection: ConnectionPlan): string {
  const name = connectionName(connection.id);
  return [
    `  ike-${name} {`,
    `    id-local = ${connection.localAddress}`,
    `    id-remote = ${quoted(connection.peerId)}`,
    `    secret = 0s${Buffer.from(connection.psk, 'utf8').toString('base64')}`,
    '  }',
  ].join('\n');
}

export interface RenderedConfig {
  /** The whole swanctl.conf (contains the psks: write it 0600). */
  readonly text: string;
  /** Per connection, a hash of its block and secret (to see which ones changed; the psk stays hidden). */
  readonly fingerprints: ReadonlyMap<string, string>;
  /** Connections left out, with why: they become ERROR. */
  readonly errors: ReadonlyMap<string, string>;
}

export function renderSwanctlConf(connections: readonly ConnectionPlan[]): RenderedConfig {
  const blocks: string[] = [];
  const secrets: string[] = [];
  const fingerprints = new Map<string, string>();
  const errors = new Map<string, string>();
  for (const connection of connections) {
    try {
      const block = renderConnection(connection);
      const secret = renderSecret(connection);
      blocks.push(block);
      secrets.push(secret);
      fingerprints.set(connection.id, createHash('sha256').update(block).update(secret).digest('hex'));
    } catch (error) {
      if (!(error instanceof UnsupportedConnection)) throw error;
      errors.set(connection.id, error.message);
    }
  }
  const text = [
    '# Written by vpnaas: one connection per IPsec site connection. Do not edit.',
    'connections {',
    ...blocks,
    '}',
    'secrets {',
    ...secrets,
    '}',
    '',
  ].join('\n');
  return { text, fingerprints, errors };
}
