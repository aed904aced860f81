// A configuration the service cannot run with: one line on stderr naming the
// variable and what it accepts, exit code 1, and nothing logged as started.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, startProcess } from './support/service-process.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const notADir = join(mkdtempSync(join(tmpdir(), 'vpnaas-conf-')), 'file');
writeFileSync(notADir, '');

const CASES: [Record<string, string>, RegExp][] = [
  [
    { VPNAAS_DATA_DIR: '/proc/vpnaas-test/data' },
    /^vpnaas: VPNAAS_DATA_DIR: cannot create \/proc\/vpnaas-test/,
  ],
  [{ VPNAAS_DATA_DIR: join(notADir, 'data') }, /^vpnaas: VPNAAS_DATA_DIR: .* is not a directory/],
  [
    { VPNAAS_LOG_LEVEL: 'nonsense' },
    /^vpnaas: VPNAAS_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not 'nonsense'$/,
  ],
  [{ VPNAAS_QUOTAS: 'null' }, /^vpnaas: VPNAAS_QUOTAS must be a JSON object, not null$/],
  [{ VPNAAS_QUOTAS: '{"vpnservice": "many"}' }, /^vpnaas: VPNAAS_QUOTAS: vpnservice must be an integer/],
  [{ VPNAAS_TOKENS: 'null' }, /^vpnaas: VPNAAS_TOKENS must be a JSON object, not null$/],
  [{ VPNAAS_TOKENS: '[1' }, /^vpnaas: VPNAAS_TOKENS is not valid JSON/],
  [
    { VPNAAS_TOKENS_FILE: '/nonexistent/tokens.json' },
    /^vpnaas: VPNAAS_TOKENS_FILE: cannot read \/nonexistent\/tokens.json: ENOENT$/,
  ],
  [{ VPNAAS_PORT: 'http' }, /^vpnaas: VPNAAS_PORT must be an integer from 0 to 65535, not 'http'$/],
  [{ VPNAAS_AUTH_MODE: 'open' }, /^vpnaas: VPNAAS_AUTH_MODE must be /],
  [{ VPNAAS_SECRET_KEY: 'short' }, /^vpnaas: VPNAAS_SECRET_KEY must be a 256-bit key/],
  [{ VPNAAS_SECRET_KEY_PREVIOUS: 'a,b' }, /^vpnaas: VPNAAS_SECRET_KEY_PREVIOUS must be a 256-bit key/],
  [{ VPNAAS_EXTERNAL_CIDR: '172.24.4.1/24' }, /^vpnaas: VPNAAS_EXTERNAL_CIDR must be an IPv4 network/],
  [{ VPNAAS_DRIVER: 'ovs' }, /^vpnaas: VPNAAS_DRIVER must be simulated or strongswan, not 'ovs'$/],
  [{ VPNAAS_NETNS_PREFIX: 'Bad Prefix' }, /^vpnaas: VPNAAS_NETNS_PREFIX must be 1 to 20 of a-z, 0-9 and '-'/],
  [
    { VPNAAS_ESTABLISH_TIMEOUT_MS: '5' },
    /^vpnaas: VPNAAS_ESTABLISH_TIMEOUT_MS must be an integer from 1000 to 600000, not '5'$/,
  ],
  [{ VPNAAS_DATABASE_URL: 'mysql://db/vpnaas' }, /^vpnaas: VPNAAS_DATABASE_URL must be a postgres:\/\/ /],
  [
    { VPNAAS_DATABASE_POOL_SIZE: '0' },
    /^vpnaas: VPNAAS_DATABASE_POOL_SIZE must be an integer from 1 to 1000/,
  ],
];

/** Runs the service to its end; resolves with its exit code and output. */
async function run(file: string, args: string[], options: { env: NodeJS.ProcessEnv; timeout: number }) {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('configuration errors', () => {
  it.concurrent.each(CASES)('%j: one line naming the variable, exit 1', async (env, expected) => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the app first (pnpm build)`);
    const result = await run(process.execPath, [MAIN], {
      env: {
        ...process.env,
        VPNAAS_PORT: '0',
        VPNAAS_DATA_DIR: mkdtempSync(join(tmpdir(), 'vpnaas-conf-')),
        ...env,
      },
      timeout: 15_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });
});

describe('a data dir another process serves', () => {
  afterAll(killAll);

  it('is refused at start-up with one line saying so; the process serving it goes on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-shared-'));
    const first = await startProcess({ VPNAAS_DATA_DIR: dataDir });
    const second = await run(process.execPath, [MAIN], {
      env: { ...process.env, VPNAAS_PORT: '0', VPNAAS_DATA_DIR: dataDir },
      timeout: 15_000,
    });
    expect(second.code).toBe(1);
    expect(second.stderr.trimEnd().split('\n')).toEqual([
      `vpnaas: ${join(dataDir, 'vpnaas.sqlite')} is in use by another process: SQLite serves one vpnaas process at a time (replicas share a PostgreSQL database: VPNAAS_DATABASE_URL)`,
    ]);
    const created = await fetch(`${first.url}/v2.0/vpn/ikepolicies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ikepolicy: { name: 'still-served' } }),
    });
    expect(created.status).toBe(201);
    expect(await first.stop()).toBe(0);
  });
});
