import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/common/pino.logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const TOKENS = {
  'user-token': { project_id: 'project-a', roles: ['member'] },
  'other-token': { project_id: 'project-b', roles: ['member'] },
  'admin-token': { project_id: 'admin-project', roles: ['admin'] },
};
const as = (token: string) => ({ 'X-Auth-Token': token });

describe('token mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(
      loadConfigFor({ VPNAAS_AUTH_MODE: 'token', VPNAAS_TOKENS: JSON.stringify(TOKENS) }),
    );
  });
  afterAll(() => server.close());

  it('answers version discovery without a token, and nothing else', async () => {
    expect((await call(server, 'GET', '/')).status).toBe(200);
    const missing = await call(server, 'GET', '/v2.0/vpn/ikepolicies');
    expect(missing.status).toBe(401);
    expect(missing.body.NeutronError).toEqual({
      type: 'HTTPUnauthorized',
      message: 'Authentication required: send X-Auth-Token',
      detail: '',
    });
    const wrong = await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('guess'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.NeutronError).toEqual({
      type: 'HTTPUnauthorized',
      message: 'Authentication failed: the X-Auth-Token is not valid',
      detail: '',
    });
    expect(wrong.text).not.toContain('guess');
    // Static tokens name no identity service to send the client to.
    expect(wrong.headers.get('www-authenticate')).toBeNull();
    // A public path with a query string is still public; /identity is one only in embedded mode.
    expect((await call(server, 'GET', '/?format=json')).status).toBe(200);
    const identity = await call(server, 'GET', '/identity/v3');
    expect(identity.status).toBe(401);
    expect(identity.body.NeutronError.message).toBe('Authentication required: send X-Auth-Token');
  });

  it('lets an admin show, update and delete another project’s object', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'a-shown' } },
      as('user-token'),
    );
    const path = `/v2.0/vpn/ikepolicies/${created.body.ikepolicy.id}`;
    const shown = await call(server, 'GET', path, undefined, as('admin-token'));
    expect(shown.status).toBe(200);
    expect(shown.body.ikepolicy).toMatchObject({ name: 'a-shown', project_id: 'project-a' });
    const updated = await call(server, 'PUT', path, { ikepolicy: { name: 'a-renamed' } }, as('admin-token'));
    expect(updated.status).toBe(200);
    expect(updated.body.ikepolicy).toMatchObject({ name: 'a-renamed', project_id: 'project-a' });
    expect((await call(server, 'DELETE', path, undefined, as('admin-token'))).status).toBe(204);
    expect((await call(server, 'GET', path, undefined, as('user-token'))).status).toBe(404);
    // Another kind of object, looked up the same way.
    const ipsec = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsecpolicies',
      { ipsecpolicy: { name: 'a-ipsec' } },
      as('user-token'),
    );
    const ipsecPath = `/v2.0/vpn/ipsecpolicies/${ipsec.body.ipsecpolicy.id}`;
    const ipsecShown = await call(server, 'GET', ipsecPath, undefined, as('admin-token'));
    expect(ipsecShown.status).toBe(200);
    expect(ipsecShown.body.ipsecpolicy).toMatchObject({ name: 'a-ipsec', project_id: 'project-a' });
  });

  it('scopes every resource to the token’s project', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'a1' } },
      as('user-token'),
    );
    expect(created.body.ikepolicy).toMatchObject({ tenant_id: 'project-a', project_id: 'project-a' });
    const id = created.body.ikepolicy.id;
    expect(
      (await call(server, 'GET', `/v2.0/vpn/ikepolicies/${id}`, undefined, as('other-token'))).status,
    ).toBe(404);
    expect(
      (await call(server, 'DELETE', `/v2.0/vpn/ikepolicies/${id}`, undefined, as('other-token'))).status,
    ).toBe(404);
    expect(
      (await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('other-token'))).body.ikepolicies,
    ).toEqual([]);
  });

  it('lets an admin list across projects and create for another project', async () => {
    const forB = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsecpolicies',
      { ipsecpolicy: { name: 'b1', tenant_id: 'project-b', project_id: 'project-b' } },
      as('admin-token'),
    );
    expect(forB.status).toBe(201);
    expect(forB.body.ipsecpolicy.tenant_id).toBe('project-b');
    const seenByB = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies', undefined, as('other-token'));
    expect(seenByB.body.ipsecpolicies.map((p: { id: string }) => p.id)).toEqual([forB.body.ipsecpolicy.id]);
    // This test's own object of project A: the admin sees exactly what A sees, and B's too.
    const ofA = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'a-own' } },
      as('user-token'),
    );
    const idsOf = (body: Record<string, any>) =>
      (body.ikepolicies as { id: string }[]).map((p) => p.id).sort();
    const seenByA = idsOf(
      (await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('user-token'))).body,
    );
    expect(seenByA).toContain(ofA.body.ikepolicy.id);
    const adminOfA = await call(
      server,
      'GET',
      '/v2.0/vpn/ikepolicies?tenant_id=project-a',
      undefined,
      as('admin-token'),
    );
    expect(idsOf(adminOfA.body)).toEqual(seenByA);
    const adminAll = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies', undefined, as('admin-token'));
    expect(adminAll.body.ipsecpolicies.map((p: { id: string }) => p.id)).toContain(forB.body.ipsecpolicy.id);
  });

  it('refuses a member creating for another project, and tenant_id and project_id that differ', async () => {
    const other = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { tenant_id: 'project-b' } },
      as('user-token'),
    );
    expect(other.status).toBe(403);
    // Upstream's policy refusal (oslo.policy's PolicyNotAuthorized).
    expect(other.body.NeutronError.type).toBe('PolicyNotAuthorized');
    const mismatch = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { tenant_id: 'project-a', project_id: 'project-b' } },
      as('admin-token'),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.NeutronError.message).toBe("'project_id' and 'tenant_id' do not match");
  });
});

describe('token mode roles', () => {
  it('lets a reader token read, not write; a token without roles is a member; other roles get nothing', async () => {
    const server = await startServer(
      loadConfigFor({
        VPNAAS_AUTH_MODE: 'token',
        VPNAAS_TOKENS: JSON.stringify({
          reader: { project_id: 'p', roles: ['reader'] },
          plain: { project_id: 'p' },
          odd: { project_id: 'p', roles: ['auditor'] },
        }),
      }),
    );
    try {
      const written = await call(
        server,
        'POST',
        '/v2.0/vpn/ikepolicies',
        { ikepolicy: { name: 'ok' } },
        as('plain'),
      );
      expect(written.status).toBe(201);
      const refused = await call(
        server,
        'DELETE',
        `/v2.0/vpn/ikepolicies/${written.body.ikepolicy.id}`,
        undefined,
        as('reader'),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.NeutronError).toEqual({
        type: 'PolicyNotAuthorized',
        message: 'rule:delete_ikepolicy is disallowed by policy',
        detail: '',
      });
      const interfaceRefused = await call(
        server,
        'PUT',
        '/v2.0/routers/r/add_router_interface',
        {},
        as('reader'),
      );
      expect(interfaceRefused.body.NeutronError.message).toBe(
        'rule:add_router_interface is disallowed by policy',
      );
      const read = await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('reader'));
      expect(read.body.ikepolicies.map((policy: { name: string }) => policy.name)).toEqual(['ok']);
      expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('odd'))).status).toBe(403);
      // The query by tag is a POST that only reads: a reader may send it.
      const counted = await call(
        server,
        'POST',
        '/v2.0/p/ipsec-site-connections/resource_instances/action',
        { action: 'count' },
        as('reader'),
      );
      expect(counted.status, counted.text).toBe(200);
      expect(counted.body).toEqual({ total_count: 0 });
      // Each refusal names upstream's policy rule: PATCH is an update, ports have their own,
      // a path of no resource is named by its method and path.
      const refusals: [string, string, string, string][] = [
        ['reader', 'PATCH', `/v2.0/vpn/ikepolicies/${written.body.ikepolicy.id}`, 'rule:update_ikepolicy'],
        ['reader', 'POST', '/v2.0/ports', 'rule:create_port'],
        ['reader', 'DELETE', '/v2.0/ports/a-port', 'rule:delete_port'],
        ['odd', 'GET', '/v2.0/nowhere', 'rule:get /v2.0/nowhere'],
      ];
      for (const [token, method, path, rule] of refusals) {
        const refusal = await call(server, method, path, method === 'GET' ? undefined : {}, as(token));
        expect(refusal.status, `${method} ${path}`).toBe(403);
        expect(refusal.body.NeutronError).toEqual({
          type: 'PolicyNotAuthorized',
          message: `${rule} is disallowed by policy`,
          detail: '',
        });
      }
    } finally {
      await server.close();
    }
  });
});

describe('admin-only attributes', () => {
  it('lets only an admin set a VPN service’s external_v4_ip', async () => {
    const server = await startServer();
    try {
      const router = (await call(server, 'POST', '/v2.0/routers', { router: {} })).body.router.id;
      const body = { vpnservice: { router_id: router, external_v4_ip: '80.158.1.2' } };
      const member = await call(server, 'POST', '/v2.0/vpn/vpnservices', body);
      expect(member.status).toBe(403);
      expect(member.body.NeutronError).toEqual({
        type: 'PolicyNotAuthorized',
        message:
          'create_vpnservice:external_v4_ip is disallowed by policy: only an admin may set external_v4_ip',
        detail: '',
      });
      const admin = await call(server, 'POST', '/v2.0/vpn/vpnservices', body, { 'X-Roles': 'admin' });
      expect(admin.status).toBe(201);
      expect(admin.body.vpnservice.external_v4_ip).toBe('80.158.1.2');
    } finally {
      await server.close();
    }
  });
});

describe('noauth mode', () => {
  it('makes X-Roles: admin an admin', async () => {
    const server = await startServer();
    try {
      await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: {} }, { 'X-Project-Id': 'p1' });
      expect(
        (await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, { 'X-Project-Id': 'p2' })).body
          .ikepolicies,
      ).toEqual([]);
      const admin = await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, {
        'X-Project-Id': 'p2',
        'X-Roles': 'member, admin',
      });
      expect(admin.body.ikepolicies).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('an admin creating for another project', () => {
  it('references only that project’s objects, and a quota of 0 allows none', async () => {
    const server = await startServer(loadConfigFor({ VPNAAS_QUOTAS: JSON.stringify({ endpoint_group: 0 }) }));
    try {
      const admin = { 'X-Roles': 'admin', 'X-Project-Id': 'admin-project' };
      const ofC = await call(
        server,
        'POST',
        '/v2.0/routers',
        { router: { name: 'c' } },
        { 'X-Project-Id': 'project-c' },
      );
      // Created for project B, the service may not use project C's router, even though an admin asks.
      const forB = await call(
        server,
        'POST',
        '/v2.0/vpn/vpnservices',
        { vpnservice: { router_id: ofC.body.router.id, tenant_id: 'project-b' } },
        admin,
      );
      expect(forB.status).toBe(404);
      expect(forB.body.NeutronError.type).toBe('RouterNotFound');
      const none = await call(server, 'POST', '/v2.0/vpn/endpoint-groups', {
        endpoint_group: { type: 'cidr', endpoints: ['10.9.0.0/24'] },
      });
      expect(none.status).toBe(409);
      expect(none.body.NeutronError.type).toBe('OverQuota');
    } finally {
      await server.close();
    }
  });
});

describe('quotas', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(
      loadConfigFor({ VPNAAS_QUOTAS: JSON.stringify({ ipsec_site_connection: 3 }) }),
    );
  });
  afterAll(() => server.close());

  it('allows Classic VPN’s 2 VPN services per project, then refuses with OverQuota', async () => {
    const router = (await call(server, 'POST', '/v2.0/routers', { router: {} })).body.router.id;
    for (let i = 0; i < 2; i++) {
      expect(
        (await call(server, 'POST', '/v2.0/vpn/vpnservices', { vpnservice: { router_id: router } })).status,
      ).toBe(201);
    }
    const third = await call(server, 'POST', '/v2.0/vpn/vpnservices', { vpnservice: { router_id: router } });
    expect(third.status).toBe(409);
    expect(third.body.NeutronError.type).toBe('OverQuota');
    expect(third.body.NeutronError.message).toContain('at most 2 vpnservices');
    // Another project has its own quota.
    const elsewhere = await call(server, 'POST', '/v2.0/routers', { router: {} }, { 'X-Project-Id': 'p9' });
    const theirs = await call(
      server,
      'POST',
      '/v2.0/vpn/vpnservices',
      { vpnservice: { router_id: elsewhere.body.router.id } },
      { 'X-Project-Id': 'p9' },
    );
    expect(theirs.status).toBe(201);
  });

  it('gives the last units to exactly as many of many racing requests', async () => {
    const objects = await setUpVpn({ url: server.url }, { 'X-Project-Id': 'racer' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects, { name: `c${i}` }), {
          'X-Project-Id': 'racer',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409 && r.body.NeutronError.type === 'OverQuota')).toHaveLength(
      17,
    );
    const listed = await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, {
      'X-Project-Id': 'racer',
    });
    expect(listed.body.ipsec_site_connections).toHaveLength(3);
  });
});

describe('logs', () => {
  it('redact the auth token and the pre-shared key', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk;
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        req: { headers: { 'x-auth-token': 'admin-token' } },
        body: { ipsec_site_connection: { psk: 'secret.42' } },
      },
      'x',
    );
    expect(written).not.toContain('admin-token');
    expect(written).not.toContain('secret.42');
    expect(written).toContain('[REDACTED]');
  });
});

function loadConfigFor(env: Record<string, string>) {
  const { authMode, tokens, quotas } = loadConfig(env);
  return { authMode, tokens, quotas };
}
