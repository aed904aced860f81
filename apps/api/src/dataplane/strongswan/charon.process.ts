// One charon (Debian's charon-systemd, in the foreground) per router namespace,
// with its strongswan.conf, vici socket, log, pid file and swanctl.conf in the
// router's own directory (<data dir>/strongswan/<router id>/, mode 0700).
// Driven with swanctl over that vici socket.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './command.js';
import { type IkeSa, parseListSas } from './list-sas.parse.js';
import { renderStrongswanConf } from './strongswan-conf.render.js';

export const CHARON = '/usr/sbin/charon-systemd';
export const SWANCTL = '/usr/sbin/swanctl';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process runs and is a charon (a pid file may outlive it, and pids are reused). */
export function isCharon(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('charon-systemd');
  } catch {
    return false;
  }
}

/** Stops a charon: SIGTERM, then SIGKILL if it has not gone after 5 s. */
export async function stopCharon(pid: number): Promise<void> {
  if (!isCharon(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 5000 && isCharon(pid) && !isZombie(pid); waited += 50) await sleep(50);
  if (isCharon(pid) && !isZombie(pid)) process.kill(pid, 'SIGKILL');
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** What loading a swanctl.conf did, per connection name. */
export interface LoadResult {
  readonly failed: ReadonlyMap<string, string>;
  /** Set when the whole load failed (charon unreachable, a syntax error). */
  readonly error?: string;
}

export class Charon {
  private child: ChildProcess | undefined;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly namespace: string,
    readonly directory: string,
    private readonly userspaceEsp: boolean,
  ) {
    this.env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', STRONGSWAN_CONF: this.confPath };
  }

  get confPath(): string {
    return join(this.directory, 'strongswan.conf');
  }

  get pidPath(): string {
    return join(this.directory, 'charon.pid');
  }

  get logPath(): string {
    return join(this.directory, 'charon.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Running: our child has not exited. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops a charon a previous run left (after kill -9 of the service). */
  async stopLeftover(): Promise<void> {
    if (!existsSync(this.pidPath)) return;
    const pid = Number(readFileSync(this.pidPath, 'utf8'));
    if (Number.isInteger(pid) && pid > 0) await stopCharon(pid);
    rmSync(this.pidPath, { force: true });
  }

  /** Starts charon in the namespace and waits until its vici socket answers. */
  async start(): Promise<void> {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    chmodSync(this.directory, 0o700);
    await this.stopLeftover();
    writeFileSync(this.confPath, renderStrongswanConf(this.directory, this.userspaceEsp), { mode: 0o600 });
    rmSync(join(this.directory, 'charon.vici'), { force: true });
    // `ip netns exec` and `env` exec in place: the child's pid is charon's.
    this.child = spawn(
      'ip',
      ['netns', 'exec', this.namespace, 'env', `STRONGSWAN_CONF=${this.confPath}`, CHARON],
      {
        stdio: 'ignore',
      },
    );
    this.child.on('error', () => {});
    if (this.child.pid) writeFileSync(this.pidPath, String(this.child.pid));
    for (let waited = 0; waited < 10_000; waited += 100) {
      if (!this.running) break;
      if (existsSync(join(this.directory, 'charon.vici')) && (await this.swanctl(['--stats'])).code === 0)
        return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`charon did not start in ${this.namespace} (see ${this.logPath})`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child?.pid) await stopCharon(child.pid);
    rmSync(this.pidPath, { force: true });
  }

  swanctl(args: readonly string[], timeoutMs = 10_000) {
    return run(SWANCTL, args, { env: this.env, timeoutMs });
  }

  /** Writes swanctl.conf (0600: it holds the psks) and loads it; connections not in it are unloaded. */
  async load(text: string): Promise<LoadResult> {
    const file = join(this.directory, 'swanctl.conf');
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
    const result = await this.swanctl(['--load-all', '--clear', '--noprompt', '--file', file]);
    const failed = new Map<string, string>();
    for (const match of result.stdout.matchAll(/loading connection '([^']+)' failed: (.*)/g)) {
      failed.set(match[1] as string, (match[2] as string).trim());
    }
    const error =
      result.code !== 0 && failed.size === 0
        ? (result.stderr.trim().split('\n').pop() ?? `swanctl exited ${result.code}`)
        : undefined;
    return { failed, error };
  }

  async listSas(): Promise<IkeSa[]> {
    const result = await this.swanctl(['--list-sas', '--raw']);
    if (result.code !== 0) throw new Error(`swanctl --list-sas failed: ${result.stderr.trim()}`);
    return parseListSas(result.stdout);
  }

  /** Takes a connection's IKE SA (and its CHILD SAs) down. */
  async terminate(name: string): Promise<void> {
    await this.swanctl(['--terminate', '--ike', name, '--force', '--timeout', '2']);
  }

  /** Starts a connection's CHILD SA; returns after 1 s, the negotiation goes on in charon. */
  async initiate(name: string): Promise<void> {
    await this.swanctl(['--initiate', '--child', name, '--timeout', '1']);
  }

  /** The last line of charon's log about a connection's failure (its lines carry `<name|n>`): the DOWN reason. */
  lastFailure(name: string): string | undefined {
    let log: string;
    try {
      log = readFileSync(this.logPath, 'utf8').slice(-50_000);
    } catch {
      return undefined;
    }
    const failure = log
      .split('\n')
      .filter((line) => line.includes(`<${name}|`))
      .filter((line) =>
        /fail|NO_PROPOSAL|TS_UNACCEPTABLE|AUTHENTICATION|giving up|unreachable|no shared key|MAC mismatch/i.test(
          line,
        ),
      )
      .at(-1);
    return failure?.replace(/^.*?<[^>]*> /, '').trim();
  }
}
