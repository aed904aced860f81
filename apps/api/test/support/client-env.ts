// The environment the real OpenStack clients run in (the interop suites).
import { fileURLToPath } from 'node:url';

/**
 * Puts test/interop/python-path first on Python's path, where `osprofiler` cannot be imported. Only
 * python3-keystone, the Keystone server the Keystone suite starts, installs it; the clients' own
 * packages do not. keystoneauth, neutronclient and osc-lib import it when it is there, and eventlet with it,
 * for tracing that nobody turns on here: a CLI command took 1.45 s with it and 0.95 s without.
 */
const CLIENTS_ALONE = fileURLToPath(new URL('../interop/python-path', import.meta.url));

/** The machine's PATH and HOME and nothing else of its environment: no OS_* setting leaks into the clients. */
export const clientEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  LANG: 'C.UTF-8',
  PYTHONWARNINGS: 'ignore',
  PYTHONPATH: CLIENTS_ALONE,
  ...extra,
});
