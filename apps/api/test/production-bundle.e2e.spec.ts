// The production bundle (`pnpm bundle <dir>`, deploy/bundle.sh) runs on its own: built into one
// temporary folder, moved into another with no workspace around it, started with plain `node`, and
// driven through the seed flow over HTTP.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const workDir = mkdtempSync(join(tmpdir(), 'vpnaas-bundle-'));
const bundleDir = join(workDir, 'srv', 'vpnaas');
let service: ChildProcess | undefined;
let output = '';
let url = '';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** Every package folder under node_modules/.pnpm/<entry>/node_modules. */
function installedPackages(): string[] {
  return readdirSync(join(bundleDir, 'node_modules/.pnpm')).filter((entry) =>
    existsSync(join(bundleDir, 'node_modules/.pnpm', entry, 'node_modules')),
  );
}

beforeAll(async () => {
  const built = join(workDir, 'built');
  execFileSync('sh', [join(repositoryRoot, 'deploy/bundle.sh'), built], {
    cwd: repositoryRoot,
    stdio: 'pipe',
  });
  // Moved elsewhere: nothing in it may point back at where it was built or at the workspace.
  mkdirSync(dirname(bundleDir));
  renameSync(built, bundleDir);

  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Only what a bare machine has: node on the PATH and the service's own settings.
  service = spawn(process.execPath, ['dist/main.js'], {
    cwd: bundleDir,
    env: {
      PATH: dirname(process.execPath),
      VPNAAS_PORT: String(port),
      VPNAAS_DATA_DIR: join(workDir, 'data'),
      VPNAAS_ACTIVATION_DELAY_MS: '300',
      VPNAAS_DRIVER_INTERVAL_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  service.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes('vpnaas is listening')) {
    if (service.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the bundle did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}, 120_000);

afterAll(() => {
  if (service?.exitCode === null) service.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

// A lifecycle, in order: the last test stops the process the others use.
describe('the production bundle', { shuffle: false }, () => {
  it('holds the built service and built workspace packages, and no development dependencies', () => {
    expect(existsSync(join(bundleDir, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(bundleDir, 'node_modules/@vpnaas/schema/dist/index.js'))).toBe(true);
    expect(existsSync(join(bundleDir, 'node_modules/@vpnaas/validator/dist/index.js'))).toBe(true);
    expect(existsSync(join(bundleDir, 'src'))).toBe(false);
    expect(existsSync(join(bundleDir, 'test'))).toBe(false);
    const packages = installedPackages();
    expect(packages.some((name) => name.startsWith('better-sqlite3@'))).toBe(true);
    for (const devOnly of ['vitest@', 'typescript@', '@swc+core@', 'vite@', 'tsx@', '@biomejs+', 'turbo@']) {
      expect(packages.filter((name) => name.startsWith(devOnly))).toEqual([]);
    }
  });

  it('links nothing outside itself', () => {
    const outside: string[] = [];
    const check = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isSymbolicLink()) {
          if (!realpathSync(path).startsWith(realpathSync(bundleDir))) {
            outside.push(`${path} -> ${readlinkSync(path)}`);
          }
        } else if (entry.isDirectory() && entry.name.startsWith('@')) {
          check(path);
        }
      }
    };
    check(join(bundleDir, 'node_modules'));
    for (const entry of installedPackages())
      check(join(bundleDir, 'node_modules/.pnpm', entry, 'node_modules'));
    expect(outside).toEqual([]);
  });

  it('runs the seed flow: a connection goes from PENDING_CREATE to ACTIVE', async () => {
    const server = { url };
    const objects = await setUpVpn(server);
    const created = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
    expect(created.status, created.text).toBe(201);
    expect(created.body.ipsec_site_connection.status).toBe('PENDING_CREATE');
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
    await waitForStatus(server, `/v2.0/vpn/vpnservices/${objects.vpnserviceId}`, 'vpnservice', 'ACTIVE');
    // The psk never reaches the logs.
    expect(output).not.toContain('"secret"');
  });

  it('serves the API documentation (swagger-ui is a runtime dependency)', async () => {
    const page = await fetch(`${url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const stylesheet = await fetch(`${url}/docs/swagger-ui.css`);
    expect(stylesheet.status).toBe(200);
    expect(await stylesheet.text()).toContain('.swagger-ui');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((done) => service?.once('exit', (code) => done(code)));
    service?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('vpnaas stopped');
  });
});

describe('a bundle folder that is not empty', () => {
  it('is refused with its name, and nothing in it is touched', () => {
    const occupied = mkdtempSync(join(tmpdir(), 'vpnaas-occupied-'));
    const kept = [join(occupied, 'notes.txt'), join(occupied, 'node_modules/some-package/index.d.ts')];
    mkdirSync(dirname(kept[1] as string), { recursive: true });
    for (const file of kept) writeFileSync(file, 'mine');
    try {
      const run = spawnSync('sh', [join(repositoryRoot, 'deploy/bundle.sh'), occupied], {
        cwd: repositoryRoot,
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`bundle: ${occupied} is not empty`);
      for (const file of kept) expect(readFileSync(file, 'utf8')).toBe('mine');
    } finally {
      rmSync(occupied, { recursive: true, force: true });
    }
  });
});
