// The real OpenStack clients against a running vpnaas, in both auth modes:
// the openstack CLI (python3-openstackclient + python3-neutronclient) and
// openstacksdk (python3-openstacksdk), from Debian's packages. .ci/run installs
// them; where they are missing this suite is skipped, and says so (under CI=true it fails).
// Password authentication through clouds.yaml: interop-keystone.e2e.spec.ts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config.js';
import { clientEnv } from './support/client-env.js';
import { startServer, type TestServer } from './support/test-server.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const CLI_FLOW = fileURLToPath(new URL('./interop/cli_flow.sh', import.meta.url));
const SDK_FLOW = fileURLToPath(new URL('./interop/sdk_flow.py', import.meta.url));
const TOKEN = 'interop-token-5f1c';

const missing = [
  existsSync('/usr/bin/openstack') ? undefined : 'the openstack CLI (/usr/bin/openstack)',
  existsSync(PYTHON) ? undefined : PYTHON,
].filter(Boolean);
const INSTALL =
  'apt-get install -y --no-install-recommends python3-openstackclient python3-neutronclient python3-openstacksdk';
if (missing.length > 0 && process.env.CI !== 'true') {
  console.warn(
    `\n*** interop suite SKIPPED: ${missing.join(' and ')} not installed. Install the real clients with\n` +
      `    ${INSTALL}\n` +
      '    (.ci/run does) to run it.\n',
  );
}

const MODES = {
  noauth: { config: {}, cliEnv: { OS_AUTH_TYPE: 'none' }, sdkArgs: [] as string[] },
  token: {
    config: loadConfigFor({
      VPNAAS_AUTH_MODE: 'token',
      VPNAAS_TOKENS: JSON.stringify({ [TOKEN]: { project_id: 'interop', roles: ['member'] } }),
    }),
    cliEnv: { OS_AUTH_TYPE: 'admin_token', OS_TOKEN: TOKEN },
    sdkArgs: [TOKEN],
  },
};

// Under CI a missing client fails the run (a test file that throws fails) rather than skipping.
if (missing.length > 0 && process.env.CI === 'true')
  throw new Error(`${missing.join(' and ')} missing: ${INSTALL}`);

describe.skipIf(missing.length > 0)('the real OpenStack clients', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const [mode, { config, cliEnv, sdkArgs }] of Object.entries(MODES)) {
    it(`openstack CLI: router and subnet set-up, then create, list, show, set and delete every VPN resource (${mode})`, async () => {
      server = await startServer({ ...config, activationDelayMs: 200 });
      const { stdout } = await run('bash', [CLI_FLOW], {
        env: clientEnv({ ...cliEnv, OS_ENDPOINT: server.url }),
        timeout: 240_000, // ~40 CLI runs; slow on a loaded 2-core machine
      }).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`cli_flow.sh failed (${mode}):\n${error.stdout}\n${error.stderr}`);
      });
      expect(stdout).toContain('cli flow passed');
    }, 270_000);

    it(`openstacksdk: the same flow through conn.network (${mode})`, async () => {
      server = await startServer({ ...config, activationDelayMs: 200 });
      const { stdout } = await run(PYTHON, [SDK_FLOW, server.url, ...sdkArgs], {
        env: clientEnv({}),
        timeout: 60_000,
      }).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`sdk_flow.py failed (${mode}):\n${error.stdout}\n${error.stderr}`);
      });
      const steps = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { step: string; value: unknown });
      expect(steps.find((s) => s.step === 'active')?.value).toBe('ACTIVE');
      expect(steps.at(-1)).toEqual({ step: 'done', value: true });
    }, 90_000);
  }

  it('token mode refuses the CLI without a valid token, with the NeutronError message', async () => {
    server = await startServer(MODES.token.config);
    const failure = await run('openstack', ['vpn', 'ike', 'policy', 'list'], {
      env: clientEnv({ OS_AUTH_TYPE: 'admin_token', OS_TOKEN: 'wrong', OS_ENDPOINT: server.url }),
    }).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain('Authentication failed: the X-Auth-Token is not valid');
  }, 60_000);
});

function loadConfigFor(env: Record<string, string>) {
  const { authMode, tokens } = loadConfig(env);
  return { authMode, tokens };
}
