// The networking subset takes Neutron's standard attributes, as upstream does
// (issue 12.9): openstacksdk's create_subnet (Ansible uses it) sends them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let networkId: string;
beforeAll(async () => {
  server = await startServer();
  networkId = (await call(server, 'POST', '/v2.0/networks', { network: { name: 'n1', mtu: 1450 } })).body
    .network.id;
});
afterAll(() => server.close());

/** A project of the test's own, so that tests share no data. */
let projects = 0;
const ownProject = () => `attributes-${++projects}-${Date.now()}`;
const EXTERNAL_NETWORK_ID = '0a2228f2-7f8a-45f1-8e09-9039e1d09975';
const MISSING = '0f0e0d0c-0b0a-4909-8807-060504030201';

async function created(path: string, body: unknown, headers: Record<string, string>) {
  const response = await call(server, 'POST', path, body, headers);
  expect(response.status, `${path}: ${response.text}`).toBe(201);
  return response.body as Record<string, any>;
}

/** Show, update and delete of a missing object: the resource's 404, literally. */
async function expectMissing(path: string, key: string, type: string, message: string) {
  for (const [method, body] of [['GET'], ['PUT', { [key]: { name: 'x' } }], ['DELETE']] as const) {
    const response = await call(server, method, `${path}/${MISSING}`, body);
    expect(response.status, `${method} ${path}`).toBe(404);
    expect(response.body, `${method} ${path}`).toEqual({ NeutronError: { type, message, detail: '' } });
  }
}

describe('subnets', () => {
  it('accept and return enable_dhcp, gateway_ip, allocation_pools, dns_nameservers and host_routes', async () => {
    const sent = {
      network_id: networkId,
      cidr: '10.20.0.0/24',
      ip_version: 4,
      enable_dhcp: false,
      gateway_ip: '10.20.0.254',
      allocation_pools: [{ start: '10.20.0.10', end: '10.20.0.99' }],
      dns_nameservers: ['10.20.0.2', '10.20.0.3'],
      host_routes: [{ destination: '10.30.0.0/24', nexthop: '10.20.0.1' }],
    };
    const created = await call(server, 'POST', '/v2.0/subnets', { subnet: sent });
    expect(created.status, created.text).toBe(201);
    expect(created.body.subnet).toMatchObject(sent);
    const shown = await call(server, 'GET', `/v2.0/subnets/${created.body.subnet.id}`);
    expect(shown.body.subnet).toMatchObject(sent);
    const updated = await call(server, 'PUT', `/v2.0/subnets/${created.body.subnet.id}`, {
      subnet: { gateway_ip: null, dns_nameservers: [] },
    });
    expect(updated.body.subnet).toMatchObject({ ...sent, gateway_ip: null, dns_nameservers: [] });
  });

  it('fill in upstream’s defaults: DHCP on, the first address as gateway, the rest as pool', async () => {
    const created = await call(server, 'POST', '/v2.0/subnets', {
      subnet: { network_id: networkId, cidr: '10.21.0.0/24' },
    });
    expect(created.body.subnet).toMatchObject({
      enable_dhcp: true,
      gateway_ip: '10.21.0.1',
      allocation_pools: [{ start: '10.21.0.2', end: '10.21.0.254' }],
      dns_nameservers: [],
      host_routes: [],
    });
    const v6 = await call(server, 'POST', '/v2.0/subnets', {
      subnet: { network_id: networkId, cidr: '2001:db8:1::/64', ip_version: 6 },
    });
    expect(v6.body.subnet).toMatchObject({
      gateway_ip: '2001:db8:1::1',
      allocation_pools: [{ start: '2001:db8:1::2', end: '2001:db8:1:0:ffff:ffff:ffff:ffff' }],
    });
  });

  it('refuse a gateway outside the subnet', async () => {
    const response = await call(server, 'POST', '/v2.0/subnets', {
      subnet: { network_id: networkId, cidr: '10.22.0.0/24', gateway_ip: '10.99.0.1' },
    });
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.message).toBe(
      "Invalid input for gateway_ip. Reason: '10.99.0.1' is not in the subnet 10.22.0.0/24.",
    );
  });

  it('need a network_id (upstream: 400, no network is made up)', async () => {
    const response = await call(server, 'POST', '/v2.0/subnets', { subnet: { cidr: '10.23.0.0/24' } });
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.message).toBe(
      "Failed to parse request. Required attribute 'network_id' not specified",
    );
  });
});

describe('subnets, as the API answers them', () => {
  it('carry their name and description', async () => {
    const project = ownProject();
    const headers = { 'X-Project-Id': project };
    const network = await created('/v2.0/networks', { network: { name: 'n' } }, headers);
    const subnet = await created(
      '/v2.0/subnets',
      { subnet: { name: 's-a', description: 'first', network_id: network.network.id, cidr: '10.24.0.0/24' } },
      headers,
    );
    expect(subnet.subnet).toMatchObject({
      name: 's-a',
      description: 'first',
      tenant_id: project,
      project_id: project,
    });
  });

  it('answer a missing subnet with 404 SubnetNotFound, and a missing network_id with 404 NetworkNotFound', async () => {
    await expectMissing('/v2.0/subnets', 'subnet', 'SubnetNotFound', `Subnet ${MISSING} could not be found.`);
    const response = await call(server, 'POST', '/v2.0/subnets', {
      subnet: { network_id: MISSING, cidr: '10.25.0.0/24' },
    });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'NetworkNotFound',
        message: `Network ${MISSING} could not be found.`,
        detail: '',
      },
    });
  });

  it('are not deleted while attached to a router: 409 SubnetInUse', async () => {
    const headers = { 'X-Project-Id': ownProject() };
    const network = await created('/v2.0/networks', { network: { name: 'n' } }, headers);
    const subnet = await created(
      '/v2.0/subnets',
      { subnet: { network_id: network.network.id, cidr: '10.26.0.0/24' } },
      headers,
    );
    const router = await created('/v2.0/routers', { router: { name: 'r' } }, headers);
    const attach = await call(
      server,
      'PUT',
      `/v2.0/routers/${router.router.id}/add_router_interface`,
      { subnet_id: subnet.subnet.id },
      headers,
    );
    expect(attach.status).toBe(200);
    const response = await call(server, 'DELETE', `/v2.0/subnets/${subnet.subnet.id}`, undefined, headers);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'SubnetInUse',
        message: `Subnet ${subnet.subnet.id} is attached to router ${router.router.id}; remove the router interface first`,
        detail: '',
      },
    });
  });
});

describe('networks, as the API answers them', () => {
  it('answer every attribute on create, show, list and update; subnets lists their subnets', async () => {
    const project = ownProject();
    const headers = { 'X-Project-Id': project };
    const network = await created(
      '/v2.0/networks',
      { network: { name: 'net-a', description: 'first', admin_state_up: false, mtu: 1450 } },
      headers,
    );
    const { id } = network.network;
    const expected = {
      id,
      name: 'net-a',
      description: 'first',
      admin_state_up: false,
      status: 'ACTIVE',
      subnets: [],
      shared: false,
      mtu: 1450,
      'router:external': false,
      tenant_id: project,
      project_id: project,
    };
    expect(network.network).toEqual(expected);
    expect((await call(server, 'GET', `/v2.0/networks/${id}`, undefined, headers)).body.network).toEqual(
      expected,
    );
    const updated = await call(
      server,
      'PUT',
      `/v2.0/networks/${id}`,
      { network: { name: 'net-b' } },
      headers,
    );
    expect(updated.body.network).toEqual({ ...expected, name: 'net-b' });
    const subnet = await created(
      '/v2.0/subnets',
      { subnet: { network_id: id, cidr: '10.42.0.0/24' } },
      headers,
    );
    expect((await call(server, 'GET', '/v2.0/networks', undefined, headers)).body.networks).toEqual([
      { ...expected, name: 'net-b', subnets: [subnet.subnet.id] },
    ]);
    // Left out: upstream's defaults.
    const plain = await created('/v2.0/networks', { network: { name: 'plain' } }, headers);
    expect(plain.network).toMatchObject({ description: '', admin_state_up: true, mtu: 1500 });
    // A page that mixes a network with subnets and one without lists each with its own.
    const page = await call(server, 'GET', '/v2.0/networks?sort_key=name&sort_dir=asc', undefined, headers);
    expect(
      page.body.networks.map(({ name, subnets }: Record<string, unknown>) => ({ name, subnets })),
    ).toEqual([
      { name: 'net-b', subnets: [subnet.subnet.id] },
      { name: 'plain', subnets: [] },
    ]);
  });

  it('answer a missing network with 404 NetworkNotFound on show, update and delete', async () => {
    await expectMissing(
      '/v2.0/networks',
      'network',
      'NetworkNotFound',
      `Network ${MISSING} could not be found.`,
    );
  });

  it('delete without subnets too; a project without networks lists none', async () => {
    const headers = { 'X-Project-Id': ownProject() };
    expect((await call(server, 'GET', '/v2.0/networks', undefined, headers)).body).toEqual({ networks: [] });
    const network = await created('/v2.0/networks', { network: { name: 'empty' } }, headers);
    const path = `/v2.0/networks/${network.network.id}`;
    expect((await call(server, 'DELETE', path, undefined, headers)).status).toBe(204);
    expect((await call(server, 'GET', path, undefined, headers)).status).toBe(404);
  });
});

describe('routers, as the API answers them', () => {
  it('answer every attribute, and take the external network named by its id', async () => {
    const project = ownProject();
    const headers = { 'X-Project-Id': project };
    const router = await created(
      '/v2.0/routers',
      {
        router: {
          name: 'edge',
          description: 'first',
          admin_state_up: false,
          external_gateway_info: { network_id: EXTERNAL_NETWORK_ID },
        },
      },
      headers,
    );
    const { id } = router.router;
    const address = router.router.external_gateway_info.external_fixed_ips[0].ip_address;
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(router.router).toEqual({
      id,
      name: 'edge',
      description: 'first',
      admin_state_up: false,
      status: 'ACTIVE',
      external_gateway_info: {
        network_id: EXTERNAL_NETWORK_ID,
        enable_snat: true,
        external_fixed_ips: [{ ip_address: address, subnet_id: EXTERNAL_NETWORK_ID }],
      },
      tenant_id: project,
      project_id: project,
    });
    // No address asked for (an empty list) is an address from the pool; admin_state_up defaults to true.
    const plain = await created(
      '/v2.0/routers',
      { router: { name: 'plain', external_gateway_info: { external_fixed_ips: [] } } },
      headers,
    );
    expect(plain.router.admin_state_up).toBe(true);
    expect(plain.router.external_gateway_info.external_fixed_ips).toHaveLength(1);
  });

  it('answer a missing router with 404 RouterNotFound, interfaces included', async () => {
    const message = `Router ${MISSING} could not be found`;
    await expectMissing('/v2.0/routers', 'router', 'RouterNotFound', message);
    for (const action of ['add_router_interface', 'remove_router_interface']) {
      const response = await call(server, 'PUT', `/v2.0/routers/${MISSING}/${action}`, {
        subnet_id: MISSING,
      });
      expect(response.status, action).toBe(404);
      expect(response.body, action).toEqual({
        NeutronError: { type: 'RouterNotFound', message, detail: '' },
      });
    }
    const headers = { 'X-Project-Id': ownProject() };
    const router = await created('/v2.0/routers', { router: { name: 'r' } }, headers);
    const missingSubnet = await call(
      server,
      'PUT',
      `/v2.0/routers/${router.router.id}/add_router_interface`,
      { subnet_id: MISSING },
      headers,
    );
    expect(missingSubnet.status).toBe(404);
    expect(missingSubnet.body).toEqual({
      NeutronError: { type: 'SubnetNotFound', message: `Subnet ${MISSING} could not be found.`, detail: '' },
    });
  });

  it('attach and detach a subnet (200 with the interface), and are not deleted while attached', async () => {
    const project = ownProject();
    const headers = { 'X-Project-Id': project };
    const network = await created('/v2.0/networks', { network: { name: 'n' } }, headers);
    const subnet = await created(
      '/v2.0/subnets',
      { subnet: { network_id: network.network.id, cidr: '10.43.0.0/24' } },
      headers,
    );
    const router = await created('/v2.0/routers', { router: { name: 'r' } }, headers);
    const routerPath = `/v2.0/routers/${router.router.id}`;
    const body = { subnet_id: subnet.subnet.id };
    const attach = await call(server, 'PUT', `${routerPath}/add_router_interface`, body, headers);
    expect(attach.status).toBe(200);
    const portId = attach.body.port_id;
    expect(portId).toMatch(/^[0-9a-f-]{36}$/);
    const answer = {
      id: router.router.id,
      subnet_id: subnet.subnet.id,
      subnet_ids: [subnet.subnet.id],
      port_id: portId,
      tenant_id: project,
      project_id: project,
    };
    expect(attach.body).toEqual(answer);

    const inUse = await call(server, 'DELETE', routerPath, undefined, headers);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toEqual({
      NeutronError: {
        type: 'RouterInUse',
        message: `Router ${router.router.id} still has an interface on subnet ${subnet.subnet.id}`,
        detail: '',
      },
    });

    const detach = await call(server, 'PUT', `${routerPath}/remove_router_interface`, body, headers);
    expect(detach.status).toBe(200);
    expect(detach.body).toEqual(answer);
    const again = await call(server, 'PUT', `${routerPath}/remove_router_interface`, body, headers);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      NeutronError: {
        type: 'RouterInterfaceNotFoundForSubnet',
        message: `Router ${router.router.id} has no interface on subnet ${subnet.subnet.id}`,
        detail: '',
      },
    });
    expect((await call(server, 'DELETE', routerPath, undefined, headers)).status).toBe(204);
  });
});

describe('networks', () => {
  it('accept and return mtu, and answer the router:external filter', async () => {
    const shown = await call(server, 'GET', `/v2.0/networks/${networkId}`);
    expect(shown.body.network).toMatchObject({ mtu: 1450, 'router:external': false });
    const internal = await call(server, 'GET', '/v2.0/networks?router:external=false');
    expect(internal.body.networks.map((n: { id: string }) => n.id)).toContain(networkId);
    const external = await call(server, 'GET', '/v2.0/networks?router:external=true');
    expect(external.body.networks).toEqual([]);
  });

  it('delete with their subnets when no subnet has a port (upstream: 204)', async () => {
    const network = (await call(server, 'POST', '/v2.0/networks', { network: { name: 'gone' } })).body
      .network;
    const subnet = (
      await call(server, 'POST', '/v2.0/subnets', {
        subnet: { network_id: network.id, cidr: '10.40.0.0/24' },
      })
    ).body.subnet;
    expect((await call(server, 'DELETE', `/v2.0/networks/${network.id}`)).status).toBe(204);
    expect((await call(server, 'GET', `/v2.0/subnets/${subnet.id}`)).status).toBe(404);
  });

  it('refuse deletion while a subnet is a router interface (NetworkInUse, 409)', async () => {
    const network = (await call(server, 'POST', '/v2.0/networks', { network: { name: 'kept' } })).body
      .network;
    const subnet = (
      await call(server, 'POST', '/v2.0/subnets', {
        subnet: { network_id: network.id, cidr: '10.41.0.0/24' },
      })
    ).body.subnet;
    const router = (await call(server, 'POST', '/v2.0/routers', { router: { name: 'r' } })).body.router;
    await call(server, 'PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id });
    const response = await call(server, 'DELETE', `/v2.0/networks/${network.id}`);
    expect(response.status).toBe(409);
    expect(response.body.NeutronError.type).toBe('NetworkInUse');
    expect(response.body.NeutronError.message).toMatch(
      /^Unable to complete operation on network .+\. There are one or more ports still in use on the network/,
    );
    expect((await call(server, 'GET', `/v2.0/subnets/${subnet.id}`)).status).toBe(200);
  });
});
