// The request edge, as upstream Neutron answers it (issue 12), and what the
// service answers where no route is reached (issue 9): each expectation states
// upstream's answer, or the NeutronError that replaces a framework's own body.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn, type VpnObjects } from './support/vpn-setup.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ requestTimeoutMs: 600, headersTimeoutMs: 600 });
});
afterAll(() => server.close());

const neutronError = (response: { body: any }) => response.body.NeutronError;
const createIke = async (name: string) =>
  (await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { name } })).body.ikepolicy as {
    id: string;
    name: string;
  };

/** Sends raw bytes and returns everything the server wrote before closing (or after `waitMs`). */
function raw(chunks: readonly string[], gapMs = 0, waitMs = 5000): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      resolve(received);
    };
    socket.on('data', (data) => {
      received += data.toString('utf8');
    });
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(done, waitMs);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

const statusOf = (response: string) => Number(response.split(' ')[1]);
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

describe('extensions (upstream: 200 with the extensions the server implements)', () => {
  it('lists vpnaas, vpn-endpoint-groups and router', async () => {
    const response = await call(server, 'GET', '/v2.0/extensions');
    expect(response.status).toBe(200);
    const aliases = (response.body.extensions as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['vpnaas', 'vpn-endpoint-groups', 'router']));
  });

  it('shows one by alias, and answers an unknown alias 404', async () => {
    const vpnaas = await call(server, 'GET', '/v2.0/extensions/vpnaas');
    expect(vpnaas.status).toBe(200);
    expect(vpnaas.body).toEqual({
      extension: {
        alias: 'vpnaas',
        name: 'VPN service',
        description: 'Extension for VPN service',
        updated: '2013-05-29T10:00:00-00:00',
        links: [],
      },
    });
    const missing = await call(server, 'GET', '/v2.0/extensions/fwaas');
    expect(missing.status).toBe(404);
    expect(neutronError(missing)).toEqual({
      type: 'HTTPNotFound',
      message: 'Extension with alias fwaas does not exist',
      detail: '',
    });
  });
});

describe('bodies (upstream: DELETE with Content-Type and no body 204; with a body 400; PUT without one 400)', () => {
  it('deletes when Content-Type: application/json comes without a body', async () => {
    const { id } = await createIke('delete-me');
    const response = await call(server, 'DELETE', `/v2.0/vpn/ikepolicies/${id}`, undefined, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(204);
  });

  it('refuses a DELETE that carries a body, and deletes nothing', async () => {
    const { id } = await createIke('keep-me');
    const response = await call(server, 'DELETE', `/v2.0/vpn/ikepolicies/${id}`, {});
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'HTTPBadRequest',
      message: 'Request body is not supported in DELETE.',
      detail: '',
    });
    expect((await call(server, 'GET', `/v2.0/vpn/ikepolicies/${id}`)).status).toBe(200);
  });

  it('answers a PUT without a body "Resource body required", whatever the content type', async () => {
    const { id } = await createIke('put-me');
    const contentTypes: Record<string, string>[] = [
      {},
      { 'content-type': 'application/json' },
      { 'content-type': 'text/plain' },
    ];
    for (const headers of contentTypes) {
      const response = await call(server, 'PUT', `/v2.0/vpn/ikepolicies/${id}`, undefined, headers);
      expect(response.status).toBe(400);
      expect(neutronError(response)).toEqual({
        type: 'HTTPBadRequest',
        message: 'Resource body required',
        detail: '',
      });
    }
  });

  it('reads a body without Content-Type as JSON', async () => {
    const response = await fetch(`${server.url}/v2.0/vpn/ikepolicies`, {
      method: 'POST',
      body: new Blob([JSON.stringify({ ikepolicy: { name: 'no-type' } })]),
    });
    expect(response.status).toBe(201);
  });
});

describe('paths (upstream: trailing slash and .json are the same resource; HEAD 405)', () => {
  it('answers /collection/, /collection.json and /collection/{id}.json like the bare paths', async () => {
    const { id } = await createIke('paths');
    for (const path of [
      '/v2.0/vpn/ikepolicies/',
      '/v2.0/vpn/ikepolicies.json',
      '/v2.0/vpn/ikepolicies.json?name=paths',
    ]) {
      const response = await call(server, 'GET', path);
      expect(response.status, path).toBe(200);
      expect(response.body.ikepolicies.some((p: { id: string }) => p.id === id)).toBe(true);
    }
    for (const path of [`/v2.0/vpn/ikepolicies/${id}.json`, `/v2.0/vpn/ikepolicies/${id}/`]) {
      const response = await call(server, 'GET', path);
      expect(response.status, path).toBe(200);
      expect(response.body.ikepolicy.id).toBe(id);
    }
  });

  it('answers GET /v2.0/ with the resources and GET /v2.0 with 404', async () => {
    const slash = await call(server, 'GET', '/v2.0/');
    expect(slash.status).toBe(200);
    expect(slash.body.resources.map((r: { collection: string }) => r.collection)).toContain('ikepolicies');
    const bare = await call(server, 'GET', '/v2.0');
    expect(bare.status).toBe(404);
    expect(neutronError(bare).type).toBe('HTTPNotFound');
  });

  it('answers HEAD with 405', async () => {
    for (const path of ['/v2.0/vpn/ikepolicies', '/v2.0/vpn/ikepolicies/x']) {
      const response = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow')).toContain('GET');
    }
  });
});

describe('fields= on show (upstream: only those attributes)', () => {
  it('returns only the attributes asked for, and ignores unknown names', async () => {
    const { id } = await createIke('fields');
    const response = await call(server, 'GET', `/v2.0/vpn/ikepolicies/${id}?fields=name&fields=bogus`);
    expect(response.body).toEqual({ ikepolicy: { name: 'fields' } });
  });

  it('refuses fields=__proto__ with a 400 (list and show)', async () => {
    const { id } = await createIke('proto');
    for (const path of [
      '/v2.0/vpn/ikepolicies?fields=__proto__',
      `/v2.0/vpn/ikepolicies/${id}?fields=__proto__`,
    ]) {
      const response = await call(server, 'GET', path);
      expect(response.status, path).toBe(400);
      expect(neutronError(response)).toEqual({
        type: 'HTTPBadRequest',
        message: "Invalid field name '__proto__' in fields: no attribute has that name",
        detail: '',
      });
    }
  });
});

describe('pagination links (upstream get_pagination_links)', () => {
  it('omits <plural>_links when there is none, and links a page after a marker both ways', async () => {
    const project = { 'X-Project-Id': 'links-project' };
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const created = await call(
        server,
        'POST',
        '/v2.0/vpn/ipsecpolicies',
        { ipsecpolicy: { name } },
        project,
      );
      ids.push(created.body.ipsecpolicy.id);
    }
    const short = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies?limit=5', undefined, project);
    // A short forward page: no next; upstream still gives a previous link.
    expect(short.body.ipsecpolicies_links.map((l: { rel: string }) => l.rel)).toEqual(['previous']);
    const afterMarker = await call(
      server,
      'GET',
      `/v2.0/vpn/ipsecpolicies?limit=1&marker=${ids[0]}`,
      undefined,
      project,
    );
    expect(afterMarker.body.ipsecpolicies.map((p: { id: string }) => p.id)).toEqual([ids[1]]);
    const links = afterMarker.body.ipsecpolicies_links as { rel: string; href: string }[];
    expect(links.map((l) => l.rel)).toEqual(['next', 'previous']);
    expect(links[1]?.href).toContain(`marker=${ids[1]}`);
    expect(links[1]?.href).toContain('page_reverse=True');
    const none = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies', undefined, project);
    expect(Object.keys(none.body)).toEqual(['ipsecpolicies']);
  });
});

describe('answers no route reaches are NeutronErrors too', () => {
  it('answers a path that is not UTF-8 (%ff) with 400', async () => {
    const response = await call(server, 'GET', '/v2.0/vpn/ikepolicies/%ff');
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'HTTPBadRequest',
      message: 'The URL is not valid: a percent-encoded sequence in its path is not UTF-8',
      detail: '',
    });
  });

  it('answers a long id with the resource’s 404 (upstream), an id over 1024 characters with 414', async () => {
    const long = 'a'.repeat(500);
    const notFound = await call(server, 'GET', `/v2.0/vpn/ikepolicies/${long}`);
    expect(notFound.status).toBe(404);
    expect(neutronError(notFound).type).toBe('IKEPolicyNotFound');
    const tooLong = await call(server, 'GET', `/v2.0/vpn/ikepolicies/${'a'.repeat(1025)}`);
    expect(tooLong.status).toBe(414);
    expect(neutronError(tooLong)).toEqual({
      type: 'HTTPRequestURITooLong',
      message: 'The URL is too long: an id in the path has more than 1024 characters',
      detail: '',
    });
  });

  it('answers bad chunking with a 400 NeutronError', async () => {
    const response = await raw([
      'POST /v2.0/vpn/ikepolicies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ]);
    expect(statusOf(response)).toBe(400);
    expect(bodyOf(response).NeutronError.type).toBe('HTTPBadRequest');
    expect(bodyOf(response).NeutronError.message).toMatch(/^Malformed HTTP request \(HPE_/);
  });

  it('answers oversized headers with a 431 NeutronError', async () => {
    const response = await raw([
      `GET /v2.0/vpn/ikepolicies HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    ]);
    expect(statusOf(response)).toBe(431);
    expect(bodyOf(response)).toEqual({
      NeutronError: {
        type: 'HTTPRequestHeaderFieldsTooLarge',
        message: 'The request headers are too large',
        detail: '',
      },
    });
  });
});

describe('slow clients (bounded by VPNAAS_REQUEST_TIMEOUT_MS, here 600 ms)', () => {
  it('cuts off a body sent one byte at a time with a 408 NeutronError', async () => {
    const body = JSON.stringify({ ikepolicy: { name: 'slow' } });
    const head = `POST /v2.0/vpn/ikepolicies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const started = Date.now();
    const response = await raw([head, ...body.split('')], 250, 8000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(statusOf(response)).toBe(408);
    expect(bodyOf(response).NeutronError).toEqual({
      type: 'HTTPRequestTimeout',
      message: 'The request was not received in full within 600 ms',
      detail: '',
    });
    const listed = await call(server, 'GET', '/v2.0/vpn/ikepolicies?name=slow');
    expect(listed.body.ikepolicies).toEqual([]);
  });

  it('cuts off headers that never end with a 408 NeutronError', async () => {
    const response = await raw(
      ['GET /v2.0/vpn/ikepolicies HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n'],
      300,
      8000,
    );
    expect(statusOf(response)).toBe(408);
    expect(bodyOf(response).NeutronError.type).toBe('HTTPRequestTimeout');
  });
});

describe('VPN services and connections as upstream and Classic VPN return them', () => {
  let objects: VpnObjects;
  beforeAll(async () => {
    objects = await setUpVpn(server, { 'X-Project-Id': 'vpn-wire' });
  });
  const asVpnProject = { 'X-Project-Id': 'vpn-wire' };

  it('carries flavor_id: null (upstream) and tags: [] (Classic VPN) on services and connections', async () => {
    const service = await call(
      server,
      'GET',
      `/v2.0/vpn/vpnservices/${objects.vpnserviceId}`,
      undefined,
      asVpnProject,
    );
    expect(service.body.vpnservice).toMatchObject({ flavor_id: null, tags: [] });
    const listed = await call(server, 'GET', '/v2.0/vpn/vpnservices', undefined, asVpnProject);
    expect(listed.body.vpnservices[0]).toMatchObject({ flavor_id: null, tags: [] });
    const connection = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects),
      asVpnProject,
    );
    expect(connection.status).toBe(201);
    const shown = await call(
      server,
      'GET',
      `/v2.0/vpn/ipsec-site-connections/${connection.body.ipsec_site_connection.id}`,
      undefined,
      asVpnProject,
    );
    expect(shown.body.ipsec_site_connection.tags).toEqual([]);
  });

  it('answers a created service with every attribute, as Classic VPN does', async () => {
    const own = { 'X-Project-Id': 'vpn-wire-attributes' };
    const router = await call(server, 'POST', '/v2.0/routers', { router: { name: 'r' } }, own);
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.body.router.id, name: 'vpn-a', description: 'site A' } },
      own,
    );
    expect(created.status).toBe(201);
    const { id, created_at } = created.body.vpnservice;
    const expected = {
      id,
      router_id: router.body.router.id,
      subnet_id: null,
      name: 'vpn-a',
      description: 'site A',
      admin_state_up: true,
      status: 'PENDING_CREATE',
      external_v4_ip: router.body.router.external_gateway_info.external_fixed_ips[0].ip_address,
      external_v6_ip: null,
      tenant_id: 'vpn-wire-attributes',
      project_id: 'vpn-wire-attributes',
      created_at,
      flavor_id: null,
      order_id: '',
      product_id: '',
      tags: [],
    };
    expect(created.body.vpnservice).toEqual(expected);
    expect(
      (await call(server, 'GET', `/v2.0/vpn/vpnservices/${id}`, undefined, own)).body.vpnservice,
    ).toEqual({
      ...expected,
      status: expect.stringMatching(/^(PENDING_CREATE|ACTIVE)$/),
    });
  });

  it('takes flavor_id: null on create, and answers a flavor id FlavorsPluginNotLoaded (404)', async () => {
    // A project of its own: the default project's two VPN services may be taken by other tests.
    const own = { 'X-Project-Id': 'flavor-project' };
    const router = await call(server, 'POST', '/v2.0/routers', { router: { name: 'flavored' } }, own);
    const withNull = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.body.router.id, flavor_id: null } },
      own,
    );
    expect(withNull.status).toBe(201);
    expect(withNull.body.vpnservice.flavor_id).toBeNull();
    const withFlavor = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: router.body.router.id, flavor_id: '5c561d9d-eaea-45f6-ae3e-08d1a7080828' } },
      own,
    );
    expect(withFlavor.status).toBe(404);
    expect(neutronError(withFlavor)).toEqual({
      type: 'FlavorsPluginNotLoaded',
      message: 'Flavors plugin not found',
      detail: '',
    });
  });

  it('refuses to update a service still PENDING_CREATE (upstream VPNStateInvalidToUpdate, 400)', async () => {
    const router = await call(server, 'POST', '/v2.0/routers', { router: { name: 'pending' } });
    const created = await call(server, 'POST', '/v2.0/vpn/vpnservices', {
      vpnservice: { router_id: router.body.router.id },
    });
    const { id, status } = created.body.vpnservice;
    expect(status).toBe('PENDING_CREATE');
    const response = await call(server, 'PUT', `/v2.0/vpn/vpnservices/${id}`, { vpnservice: { name: 'x' } });
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'VPNStateInvalidToUpdate',
      message: `Invalid state PENDING_CREATE of vpnaas resource ${id} for updating`,
      detail: '',
    });
    await waitForStatus(server, `/v2.0/vpn/vpnservices/${id}`, 'vpnservice', 'ACTIVE');
    expect(
      (await call(server, 'PUT', `/v2.0/vpn/vpnservices/${id}`, { vpnservice: { name: 'x' } })).status,
    ).toBe(200);
  });
});

describe('endpoint groups', () => {
  it('are answered with every attribute, on create and on an update of name and description', async () => {
    const own = { 'X-Project-Id': 'endpoint-group-attributes' };
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/endpoint-groups',
      {
        endpoint_group: {
          name: 'peers',
          description: 'the far side',
          type: 'cidr',
          endpoints: ['10.9.0.0/24'],
        },
      },
      own,
    );
    expect(created.status).toBe(201);
    const { id } = created.body.endpoint_group;
    expect(created.body.endpoint_group).toEqual({
      id,
      name: 'peers',
      description: 'the far side',
      type: 'cidr',
      endpoints: ['10.9.0.0/24'],
      tenant_id: 'endpoint-group-attributes',
      project_id: 'endpoint-group-attributes',
    });
    const path = `/v2.0/vpn/endpoint-groups/${id}`;
    const updated = await call(
      server,
      'PUT',
      path,
      { endpoint_group: { name: 'peers-2', description: 'moved' } },
      own,
    );
    expect(updated.status).toBe(200);
    const expected = {
      id,
      name: 'peers-2',
      description: 'moved',
      type: 'cidr',
      endpoints: ['10.9.0.0/24'],
      tenant_id: 'endpoint-group-attributes',
      project_id: 'endpoint-group-attributes',
    };
    expect(updated.body.endpoint_group).toEqual(expected);
    expect((await call(server, 'GET', path, undefined, own)).body.endpoint_group).toEqual(expected);
  });
});

describe('bulk create (upstream: 201, all or nothing, where the plural is the key plus "s")', () => {
  it('creates every endpoint group of {"endpoint_groups": [...]} in order', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/endpoint-groups', {
      endpoint_groups: [
        { name: 'bulk-1', type: 'cidr', endpoints: ['10.61.0.0/24'] },
        { name: 'bulk-2', type: 'cidr', endpoints: ['10.62.0.0/24'] },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.endpoint_groups.map((g: { name: string }) => g.name)).toEqual(['bulk-1', 'bulk-2']);
    const listed = await call(server, 'GET', '/v2.0/vpn/endpoint-groups?name=bulk-1&name=bulk-2');
    expect(listed.body.endpoint_groups).toHaveLength(2);
  });

  it('creates nothing when one item is invalid', async () => {
    const response = await call(server, 'POST', '/v2.0/networks', {
      networks: [{ name: 'bulk-ok' }, { name: 'bulk-bad', bogus: 1 }],
    });
    expect(response.status).toBe(400);
    expect(neutronError(response).message).toBe("Unrecognized attribute(s) 'bogus'");
    expect((await call(server, 'GET', '/v2.0/networks?name=bulk-ok')).body.networks).toEqual([]);
  });

  it('rolls back the created ones when a later item fails in the service', async () => {
    const project = { 'X-Project-Id': 'bulk-project' };
    const router = await call(server, 'POST', '/v2.0/routers', { router: { name: 'bulk' } }, project);
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      {
        vpnservices: [
          { name: 'bulk-vpn', router_id: router.body.router.id },
          { name: 'bulk-vpn-2', router_id: '5c561d9d-eaea-45f6-ae3e-08d1a7080828' },
        ],
      },
      project,
    );
    expect(response.status).toBe(404);
    expect(neutronError(response).type).toBe('RouterNotFound');
    expect((await call(server, 'GET', '/v2.0/vpn/vpnservices', undefined, project)).body.vpnservices).toEqual(
      [],
    );
  });

  it('answers {"ikepolicies": [...]} as upstream does: no ikepolicy in the body', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicies: [{ name: 'x' }] });
    expect(response.status).toBe(400);
    expect(neutronError(response).message).toBe("Unable to find 'ikepolicy' in request body");
  });
});

describe('peer_address (upstream: an IP address or a name that resolves; the gateway is IPv4)', () => {
  const project = { 'X-Project-Id': 'peer-project' };
  let objects: VpnObjects;
  beforeAll(async () => {
    objects = await setUpVpn(server, project);
  });
  const create = (peer_address: string) =>
    call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { peer_address, name: `peer-${peer_address.length}` }),
      project,
    );

  it('refuses an address that cannot resolve with VPNPeerAddressNotResolved', async () => {
    // Not a host name, so no DNS query leaves the machine.
    const response = await create('not_an_ip');
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'VPNPeerAddressNotResolved',
      message: 'Peer address not_an_ip cannot be resolved',
      detail: '',
    });
  });

  it('takes a name that resolves (localhost, from /etc/hosts) and keeps it as sent', async () => {
    const response = await create('localhost');
    expect(response.status).toBe(201);
    expect(response.body.ipsec_site_connection.peer_address).toBe('localhost');
  });

  it('refuses an IPv6 peer behind the IPv4-only gateway with ExternalNetworkHasNoSubnet', async () => {
    const response = await create('2001:db8::1');
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'ExternalNetworkHasNoSubnet',
      message: `Router's ${objects.routerId} external network has no IPv6 subnet`,
      detail: '',
    });
  });

  it('refuses an IPv6 peer on update too, and keeps the stored peer', async () => {
    const created = await create('172.24.4.234');
    expect(created.status).toBe(201);
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE', 10_000, project);
    const response = await call(
      server,
      'PUT',
      path,
      { ipsec_site_connection: { peer_address: '2001:db8::2' } },
      project,
    );
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'ExternalNetworkHasNoSubnet',
      message: `Router's ${objects.routerId} external network has no IPv6 subnet`,
      detail: '',
    });
    const shown = await call(server, 'GET', path, undefined, project);
    expect(shown.body.ipsec_site_connection).toMatchObject({
      peer_address: '172.24.4.234',
      status: 'ACTIVE',
    });
  });
});

// Upstream's words where upstream refuses the value too (recorded from neutron-server 21 with
// neutron-vpnaas 21), then the limit or the allowed values where Classic VPN adds them.
describe('messages (upstream: neutron-lib validators and exceptions, word for word)', () => {
  const project = { 'X-Project-Id': 'messages-project' };
  let objects: VpnObjects;
  beforeAll(async () => {
    objects = await setUpVpn(server, project);
  });
  const createConnection = (changes: Record<string, unknown>) =>
    call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects, changes), project);

  it('answers an id that is not a UUID as validate_uuid does', async () => {
    const response = await createConnection({ vpnservice_id: 'not-a-uuid' });
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'HTTPBadRequest',
      message: "Invalid input for vpnservice_id. Reason: 'not-a-uuid' is not a valid UUID.",
      detail: '',
    });
    const service = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: 'abc' } },
      project,
    );
    expect(neutronError(service).message).toBe(
      "Invalid input for router_id. Reason: 'abc' is not a valid UUID.",
    );
  });

  it('answers a subnet group endpoint that is not a UUID, or no subnet, with upstream’s types', async () => {
    const notUuid = await call(
      server,
      'POST',
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { type: 'subnet', endpoints: ['abc'] } },
      project,
    );
    expect(notUuid.status).toBe(400);
    expect(neutronError(notUuid)).toEqual({
      type: 'InvalidEndpointInEndpointGroup',
      message: "Endpoint 'abc' is invalid for group type 'subnet': Invalid UUID",
      detail: '',
    });
    const missing = await call(
      server,
      'POST',
      '/v2.0/vpn/endpoint-groups',
      { endpoint_group: { type: 'subnet', endpoints: ['5c561d9d-eaea-45f6-ae3e-08d1a7080828'] } },
      project,
    );
    expect(missing.status).toBe(400);
    expect(neutronError(missing)).toEqual({
      type: 'NonExistingSubnetInEndpointGroup',
      message: 'Subnet 5c561d9d-eaea-45f6-ae3e-08d1a7080828 in endpoint group does not exist',
      detail: '',
    });
  });

  it('answers DPD errors as upstream, with the limit appended', async () => {
    const timeout = await createConnection({ dpd: { interval: 30, timeout: 30 } });
    expect(timeout.status).toBe(400);
    expect(neutronError(timeout)).toEqual({
      type: 'IPsecSiteConnectionDpdIntervalValueError',
      message:
        'ipsec_site_connection dpd_timeout is equal to or less than dpd_interval; the DPD timeout (30) must be greater than the DPD interval (30)',
      detail: '',
    });
    const notObject = await createConnection({ dpd: 59 });
    expect(neutronError(notObject)).toEqual({
      type: 'HTTPBadRequest',
      message: "Invalid input for dpd. Reason: '59' is not a dictionary.",
      detail: '',
    });
    const negative = await createConnection({ dpd: { interval: -1 } });
    expect(neutronError(negative).message).toBe(
      "Invalid input for dpd. Reason: '-1' should be non-negative; it must be at least '1'.",
    );
    const action = await createConnection({ dpd: { action: 'bogus' } });
    expect(neutronError(action).message).toBe(
      'Invalid input for dpd. Reason: bogus is not in valid_values; valid values are clear, disabled, hold, restart, restart-by-peer.',
    );
    const unknown = await createConnection({ dpd: { foo: 1 } });
    expect(neutronError(unknown).message).toBe(
      'Invalid input for dpd. Reason: Unexpected keys supplied: foo.',
    );
  });

  it('answers an MTU upstream refuses too in its words, then the one value Classic VPN takes', async () => {
    const small = await createConnection({ mtu: 63 });
    expect(small.status).toBe(400);
    expect(neutronError(small)).toEqual({
      type: 'IPsecSiteConnectionMtuError',
      message: 'ipsec_site_connection MTU 63 is too small for ipv4; only 1500 is supported',
      detail: '',
    });
    const negative = await createConnection({ mtu: -1 });
    expect(neutronError(negative)).toEqual({
      type: 'HTTPBadRequest',
      message: "Invalid input for mtu. Reason: '-1' should be non-negative; only 1500 is supported.",
      detail: '',
    });
    // Upstream takes 1400: no upstream text, ours.
    const other = await createConnection({ mtu: 1400 });
    expect(neutronError(other).message).toBe(
      'Invalid input for mtu. Reason: only 1500 is supported, not 1400.',
    );
  });

  it('answers lifetime errors naming the lifetime, as upstream validates it whole', async () => {
    const create = (lifetime: unknown) =>
      call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { lifetime } }, project);
    const small = await create({ units: 'seconds', value: 59 });
    expect(small.status).toBe(400);
    expect(neutronError(small)).toEqual({
      type: 'HTTPBadRequest',
      message: "Invalid input for lifetime. Reason: '59' is too small - must be at least '60'.",
      detail: '',
    });
    expect(neutronError(await create({ units: 'kilobytes', value: 3600 })).message).toBe(
      'Invalid input for lifetime. Reason: kilobytes is not in valid_values; the only valid value is seconds.',
    );
    expect(neutronError(await create({ value: 'abc' })).message).toBe(
      "Invalid input for lifetime. Reason: 'abc' is not an integer.",
    );
    expect(neutronError(await create(3600)).message).toBe(
      "Invalid input for lifetime. Reason: '3600' is not a dictionary.",
    );
    // Classic VPN's upper limit (upstream has none), in validate_range's words.
    expect(neutronError(await create({ value: 604801 })).message).toBe(
      "Invalid input for lifetime. Reason: '604801' is too large - must be no larger than '604800'.",
    );
  });
});
