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
