// Every response body matches the generated JSON Schema of its resource: the
// service can no more drift from @vpnaas/schema than the validator can.
import { definitionName, loadRuleSetSchema, RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { parseCidr, parseIpv4 } from '@vpnaas/validator';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

// The schema's formats checked as the validator checks them (ajv itself knows none of them).
const ajv = new Ajv({
  strict: false,
  allowUnionTypes: true,
  formats: {
    cidr: (text: string) => parseCidr(text).ok,
    ipv4: (text: string) => parseIpv4(text) !== undefined,
    password: true,
  },
});
ajv.addSchema(loadRuleSetSchema('otc'), 'otc');
const schemaOf = (name: string) => {
  const validate = ajv.getSchema(`otc#/definitions/${name}`);
  if (!validate) throw new Error(`no definition ${name}`);
  return validate;
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  const objects = await setUpVpn(server);
  const created = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
  expect(created.status, created.text).toBe(201);
  // Non-default values too, so that every column makes the round trip.
  await call(server, 'POST', '/v2.0/vpn/ipsecpolicies', {
    ipsecpolicy: {
      transform_protocol: 'ah-esp',
      encapsulation_mode: 'transport',
      pfs: 'disable',
      lifetime: { value: 60 },
    },
  });
});
afterAll(() => server.close());

describe('responses match the generated schema', () => {
  it.each(Object.keys(RESOURCES) as ResourceKey[])('%s: list and show', async (resource) => {
    const { path, collectionKey, key } = RESOURCES[resource];
    const list = await call(server, 'GET', path);
    const validList = schemaOf(definitionName(resource, 'ListResponse'));
    expect(validList(list.body), JSON.stringify(validList.errors)).toBe(true);
    const items = list.body[collectionKey] as { id: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const show = await call(server, 'GET', `${path}/${item.id}`);
      const validShow = schemaOf(definitionName(resource, 'Response'));
      expect(validShow(show.body), JSON.stringify(validShow.errors)).toBe(true);
      // The same object either way; only its status may have moved on (the driver activates it meanwhile).
      const { status: _listed, ...listed } = item as Record<string, unknown>;
      const { status: _shown, ...shown } = show.body[key] as Record<string, unknown>;
      expect(shown).toEqual(listed);
    }
  });

  it('round-trips every attribute of an IPsec policy, and an update merges the lifetime', async () => {
    const { body } = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies');
    const policy = body.ipsecpolicies.find((p: { pfs: string }) => p.pfs === 'disable');
    expect(policy).toMatchObject({
      transform_protocol: 'ah-esp',
      encapsulation_mode: 'transport',
      auth_algorithm: 'sha1',
      encryption_algorithm: 'aes-128',
      lifetime: { units: 'seconds', value: 60 },
      name: '',
      description: '',
    });
    const updated = await call(server, 'PUT', `/v2.0/vpn/ipsecpolicies/${policy.id}`, {
      ipsecpolicy: { name: 'p2', lifetime: { value: '120' } },
    });
    expect(updated.body.ipsecpolicy).toEqual({
      ...policy,
      name: 'p2',
      lifetime: { units: 'seconds', value: 120 },
    });
    const validUpdate = schemaOf('IpsecPolicyResponse');
    expect(validUpdate(updated.body)).toBe(true);
  });

  it('updates routers, networks, subnets and VPN services, keeping what the update leaves out', async () => {
    for (const [path, key, change] of [
      ['/v2.0/routers', 'router', { name: 'vpc-renamed', admin_state_up: false }],
      ['/v2.0/networks', 'network', { description: 'net described' }],
      ['/v2.0/subnets', 'subnet', { name: 'web-renamed' }],
      ['/v2.0/vpn/vpnservices', 'vpnservice', { description: 'head office' }],
    ] as const) {
      const [listed] = (await call(server, 'GET', path)).body[`${key}s`];
      // Upstream refuses to update a service still PENDING_* (VPNStateInvalidToUpdate).
      if (key === 'vpnservice') await waitForStatus(server, `${path}/${listed.id}`, key, 'ACTIVE');
      const [before] = (await call(server, 'GET', path)).body[`${key}s`];
      const updated = await call(server, 'PUT', `${path}/${before.id}`, { [key]: change });
      expect(updated.status, updated.text).toBe(200);
      const expected =
        key === 'vpnservice' ? { ...before, ...change, status: 'PENDING_UPDATE' } : { ...before, ...change };
      expect(updated.body[key]).toEqual(expected);
      expect(schemaOf(definitionName(key, 'Response'))(updated.body)).toBe(true);
    }
  });
});
