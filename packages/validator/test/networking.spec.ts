import { describe, expect, it } from 'vitest';
import { validateRequest, validateRouterInterface } from '../src/index.js';
import { expectInvalid, expectValid, UUID } from './support/bodies.js';

describe('routers and subnets', () => {
  it('creates a router from a name alone', () => {
    expect(expectValid(validateRequest('router', 'create', { router: { name: 'vpc1' } }))).toEqual({
      name: 'vpc1',
      description: '',
      admin_state_up: true,
    });
  });

  it('checks the IPv4 address of a router’s external gateway, however deep', () => {
    const router = (ip: string) =>
      validateRequest('router', 'create', {
        router: { external_gateway_info: { external_fixed_ips: [{ ip_address: ip }] } },
      });
    expectValid(router('80.158.1.2'));
    expect(expectInvalid(router('80.158.1.256'))).toMatchObject({
      field: 'external_gateway_info.external_fixed_ips.ip_address',
      message:
        "Invalid input for external_gateway_info.external_fixed_ips.ip_address. Reason: '80.158.1.256' is not an IPv4 address.",
    });
  });

  it('checks a subnet’s CIDR and IP version', () => {
    const network_id = UUID;
    expectValid(
      validateRequest('subnet', 'create', { subnet: { network_id, cidr: '192.168.1.0/24', ip_version: 4 } }),
    );
    expectValid(
      validateRequest('subnet', 'create', { subnet: { network_id, cidr: '2001:db8::/64', ip_version: '6' } }),
    );
    expect(
      expectInvalid(
        validateRequest('subnet', 'create', {
          subnet: { network_id, cidr: '192.168.1.0/24', ip_version: 6 },
        }),
      ).message,
    ).toBe(
      "Invalid input for ip_version. Reason: 6 does not match the CIDR '192.168.1.0/24', which is IPv4.",
    );
    expect(
      expectInvalid(validateRequest('subnet', 'create', { subnet: { network_id, cidr: '192.168.1.1/24' } }))
        .field,
    ).toBe('cidr');
    expect(expectInvalid(validateRequest('subnet', 'create', { subnet: { network_id } })).message).toBe(
      "Failed to parse request. Required attribute 'cidr' not specified",
    );
    // Upstream requires the network.
    expect(
      expectInvalid(validateRequest('subnet', 'create', { subnet: { cidr: '192.168.1.0/24' } })).message,
    ).toBe("Failed to parse request. Required attribute 'network_id' not specified");
  });

  it('takes an unwrapped subnet id for a router interface', () => {
    expect(validateRouterInterface({ subnet_id: UUID })).toEqual({ ok: true, value: { subnet_id: UUID } });
    expect(expectInvalid(validateRouterInterface({})).message).toBe(
      "Failed to parse request. Required attribute 'subnet_id' not specified",
    );
    expect(expectInvalid(validateRouterInterface({ subnet_id: 'x', port_id: UUID })).message).toBe(
      "Unrecognized attribute(s) 'port_id'",
    );
    expect(expectInvalid(validateRouterInterface([])).message).toBe('Body contains invalid data');
  });
});
