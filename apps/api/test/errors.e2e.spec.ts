import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ bodyLimitBytes: 4096 });
});
afterAll(() => server.close());

const neutronError = (response: { body: any }) => response.body.NeutronError;

describe('errors over HTTP', () => {
  it('puts X-Openstack-Request-Id on every response, errors included', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/v2.0/vpn/ikepolicies'],
      ['GET', '/nowhere'],
      ['DELETE', '/v2.0/vpn/ikepolicies'],
    ] as const) {
      const response = await call(server, method, path);
      expect(response.headers.get('x-openstack-request-id')).toMatch(
        /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
  });

  it('answers an unknown route with a 404 NeutronError', async () => {
    const response = await call(server, 'GET', '/v2.0/vpn/tunnels');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('allow')).toBeNull();
    expect(neutronError(response)).toEqual({
      type: 'HTTPNotFound',
      message: 'The resource could not be found.',
      detail: '',
    });
  });

  it('answers a known path with a wrong method with a 405 NeutronError', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/v2.0/vpn/ikepolicies', 'GET, POST'],
      ['DELETE', '/v2.0/vpn/ipsec-site-connections', 'GET, POST'],
      ['POST', '/v2.0/vpn/vpnservices/5c561d9d-eaea-45f6-ae3e-08d1a7080828', 'DELETE, GET, PUT'],
      ['PATCH', '/v2.0/vpn/endpoint-groups/5c561d9d-eaea-45f6-ae3e-08d1a7080828', 'DELETE, GET, PUT'],
    ] as const) {
      const response = await call(server, method, path);
      expect(response.status, `${method} ${path}`).toBe(405);
      // The Allow header lists the path's methods.
      expect(response.headers.get('allow'), path).toBe(allow);
      // Upstream's text, word for word (webob's, through neutron's fault map).
      expect(neutronError(response)).toEqual({
        type: 'HTTPMethodNotAllowed',
        message:
          'The server could not comply with the request since it is either malformed or otherwise incorrect.',
        detail: '',
      });
    }
  });

  it('answers malformed JSON with 400 Body contains invalid data', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/ikepolicies', '{"ikepolicy": ');
    expect(response.status).toBe(400);
    expect(neutronError(response)).toEqual({
      type: 'HTTPBadRequest',
      message: 'Body contains invalid data',
      detail: '',
    });
  });

  it('refuses a body over the limit with 413; reads any other content type as JSON, as upstream', async () => {
    const large = await call(server, 'POST', '/v2.0/vpn/ikepolicies', {
      ikepolicy: { description: 'x'.repeat(5000) },
    });
    expect(large.status).toBe(413);
    expect(neutronError(large).type).toBe('HTTPRequestEntityTooLarge');
    const text = await call(server, 'POST', '/v2.0/vpn/ikepolicies', 'ikepolicy', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(400);
    expect(neutronError(text)).toEqual({
      type: 'HTTPBadRequest',
      message: 'Body contains invalid data',
      detail: '',
    });
    const json = await call(server, 'POST', '/v2.0/vpn/ikepolicies', '{"ikepolicy": {"name": "plain"}}', {
      'content-type': 'text/plain',
    });
    expect(json.status).toBe(201);
  });

  it('answers a missing body like upstream', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/vpnservices');
    expect(response.status).toBe(400);
    expect(neutronError(response).message).toBe("Unable to find 'vpnservice' in request body");
  });

  it('answers a path id that is not a UUID, or does not exist, with the resource’s 404', async () => {
    for (const id of ['not-a-uuid', '5c561d9d-eaea-45f6-ae3e-08d1a7080828']) {
      const response = await call(server, 'GET', `/v2.0/vpn/endpoint-groups/${id}`);
      expect(response.status).toBe(404);
      expect(neutronError(response)).toEqual({
        type: 'VPNEndpointGroupNotFound',
        message: `Endpoint group ${id} could not be found`,
        detail: '',
      });
    }
  });

  it('answers the five pinned bad bodies with these errors, word for word', async () => {
    // Stated literally: the CLI agreement test below holds the service and the validator to one
    // answer, this one holds that answer to what a user reads (upstream's order: missing attributes first).
    const pinned: [string, unknown, { type: string; message: string }][] = [
      [
        'ipsec-site-connections',
        { ipsec_site_connection: { psk: 'secret?' } },
        {
          type: 'HTTPBadRequest',
          message: "Failed to parse request. Required attribute 'ikepolicy_id' not specified",
        },
      ],
      [
        'ipsec-site-connections',
        { ipsec_site_connection: { foo: 1, bar: 2 } },
        { type: 'HTTPBadRequest', message: "Unrecognized attribute(s) 'foo, bar'" },
      ],
      [
        'ipsecpolicies',
        { ikepolicy: {} },
        { type: 'HTTPBadRequest', message: "Unable to find 'ipsecpolicy' in request body" },
      ],
      [
        'endpoint-groups',
        { endpoint_group: { type: 'cidr', endpoints: ['10.0.0.0/24', '2001:db8::/64'] } },
        {
          type: 'MixedIPVersionsForIPSecEndpoints',
          message:
            "Invalid input for endpoints. Reason: all CIDRs must be of one IP version, but '10.0.0.0/24' is IPv4 and '2001:db8::/64' is IPv6.",
        },
      ],
      [
        'vpnservices',
        { vpnservice: { router_id: 'r1' } },
        { type: 'HTTPBadRequest', message: "Invalid input for router_id. Reason: 'r1' is not a valid UUID." },
      ],
    ];
    for (const [resource, body, expected] of pinned) {
      const response = await call(server, 'POST', `/v2.0/vpn/${resource}`, body);
      expect(response.status, resource).toBe(400);
      expect(response.body).toEqual({ NeutronError: { ...expected, detail: '' } });
    }
  });

  it('gives byte for byte the validator CLI’s --json answer for a bad body', async () => {
    const cli = join(
      dirname(createRequire(import.meta.url).resolve('@vpnaas/validator')),
      'cli',
      'vpnaas-validate.cli.js',
    );
    const bodies = [
      { ipsec_site_connection: { psk: 'secret?' } },
      { ipsec_site_connection: { foo: 1, bar: 2 } },
      { ikepolicy: {} },
      { endpoint_group: { type: 'cidr', endpoints: ['10.0.0.0/24', '2001:db8::/64'] } },
      { vpnservice: { router_id: 'r1' } },
    ];
    const paths = [
      'ipsec-site-connections',
      'ipsec-site-connections',
      'ipsecpolicies',
      'endpoint-groups',
      'vpnservices',
    ];
    for (const [index, body] of bodies.entries()) {
      const resource = paths[index] as string;
      const http = await call(server, 'POST', `/v2.0/vpn/${resource}`, body);
      const offline = spawnSync(process.execPath, [cli, '--json', '--resource', resource], {
        input: JSON.stringify(body),
        encoding: 'utf8',
      });
      expect(http.status).toBe(400);
      expect(offline.status).toBe(1);
      expect(`${http.text}\n`).toBe(offline.stdout);
    }
  });

  it('never echoes the pre-shared key', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', {
      ipsec_site_connection: { psk: 'hunter2?secret' },
    });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('hunter2');
  });
});
