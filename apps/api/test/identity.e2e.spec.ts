// The embedded identity (VPNAAS_AUTH_MODE=embedded) as a Keystone v3 client sees
// it, and keystone mode validating tokens against it over real HTTP (it answers
// Keystone's API; the interop suite does the same against Debian's real Keystone).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config.js';
import { collectedLog } from './support/collected-log.js';
import { call, startServer, type TestServer } from './support/test-server.js';

const IDENTITY = {
  projects: [{ name: 'alpha' }, { name: 'beta' }, { name: 'service' }, { name: 'admin' }],
  users: [
    { name: 'alice', password: 'alice-pw', roles: { alpha: ['member'] } },
    { name: 'rita', password: 'rita-pw', roles: { alpha: ['reader'] } },
    { name: 'bob', password: 'bob-pw', roles: { beta: ['member'] } },
    { name: 'odd', password: 'odd-pw', roles: { alpha: ['auditor'] } },
    { name: 'root', password: 'root-pw', roles: { admin: ['admin'] } },
    { name: 'vpnaas', password: 'service-pw', roles: { service: ['service'] } },
  ],
};

function embeddedConfig(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vpnaas-identity-'));
  writeFileSync(join(dir, 'identity.json'), JSON.stringify(IDENTITY));
  const { authMode, identity } = loadConfig({
    VPNAAS_AUTH_MODE: 'embedded',
    VPNAAS_IDENTITY_FILE: join(dir, 'identity.json'),
    VPNAAS_IDENTITY_REGION: 'RegionTest',
    ...extra,
  });
  return { authMode, identity };
}

function passwordAuth(user: string, password: string, project?: string) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      ...(project ? { scope: { project: { name: project, domain: { id: 'default' } } } } : {}),
    },
  };
}

async function login(identity: { url: string }, user: string, password: string, project?: string) {
  const response = await call(
    identity,
    'POST',
    '/identity/v3/auth/tokens',
    passwordAuth(user, password, project),
  );
  expect(response.status).toBe(201);
  return response.headers.get('x-subject-token') as string;
}

const as = (token: string) => ({ 'X-Auth-Token': token });

describe('embedded identity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(embeddedConfig());
  });
  afterAll(() => server.close());

  it('answers version discovery as Keystone does', async () => {
    const list = await call(server, 'GET', '/identity');
    expect(list.status).toBe(300);
    expect(list.body.versions.values).toEqual([
      expect.objectContaining({
        id: 'v3.14',
        status: 'stable',
        links: [{ rel: 'self', href: `${server.url}/identity/v3/` }],
      }),
    ]);
    expect(list.headers.get('location')).toBe(`${server.url}/identity/v3/`);
    const v3 = await call(server, 'GET', '/identity/v3/');
    expect(v3.status).toBe(200);
    expect(v3.body.version.id).toBe('v3.14');
  });

  it('issues a project token with roles and a catalog naming this service the network endpoint', async () => {
    const response = await call(
      server,
      'POST',
      '/identity/v3/auth/tokens',
      passwordAuth('root', 'root-pw', 'admin'),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-subject-token')).toMatch(/^\S{40,}$/);
    const { token } = response.body;
    expect(token.user).toMatchObject({ name: 'root', domain: { id: 'default', name: 'Default' } });
    expect(token.project).toMatchObject({ name: 'admin', domain: { id: 'default' } });
    expect(token.roles.map((role: { name: string }) => role.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ]);
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(3600_000);
    const network = token.catalog.find((service: { type: string }) => service.type === 'network');
    expect(network.endpoints).toContainEqual(
      expect.objectContaining({ interface: 'public', region_id: 'RegionTest', url: server.url }),
    );
  });

  it('refuses a wrong password, an unknown user and a project without roles with 401', async () => {
    for (const body of [
      passwordAuth('alice', 'wrong', 'alpha'),
      passwordAuth('nobody', 'alice-pw', 'alpha'),
      passwordAuth('alice', 'alice-pw', 'beta'),
    ]) {
      const response = await call(server, 'POST', '/identity/v3/auth/tokens', body);
      expect(response.status).toBe(401);
      expect(response.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
      expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${server.url}/identity/v3"`);
    }
    const malformed = await call(server, 'POST', '/identity/v3/auth/tokens', { auth: {} });
    expect(malformed.status).toBe(400);
  });

  it('asks for a token with 401 and WWW-Authenticate, and refuses malformed, unscoped and revoked ones', async () => {
    const missing = await call(server, 'GET', '/v2.0/vpn/ikepolicies');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(`Keystone uri="${server.url}/identity"`);
    expect(missing.body.NeutronError.type).toBe('HTTPUnauthorized');
    for (const token of ['x', 'é'.repeat(10), 'a'.repeat(9000)]) {
      expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(401);
    }
    const unscoped = await login(server, 'alice', 'alice-pw');
    expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(unscoped))).status).toBe(401);

    const token = await login(server, 'alice', 'alice-pw', 'alpha');
    expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(200);
    const revoke = await call(server, 'DELETE', '/identity/v3/auth/tokens', undefined, {
      ...as(token),
      'X-Subject-Token': token,
    });
    expect(revoke.status).toBe(204);
    const after = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'late' } },
      as(token),
    );
    expect(after.status).toBe(401);
  });

  it('applies the roles: a reader reads, a member writes, other roles get PolicyNotAuthorized; nothing is written', async () => {
    const alice = await login(server, 'alice', 'alice-pw', 'alpha');
    const rita = await login(server, 'rita', 'rita-pw', 'alpha');
    const odd = await login(server, 'odd', 'odd-pw', 'alpha');
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'a1' } },
      as(alice),
    );
    expect(created.status).toBe(201);
    const id = created.body.ikepolicy.id;

    expect((await call(server, 'GET', `/v2.0/vpn/ikepolicies/${id}`, undefined, as(rita))).status).toBe(200);
    const write = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'r1' } },
      as(rita),
    );
    expect(write.status).toBe(403);
    expect(write.body.NeutronError).toEqual({
      type: 'PolicyNotAuthorized',
      message: 'rule:create_ikepolicy is disallowed by policy',
      detail: '',
    });
    const update = await call(
      server,
      'PUT',
      `/v2.0/vpn/ikepolicies/${id}`,
      { ikepolicy: { name: 'r2' } },
      as(rita),
    );
    expect(update.body.NeutronError.message).toBe('rule:update_ikepolicy is disallowed by policy');
    expect((await call(server, 'DELETE', `/v2.0/vpn/ikepolicies/${id}`, undefined, as(rita))).status).toBe(
      403,
    );
    const read = await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(odd));
    expect(read.status).toBe(403);
    expect(read.body.NeutronError.message).toBe('rule:get_ikepolicy is disallowed by policy');

    const names = (
      await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(alice))
    ).body.ikepolicies.map((policy: { name: string }) => policy.name);
    expect(names).toContain('a1');
    expect(names).not.toContain('r1');
    expect(names).not.toContain('r2');
  });

  it('keeps a member of one project out of another; an admin sees both', async () => {
    const alice = await login(server, 'alice', 'alice-pw', 'alpha');
    const bob = await login(server, 'bob', 'bob-pw', 'beta');
    const root = await login(server, 'root', 'root-pw', 'admin');
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsecpolicies',
      { ipsecpolicy: { name: 'mine' } },
      as(alice),
    );
    const id = created.body.ipsecpolicy.id;
    expect((await call(server, 'GET', `/v2.0/vpn/ipsecpolicies/${id}`, undefined, as(bob))).status).toBe(404);
    const put = await call(
      server,
      'PUT',
      `/v2.0/vpn/ipsecpolicies/${id}`,
      { ipsecpolicy: { name: 'his' } },
      as(bob),
    );
    expect(put.status).toBe(404);
    expect((await call(server, 'DELETE', `/v2.0/vpn/ipsecpolicies/${id}`, undefined, as(bob))).status).toBe(
      404,
    );
    expect(
      (await call(server, 'GET', '/v2.0/vpn/ipsecpolicies', undefined, as(bob))).body.ipsecpolicies,
    ).toEqual([]);
    const foreign = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsecpolicies',
      { ipsecpolicy: { name: 'planted', tenant_id: created.body.ipsecpolicy.tenant_id } },
      as(bob),
    );
    expect(foreign.status).toBe(403);
    const all = await call(server, 'GET', '/v2.0/vpn/ipsecpolicies', undefined, as(root));
    expect(all.body.ipsecpolicies.map((policy: { name: string }) => policy.name)).toEqual(['mine']);
  });

  it('lets a service validate tokens, and nobody else look at another token', async () => {
    const service = await login(server, 'vpnaas', 'service-pw', 'service');
    const alice = await login(server, 'alice', 'alice-pw', 'alpha');
    const bob = await login(server, 'bob', 'bob-pw', 'beta');
    const valid = await call(server, 'GET', '/identity/v3/auth/tokens?nocatalog', undefined, {
      ...as(service),
      'X-Subject-Token': alice,
    });
    expect(valid.status).toBe(200);
    expect(valid.body.token.project.name).toBe('alpha');
    expect(valid.body.token.catalog).toBeUndefined();
    const nosy = await call(server, 'GET', '/identity/v3/auth/tokens', undefined, {
      ...as(bob),
      'X-Subject-Token': alice,
    });
    expect(nosy.status).toBe(403);
    const unknown = await call(server, 'GET', '/identity/v3/auth/tokens', undefined, {
      ...as(service),
      'X-Subject-Token': 'nope',
    });
    expect(unknown.status).toBe(404);
  });
});

describe('embedded identity: expiry', () => {
  it('refuses a token once it has expired', async () => {
    const server = await startServer(embeddedConfig({ VPNAAS_IDENTITY_TOKEN_TTL_S: '1' }));
    try {
      const token = await login(server, 'alice', 'alice-pw', 'alpha');
      expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await call(
        server,
        'POST',
        '/v2.0/vpn/ikepolicies',
        { ikepolicy: { name: 'late' } },
        as(token),
      );
      expect(expired.status).toBe(401);
      const fresh = await login(server, 'alice', 'alice-pw', 'alpha');
      expect(
        (await call(server, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(fresh))).body.ikepolicies,
      ).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('keystone mode, against a Keystone v3 API over HTTP', () => {
  let identity: TestServer;
  let api: TestServer;
  beforeAll(async () => {
    identity = await startServer(embeddedConfig());
    api = await startServer(
      keystoneConfig(keystoneEnv(`${identity.url}/identity/v3`, { VPNAAS_KEYSTONE_CACHE_TTL_S: '1' })),
    );
  });
  afterAll(async () => {
    await api.close();
    await identity.close();
  });

  it('takes project and roles from Keystone, and names it in WWW-Authenticate', async () => {
    const alice = await login(identity, 'alice', 'alice-pw', 'alpha');
    const created = await call(
      api,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'k1' } },
      as(alice),
    );
    expect(created.status).toBe(201);
    expect(created.body.ikepolicy.project_id).toBe(IDENTITY_PROJECT_ID('alpha'));
    const rita = await login(identity, 'rita', 'rita-pw', 'alpha');
    expect(
      (await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(rita))).body.ikepolicies,
    ).toHaveLength(1);
    const denied = await call(
      api,
      'DELETE',
      `/v2.0/vpn/ikepolicies/${created.body.ikepolicy.id}`,
      undefined,
      as(rita),
    );
    expect(denied.status).toBe(403);
    expect(denied.body.NeutronError.type).toBe('PolicyNotAuthorized');
    const bob = await login(identity, 'bob', 'bob-pw', 'beta');
    expect(
      (await call(api, 'GET', `/v2.0/vpn/ikepolicies/${created.body.ikepolicy.id}`, undefined, as(bob)))
        .status,
    ).toBe(404);

    const refused = await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as('not-a-token'));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(`Keystone uri="${identity.url}/identity"`);
  });

  it('stops accepting a revoked token within the cache TTL', async () => {
    const alice = await login(identity, 'alice', 'alice-pw', 'alpha');
    expect((await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(alice))).status).toBe(200);
    await call(identity, 'DELETE', '/identity/v3/auth/tokens', undefined, {
      ...as(alice),
      'X-Subject-Token': alice,
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await call(
      api,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'revoked' } },
      as(alice),
    );
    expect(after.status).toBe(401);
  });

  it('never trusts a cached token past its expiry, whatever the cache TTL', async () => {
    const shortLived = await startServer(embeddedConfig({ VPNAAS_IDENTITY_TOKEN_TTL_S: '1' }));
    const caching = await startServer(keystoneConfig(keystoneEnv(`${shortLived.url}/identity`)));
    try {
      const token = await login(shortLived, 'alice', 'alice-pw', 'alpha');
      expect((await call(caching, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await call(
        caching,
        'POST',
        '/v2.0/vpn/ikepolicies',
        { ikepolicy: { name: 'x' } },
        as(token),
      );
      expect(expired.status).toBe(401);
    } finally {
      await caching.close();
      await shortLived.close();
    }
  });

  it('answers 503 when Keystone is unreachable, silent, or refuses the service credentials; nothing is written', async () => {
    const alice = await login(identity, 'alice', 'alice-pw', 'alpha');
    const silent: Server = createServer(() => {}); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const badCredentials = keystoneEnv(`${identity.url}/identity`, { VPNAAS_KEYSTONE_PASSWORD: 'wrong' });

    const closedUrl = `http://127.0.0.1:${closedPort}`;
    for (const [env, why, logged] of [
      [
        keystoneEnv(closedUrl),
        `Keystone at ${closedUrl} is unreachable`,
        { level: 40, url: closedUrl, reason: 'unreachable', msg: 'Keystone unavailable' },
      ],
      [
        keystoneEnv(silentUrl, { VPNAAS_KEYSTONE_TIMEOUT_MS: '300' }),
        `Keystone at ${silentUrl} gave no answer within 300 ms`,
        { level: 40, url: silentUrl, reason: 'no answer within 300 ms', msg: 'Keystone unavailable' },
      ],
      [
        badCredentials,
        "Keystone refused the service's own credentials (401)",
        { level: 50, status: 401, username: 'vpnaas', msg: 'Keystone refused the service credentials' },
      ],
    ] as const) {
      const log = collectedLog();
      const down = await startServer(
        { ...keystoneConfig(env), logLevel: 'warn' },
        { logDestination: log.destination },
      );
      try {
        const started = Date.now();
        const response = await call(
          down,
          'POST',
          '/v2.0/vpn/ikepolicies',
          { ikepolicy: { name: 'down' } },
          as(alice),
        );
        expect(response.status).toBe(503);
        expect(response.body.NeutronError).toEqual({
          type: 'ServiceUnavailable',
          message: `The identity service cannot validate tokens now: ${why}`,
          detail: '',
        });
        expect(response.text).not.toContain('service-pw');
        expect(Date.now() - started).toBeLessThan(3000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(log.lines().filter((line) => String(line.msg).startsWith('Keystone'))).toEqual([logged]);
        expect(log.written.join('')).not.toContain('service-pw');
      } finally {
        await down.close();
      }
    }
    silent.close();
    const names = (
      await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(alice))
    ).body.ikepolicies.map((policy: { name: string }) => policy.name);
    expect(names).not.toContain('down');
    expect(names).not.toContain('revoked');
  });
});

describe('keystone mode: what it asks Keystone', () => {
  const proxiedConfig = (url: string) => ({ ...keystoneConfig(keystoneEnv(url)), logLevel: 'warn' as const });
  const logins = (proxy: KeystoneProxy) => proxy.seen.filter((request) => request.method === 'POST');
  const validations = (proxy: KeystoneProxy) => proxy.seen.filter((request) => request.method === 'GET');

  it('logs in once, validates a token once while it is cached, and never sends an implausible token', async () => {
    const identity = await startServer(embeddedConfig());
    const proxy = await keystoneProxy(identity.url);
    const api = await startServer(proxiedConfig(`${proxy.url}/identity`));
    try {
      const alice = await login(identity, 'alice', 'alice-pw', 'alpha');
      const bob = await login(identity, 'bob', 'bob-pw', 'beta');
      for (const token of [alice, bob, alice]) {
        expect((await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(logins(proxy)).toHaveLength(1);
      expect(logins(proxy)[0]).toMatchObject({ contentType: 'application/json', accept: 'application/json' });
      expect(validations(proxy).map((request) => request.status)).toEqual([200, 200]);
      for (const token of ['é'.repeat(10), 'a'.repeat(9000), 'with space']) {
        expect((await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(401);
      }
      expect(validations(proxy)).toHaveLength(2);
      // A token scoped to no project is valid at Keystone, and still no grant here.
      const unscoped = await login(identity, 'alice', 'alice-pw');
      const refused = await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(unscoped));
      expect(refused.status).toBe(401);
      expect(refused.body.NeutronError.message).toBe('Authentication failed: the X-Auth-Token is not valid');
    } finally {
      await api.close();
      await proxy.close();
      await identity.close();
    }
  });

  it('logs in again before every validation when its own token expires within a minute', async () => {
    const identity = await startServer(embeddedConfig({ VPNAAS_IDENTITY_TOKEN_TTL_S: '30' }));
    const proxy = await keystoneProxy(identity.url);
    const api = await startServer(proxiedConfig(`${proxy.url}/identity`));
    try {
      for (const [user, password, project] of [
        ['alice', 'alice-pw', 'alpha'],
        ['bob', 'bob-pw', 'beta'],
      ] as const) {
        const token = await login(identity, user, password, project);
        expect((await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(token))).status).toBe(200);
      }
      expect(proxy.seen.map((request) => request.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
    } finally {
      await api.close();
      await proxy.close();
      await identity.close();
    }
  });

  it('logs in again, once, when Keystone refuses its own token; 503 if it refuses the new one, or fails', async () => {
    const identity = await startServer(embeddedConfig());
    const proxy = await keystoneProxy(identity.url);
    const log = collectedLog();
    const api = await startServer(proxiedConfig(`${proxy.url}/identity`), {
      logDestination: log.destination,
    });
    try {
      const tokens = await Promise.all([1, 2, 3].map(() => login(identity, 'alice', 'alice-pw', 'alpha')));
      proxy.refuseValidations(401);
      expect(
        (await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(tokens[0] as string))).status,
      ).toBe(200);
      expect(proxy.seen.map((request) => `${request.method} ${request.status}`)).toEqual([
        'POST 201',
        'GET 401',
        'POST 201',
        'GET 200',
      ]);

      proxy.refuseValidations(403, 403);
      const twice = await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(tokens[1] as string));
      expect(twice.status).toBe(503);
      expect(twice.body.NeutronError).toEqual({
        type: 'ServiceUnavailable',
        message:
          "The identity service cannot validate tokens now: Keystone answered 403 to the service's token validation",
        detail: '',
      });
      expect(proxy.seen.slice(4).map((request) => `${request.method} ${request.status}`)).toEqual([
        'GET 403',
        'POST 201',
        'GET 403',
      ]);

      proxy.refuseValidations(500);
      const failed = await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, as(tokens[2] as string));
      expect(failed.status).toBe(503);
      expect(failed.body.NeutronError.message).toBe(
        "The identity service cannot validate tokens now: Keystone answered 500 to the service's token validation",
      );
      expect(proxy.seen.slice(7).map((request) => `${request.method} ${request.status}`)).toEqual([
        'GET 500',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refusals = log
        .lines()
        .filter((line) => String(line.msg).startsWith('Keystone refused to validate'));
      expect(refusals.map(({ level, status, msg }) => ({ level, status, msg }))).toEqual([
        { level: 50, status: 403, msg: 'Keystone refused to validate a token with the service credentials' },
        { level: 50, status: 500, msg: 'Keystone refused to validate a token with the service credentials' },
      ]);
    } finally {
      await api.close();
      await proxy.close();
      await identity.close();
    }
  });
});

/** The keystone mode's settings for a Keystone at `url`, with the service's own credentials. */
function keystoneEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    VPNAAS_AUTH_MODE: 'keystone',
    VPNAAS_KEYSTONE_URL: url,
    VPNAAS_KEYSTONE_USERNAME: 'vpnaas',
    VPNAAS_KEYSTONE_PASSWORD: 'service-pw',
    ...extra,
  };
}

function keystoneConfig(env: Record<string, string>) {
  const { authMode, keystone } = loadConfig(env);
  return { authMode, keystone };
}

/** A Keystone in front of the embedded one: it records what is asked, and can refuse validations. */
interface KeystoneProxy {
  url: string;
  seen: { method: string; path: string; status: number; contentType?: string; accept?: string }[];
  /** The next validations are answered with these statuses instead of the identity's answer. */
  refuseValidations(...statuses: number[]): void;
  close(): Promise<void>;
}

async function keystoneProxy(target: string): Promise<KeystoneProxy> {
  const seen: KeystoneProxy['seen'] = [];
  const refusals: number[] = [];
  const read = async (request: IncomingMessage) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    return body;
  };
  const server = createHttpServer(async (request, response) => {
    const body = await read(request);
    const record = (status: number) =>
      seen.push({
        method: request.method as string,
        path: request.url as string,
        status,
        contentType: request.headers['content-type'],
        accept: request.headers.accept,
      });
    const refusal = request.method === 'GET' ? refusals.shift() : undefined;
    if (refusal !== undefined) {
      record(refusal);
      response.writeHead(refusal, { 'content-type': 'application/json' }).end('{"error":{}}');
      return;
    }
    const forwarded: Record<string, string> = {};
    for (const name of ['content-type', 'accept', 'x-auth-token', 'x-subject-token']) {
      const value = request.headers[name];
      if (typeof value === 'string') forwarded[name] = value;
    }
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers: forwarded,
      body: request.method === 'POST' ? body : undefined,
    });
    record(answer.status);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const subject = answer.headers.get('x-subject-token');
    if (subject) headers['x-subject-token'] = subject;
    response.writeHead(answer.status, headers).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    refuseValidations: (...statuses) => refusals.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function IDENTITY_PROJECT_ID(name: string): string {
  return embeddedConfig().identity?.projects.find((project) => project.name === name)?.id as string;
}
