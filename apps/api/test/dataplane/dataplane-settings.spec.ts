// The data plane's settings (VPNAAS_DRIVER and friends) and how its commands are run.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import { run, runOrThrow } from '../../src/dataplane/strongswan/command.js';

describe('the data plane settings', () => {
  it('default to the simulated driver, the vpnaas- prefix and 15 s to establish', () => {
    const config = loadConfig({});
    expect([config.driver, config.netnsPrefix, config.establishTimeoutMs]).toEqual([
      'simulated',
      'vpnaas-',
      15_000,
    ]);
  });

  it('take the strongSwan driver, a prefix and a timeout', () => {
    const config = loadConfig({
      VPNAAS_DRIVER: 'strongswan',
      VPNAAS_NETNS_PREFIX: 'lab1-',
      VPNAAS_ESTABLISH_TIMEOUT_MS: '5000',
    });
    expect([config.driver, config.netnsPrefix, config.establishTimeoutMs]).toEqual([
      'strongswan',
      'lab1-',
      5000,
    ]);
  });

  it.each([
    [{ VPNAAS_DRIVER: 'ovs' }, /VPNAAS_DRIVER must be simulated or strongswan/],
    [{ VPNAAS_NETNS_PREFIX: 'UPPER' }, /VPNAAS_NETNS_PREFIX must be 1 to 20/],
  ])('refuse %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('running the data plane commands', () => {
  it('reports a failing program with its exit code and output, and a missing one as code 1', async () => {
    expect(await run('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    await expect(runOrThrow('sh', ['-c', 'echo broken >&2; exit 2'])).rejects.toThrow(/failed \(2\): broken/);
    expect((await run('/nonexistent/program', [])).code).toBe(1);
    expect(await runOrThrow('sh', ['-c', 'echo fine'])).toBe('fine\n');
  });
});
