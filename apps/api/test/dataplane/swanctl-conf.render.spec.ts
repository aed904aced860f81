// Every policy and connection value → what charon is given (swanctl.conf).
import { describe, expect, it } from 'vitest';
import type { ConnectionPlan } from '../../src/dataplane/router-plan.query.js';
import { parseListSas } from '../../src/dataplane/strongswan/list-sas.parse.js';
import { gatewayOf } from '../../src/dataplane/strongswan/namespaces.js';
import { renderStrongswanConf } from '../../src/dataplane/strongswan/strongswan-conf.render.js';
import {
  renderConnection,
  renderSecret,
  renderSwanctlConf,
} from '../../src/dataplane/strongswan/swanctl-conf.render.js';

const ID = '5f2c0d6e-1111-4a4a-8b8b-000000000001';

function connection(overrides: Partial<ConnectionPlan> = {}): ConnectionPlan {
  return {
    id: ID,
    vpnserviceId: 'svc',
    status: 'PENDING_CREATE',
    localAddress: '172.24.4.11',
    peerAddress: '172.24.4.12',
    peerId: '172.24.4.12',
    psk: 'secret',
    initiator: 'bi-directional',
    mtu: 1500,
    dpd: { action: 'hold', interval: 30, timeout: 120 },
    localCidrs: ['10.1.0.0/24'],
    peerCidrs: ['10.2.0.0/24'],
    ike: {
      auth_algorithm: 'sha1',
      encryption_algorithm: 'aes-128',
      ike_version: 'v2',
      pfs: 'group5',
      phase1_negotiation_mode: 'main',
      lifetime_value: 3600,
    },
    ipsec: {
      auth_algorithm: 'sha1',
      encryption_algorithm: 'aes-128',
      pfs: 'group5',
      transform_protocol: 'esp',
      encapsulation_mode: 'tunnel',
      lifetime_value: 3600,
    },
    ...overrides,
  };
}

/** The value of `key = value` in a rendered block. */
const setting = (text: string, key: string) => new RegExp(`^\\s*${key} = (.*)$`, 'm').exec(text)?.[1];

describe('swanctl.conf rendering', () => {
  it.each([
    ['3des', '3des'],
    ['aes-128', 'aes128'],
    ['aes-192', 'aes192'],
    ['aes-256', 'aes256'],
  ])('encryption %s → %s (IKE and ESP)', (algorithm, name) => {
    const base = connection();
    const text = renderConnection(
      connection({
        ike: { ...base.ike, encryption_algorithm: algorithm },
        ipsec: { ...base.ipsec, encryption_algorithm: algorithm },
      }),
    );
    expect(setting(text, 'proposals')).toBe(`${name}-sha1-modp1536`);
    expect(setting(text, 'esp_proposals')).toBe(`${name}-sha1-modp1536`);
  });

  it.each([
    ['md5', 'md5'],
    ['sha1', 'sha1'],
    ['sha2-256', 'sha256'],
    ['sha2-384', 'sha384'],
    ['sha2-512', 'sha512'],
  ])('auth %s → %s (IKE and ESP)', (algorithm, name) => {
    const base = connection();
    const text = renderConnection(
      connection({
        ike: { ...base.ike, auth_algorithm: algorithm },
        ipsec: { ...base.ipsec, auth_algorithm: algorithm },
      }),
    );
    expect(setting(text, 'proposals')).toBe(`aes128-${name}-modp1536`);
    expect(setting(text, 'esp_proposals')).toBe(`aes128-${name}-modp1536`);
  });

  it.each([
    ['group1', 'modp768'],
    ['group2', 'modp1024'],
    ['group5', 'modp1536'],
    ['group14', 'modp2048'],
    ['group15', 'modp3072'],
    ['group16', 'modp4096'],
    ['group19', 'ecp256'],
    ['group20', 'ecp384'],
    ['group21', 'ecp521'],
  ])('PFS / phase-1 group %s → %s', (group, name) => {
    const base = connection();
    const text = renderConnection(
      connection({ ike: { ...base.ike, pfs: group }, ipsec: { ...base.ipsec, pfs: group } }),
    );
    expect(setting(text, 'proposals')).toBe(`aes128-sha1-${name}`);
    expect(setting(text, 'esp_proposals')).toBe(`aes128-sha1-${name}`);
  });

  it('pfs disable: the CHILD proposal has no DH group', () => {
    const base = connection();
    const text = renderConnection(connection({ ipsec: { ...base.ipsec, pfs: 'disable' } }));
    expect(setting(text, 'esp_proposals')).toBe('aes128-sha1');
  });

  it.each([
    ['v1', '1'],
    ['v2', '2'],
  ])('IKE version %s → version = %s', (version, rendered) => {
    const base = connection();
    expect(
      setting(renderConnection(connection({ ike: { ...base.ike, ike_version: version } })), 'version'),
    ).toBe(rendered);
  });

  it('phase 1 aggressive mode (IKEv1) → aggressive = yes; main mode has none', () => {
    const base = connection();
    const aggressive = connection({
      ike: { ...base.ike, ike_version: 'v1', phase1_negotiation_mode: 'aggressive' },
    });
    expect(setting(renderConnection(aggressive), 'aggressive')).toBe('yes');
    expect(setting(renderConnection(connection()), 'aggressive')).toBeUndefined();
  });

  it('lifetimes: IKE → rekey_time of the IKE SA, IPsec → rekey_time of the CHILD SA', () => {
    const base = connection();
    const text = renderConnection(
      connection({
        ike: { ...base.ike, lifetime_value: 28800 },
        ipsec: { ...base.ipsec, lifetime_value: 1800 },
      }),
    );
    expect([...text.matchAll(/rekey_time = (\S+)/g)].map((match) => match[1])).toEqual(['28800s', '1800s']);
  });

  it.each([
    ['esp', 'esp_proposals', 'aes128-sha1-modp1536'],
    ['ah', 'ah_proposals', 'sha1-modp1536'],
  ])('transform protocol %s → %s', (protocol, key, value) => {
    const base = connection();
    const text = renderConnection(connection({ ipsec: { ...base.ipsec, transform_protocol: protocol } }));
    expect(setting(text, key)).toBe(value);
  });

  it('transform protocol ah-esp cannot be rendered: the connection becomes ERROR with the reason', () => {
    const base = connection();
    const rendered = renderSwanctlConf([
      connection({ ipsec: { ...base.ipsec, transform_protocol: 'ah-esp' } }),
    ]);
    expect(rendered.errors.get(ID)).toMatch(/AH\+ESP/);
    expect(rendered.text).not.toContain(ID);
  });

  it.each([
    ['tunnel', 'tunnel'],
    ['transport', 'transport'],
  ])('encapsulation %s → mode = %s', (mode, rendered) => {
    const base = connection();
    expect(
      setting(renderConnection(connection({ ipsec: { ...base.ipsec, encapsulation_mode: mode } })), 'mode'),
    ).toBe(rendered);
  });

  it('traffic selectors: local subnets and peer CIDRs, comma-separated', () => {
    const text = renderConnection(
      connection({ localCidrs: ['10.1.0.0/24', '10.1.1.0/24'], peerCidrs: ['10.2.0.0/24', '10.3.0.0/16'] }),
    );
    expect(setting(text, 'local_ts')).toBe('10.1.0.0/24,10.1.1.0/24');
    expect(setting(text, 'remote_ts')).toBe('10.2.0.0/24,10.3.0.0/16');
  });

  it('peer address and id, local address and id', () => {
    const text = renderConnection(connection({ peerAddress: '198.51.100.7', peerId: 'peer.example.org' }));
    expect(setting(text, 'local_addrs')).toBe('172.24.4.11');
    expect(setting(text, 'remote_addrs')).toBe('"198.51.100.7"');
    expect([...text.matchAll(/^\s*id = (.*)$/gm)].map((match) => match[1])).toEqual([
      '172.24.4.11',
      '"peer.example.org"',
    ]);
  });

  it.each([
    ['bi-directional', 'start'],
    ['response-only', 'none'],
  ])('initiator %s → start_action = %s', (initiator, action) => {
    expect(setting(renderConnection(connection({ initiator })), 'start_action')).toBe(action);
  });

  it.each([
    ['hold', 'trap', '30s'],
    ['clear', 'clear', '30s'],
    ['restart', 'restart', '30s'],
    ['restart-by-peer', 'clear', '30s'],
    ['disabled', 'clear', '0s'],
  ])('DPD %s → dpd_action = %s, dpd_delay = %s', (action, rendered, delay) => {
    const text = renderConnection(connection({ dpd: { action, interval: 30, timeout: 120 } }));
    expect(setting(text, 'dpd_action')).toBe(rendered);
    expect(setting(text, 'dpd_delay')).toBe(delay);
  });

  it('DPD timeout → dpd_timeout for IKEv1 (IKEv2 uses its retransmission timeouts)', () => {
    const base = connection();
    expect(
      setting(renderConnection(connection({ ike: { ...base.ike, ike_version: 'v1' } })), 'dpd_timeout'),
    ).toBe('120s');
    expect(setting(renderConnection(connection()), 'dpd_timeout')).toBeUndefined();
  });

  it('the psk is base64 in the secrets section only, so no character needs escaping', () => {
    const psk = 'a"b\\c{d}#e;f';
    const secret = renderSecret(connection({ psk }));
    expect(setting(secret, 'secret')).toBe(`0s${Buffer.from(psk).toString('base64')}`);
    const rendered = renderSwanctlConf([connection({ psk })]);
    expect(rendered.text).not.toContain(psk);
  });

  it('a changed psk changes the connection fingerprint (it is re-applied)', () => {
    const first = renderSwanctlConf([connection({ psk: 'secret-1' })]).fingerprints.get(ID);
    const second = renderSwanctlConf([connection({ psk: 'secret-2' })]).fingerprints.get(ID);
    expect(first).not.toBe(second);
  });

  it('quotes an id with a quote or backslash', () => {
    expect(renderConnection(connection({ peerId: 'a"b\\c' }))).toContain('id = "a\\"b\\\\c"');
  });
});

describe("charon's strongswan.conf", () => {
  it('keeps the vici socket and the log in the router directory, and loads kernel-libipsec only for userspace ESP', () => {
    const userspace = renderStrongswanConf('/data/strongswan/r1', true);
    expect(userspace).toContain('socket = unix:///data/strongswan/r1/charon.vici');
    expect(userspace).toContain('path = /data/strongswan/r1/charon.log');
    expect(userspace).toMatch(/load = kernel-libipsec /);
    expect(renderStrongswanConf('/data/strongswan/r1', false)).not.toContain('kernel-libipsec');
  });
});

describe('namespace addressing', () => {
  it.each([
    ['10.1.0.0/24', '10.1.0.1/24'],
    ['192.168.4.128/25', '192.168.4.129/25'],
    ['10.0.0.0/8', '10.0.0.1/8'],
    ['0.0.0.0/0', '0.0.0.1/0'],
  ])('the gateway of %s is %s', (cidr, gateway) => {
    expect(gatewayOf(cidr)).toBe(gateway);
  });
});

describe('swanctl --list-sas --raw', () => {
  it('reads IKE SAs, their CHILD SAs, states and byte counters', () => {
    const raw =
      'list-sa event {c-1 {uniqueid=2 version=2 state=ESTABLISHED local-host=172.24.4.1 child-sas {c-1-3 {name=c-1 ' +
      'uniqueid=1 state=INSTALLED mode=TUNNEL bytes-in=168 packets-in=2 bytes-out=252 local-ts=[10.1.0.0/24] ' +
      'remote-ts=[10.2.0.0/24 10.3.0.0/24]}}}}\nlist-sa event {c-2 {uniqueid=3 state=CONNECTING child-sas {}}}\nlist-sas reply {}';
    expect(parseListSas(raw)).toEqual([
      {
        name: 'c-1',
        state: 'ESTABLISHED',
        children: [{ name: 'c-1', state: 'INSTALLED', bytesIn: 168, bytesOut: 252 }],
      },
      { name: 'c-2', state: 'CONNECTING', children: [] },
    ]);
  });
});

describe('connections the data plane cannot express', () => {
  it.each([
    [
      'an IKE algorithm without a strongSwan name',
      { ike: { ...connection().ike, auth_algorithm: 'sha3' } },
      /IKE policy/,
    ],
    [
      'an IPsec algorithm without a strongSwan name',
      { ipsec: { ...connection().ipsec, encryption_algorithm: 'blowfish' } },
      /IPsec policy/,
    ],
    ['no local subnets', { localCidrs: [] }, /no local subnets/],
    ['no peer CIDRs', { peerCidrs: [] }, /no peer CIDRs/],
  ])('%s: left out of the configuration, ERROR with the reason', (_what, overrides, reason) => {
    const rendered = renderSwanctlConf([connection(overrides as Partial<ConnectionPlan>)]);
    expect(rendered.errors.get(ID)).toMatch(reason);
    expect(rendered.fingerprints.has(ID)).toBe(false);
  });

  it('an unknown DPD action falls back to clear', () => {
    expect(
      setting(
        renderConnection(connection({ dpd: { action: 'other', interval: 30, timeout: 120 } })),
        'dpd_action',
      ),
    ).toBe('clear');
  });
});

describe('list-sas events with fields left out', () => {
  it('reads them as empty and zero', () => {
    expect(parseListSas('list-sa event {c-1 {child-sas {c-1-1 {uniqueid=1}}}}')).toEqual([
      { name: 'c-1', state: '', children: [{ name: '', state: '', bytesIn: 0, bytesOut: 0 }] },
    ]);
    expect(parseListSas('list-sas reply {}')).toEqual([]);
  });
});
