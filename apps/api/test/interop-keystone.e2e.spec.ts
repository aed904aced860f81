// The real OpenStack clients with ordinary password authentication through a
// clouds.yaml: the openstack CLI, openstacksdk and gophercloud, against
//   - the embedded identity (VPNAAS_AUTH_MODE=embedded), and
//   - a real Keystone (Debian's python3-keystone, started once for the suite) in keystone mode.
// Refusals are checked through the clients and over HTTP: a reader writing, a member of one project
// reaching another, malformed and revoked tokens, Keystone down; each answer is the documented one,
// and nothing is written. .ci/run installs every package; outside CI a missing one skips the suite.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config.js';
import { clientEnv } from './support/client-env.js';
import { KEYSTONE_BINARIES, type RealKeystone, startKeystone } from './support/real-keystone.js';
import { call, startServer, type TestServer } from './support/test-server.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SDK_FLOW = fileURLToPath(new URL('./interop/sdk_flow.py', import.meta.url));
const GO_PROGRAM = fileURLToPath(new URL('./interop/gophercloud/main.go', import.meta.url));
const GOPHERCLOUD_SOURCE = '/usr/share/gocode/src/github.com/gophercloud/gophercloud';

const PREREQUISITES: Array<[string, boolean, string]> = [
  ['the openstack CLI', existsSync('/usr/bin/openstack'), 'python3-openstackclient python3-neutronclient'],
  ['openstacksdk', existsSync(PYTHON), 'python3-openstacksdk'],
  ['Keystone', KEYSTONE_BINARIES.every((file) => existsSync(file)), 'python3-keystone'],
  ['Go', existsSync('/usr/bin/go'), 'golang-go'],
  ['gophercloud', existsSync(GOPHERCLOUD_SOURCE), 'golang-github-gophercloud-gophercloud-dev'],
];
const missing = PREREQUISITES.filter(([, present]) => !present);
const installHint = `apt-get install -y --no-install-recommends ${missing.map(([, , pkg]) => pkg).join(' ')}`;
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `\n*** Keystone interop suite SKIPPED: ${missing.map(([name]) => name).join(', ')} missing. Install with\n    ${installHint}\n    (.ci/run does).\n`,
  );
}

interface Account {
  user: string;
  password: string;
  project: string;
}
const ACCOUNTS: Record<string, Account> = {
  alice: { user: 'alice', password: 'alice-pw', project: 'alpha' },
  rita: { user: 'rita', password: 'rita-pw', project: 'alpha' },
  bob: { user: 'bob', password: 'bob-pw', project: 'beta' },
  sdk: { user: 'sam', password: 'sam-pw', project: 'gamma' },
  go: { user: 'gopher', password: 'gopher-pw', project: 'delta' },
};

/** One cloud per account in an ordinary clouds.yaml (what docs/COMPATIBILITY.md shows). */
function writeCloudsYaml(authUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpnaas-clouds-'));
  const clouds = Object.entries(ACCOUNTS)
    .map(([cloud, { user, password, project }]) =>
      [
        `  ${cloud}:`,
        '    auth:',
        `      auth_url: ${authUrl}`,
        `      username: ${user}`,
        `      password: ${password}`,
        `      project_name: ${project}`,
        '      user_domain_name: Default',
        '      project_domain_name: Default',
        '    region_name: RegionOne',
        '    identity_api_version: 3',
      ].join('\n'),
    )
    .join('\n');
  const file = join(dir, 'clouds.yaml');
  writeFileSync(file, `clouds:\n${clouds}\n`);
  return file;
}

/** Runs the openstack CLI as one of the clouds: its stdout, or its stderr when it fails. */
async function openstack(cloudsYaml: string, cloud: string, ...args: string[]) {
  return run('openstack', ['--os-cloud', cloud, ...args], {
    env: clientEnv({ OS_CLIENT_CONFIG_FILE: cloudsYaml }),
    timeout: 60_000,
  }).then(
    ({ stdout }) => ({ ok: true, out: stdout.trim() }),
    (error: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${error.stderr}` }),
  );
}

let goBinary: Promise<string> | undefined;
/** Built once, offline, from Debian's gophercloud source (GOPATH mode: no module downloads). */
function buildGophercloudProgram(): Promise<string> {
  goBinary ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnaas-go-'));
    const binary = join(dir, 'vpnaas-gophercloud');
    await run('go', ['build', '-o', binary, GO_PROGRAM], {
      env: clientEnv({
        GO111MODULE: 'off',
        GOPATH: '/usr/share/gocode',
        GOCACHE: join(tmpdir(), 'vpnaas-go-cache'),
        GOFLAGS: '',
        GOPROXY: 'off',
      }),
      timeout: 180_000,
    });
    return binary;
  })();
  return goBinary;
}

/** The flows every identity backend must pass, with the clients as a user runs them. */
function clientFlows(
  context: () => {
    api: TestServer;
    cloudsYaml: string;
    authUrl: string;
    projectId: (name: string) => Promise<string>;
  },
) {
  it('openstack CLI: a member creates and lists, a reader reads but cannot write, another project sees nothing', async () => {
    const { cloudsYaml } = context();
    const created = await openstack(
      cloudsYaml,
      'alice',
      'vpn',
      'ike',
      'policy',
      'create',
      'ike-cli',
      '-f',
      'value',
      '-c',
      'ID',
    );
    expect(created).toMatchObject({ ok: true });
    expect(
      await openstack(cloudsYaml, 'alice', 'vpn', 'ipsec', 'site', 'connection', 'list', '-f', 'value'),
    ).toEqual({
      ok: true,
      out: '',
    });
    const write = await openstack(cloudsYaml, 'rita', 'vpn', 'ike', 'policy', 'create', 'ike-reader');
    expect(write.ok).toBe(false);
    expect(write.out).toContain('rule:create_ikepolicy is disallowed by policy');
    // The reader reads, and the refused create left nothing.
    expect(
      await openstack(cloudsYaml, 'rita', 'vpn', 'ike', 'policy', 'list', '-f', 'value', '-c', 'Name'),
    ).toEqual({
      ok: true,
      out: 'ike-cli',
    });
    expect(await openstack(cloudsYaml, 'bob', 'vpn', 'ike', 'policy', 'list', '-f', 'value')).toEqual({
      ok: true,
      out: '',
    });
  }, 120_000);

  it('openstacksdk: the whole VPN flow with password authentication from clouds.yaml', async () => {
    const { cloudsYaml } = context();
    const { stdout } = await run(PYTHON, [SDK_FLOW, 'cloud:sdk'], {
      env: clientEnv({ OS_CLIENT_CONFIG_FILE: cloudsYaml }),
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`sdk_flow.py failed:\n${error.stdout}\n${error.stderr}`);
    });
    const steps = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; value: unknown });
    expect(steps.find((s) => s.step === 'active')?.value).toBe('ACTIVE');
    expect(steps.at(-1)).toEqual({ step: 'done', value: true });
  }, 90_000);

  it('gophercloud: authenticates, finds the network endpoint in the catalog, creates and lists', async () => {
    const { api, authUrl, projectId } = context();
    const binary = await buildGophercloudProgram();
    const { stdout } = await run(binary, [], {
      env: clientEnv({
        OS_AUTH_URL: authUrl,
        OS_USERNAME: 'gopher',
        OS_PASSWORD: 'gopher-pw',
        OS_PROJECT_NAME: 'delta',
        OS_DOMAIN_NAME: 'Default',
        OS_REGION_NAME: 'RegionOne',
      }),
      timeout: 60_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the gophercloud program failed:\n${error.stdout}\n${error.stderr}`);
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.ikepolicies).toEqual(['go-ike']);
    expect(result).toMatchObject({
      endpoint: `${api.url}/v2.0/`,
      project: await projectId('delta'),
      connections: [],
    });
  }, 240_000);
}

const runSuite = missing.length === 0;

// The real Keystone's set-up (db_sync, bootstrap) is the slow part: it starts now, while the
// embedded identity's flows run, and its describe block below waits for it.
const keystoneStarting = runSuite ? startKeystone() : undefined;
keystoneStarting?.catch(() => {}); // reported by the beforeAll that awaits it

// Under CI a missing package fails the run (a test file that throws fails) rather than skipping.
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`${missing.map(([name]) => name).join(', ')} missing: ${installHint}`);
}

describe.runIf(runSuite)('the real clients against the embedded identity', () => {
  let api: TestServer;
  let cloudsYaml: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnaas-identity-'));
    const file = join(dir, 'identity.json');
    writeFileSync(
      file,
      JSON.stringify({
        projects: [...new Set(Object.values(ACCOUNTS).map((account) => account.project))].map((name) => ({
          name,
        })),
        users: Object.values(ACCOUNTS).map(({ user, password, project }) => ({
          name: user,
          password,
          roles: { [project]: [user === 'rita' ? 'reader' : 'member'] },
        })),
      }),
    );
    const { authMode, identity } = loadConfig({ VPNAAS_AUTH_MODE: 'embedded', VPNAAS_IDENTITY_FILE: file });
    api = await startServer({ authMode, identity, activationDelayMs: 200 });
    cloudsYaml = writeCloudsYaml(`${api.url}/identity`);
  });
  afterAll(() => api?.close());

  clientFlows(() => ({
    api,
    cloudsYaml,
    authUrl: `${api.url}/identity/v3/`,
    projectId: async (name) =>
      api.config.identity?.projects.find((project) => project.name === name)?.id as string,
  }));
});

describe.runIf(runSuite)('the real clients against a real Keystone (keystone mode)', () => {
  let keystone: RealKeystone;
  let api: TestServer;
  let cloudsYaml: string;
  const projectIds = new Map<string, string>();

  beforeAll(async () => {
    keystone = await (keystoneStarting as Promise<RealKeystone>);
    for (const { user, password, project } of Object.values(ACCOUNTS)) {
      await keystone.user(user, password, project, [user === 'rita' ? 'reader' : 'member']);
      projectIds.set(project, await keystone.project(project));
    }
    await keystone.user('vpnaas', 'vpnaas-service-pw', 'service', ['service']);
    const { authMode, keystone: keystoneConfig } = loadConfig({
      VPNAAS_AUTH_MODE: 'keystone',
      VPNAAS_KEYSTONE_URL: keystone.url,
      VPNAAS_KEYSTONE_USERNAME: 'vpnaas',
      VPNAAS_KEYSTONE_PASSWORD: 'vpnaas-service-pw',
      VPNAAS_KEYSTONE_CACHE_TTL_S: '5',
    });
    api = await startServer({ authMode, keystone: keystoneConfig, activationDelayMs: 200 });
    // This service is the catalog's network endpoint, as an operator registers neutron-server.
    const service = await keystone.api('POST', '/v3/services', {
      service: { type: 'network', name: 'neutron' },
    });
    for (const iface of ['public', 'internal', 'admin']) {
      await keystone.api('POST', '/v3/endpoints', {
        endpoint: {
          service_id: service.body.service.id,
          interface: iface,
          url: api.url,
          region_id: 'RegionOne',
        },
      });
    }
    cloudsYaml = writeCloudsYaml(`${keystone.url}/v3`);
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await (keystone ?? (await keystoneStarting?.catch(() => undefined)))?.stop();
  });

  clientFlows(() => ({
    api,
    cloudsYaml,
    authUrl: `${keystone.url}/v3/`,
    projectId: async (name) => projectIds.get(name) as string,
  }));

  it('keeps a member of one project out of another, and a reader from writing; nothing changes', async () => {
    const as = (token: string) => ({ 'X-Auth-Token': token });
    const alice = await keystone.login('alice', 'alice-pw', 'alpha');
    const bob = await keystone.login('bob', 'bob-pw', 'beta');
    const rita = await keystone.login('rita', 'rita-pw', 'alpha');
    const created = await call(
      api,
      'POST',
      '/v2.0/vpn/ipsecpolicies',
      { ipsecpolicy: { name: 'a-only' } },
      as(alice),
    );
    expect(created.status).toBe(201);
    const path = `/v2.0/vpn/ipsecpolicies/${created.body.ipsecpolicy.id}`;
    expect((await call(api, 'GET', path, undefined, as(bob))).status).toBe(404);
    expect((await call(api, 'PUT', path, { ipsecpolicy: { name: 'b-was-here' } }, as(bob))).status).toBe(404);
    expect((await call(api, 'DELETE', path, undefined, as(bob))).status).toBe(404);
    const readerWrite = await call(api, 'PUT', path, { ipsecpolicy: { name: 'r-was-here' } }, as(rita));
    expect(readerWrite.status).toBe(403);
    expect(readerWrite.body.NeutronError.type).toBe('PolicyNotAuthorized');
    const after = await call(api, 'GET', path, undefined, as(rita));
    expect(after.body.ipsecpolicy.name).toBe('a-only');
    expect((await call(api, 'DELETE', path, undefined, as(alice))).status).toBe(204);
  }, 30_000);

  it('refuses malformed and revoked tokens with 401 and WWW-Authenticate naming Keystone', async () => {
    for (const token of ['garbage', 'gAAAAAB-not-fernet', '']) {
      const response = await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, { 'X-Auth-Token': token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${keystone.url}"`);
    }
    const token = await keystone.login('alice', 'alice-pw', 'alpha');
    expect(
      (await call(api, 'GET', '/v2.0/vpn/ikepolicies', undefined, { 'X-Auth-Token': token })).status,
    ).toBe(200);
    const revoked = await keystone.api('DELETE', '/v3/auth/tokens', undefined, undefined, {
      'x-subject-token': token,
    });
    expect(revoked.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 5100)); // the cache TTL
    const after = await call(
      api,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'revoked' } },
      { 'X-Auth-Token': token },
    );
    expect(after.status).toBe(401);
  }, 30_000);

  it('answers 503 once Keystone is down, and writes nothing', async () => {
    // Keystone "goes down" behind a TCP proxy that is then cut: the shared Keystone stays up for
    // the other tests, whatever their (shuffled) order.
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(new URL(keystone.url).port), '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const cutProxy = () => {
      if (proxy.listening) proxy.close();
      for (const socket of sockets) socket.destroy();
    };
    const { authMode, keystone: viaProxy } = loadConfig({
      VPNAAS_AUTH_MODE: 'keystone',
      VPNAAS_KEYSTONE_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
      VPNAAS_KEYSTONE_USERNAME: 'vpnaas',
      VPNAAS_KEYSTONE_PASSWORD: 'vpnaas-service-pw',
      VPNAAS_KEYSTONE_CACHE_TTL_S: '30',
    });
    const cut = await startServer({ authMode, keystone: viaProxy });
    try {
      const bob = await keystone.login('bob', 'bob-pw', 'beta');
      const admin = keystone.adminToken;
      expect(
        (await call(cut, 'GET', '/v2.0/vpn/ikepolicies', undefined, { 'X-Auth-Token': admin })).status,
      ).toBe(200);
      cutProxy();
      const started = Date.now();
      const down = await call(
        cut,
        'POST',
        '/v2.0/vpn/ikepolicies',
        { ikepolicy: { name: 'down' } },
        {
          'X-Auth-Token': bob,
        },
      );
      expect(down.status).toBe(503);
      expect(down.body.NeutronError.type).toBe('ServiceUnavailable');
      expect(Date.now() - started).toBeLessThan(2000);
      // The admin's token is still cached: it sees that nothing was written.
      const all = await call(cut, 'GET', '/v2.0/vpn/ikepolicies', undefined, { 'X-Auth-Token': admin });
      expect(all.status).toBe(200);
      expect(all.body.ikepolicies).toEqual([]);
    } finally {
      cutProxy();
      await cut.close();
    }
  }, 30_000);
});
