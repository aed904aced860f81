import { describe, expect, it } from 'vitest';
import {
  validateIpsecSiteConnectionCreate as create,
  validateIpsecSiteConnectionUpdate as update,
} from '../src/index.js';
import { expectInvalid, expectValid, seedRequest, seedWith, UUID } from './support/bodies.js';

const chars = (n: number, c = 'a') => c.repeat(n);

describe('IPsec site connection create', () => {
  it('accepts the seed example and fills in the seed defaults', () => {
    expect(expectValid(create(seedRequest()))).toEqual({
      ...seedRequest().ipsec_site_connection,
      description: '',
      peer_cidrs: [],
      dpd: { action: 'hold', interval: 30, timeout: 120 },
    });
  });

  it('defaults initiator, admin_state_up, mtu and the name of an unnamed connection', () => {
    const value = expectValid(
      create(seedWith({ initiator: undefined, admin_state_up: undefined, mtu: undefined, name: undefined })),
    );
    expect(value).toMatchObject({ initiator: 'bi-directional', admin_state_up: true, mtu: 1500, name: '' });
  });

  it('normalizes the body’s member in place and returns it, as Ajv with defaults does', () => {
    const body = seedWith({ mtu: '1500', dpd: { action: 'clear' } });
    const value = expectValid(create(body));
    expect(value).toBe(body.ipsec_site_connection);
    expect(body.ipsec_site_connection).toMatchObject({
      mtu: 1500,
      dpd: { action: 'clear', interval: 30, timeout: 120 },
    });
  });

  // Each limit of the seed page, from both sides.
  it.each([
    ['psk', chars(6), chars(5), 'Invalid input for psk. Reason: must be at least 6 characters long.'],
    ['psk', chars(128), chars(129), 'Invalid input for psk. Reason: must be at most 128 characters long.'],
    ['name', chars(1), '', 'Invalid input for name. Reason: must not be empty.'],
    [
      'name',
      chars(64),
      chars(65),
      // Upstream's validate_string wording; a long value is cut short at 60 characters.
      `Invalid input for name. Reason: '${chars(60)}…' exceeds maximum length of 64.`,
    ],
    [
      'description',
      chars(255),
      chars(256),
      `Invalid input for description. Reason: '${chars(60)}…' exceeds maximum length of 255.`,
    ],
    [
      'peer_address',
      chars(250),
      chars(251),
      `Invalid input for peer_address. Reason: '${chars(60)}…' exceeds maximum length of 250.`,
    ],
    ['peer_address', '1', '', 'Invalid input for peer_address. Reason: must not be empty.'],
    [
      'peer_id',
      chars(250),
      chars(251),
      `Invalid input for peer_id. Reason: '${chars(60)}…' exceeds maximum length of 250.`,
    ],
    [
      'tenant_id',
      chars(255),
      chars(256),
      `Invalid input for tenant_id. Reason: '${chars(60)}…' exceeds maximum length of 255.`,
    ],
    ['mtu', 1500, 1501, 'Invalid input for mtu. Reason: only 1500 is supported, not 1501.'],
    ['mtu', 1500, 1499, 'Invalid input for mtu. Reason: only 1500 is supported, not 1499.'],
    [
      'admin_state_up',
      true,
      false,
      'Invalid input for admin_state_up. Reason: only true is supported, not false.',
    ],
  ])('%s: accepts %j, refuses %j', (field, good, bad, message) => {
    expectValid(create(seedWith({ [field]: good })));
    const error = expectInvalid(create(seedWith({ [field]: bad })));
    expect(error).toEqual({ status: 400, type: 'HTTPBadRequest', message, field });
  });

  it('counts characters, not UTF-16 units, in a name', () => {
    expectValid(create(seedWith({ name: '🔒'.repeat(64) })));
    expectInvalid(create(seedWith({ name: '🔒'.repeat(65) })));
  });

  it.each(['bi-directional', 'response-only'])('accepts initiator %s', (initiator) => {
    expect(expectValid(create(seedWith({ initiator }))).initiator).toBe(initiator);
  });

  it('refuses another initiator in upstream’s words and lists the allowed values', () => {
    expect(expectInvalid(create(seedWith({ initiator: 'both' }))).message).toBe(
      'Invalid input for initiator. Reason: both is not in valid_values; valid values are bi-directional, response-only.',
    );
  });

  it('answers an MTU upstream refuses too in upstream’s words, then the one value Classic VPN takes', () => {
    expect(expectInvalid(create(seedWith({ mtu: 63 })))).toEqual({
      status: 400,
      type: 'IPsecSiteConnectionMtuError',
      message: 'ipsec_site_connection MTU 63 is too small for ipv4; only 1500 is supported',
      field: 'mtu',
    });
    expect(expectInvalid(create(seedWith({ mtu: -1 })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "Invalid input for mtu. Reason: '-1' should be non-negative; only 1500 is supported.",
      field: 'mtu',
    });
    // Upstream takes 0 (unset) and any MTU from 68 up: ours alone refuses them.
    expect(expectInvalid(create(seedWith({ mtu: 0 }))).message).toBe(
      'Invalid input for mtu. Reason: only 1500 is supported, not 0.',
    );
    expect(expectInvalid(create(seedWith({ mtu: 68 }))).message).toBe(
      'Invalid input for mtu. Reason: only 1500 is supported, not 68.',
    );
  });

  it.each(['clear', 'hold', 'restart', 'disabled', 'restart-by-peer'])('accepts dpd action %s', (action) => {
    expect(expectValid(create(seedWith({ dpd: { action } }))).dpd).toEqual({
      action,
      interval: 30,
      timeout: 120,
    });
  });

  it('refuses another dpd action', () => {
    // Upstream validates dpd as a whole and names it.
    expect(expectInvalid(create(seedWith({ dpd: { action: 'reset' } })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message:
        'Invalid input for dpd. Reason: reset is not in valid_values; valid values are clear, disabled, hold, restart, restart-by-peer.',
      field: 'dpd.action',
    });
  });

  it('fills in the dpd settings left out', () => {
    expect(expectValid(create(seedWith({ dpd: { interval: 10 } }))).dpd).toEqual({
      action: 'hold',
      interval: 10,
      timeout: 120,
    });
  });

  it('requires the dpd timeout to be greater than the interval', () => {
    expectValid(create(seedWith({ dpd: { interval: 30, timeout: 31 } })));
    for (const timeout of [30, 29]) {
      expect(expectInvalid(create(seedWith({ dpd: { interval: 30, timeout } })))).toEqual({
        status: 400,
        type: 'IPsecSiteConnectionDpdIntervalValueError',
        message: `ipsec_site_connection dpd_timeout is equal to or less than dpd_interval; the DPD timeout (${timeout}) must be greater than the DPD interval (30)`,
        field: 'dpd.timeout',
      });
    }
    // The default timeout (120) counts too.
    expectInvalid(create(seedWith({ dpd: { interval: 120 } })));
  });

  it('requires positive integer dpd periods', () => {
    // Upstream takes 0 (Classic VPN does not): validate_range's wording with our limit.
    expect(expectInvalid(create(seedWith({ dpd: { interval: 0 } })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "Invalid input for dpd. Reason: '0' is too small - must be at least '1'.",
      field: 'dpd.interval',
    });
    // Upstream refuses a negative one as validate_non_negative does; the limit follows.
    expect(expectInvalid(create(seedWith({ dpd: { timeout: -5 } }))).message).toBe(
      "Invalid input for dpd. Reason: '-5' should be non-negative; it must be at least '1'.",
    );
    expect(expectInvalid(create(seedWith({ dpd: { interval: 1.5 } }))).message).toBe(
      "Invalid input for dpd. Reason: '1.5' is not an integer.",
    );
    expect(expectInvalid(create(seedWith({ dpd: { interval: 'abc' } })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "Invalid input for dpd. Reason: 'abc' is not an integer.",
      field: 'dpd.interval',
    });
  });

  it('refuses unexpected keys in dpd, and a dpd that is not an object', () => {
    expect(expectInvalid(create(seedWith({ dpd: { action: 'hold', bar: 1, baz: 2 } }))).message).toBe(
      'Invalid input for dpd. Reason: Unexpected keys supplied: bar, baz.',
    );
    expect(expectInvalid(create(seedWith({ dpd: 59 }))).message).toBe(
      "Invalid input for dpd. Reason: '59' is not a dictionary.",
    );
  });

  it.each([
    'psk',
    'ipsecpolicy_id',
    'ikepolicy_id',
    'vpnservice_id',
    'local_ep_group_id',
    'peer_ep_group_id',
    'peer_address',
    'peer_id',
  ])('requires %s', (field) => {
    expect(expectInvalid(create(seedWith({ [field]: undefined })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: `Failed to parse request. Required attribute '${field}' not specified`,
      field,
    });
  });

  it.each(['ipsecpolicy_id', 'ikepolicy_id', 'vpnservice_id', 'local_ep_group_id', 'peer_ep_group_id'])(
    'requires %s to be a UUID',
    (field) => {
      // Upstream's validate_uuid wording, also for a value that is not a string.
      expect(expectInvalid(create(seedWith({ [field]: 'my-policy' })))).toEqual({
        status: 400,
        type: 'HTTPBadRequest',
        message: `Invalid input for ${field}. Reason: 'my-policy' is not a valid UUID.`,
        field,
      });
      expect(expectInvalid(create(seedWith({ [field]: 12 }))).message).toBe(
        `Invalid input for ${field}. Reason: '12' is not a valid UUID.`,
      );
    },
  );

  it.each(['status', 'id', 'route_mode', 'auth_mode', 'created_at', 'order_id', 'product_id', 'tags'])(
    'refuses the read-only attribute %s',
    (field) => {
      expect(expectInvalid(create(seedWith({ [field]: 'x' }))).message).toBe(
        `Attribute '${field}' not allowed in POST`,
      );
    },
  );

  it('lists every unrecognized attribute before anything else', () => {
    const error = expectInvalid(create(seedWith({ foo: 1, status: 'ACTIVE', bar: 2, psk: undefined })));
    expect(error).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "Unrecognized attribute(s) 'foo, bar'",
      field: 'foo',
    });
  });

  it('refuses null for an attribute', () => {
    expect(expectInvalid(create(seedWith({ description: null }))).message).toBe(
      "Invalid input for description. Reason: 'None' is not a valid string.",
    );
  });

  it('refuses tenant_id and project_id that differ', () => {
    expectValid(create(seedWith({ tenant_id: 'p1', project_id: 'p1' })));
    expect(expectInvalid(create(seedWith({ tenant_id: 'p1', project_id: 'p2' })))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "'project_id' and 'tenant_id' do not match",
      field: 'project_id',
    });
  });

  describe('peer_cidrs (deprecated)', () => {
    it('accepts an empty list', () => {
      expect(expectValid(create(seedWith({ peer_cidrs: [] }))).peer_cidrs).toEqual([]);
    });

    it.each([
      ['10.0.0.0', "'10.0.0.0' has no prefix length (expected <address>/<prefix>)"],
      ['1.0.0.0/33', "'1.0.0.0/33' is not a valid CIDR: the prefix length must be 0 to 32 for IPv4"],
      [
        '10.0.0.1/24',
        "'10.0.0.1/24' is not a valid CIDR: it has host bits set (the network is '10.0.0.0/24')",
      ],
      ['300.0.0.0/8', "'300.0.0.0/8' is not a valid CIDR: '300.0.0.0' is not an IPv4 address"],
      ['2000::1', "'2000::1' has no prefix length (expected <address>/<prefix>)"],
      ['2001:db8::g/64', "'2001:db8::g/64' is not a valid CIDR: '2001:db8::g' is not an IPv6 address"],
    ])('refuses %s', (cidr, reason) => {
      expect(expectInvalid(create(seedWith({ peer_cidrs: [cidr] })))).toEqual({
        status: 400,
        type: 'HTTPBadRequest',
        message: `Invalid input for peer_cidrs. Reason: ${reason}.`,
        field: 'peer_cidrs',
      });
    });

    it('refuses duplicates and mixed IP versions', () => {
      expect(expectInvalid(create(seedWith({ peer_cidrs: ['10.1.0.0/16', '10.1.0.0/16'] }))).message).toBe(
        "Invalid input for peer_cidrs. Reason: Duplicate items in the list: '10.1.0.0/16'.",
      );
      expect(expectInvalid(create(seedWith({ peer_cidrs: ['10.1.0.0/16', '2001:db8::/32'] })))).toMatchObject(
        {
          type: 'MixedIPVersionsForPeerCidrs',
          field: 'peer_cidrs',
        },
      );
    });

    it('refuses valid CIDRs, because Classic VPN connections use endpoint groups', () => {
      expect(expectInvalid(create(seedWith({ peer_cidrs: ['10.1.0.0/16'] })))).toMatchObject({
        type: 'PeerCidrsInvalid',
        field: 'peer_cidrs',
      });
    });
  });
});

describe('IPsec site connection update', () => {
  it('accepts a partial update without filling in defaults', () => {
    expect(expectValid(update({ ipsec_site_connection: { name: 'conn1b', dpd: { interval: 20 } } }))).toEqual(
      {
        name: 'conn1b',
        dpd: { interval: 20 },
      },
    );
    expect(expectValid(update({ ipsec_site_connection: {} }))).toEqual({});
  });

  it.each(['vpnservice_id', 'ikepolicy_id', 'ipsecpolicy_id', 'tenant_id', 'project_id', 'status', 'id'])(
    'refuses to change %s',
    (field) => {
      expect(expectInvalid(update({ ipsec_site_connection: { [field]: UUID } }))).toEqual({
        status: 400,
        type: 'HTTPBadRequest',
        message: `Cannot update read-only attribute ${field}`,
        field,
      });
    },
  );

  it('applies the create limits to what it changes', () => {
    expectInvalid(update({ ipsec_site_connection: { psk: 'short' } }));
    expectInvalid(update({ ipsec_site_connection: { mtu: 1400 } }));
    expectInvalid(update({ ipsec_site_connection: { dpd: { interval: 30, timeout: 30 } } }));
  });

  it('converts the CLI’s string forms', () => {
    expect(expectValid(update({ ipsec_site_connection: { mtu: '1500', admin_state_up: 'True' } }))).toEqual({
      mtu: 1500,
      admin_state_up: true,
    });
  });
});
