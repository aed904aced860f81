// Rules a mutation once slipped past: each test states what a user sees when
// the rule holds, so breaking the rule fails it. Every test makes its own data.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGE } from '../src/common/neutron-error.filter.js';
import { DatabaseService } from '../src/database/database.service.js';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

let server: TestServer;
const logLines: Record<string, any>[] = [];
beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n')) logLines.push(JSON.parse(line));
      done();
    },
  });
  server = await startServer({ logLevel: 'info' }, { logDestination: destination });
});
afterAll(() => server.close());

/** A project of the test's own, so that tests share no data. */
let projects = 0;
const ownProject = () => ({ 'X-Project-Id': `rules-${++projects}-${Date.now()}` });

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const response = await call(server, 'POST', path, body, headers);
  expect(response.status, `${path}: ${response.text}`).toBe(201);
  return response.body as Record<string, any>;
}

async function attachedSubnet(routerId: string, cidr: string, headers: Record<string, string>) {
  const network = await post('/v2.0/networks', { network: { name: 'n' } }, headers);
  const subnet = await post(
    '/v2.0/subnets',
    { subnet: { cidr, network_id: network.network.id, ip_version: cidr.includes(':') ? 6 : 4 } },
    headers,
  );
  const attach = await call(
    server,
    'PUT',
    `/v2.0/routers/${routerId}/add_router_interface`,
    { subnet_id: subnet.subnet.id },
    headers,
  );
  expect(attach.status, attach.text).toBe(200);
  return subnet.subnet.id as string;
}

describe('endpoint group rules of a connection', () => {
  it('refuses endpoint groups on a VPN service that has a subnet: 400 InvalidEndpointGroup', async () => {
    const project = ownProject();
    const objects = await setUpVpn(server, project);
    const legacy = await post(
      '/v2.0/vpn/vpnservices',
      { vpnservice: { name: 'legacy', router_id: objects.routerId, subnet_id: objects.subnetId } },
      project,
    );
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { vpnservice_id: legacy.vpnservice.id }),
      project,
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.type).toBe('InvalidEndpointGroup');
    expect(response.body.NeutronError.message).toContain(legacy.vpnservice.id);
    expect(
      (await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, project)).body
        .ipsec_site_connections,
    ).toEqual([]);
  });

  it('refuses a local group mixing IPv4 and IPv6 subnets: 400 MixedIPVersionsForIPSecEndpoints', async () => {
    const project = ownProject();
    const objects = await setUpVpn(server, project);
    const v6 = await attachedSubnet(objects.routerId, '2001:db8:1::/64', project);
    const mixed = await post(
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { type: 'subnet', endpoints: [objects.subnetId, v6] } },
      project,
    );
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { local_ep_group_id: mixed.endpoint_group.id }),
      project,
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.type).toBe('MixedIPVersionsForIPSecEndpoints');
  });

  it('checks the groups again when a connection is updated, and changes nothing when refused', async () => {
    const project = ownProject();
    const objects = await setUpVpn(server, project);
    const created = await post('/v2.0/vpn/ipsec-site-connections', connectionBody(objects), project);
    const path = `/v2.0/vpn/ipsec-site-connections/${created.ipsec_site_connection.id}`;
    // Upstream refuses updates while the connection is PENDING_*.
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE', 10_000, project);
    // A cidr group where a subnet group belongs.
    const wrongType = await call(
      server,
      'PUT',
      path,
      { ipsec_site_connection: { local_ep_group_id: objects.peerGroupId } },
      project,
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.NeutronError.type).toBe('WrongEndpointGroupType');
    // A subnet group whose subnet is not on the service's router.
    const network = await post('/v2.0/networks', { network: { name: 'n' } }, project);
    const loose = await post(
      '/v2.0/subnets',
      { subnet: { cidr: '192.168.77.0/24', network_id: network.network.id, ip_version: 4 } },
      project,
    );
    const looseGroup = await post(
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { type: 'subnet', endpoints: [loose.subnet.id] } },
      project,
    );
    const notAttached = await call(
      server,
      'PUT',
      path,
      { ipsec_site_connection: { local_ep_group_id: looseGroup.endpoint_group.id } },
      project,
    );
    expect(notAttached.status).toBe(400);
    expect(notAttached.body.NeutronError.type).toBe('SubnetIsNotConnectedToRouter');
    const shown = await call(server, 'GET', path, undefined, project);
    expect(shown.body.ipsec_site_connection.local_ep_group_id).toBe(objects.localGroupId);
  });
  it('checks the groups again when only the peer group changes: 400 WrongEndpointGroupType', async () => {
    const project = ownProject();
    const objects = await setUpVpn(server, project);
    const created = await post('/v2.0/vpn/ipsec-site-connections', connectionBody(objects), project);
    const path = `/v2.0/vpn/ipsec-site-connections/${created.ipsec_site_connection.id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE', 10_000, project);
    // A subnet group where a cidr group belongs.
    const response = await call(
      server,
      'PUT',
      path,
      { ipsec_site_connection: { peer_ep_group_id: objects.localGroupId } },
      project,
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'WrongEndpointGroupType',
        message: `Invalid input for peer_ep_group_id. Reason: endpoint group ${objects.localGroupId} type is 'subnet' and should be 'cidr'.`,
        detail: '',
      },
    });
    const shown = await call(server, 'GET', path, undefined, project);
    expect(shown.body.ipsec_site_connection.peer_ep_group_id).toBe(objects.peerGroupId);
  });
});

describe('networking rules the VPN relies on', () => {
  it('refuses to delete a subnet an endpoint group holds: 409, and the subnet stays', async () => {
    const project = ownProject();
    const network = await post('/v2.0/networks', { network: { name: 'n' } }, project);
    const subnet = await post(
      '/v2.0/subnets',
      { subnet: { cidr: '10.60.0.0/24', network_id: network.network.id, ip_version: 4 } },
      project,
    );
    const groups: string[] = [];
    for (const name of ['g1', 'g2']) {
      const group = await post(
        '/v2.0/vpn/endpoint-groups',
        { endpoint_group: { name, type: 'subnet', endpoints: [subnet.subnet.id] } },
        project,
      );
      groups.push(group.endpoint_group.id);
    }
    const response = await call(server, 'DELETE', `/v2.0/subnets/${subnet.subnet.id}`, undefined, project);
    expect(response.status).toBe(409);
    // Both groups are named; the order is the database's.
    expect(response.body.NeutronError.type).toBe('SubnetInUseByEndpointGroup');
    expect([groups.join(', '), [...groups].reverse().join(', ')]).toContain(
      response.body.NeutronError.message.replace(
        `Subnet ${subnet.subnet.id} is used by endpoint group(s) `,
        '',
      ),
    );
    expect(response.body.NeutronError.message).toMatch(
      /^Subnet \S+ is used by endpoint group\(s\) \S+, \S+$/,
    );
    expect((await call(server, 'GET', `/v2.0/subnets/${subnet.subnet.id}`, undefined, project)).status).toBe(
      200,
    );
  });

  it('refuses a VPN service whose subnet is not on its router: 400 SubnetIsNotConnectedToRouter', async () => {
    const project = ownProject();
    const router = await post('/v2.0/routers', { router: { name: 'r' } }, project);
    const network = await post('/v2.0/networks', { network: { name: 'n' } }, project);
    const subnet = await post(
      '/v2.0/subnets',
      { subnet: { cidr: '10.61.0.0/24', network_id: network.network.id, ip_version: 4 } },
      project,
    );
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.router.id, subnet_id: subnet.subnet.id } },
      project,
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'SubnetIsNotConnectedToRouter',
        message: `Subnet ${subnet.subnet.id} is not connected to router ${router.router.id}`,
        detail: '',
      },
    });
    expect((await call(server, 'GET', '/v2.0/vpn/vpnservices', undefined, project)).body.vpnservices).toEqual(
      [],
    );
  });

  it('refuses to attach a subnet to a router twice', async () => {
    const project = ownProject();
    const router = await post('/v2.0/routers', { router: { name: 'r' } }, project);
    const subnetId = await attachedSubnet(router.router.id, '10.62.0.0/24', project);
    for (const routerId of [
      router.router.id,
      (await post('/v2.0/routers', { router: { name: 'r2' } }, project)).router.id,
    ]) {
      const again = await call(
        server,
        'PUT',
        `/v2.0/routers/${routerId}/add_router_interface`,
        { subnet_id: subnetId },
        project,
      );
      expect(again.status).toBe(400);
      expect(again.body).toEqual({
        NeutronError: {
          type: 'BadRequest',
          message: `Subnet ${subnetId} is already attached to router ${router.router.id}`,
          detail: '',
        },
      });
    }
  });

  it('looks the subnets of an endpoint group up in the caller’s project only', async () => {
    const owner = ownProject();
    const network = await post('/v2.0/networks', { network: { name: 'n' } }, owner);
    const subnet = await post(
      '/v2.0/subnets',
      { subnet: { cidr: '10.63.0.0/24', network_id: network.network.id, ip_version: 4 } },
      owner,
    );
    const stranger = ownProject();
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { type: 'subnet', endpoints: [subnet.subnet.id] } },
      stranger,
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.type).toBe('NonExistingSubnetInEndpointGroup');
    expect(
      (await call(server, 'GET', '/v2.0/vpn/endpoint-groups', undefined, stranger)).body.endpoint_groups,
    ).toEqual([]);
  });
});

describe('a router the VPN relies on', () => {
  it('is not deleted while a VPN service runs on it, interfaces or not: 409 RouterInUse', async () => {
    const project = ownProject();
    const router = await post('/v2.0/routers', { router: { name: 'r' } }, project);
    const service = await post(
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.router.id } },
      project,
    );
    const response = await call(server, 'DELETE', `/v2.0/routers/${router.router.id}`, undefined, project);
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'RouterInUse',
        message: `Router ${router.router.id} is used by VPN service ${service.vpnservice.id}`,
        detail: '',
      },
    });
  });

  it('keeps the subnet a VPN service names: 409 SubnetInUseByVPNService', async () => {
    const project = ownProject();
    const router = await post('/v2.0/routers', { router: { name: 'r' } }, project);
    const subnetId = await attachedSubnet(router.router.id, '10.64.0.0/24', project);
    const service = await post(
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.router.id, subnet_id: subnetId } },
      project,
    );
    const response = await call(
      server,
      'PUT',
      `/v2.0/routers/${router.router.id}/remove_router_interface`,
      { subnet_id: subnetId },
      project,
    );
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'SubnetInUseByVPNService',
        message: `Subnet ${subnetId} is used by VPN service ${service.vpnservice.id}`,
        detail: '',
      },
    });
  });

  it('keeps a subnet a connection’s local group holds (409), and lets another go', async () => {
    const project = ownProject();
    const objects = await setUpVpn(server, project);
    const connection = await post('/v2.0/vpn/ipsec-site-connections', connectionBody(objects), project);
    const other = await attachedSubnet(objects.routerId, '10.65.0.0/24', project);
    const detach = (subnetId: string) =>
      call(
        server,
        'PUT',
        `/v2.0/routers/${objects.routerId}/remove_router_interface`,
        { subnet_id: subnetId },
        project,
      );
    const used = await detach(objects.subnetId);
    expect(used.status).toBe(409);
    expect(used.body).toEqual({
      NeutronError: {
        type: 'SubnetInUseByIPsecSiteConnection',
        message: `Subnet ${objects.subnetId} is used by IPsec site connection ${connection.ipsec_site_connection.id}`,
        detail: '',
      },
    });
    const free = await detach(other);
    expect(free.status, free.text).toBe(200);
    expect(free.body.subnet_id).toBe(other);
  });
});

describe('an unexpected failure', () => {
  it('answers a generic 500 NeutronError with no stack or detail, and logs it with the request id', async () => {
    const database = server.app.get(DatabaseService);
    await sql`ALTER TABLE networks RENAME TO networks_gone`.execute(database.db);
    try {
      const response = await call(server, 'GET', '/v2.0/networks', undefined, ownProject());
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        NeutronError: { type: 'HTTPInternalServerError', message: INTERNAL_ERROR_MESSAGE, detail: '' },
      });
      expect(INTERNAL_ERROR_MESSAGE).toBe(
        'Request Failed: internal server error while processing your request.',
      );
      expect(response.text).not.toMatch(/networks|stack|at /);
      const requestId = response.headers.get('x-openstack-request-id');
      const logged = logLines.find((line) => line.level === 50 && line.reqId === requestId);
      expect(logged?.msg).toBe('unhandled error');
      expect(logged?.err.stack).toContain('networks');
      // A request whose body was read in full fails the same way (its socket is still open).
      const post = await call(server, 'POST', '/v2.0/networks', { network: { name: 'n' } }, ownProject());
      expect(post.status).toBe(500);
      expect(post.body.NeutronError.type).toBe('HTTPInternalServerError');
    } finally {
      await sql`ALTER TABLE networks_gone RENAME TO networks`.execute(database.db);
    }
    expect((await call(server, 'GET', '/v2.0/networks')).status).toBe(200);
  });
});
