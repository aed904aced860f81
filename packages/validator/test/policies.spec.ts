import { describe, expect, it } from 'vitest';
import { validateRequest } from '../src/index.js';
import { expectInvalid, expectValid } from './support/bodies.js';

const ikeCreate = (fields: Record<string, unknown>) =>
  validateRequest('ikepolicy', 'create', { ikepolicy: fields });
const ipsecCreate = (fields: Record<string, unknown>) =>
  validateRequest('ipsecpolicy', 'create', { ipsecpolicy: fields });

const AUTH = ['md5', 'sha1', 'sha2-256', 'sha2-384', 'sha2-512'];
const ENCRYPTION = ['3des', 'aes-128', 'aes-192', 'aes-256'];
const PFS = [
  'group1',
  'group2',
  'group5',
  'group14',
  'group15',
  'group16',
  'group19',
  'group20',
  'group21',
  'disable',
];

describe('IKE policy', () => {
  it('fills in every default of an empty create', () => {
    expect(expectValid(ikeCreate({}))).toEqual({
      name: '',
      description: '',
      auth_algorithm: 'sha1',
      encryption_algorithm: 'aes-128',
      ike_version: 'v1',
      pfs: 'group5',
      phase1_negotiation_mode: 'main',
      lifetime: { units: 'seconds', value: 3600 },
    });
  });

  it.each([
    ['auth_algorithm', AUTH, 'sha256'],
    ['encryption_algorithm', ENCRYPTION, 'aes-128-gcm-16'],
    ['pfs', PFS, 'group31'],
    ['ike_version', ['v1', 'v2'], 'v3'],
    ['phase1_negotiation_mode', ['main', 'aggressive'], 'quick'],
  ])('%s: accepts the Classic VPN values and refuses upstream-only ones', (field, values, upstreamOnly) => {
    for (const value of values)
      expect(expectValid(ikeCreate({ [field]: value }))).toMatchObject({ [field]: value });
    // Upstream's valid_values wording, then the values Classic VPN takes.
    expect(expectInvalid(ikeCreate({ [field]: upstreamOnly })).message).toBe(
      `Invalid input for ${field}. Reason: ${upstreamOnly} is not in valid_values; valid values are ${[...values].sort().join(', ')}.`,
    );
  });

  it('names the allowed values after upstream’s words', () => {
    expect(expectInvalid(ikeCreate({ auth_algorithm: 'sha256' })).message).toBe(
      'Invalid input for auth_algorithm. Reason: sha256 is not in valid_values; valid values are md5, sha1, sha2-256, sha2-384, sha2-512.',
    );
  });

  it.each([
    [60, 59, "Invalid input for lifetime. Reason: '59' is too small - must be at least '60'."],
    [
      604800,
      604801,
      "Invalid input for lifetime. Reason: '604801' is too large - must be no larger than '604800'.",
    ],
  ])('lifetime value: accepts %i, refuses %i', (good, bad, message) => {
    expect(expectValid(ikeCreate({ lifetime: { value: good } })).lifetime).toEqual({
      units: 'seconds',
      value: good,
    });
    // Upstream's validate_range wording; upstream validates the lifetime as a whole and names it.
    expect(expectInvalid(ikeCreate({ lifetime: { value: bad } }))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      field: 'lifetime.value',
      message,
    });
  });

  it('answers a lifetime that is not an object, or holds another key, in upstream’s words', () => {
    expect(expectInvalid(ikeCreate({ lifetime: 3600 })).message).toBe(
      "Invalid input for lifetime. Reason: '3600' is not a dictionary.",
    );
    expect(expectInvalid(ikeCreate({ lifetime: { foo: 1 } })).message).toBe(
      'Invalid input for lifetime. Reason: Unexpected keys supplied: foo.',
    );
    expect(expectInvalid(ikeCreate({ lifetime: { value: 'abc' } }))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      field: 'lifetime.value',
      message: "Invalid input for lifetime. Reason: 'abc' is not an integer.",
    });
  });

  it('accepts only seconds as lifetime units', () => {
    // Upstream's valid_values wording (it refuses kilobytes too), then the one value.
    expect(expectInvalid(ikeCreate({ lifetime: { units: 'kilobytes', value: 3600 } })).message).toBe(
      'Invalid input for lifetime. Reason: kilobytes is not in valid_values; the only valid value is seconds.',
    );
  });

  it('updates without defaults, and every attribute may change', () => {
    const changes = {
      name: 'ike1b',
      description: 'changed',
      auth_algorithm: 'sha2-512',
      encryption_algorithm: 'aes-256',
      ike_version: 'v2',
      pfs: 'group14',
      phase1_negotiation_mode: 'aggressive',
      lifetime: { value: 2000 },
    };
    expect(expectValid(validateRequest('ikepolicy', 'update', { ikepolicy: changes }))).toEqual(changes);
    expect(
      expectInvalid(validateRequest('ikepolicy', 'update', { ikepolicy: { tenant_id: 'x' } })).message,
    ).toBe('Cannot update read-only attribute tenant_id');
  });

  it('refuses the IPsec-only attributes', () => {
    expect(expectInvalid(ikeCreate({ transform_protocol: 'esp' })).message).toBe(
      "Unrecognized attribute(s) 'transform_protocol'",
    );
  });
});

describe('IPsec policy', () => {
  it('fills in every default of an empty create', () => {
    expect(expectValid(ipsecCreate({}))).toEqual({
      name: '',
      description: '',
      auth_algorithm: 'sha1',
      encryption_algorithm: 'aes-128',
      pfs: 'group5',
      transform_protocol: 'esp',
      encapsulation_mode: 'tunnel',
      lifetime: { units: 'seconds', value: 3600 },
    });
  });

  it.each([
    ['auth_algorithm', AUTH, 'aes-xcbc'],
    ['encryption_algorithm', ENCRYPTION, 'aes-256-ctr'],
    ['pfs', PFS, 'group22'],
    ['transform_protocol', ['esp', 'ah', 'ah-esp'], 'gre'],
    ['encapsulation_mode', ['tunnel', 'transport'], 'bridge'],
  ])('%s: accepts the allowed values and refuses others', (field, values, other) => {
    for (const value of values)
      expect(expectValid(ipsecCreate({ [field]: value }))).toMatchObject({ [field]: value });
    expect(expectInvalid(ipsecCreate({ [field]: other })).field).toBe(field);
  });

  it('refuses the IKE-only attributes', () => {
    expect(expectInvalid(ipsecCreate({ ike_version: 'v2', phase1_negotiation_mode: 'main' })).message).toBe(
      "Unrecognized attribute(s) 'ike_version, phase1_negotiation_mode'",
    );
  });

  it('keeps lifetime settings left out of an update unset', () => {
    expect(
      expectValid(validateRequest('ipsecpolicy', 'update', { ipsecpolicy: { lifetime: { value: '2000' } } })),
    ).toEqual({
      lifetime: { value: 2000 },
    });
  });
});
