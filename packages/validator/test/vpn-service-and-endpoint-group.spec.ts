import { describe, expect, it } from 'vitest';
import { validateRequest } from '../src/index.js';
import { expectInvalid, expectValid, UUID } from './support/bodies.js';

const serviceCreate = (fields: Record<string, unknown>) =>
  validateRequest('vpnservice', 'create', { vpnservice: fields });
const groupCreate = (fields: Record<string, unknown>) =>
  validateRequest('endpoint_group', 'create', { endpoint_group: fields });

describe('VPN service', () => {
  it('needs only the router and fills in the defaults', () => {
    expect(expectValid(serviceCreate({ router_id: UUID }))).toEqual({
      router_id: UUID,
      name: '',
      description: '',
      admin_state_up: true,
    });
    expect(expectInvalid(serviceCreate({})).message).toBe(
      "Failed to parse request. Required attribute 'router_id' not specified",
    );
  });

  it('checks the ids and the external IPv4 address', () => {
    // Upstream's validate_uuid wording.
    expect(expectInvalid(serviceCreate({ router_id: UUID, subnet_id: 'subnet-1' }))).toEqual({
      status: 400,
      type: 'HTTPBadRequest',
      message: "Invalid input for subnet_id. Reason: 'subnet-1' is not a valid UUID.",
      field: 'subnet_id',
    });
    expect(expectInvalid(serviceCreate({ router_id: 'abc' })).message).toBe(
      "Invalid input for router_id. Reason: 'abc' is not a valid UUID.",
    );
    expectValid(serviceCreate({ router_id: UUID, external_v4_ip: '80.158.1.2' }));
    expect(expectInvalid(serviceCreate({ router_id: UUID, external_v4_ip: '80.158.1' })).message).toBe(
      "Invalid input for external_v4_ip. Reason: '80.158.1' is not an IPv4 address.",
    );
  });

  it('refuses admin_state_up false and long names', () => {
    expectInvalid(serviceCreate({ router_id: UUID, admin_state_up: false }));
    expect(expectInvalid(serviceCreate({ router_id: UUID, name: 'n'.repeat(65) })).field).toBe('name');
    expect(expectInvalid(serviceCreate({ router_id: UUID, description: 'd'.repeat(256) })).field).toBe(
      'description',
    );
  });

  it('updates only name, description and admin_state_up', () => {
    expectValid(
      validateRequest('vpnservice', 'update', {
        vpnservice: { name: 'vpn1b', description: '', admin_state_up: true },
      }),
    );
    for (const field of ['router_id', 'subnet_id', 'external_v4_ip', 'status']) {
      expect(
        expectInvalid(validateRequest('vpnservice', 'update', { vpnservice: { [field]: UUID } })).message,
      ).toBe(`Cannot update read-only attribute ${field}`);
    }
  });
});

describe('endpoint group', () => {
  it('accepts a cidr group and a subnet group', () => {
    expect(expectValid(groupCreate({ type: 'cidr', endpoints: ['10.2.0.0/24', '10.3.0.0/24'] }))).toEqual({
      type: 'cidr',
      endpoints: ['10.2.0.0/24', '10.3.0.0/24'],
      name: '',
      description: '',
    });
    expectValid(groupCreate({ type: 'cidr', endpoints: ['2001:db8:1::/48', '::ffff:10.0.0.0/104'] }));
    expectValid(groupCreate({ type: 'subnet', endpoints: [UUID] }));
  });

  it('accepts only the types subnet and cidr', () => {
    expect(expectInvalid(groupCreate({ type: 'vlan', endpoints: ['100'] })).message).toBe(
      'Invalid input for type. Reason: vlan is not in valid_values; valid values are cidr, subnet.',
    );
  });

  it('requires a non-empty list of unique endpoints', () => {
    expect(expectInvalid(groupCreate({ type: 'cidr' })).message).toBe(
      "Failed to parse request. Required attribute 'endpoints' not specified",
    );
    expect(expectInvalid(groupCreate({ type: 'cidr', endpoints: [] })).message).toBe(
      'Invalid input for endpoints. Reason: must not be empty.',
    );
    expect(expectInvalid(groupCreate({ type: 'subnet', endpoints: [UUID, UUID] })).message).toBe(
      `Invalid input for endpoints. Reason: Duplicate items in the list: '${UUID}'.`,
    );
    // Upstream's convert_to_list: a bare string is a one-item list, null an empty one.
    expect(groupCreate({ type: 'cidr', endpoints: '10.2.0.0/24' })).toMatchObject({
      ok: true,
      value: { endpoints: ['10.2.0.0/24'] },
    });
    expect(expectInvalid(groupCreate({ type: 'cidr', endpoints: null })).message).toBe(
      'Invalid input for endpoints. Reason: must not be empty.',
    );
    expect(expectInvalid(groupCreate({ type: 'cidr', endpoints: 42 })).message).toBe(
      "Invalid input for endpoints. Reason: '42' is not a list.",
    );
  });

  it('requires CIDRs of one IP version in a cidr group', () => {
    expect(expectInvalid(groupCreate({ type: 'cidr', endpoints: ['10.2.0.0/24', '2000::1'] })).message).toBe(
      "Invalid input for endpoints. Reason: '2000::1' has no prefix length (expected <address>/<prefix>).",
    );
    expect(
      expectInvalid(groupCreate({ type: 'cidr', endpoints: ['10.2.0.0/24', '2000::/64'] })),
    ).toMatchObject({
      type: 'MixedIPVersionsForIPSecEndpoints',
      field: 'endpoints',
    });
  });

  it('requires subnet ids in a subnet group, in upstream’s words', () => {
    expect(expectInvalid(groupCreate({ type: 'subnet', endpoints: [UUID, '10.2.0.0/24'] }))).toEqual({
      status: 400,
      type: 'InvalidEndpointInEndpointGroup',
      message: "Endpoint '10.2.0.0/24' is invalid for group type 'subnet': Invalid UUID",
      field: 'endpoints',
    });
  });

  it('updates only name and description', () => {
    expectValid(
      validateRequest('endpoint_group', 'update', { endpoint_group: { name: 'peer1b', description: 'x' } }),
    );
    for (const field of ['type', 'endpoints']) {
      expect(
        expectInvalid(validateRequest('endpoint_group', 'update', { endpoint_group: { [field]: [] } }))
          .message,
      ).toBe(`Cannot update read-only attribute ${field}`);
    }
  });
});
