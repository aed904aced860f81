import { loadRuleSetSchema } from '@vpnaas/schema';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../scripts/ajv-options.js';
import { resourceOfBody, toNeutronError, validateRequest } from '../src/index.js';
import { expectInvalid, seedRequest } from './support/bodies.js';

describe('request bodies', () => {
  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'ipsec_site_connection'],
    ['a number', 42],
  ])('refuses a body that is %s', (_what, body) => {
    expect(expectInvalid(validateRequest('ipsec_site_connection', 'create', body))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: 'Body contains invalid data',
    });
  });

  it('refuses a body without the wrapper key, naming the key', () => {
    for (const body of [{}, { ipsec_site_connections: {} }, { ikepolicy: {} }]) {
      expect(expectInvalid(validateRequest('ipsec_site_connection', 'create', body)).message).toBe(
        "Unable to find 'ipsec_site_connection' in request body",
      );
    }
    expect(expectInvalid(validateRequest('endpoint_group', 'update', {})).message).toBe(
      "Unable to find 'endpoint_group' in request body",
    );
  });

  it.each([null, [], 'x'])('refuses a wrapper member that is not an object (%j)', (member) => {
    expect(expectInvalid(validateRequest('ikepolicy', 'create', { ikepolicy: member }))).toMatchObject({
      type: 'HTTPBadRequest',
      message: "Object 'ikepolicy' contains invalid data",
    });
  });

  it('builds the exact NeutronError body', () => {
    const error = expectInvalid(validateRequest('ikepolicy', 'create', { ikepolicy: { foo: 1 } }));
    expect(toNeutronError(error)).toEqual({
      NeutronError: { type: 'HTTPBadRequest', message: "Unrecognized attribute(s) 'foo'", detail: '' },
    });
  });

  it('builds error bodies that match the NeutronErrorResponse of the published schema', () => {
    const ajv = createAjv('otc', loadRuleSetSchema('otc'));
    const matchesSchema = ajv.getSchema('otc#/definitions/NeutronErrorResponse');
    if (!matchesSchema) throw new Error('the schema has no NeutronErrorResponse');
    for (const body of [{ ikepolicy: { foo: 1 } }, { ikepolicy: { lifetime: { value: 1 } } }, []]) {
      const error = toNeutronError(expectInvalid(validateRequest('ikepolicy', 'create', body)));
      expect(matchesSchema(error), JSON.stringify(matchesSchema.errors)).toBe(true);
    }
  });

  it('tells the resource from the wrapper key', () => {
    expect(resourceOfBody(seedRequest())).toBe('ipsec_site_connection');
    expect(resourceOfBody({ endpoint_group: {} })).toBe('endpoint_group');
    expect(resourceOfBody({ something: {} })).toBeUndefined();
    expect(resourceOfBody([])).toBeUndefined();
  });
});

describe('string forms the real clients send', () => {
  const mtu = (value: unknown) =>
    validateRequest('ipsec_site_connection', 'update', { ipsec_site_connection: { mtu: value } });
  const admin = (value: unknown) =>
    validateRequest('vpnservice', 'update', { vpnservice: { admin_state_up: value } });

  it.each(['1500', ' 1500 ', '+1500', '1_500'])('converts mtu %j to 1500, as Python int() does', (value) => {
    expect(mtu(value)).toEqual({ ok: true, value: { mtu: 1500 } });
  });

  it.each(['1500.0', '15 00', 'abc', '', '0x5dc', '1__500'])('refuses mtu %j as not an integer', (value) => {
    expect(expectInvalid(mtu(value))).toEqual({
      status: 400,
      type: 'InvalidInput',
      message: `Invalid input for mtu. Reason: '${value}' is not an integer.`,
      field: 'mtu',
    });
  });

  it('converts integer strings in nested objects', () => {
    expect(
      validateRequest('ikepolicy', 'update', {
        ikepolicy: { lifetime: { units: 'seconds', value: '7200' } },
      }),
    ).toEqual({ ok: true, value: { lifetime: { units: 'seconds', value: 7200 } } });
  });

  it('takes null for lifetime and dpd as their defaults, null for peer_cidrs as none (upstream converters)', () => {
    expect(validateRequest('ikepolicy', 'create', { ikepolicy: { lifetime: null } })).toMatchObject({
      ok: true,
      value: { lifetime: { units: 'seconds', value: 3600 } },
    });
    expect(validateRequest('ikepolicy', 'update', { ikepolicy: { lifetime: null } })).toEqual({
      ok: true,
      value: { lifetime: {} },
    });
    expect(
      validateRequest('ipsec_site_connection', 'update', {
        ipsec_site_connection: { dpd: null, peer_cidrs: null },
      }),
    ).toEqual({ ok: true, value: { dpd: {}, peer_cidrs: [] } });
  });

  it('takes a bare string for a list attribute as a one-item list (convert_to_list)', () => {
    expect(
      validateRequest('endpoint_group', 'create', {
        endpoint_group: { type: 'cidr', endpoints: '10.9.0.0/24' },
      }),
    ).toMatchObject({ ok: true, value: { endpoints: ['10.9.0.0/24'] } });
    // The CLI's `set --peer-cidr X` sends one string: a list, then Classic VPN's own rule refuses peer CIDRs.
    const peer = validateRequest('ipsec_site_connection', 'update', {
      ipsec_site_connection: { peer_cidrs: '10.9.0.0/24' },
    });
    expect(expectInvalid(peer).type).toBe('PeerCidrsInvalid');
  });

  it('does not take a boolean for an integer', () => {
    // Upstream's convert_to_int wording and type, with Python's name for the value.
    expect(expectInvalid(mtu(true))).toEqual({
      status: 400,
      type: 'InvalidInput',
      message: "Invalid input for mtu. Reason: 'True' is not an integer.",
      field: 'mtu',
    });
  });

  // Upstream's convert_to_boolean takes oslo's strings: 1 t true on y yes / 0 f false off n no.
  it.each(['true', 'True', 'TRUE', '1', 1, true, 'yes', 'Y', 'on', 't', ' on '])(
    'converts admin_state_up %j to true',
    (value) => {
      expect(admin(value)).toEqual({ ok: true, value: { admin_state_up: true } });
    },
  );

  it.each(['false', '0', 0, false, 'no', 'off', 'n', 'F'])(
    'converts admin_state_up %j to false, which this cloud refuses',
    (value) => {
      expect(expectInvalid(admin(value)).message).toBe(
        'Invalid input for admin_state_up. Reason: only true is supported, not false.',
      );
    },
  );

  it.each(['ja', 'enabled', '', 2])('refuses admin_state_up %j', (value) => {
    const error = expectInvalid(admin(value));
    expect(error.field).toBe('admin_state_up');
    expect(error.message).toMatch(/^Invalid input for admin_state_up\. Reason: /);
  });
});
