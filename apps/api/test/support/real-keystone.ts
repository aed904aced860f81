// A real Keystone for the interop suite: Debian's python3-keystone (what the
// `keystone` package runs), SQLite, Fernet tokens, `keystone-manage bootstrap`,
// served by its own keystone-wsgi-public (wsgiref) on a loopback port. Started
// once per suite: it takes about ten seconds.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const KEYSTONE_BINARIES = ['/usr/bin/keystone-manage', '/usr/bin/keystone-wsgi-public'];
export const ADMIN_PASSWORD = 'keystone-admin-pw';

export interface RealKeystone {
  /** The root URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** An admin token (project admin). */
  adminToken: string;
  /** A Keystone API call as admin (or with the given token). */
  api<T = any>(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** Creates what is missing: a project, a user with roles on it. Returns the project id. */
  project(name: string): Promise<string>;
  user(name: string, password: string, project: string, roles: string[]): Promise<string>;
  /** Password authentication, project-scoped: the token. */
  login(user: string, password: string, project: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startKeystone(): Promise<RealKeystone> {
  const dir = mkdtempSync(join(tmpdir(), 'vpnaas-keystone-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'keystone.conf');
  writeFileSync(
    config,
    [
      '[DEFAULT]',
      `log_file = ${join(dir, 'keystone.log')}`,
      '[database]',
      `connection = sqlite:///${join(dir, 'keystone.db')}`,
      '[token]',
      'provider = fernet',
      'expiration = 3600',
      '[fernet_tokens]',
      `key_repository = ${join(dir, 'fernet-keys')}`,
      '[fernet_receipts]',
      `key_repository = ${join(dir, 'fernet-receipts')}`,
      '[credential]',
      `key_repository = ${join(dir, 'credential-keys')}`,
      '',
    ].join('\n'),
  );
  const manage = (...args: string[]) =>
    run('keystone-manage', ['--config-file', config, ...args], { timeout: 180_000 }).catch((error) => {
      throw new Error(`keystone-manage ${args[0]} failed: ${error.stderr}`);
    });
  await manage('db_sync');
  // WAL (kept in the file): a reader's open transaction in Keystone's connection pool then does
  // not lock out its writers ("database is locked" otherwise, under wsgiref).
  await run('/usr/bin/python3', [
    '-c',
    'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("pragma journal_mode=wal")',
    join(dir, 'keystone.db'),
  ]);
  await manage('fernet_setup', '--keystone-user', 'root', '--keystone-group', 'root');
  await manage('credential_setup', '--keystone-user', 'root', '--keystone-group', 'root');
  await manage(
    'bootstrap',
    '--bootstrap-password',
    ADMIN_PASSWORD,
    '--bootstrap-public-url',
    `${url}/v3/`,
    '--bootstrap-region-id',
    'RegionOne',
  );

  let output = '';
  const server: ChildProcess = spawn(
    'keystone-wsgi-public',
    ['--host', '127.0.0.1', '--port', String(port), '--', '--config-file', config],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/v3`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill();
      throw new Error(`keystone-wsgi-public did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const api: RealKeystone['api'] = async (method, path, body, token, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...((token ?? keystone.adminToken) ? { 'x-auth-token': token ?? keystone.adminToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 500)
      throw new Error(`Keystone ${method} ${path}: ${response.status}\n${output.slice(-3000)}`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const login = async (user: string, password: string, project: string) => {
    const response = await api(
      'POST',
      '/v3/auth/tokens',
      {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user, domain: { id: 'default' }, password } },
          },
          scope: { project: { name: project, domain: { id: 'default' } } },
        },
      },
      '',
    );
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || !token)
      throw new Error(`Keystone login of ${user} failed: ${response.status}`);
    return token;
  };
  const idOf = async (collection: string, name: string, create: Record<string, unknown>) => {
    const found = await api('GET', `/v3/${collection}?name=${encodeURIComponent(name)}`);
    const existing = found.body[collection]?.[0]?.id as string | undefined;
    if (existing) return existing;
    const key = collection.slice(0, -1);
    const created = await api('POST', `/v3/${collection}`, { [key]: { name, ...create } });
    if (created.status !== 201)
      throw new Error(`creating ${key} ${name}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body[key].id as string;
  };

  const keystone: RealKeystone = {
    url,
    adminToken: '',
    api,
    login,
    project: (name) => idOf('projects', name, { domain_id: 'default' }),
    async user(name, password, project, roles) {
      const userId = await idOf('users', name, { domain_id: 'default', password });
      const projectId = await keystone.project(project);
      for (const role of roles) {
        const roleId = await idOf('roles', role, {});
        const granted = await api('PUT', `/v3/projects/${projectId}/users/${userId}/roles/${roleId}`);
        if (granted.status !== 204) throw new Error(`granting ${role} to ${name}: ${granted.status}`);
      }
      return userId;
    },
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    },
  };
  keystone.adminToken = await login('admin', ADMIN_PASSWORD, 'admin');
  return keystone;
}
