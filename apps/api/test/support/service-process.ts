// Starts the built service (dist/main.js) as a process on a free port, and
// keeps its output (JSON log lines) for the test to read.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const running: ChildProcess[] = [];

export interface ServiceProcess {
  url: string;
  /** Sends SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Sends the signal (SIGKILL for a crash); resolves with the exit code, null when killed. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the service with these variables (a new data dir unless given) and waits until it listens. */
export async function startProcess(env: Record<string, string>): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the app first (pnpm build)`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      VPNAAS_PORT: String(port),
      VPNAAS_DATA_DIR: mkdtempSync(join(tmpdir(), 'vpnaas-process-')),
      VPNAAS_LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!output.includes('vpnaas is listening')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the service did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { url, stop: () => kill('SIGTERM'), kill, output: () => output };
}

/** Kills whatever a test file left running. */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
}
