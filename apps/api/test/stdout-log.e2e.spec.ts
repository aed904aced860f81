// Standard output is written in 64 KiB blocks (common/pino.logger.ts, stdoutLog).
// Whatever the lines (multi-byte characters, lines larger than a block) and
// however slowly the reader reads, every line comes out whole and in order: at
// exit, after an uncaught error, and within a moment while the process idles.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOGGER = fileURLToPath(new URL('../dist/common/pino.logger.js', import.meta.url));

/** Deterministic lines of 10 bytes to 300 KB: ASCII, two- and three-byte characters, surrogate pairs. */
function testLines(): string[] {
  const lines: string[] = [];
  for (let index = 0; index < 3000; index++) {
    lines.push(`{"n":${index},"text":"${'é✓😀'.repeat(index % 40)}${'x'.repeat((index * 7) % 400)}"}\n`);
    if (index === 1000) lines.push(`{"large":"${'✓'.repeat(100_000)}"}\n`);
    if (index === 2000) lines.push(`{"larger than a block":"${'y'.repeat(70_000)}"}\n`);
  }
  return lines;
}

interface Run {
  output: string;
  code: number | null;
  /** Milliseconds from start until the first line was read. */
  firstLineAfterMs: number;
}

/**
 * Runs a process that writes `testLines()` through stdoutLog, then does `then`.
 * The reader stalls for `stallMs` first, so that the pipe fills and the writer has to wait.
 */
function runWriter(then: 'exit' | 'throw' | 'idle', stallMs = 0): Promise<Run> {
  if (!existsSync(LOGGER)) throw new Error(`${LOGGER} is missing: build the app first (pnpm build)`);
  const script = `
    import { stdoutLog } from ${JSON.stringify(pathToFileURL(LOGGER).href)};
    const out = stdoutLog();
    ${testLines.toString()}
    const then = ${JSON.stringify(then)};
    if (then === 'idle') {
      out.write('{"only":"line"}\\n');
      setTimeout(() => {}, 3000);
    } else {
      for (const line of testLines()) out.write(line);
      if (then === 'throw') throw new Error('uncaught');
    }`;
  const started = Date.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let firstLineAfterMs = Number.NaN;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), stallMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunks.length === 0) firstLineAfterMs = Date.now() - started;
      chunks.push(chunk);
      if (then === 'idle') child.kill('SIGKILL');
    });
    child.on('close', (code) =>
      resolve({ output: Buffer.concat(chunks).toString('utf8'), code, firstLineAfterMs }),
    );
  });
}

describe('standard output, written in blocks', () => {
  it('carries every line whole and in order to a reader that stalls, and flushes the rest at exit', async () => {
    const run = await runWriter('exit', 500);
    expect(run.code).toBe(0);
    // Compared as one string: a line split, lost, repeated or garbled would show.
    expect(run.output).toBe(testLines().join(''));
  });

  it('writes what it holds when the process dies of an uncaught error', async () => {
    const run = await runWriter('throw');
    expect(run.code).toBe(1);
    expect(run.output).toBe(testLines().join(''));
  });

  it('writes a lone line within a moment, without waiting for the block to fill or the process to end', async () => {
    const run = await runWriter('idle');
    expect(run.output).toBe('{"only":"line"}\n');
    // Flushed every 100 ms; the process itself idles for 3 s.
    expect(run.firstLineAfterMs).toBeLessThan(2000);
  });
});
