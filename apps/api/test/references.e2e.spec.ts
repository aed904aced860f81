// Not-found and in-use rules for every resource, and project isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesOf, MORE_VALUES_THAN_ONE_STATEMENT_TAKES } from './support/row-copies.js';
import { call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, setUpVpn, type VpnObjects } from './support/vpn-setup.js';

const MISSING = '0f0e0d0c-0b0a-4909-8807-060504030201';
let server: TestServer;
let objects: VpnObjects;
let connectionId: string;

beforeAll(async () => {
  server = await startServer();
  objects = await setUpVpn(server);
  const created = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
  expect(created.status, created.text).toBe(201);
  connectionId = created.body.ipsec_site_connection.id;
});
afterAll(() => server.close());

describe('referenced objects must exist', () => {
  it.each([
    // Upstream's messages (neutron-lib exceptions/vpn.py).
    ['vpnservice_id', 'VPNServiceNotFound', 'VPNService'],
    ['ikepolicy_id', 'IKEPolicyNotFound', 'IKEPolicy'],
    ['ipsecpolicy_id', 'IPsecPolicyNotFound', 'IPsecPolicy'],
    ['local_ep_group_id', 'VPNEndpointGroupNotFound', 'Endpoint group'],
    ['peer_ep_group_id', 'VPNEndpointGroupNotFound', 'Endpoint group'],
  ])('a missing %s is a 404 %s', async (field, type, title) => {
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { [field]: MISSING }),
    );
    expect(response.status).toBe(404);
    expect(response.body.NeutronError).toEqual({
      type,
      message: `${title} ${MISSING} could not be found`,
      detail: '',
    });
  });

  it('a VPN service needs an existing router, and an existing subnet when it names one', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/vpnservices', {
      vpnservice: { router_id: MISSING },
    });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      NeutronError: { type: 'RouterNotFound', message: `Router ${MISSING} could not be found`, detail: '' },
    });
    // A project of its own: the default project's two VPN services are the quota.
    const project = { 'X-Project-Id': 'references-missing-subnet' };
    const router = await call(server, 'POST', '/v2.0/routers', { router: { name: 'r' } }, project);
    const withSubnet = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.body.router.id, subnet_id: MISSING } },
      project,
    );
    expect(withSubnet.status).toBe(404);
    expect(withSubnet.body).toEqual({
      NeutronError: { type: 'SubnetNotFound', message: `Subnet ${MISSING} could not be found.`, detail: '' },
    });
    expect((await call(server, 'GET', '/v2.0/vpn/vpnservices', undefined, project)).body.vpnservices).toEqual(
      [],
    );
  });

  it('a subnet endpoint group needs existing subnets, every one of them', async () => {
    for (const endpoints of [[MISSING], [objects.subnetId, MISSING]]) {
      const response = await call(server, 'POST', '/v2.0/vpn/endpoint-groups', {
        endpoint_group: { name: 'missing-subnet', type: 'subnet', endpoints },
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        NeutronError: {
          type: 'NonExistingSubnetInEndpointGroup',
          message: `Subnet ${MISSING} in endpoint group does not exist`,
          detail: '',
        },
      });
    }
    const listed = await call(server, 'GET', '/v2.0/vpn/endpoint-groups?name=missing-subnet');
    expect(listed.body.endpoint_groups).toEqual([]);
  });

  it.each([
    ['ipsec-site-connections', 'IPsecSiteConnectionNotFound'],
    ['ikepolicies', 'IKEPolicyNotFound'],
    ['ipsecpolicies', 'IPsecPolicyNotFound'],
    ['vpnservices', 'VPNServiceNotFound'],
    ['endpoint-groups', 'VPNEndpointGroupNotFound'],
  ])('show, update and delete of a missing %s are 404 %s', async (path, type) => {
    const key = {
      'ipsec-site-connections': 'ipsec_site_connection',
      ikepolicies: 'ikepolicy',
      ipsecpolicies: 'ipsecpolicy',
      vpnservices: 'vpnservice',
      'endpoint-groups': 'endpoint_group',
    }[path] as string;
    for (const [method, body] of [['GET'], ['PUT', { [key]: { description: 'x' } }], ['DELETE']] as const) {
      const response = await call(server, method, `/v2.0/vpn/${path}/${MISSING}`, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.NeutronError.type).toBe(type);
    }
  });
});

describe('the endpoint group rules of a connection', () => {
  it('wants a subnet group on the local side and a cidr group on the peer side', async () => {
    const swapped = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, {
        local_ep_group_id: objects.peerGroupId,
        peer_ep_group_id: objects.localGroupId,
      }),
    );
    expect(swapped.status).toBe(400);
    expect(swapped.body.NeutronError.type).toBe('WrongEndpointGroupType');
  });

  it('wants the local subnets attached to the service’s router', async () => {
    const network = await call(server, 'POST', '/v2.0/networks', { network: { name: 'apart' } });
    const subnet = await call(server, 'POST', '/v2.0/subnets', {
      subnet: { cidr: '192.168.9.0/24', network_id: network.body.network.id },
    });
    const group = await call(server, 'POST', '/v2.0/vpn/endpoint-groups', {
      endpoint_group: { type: 'subnet', endpoints: [subnet.body.subnet.id] },
    });
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { local_ep_group_id: group.body.endpoint_group.id }),
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.type).toBe('SubnetIsNotConnectedToRouter');
  });

  it('wants one IP version on both sides', async () => {
    const peer = await call(server, 'POST', '/v2.0/vpn/endpoint-groups', {
      endpoint_group: { type: 'cidr', endpoints: ['2001:db8::/64'] },
    });
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { peer_ep_group_id: peer.body.endpoint_group.id }),
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError.type).toBe('MixedIPVersionsForIPSecConnection');
  });
});

describe('objects in use cannot be deleted', () => {
  it.each([
    // Upstream's statuses and messages (neutron-lib exceptions/vpn.py); ours adds the connections.
    [
      'ikepolicies',
      409,
      'IKEPolicyInUse',
      'IKEPolicy {id} is in use by existing IPsecSiteConnection',
      () => objects.ikepolicyId,
    ],
    [
      'ipsecpolicies',
      409,
      'IPsecPolicyInUse',
      'IPsecPolicy {id} is in use by existing IPsecSiteConnection',
      () => objects.ipsecpolicyId,
    ],
    ['vpnservices', 409, 'VPNServiceInUse', 'VPNService {id} is still in use', () => objects.vpnserviceId],
    [
      'endpoint-groups',
      400,
      'EndpointGroupInUse',
      'Endpoint group {id} is in use and cannot be deleted',
      () => objects.localGroupId,
    ],
    [
      'endpoint-groups',
      400,
      'EndpointGroupInUse',
      'Endpoint group {id} is in use and cannot be deleted',
      () => objects.peerGroupId,
    ],
  ] as const)(
    // The id (known once beforeAll has run) comes last: the title's placeholders take the first three.
    'deleting a used %s is a %i %s and deletes nothing',
    async (path, status, type, message, id) => {
      const response = await call(server, 'DELETE', `/v2.0/vpn/${path}/${id()}`);
      expect(response.status).toBe(status);
      expect(response.body.NeutronError.type).toBe(type);
      expect(response.body.NeutronError.message.startsWith(message.replace('{id}', id()))).toBe(true);
      expect(response.body.NeutronError.message).toContain(connectionId);
      expect((await call(server, 'GET', `/v2.0/vpn/${path}/${id()}`)).status).toBe(200);
    },
  );

  it('names every connection that uses the object', async () => {
    // A project of its own: the default one has its quota of VPN services in use.
    const project = { 'X-Project-Id': 'two-users' };
    const fresh = await setUpVpn(server, project);
    const ids: string[] = [];
    for (const name of ['first', 'second']) {
      const created = await call(
        server,
        'POST',
        '/v2.0/vpn/ipsec-site-connections',
        connectionBody(fresh, { name }),
        project,
      );
      expect(created.status, created.text).toBe(201);
      ids.push(created.body.ipsec_site_connection.id);
    }
    const response = await call(
      server,
      'DELETE',
      `/v2.0/vpn/ikepolicies/${fresh.ikepolicyId}`,
      undefined,
      project,
    );
    expect(response.status).toBe(409);
    const message = (users: string) =>
      `IKEPolicy ${fresh.ikepolicyId} is in use by existing IPsecSiteConnection and can't be deleted; used by IPsec site connection(s) ${users}`;
    expect([message(ids.join(', ')), message([...ids].reverse().join(', '))]).toContain(
      response.body.NeutronError.message,
    );
  });

  it('keeps the router, its interface and the subnet while the VPN uses them', async () => {
    const detach = await call(server, 'PUT', `/v2.0/routers/${objects.routerId}/remove_router_interface`, {
      subnet_id: objects.subnetId,
    });
    expect(detach.status).toBe(409);
    expect(detach.body.NeutronError.type).toBe('SubnetInUseByIPsecSiteConnection');
    expect((await call(server, 'DELETE', `/v2.0/routers/${objects.routerId}`)).body.NeutronError.type).toBe(
      'RouterInUse',
    );
    expect((await call(server, 'DELETE', `/v2.0/subnets/${objects.subnetId}`)).status).toBe(409);
  });

  it('frees everything once the connection is gone', async () => {
    const fresh = await setUpVpn(server);
    for (const [path, id] of [
      ['vpn/endpoint-groups', fresh.localGroupId],
      ['vpn/endpoint-groups', fresh.peerGroupId],
      ['vpn/vpnservices', fresh.vpnserviceId],
      ['vpn/ikepolicies', fresh.ikepolicyId],
      ['vpn/ipsecpolicies', fresh.ipsecpolicyId],
    ]) {
      expect((await call(server, 'DELETE', `/v2.0/${path}/${id}`)).status, path).toBe(204);
    }
    const detach = await call(server, 'PUT', `/v2.0/routers/${fresh.routerId}/remove_router_interface`, {
      subnet_id: fresh.subnetId,
    });
    expect(detach.status, detach.text).toBe(200);
    expect((await call(server, 'DELETE', `/v2.0/routers/${fresh.routerId}`)).status).toBe(204);
    expect((await call(server, 'DELETE', `/v2.0/subnets/${fresh.subnetId}`)).status).toBe(204);
  });
});

describe('projects', () => {
  it('hides another project’s objects as if they did not exist', async () => {
    const other = { 'X-Project-Id': 'other-project' };
    const show = await call(
      server,
      'GET',
      `/v2.0/vpn/ipsec-site-connections/${connectionId}`,
      undefined,
      other,
    );
    expect(show.status).toBe(404);
    expect(
      (await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, other)).body
        .ipsec_site_connections,
    ).toEqual([]);
    const borrow = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: objects.routerId } },
      other,
    );
    expect(borrow.status).toBe(404);
    expect(borrow.body.NeutronError.type).toBe('RouterNotFound');
  });

  it('stamps tenant_id and project_id with the caller’s project', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: {} },
      { 'X-Project-Id': 'p-42' },
    );
    expect(created.body.ikepolicy).toMatchObject({ tenant_id: 'p-42', project_id: 'p-42' });
  });
});

// Tens of thousands of rows: seconds alone, more while the other files run.
describe('more subnets than one statement can name', { timeout: 60_000 }, () => {
  // An endpoint group's subnets, and a network's, are looked up by id: one statement carries
  // at most 32,766 values on SQLite and 65,535 on PostgreSQL, and naming them all at once was
  // a 500. The default body limit (1 MB) holds fewer ids than that; a deployment may raise it.
  let large: TestServer;
  beforeAll(async () => {
    large = await startServer({ bodyLimitBytes: 4 * 1024 * 1024 });
  });
  afterAll(() => large.close());

  /** A network in a project of its own with one subnet more than a statement can name. */
  async function networkWithManySubnets(project: string) {
    const asProject = { 'X-Project-Id': project };
    const network = await call(large, 'POST', '/v2.0/networks', { network: { name: 'n' } }, asProject);
    expect(network.status, network.text).toBe(201);
    const networkId = network.body.network.id as string;
    const subnet = await call(
      large,
      'POST',
      '/v2.0/subnets',
      { subnet: { network_id: networkId, cidr: '10.1.0.0/24', ip_version: 4 } },
      asProject,
    );
    expect(subnet.status, subnet.text).toBe(201);
    const first = subnet.body.subnet.id as string;
    const copies = await copiesOf(large, 'subnets', first, MORE_VALUES_THAN_ONE_STATEMENT_TAKES - 1);
    return { asProject, networkId, subnetIds: [first, ...copies] };
  }

  const createGroup = (endpoints: string[], asProject: Record<string, string>) =>
    call(
      large,
      'POST',
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { name: 'all-subnets', type: 'subnet', endpoints } },
      asProject,
    );

  it('an endpoint group of all of them is made, and one missing among them is named', async () => {
    const { asProject, subnetIds } = await networkWithManySubnets('many-subnets-group');
    const refused = await createGroup([...subnetIds, MISSING], asProject);
    expect(refused.status, refused.text.slice(0, 300)).toBe(400);
    expect(refused.body.NeutronError).toMatchObject({
      type: 'NonExistingSubnetInEndpointGroup',
      message: `Subnet ${MISSING} in endpoint group does not exist`,
    });
    const created = await createGroup(subnetIds, asProject);
    expect(created.status, created.text.slice(0, 300)).toBe(201);
    expect(created.body.endpoint_group.endpoints).toEqual(subnetIds);
    const listed = await call(large, 'GET', '/v2.0/vpn/endpoint-groups?fields=id', undefined, asProject);
    expect(listed.body.endpoint_groups).toEqual([{ id: created.body.endpoint_group.id }]);
  });

  it('their network is kept while a group uses one, and goes with all of them after', async () => {
    const { asProject, networkId, subnetIds } = await networkWithManySubnets('many-subnets-network');
    const last = subnetIds.at(-1) as string;
    const group = await createGroup([last], asProject);
    expect(group.status, group.text).toBe(201);
    const kept = await call(large, 'DELETE', `/v2.0/networks/${networkId}`, undefined, asProject);
    expect(kept.status, kept.text.slice(0, 300)).toBe(409);
    expect(kept.body.NeutronError).toMatchObject({
      type: 'SubnetInUseByEndpointGroup',
      message: `Subnet ${last} is used by endpoint group(s) ${group.body.endpoint_group.id}`,
    });
    const groupId = group.body.endpoint_group.id as string;
    const groupGone = await call(
      large,
      'DELETE',
      `/v2.0/vpn/endpoint-groups/${groupId}`,
      undefined,
      asProject,
    );
    expect(groupGone.status, groupGone.text).toBe(204);
    const gone = await call(large, 'DELETE', `/v2.0/networks/${networkId}`, undefined, asProject);
    expect(gone.status, gone.text.slice(0, 300)).toBe(204);
    const subnets = await call(large, 'GET', '/v2.0/subnets?fields=id', undefined, asProject);
    expect(subnets.body.subnets).toEqual([]);
  });
});
