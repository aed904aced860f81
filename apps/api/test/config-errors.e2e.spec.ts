// A configuration the service cannot run with: one line on stderr naming the
// variable and what it accepts, exit code 1, and nothing logged as started.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
