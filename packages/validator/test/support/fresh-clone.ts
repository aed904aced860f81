// A fresh clone of the repository, without committing: the tracked and new files
// of this checkout (nothing git ignores, so no dist/ and no node_modules/) copied
// to an empty folder and installed offline from pnpm's store.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The environment for commands in the clone: the outer turbo run's own variables left out. */
export function cloneEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('TURBO_') && name !== 'TURBO_TELEMETRY_DISABLED') delete env[name];
  }
  return env;
}

/** pnpm as the workspace pins it: the one on PATH under `pnpm test`, else through npx. */
export function pnpmCommand(): [string, string[]] {
  const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'pnpm')));
  if (onPath) return ['pnpm', []];
  const { packageManager } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    packageManager: string;
  };
  return ['npx', ['-y', packageManager]];
}

export function pnpm(args: string[], cwd: string, input?: string) {
  const [command, prefix] = pnpmCommand();
  return execFileSync(command, [...prefix, ...args], {
    cwd,
    env: cloneEnv(),
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Copies the checkout to a new folder and installs what `filter` needs; returns the folder. */
export function freshClone(filter: string): string {
  const clone = mkdtempSync(join(tmpdir(), 'vpnaas-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(REPO_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(clone, file));
  }
  pnpm(['install', '--frozen-lockfile', '--offline', '--filter', filter], clone);
  return clone;
}
