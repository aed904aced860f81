// Node's memory flags (a smaller young generation, a slower-growing old one: they take the peak
// resident set under load from 170-220 MB to about 150, docs/BENCHMARKS.md) must be flags V8 knows,
// and every way of starting the service must give the same ones: the README's run command, the api
// package's start script, the container image's CMD, the systemd unit's ExecStart, and the command
// lines the README and the bundle script tell a reader to type. Node refuses one of them in
// NODE_OPTIONS, so each start line carries them itself.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(resolve(repositoryRoot, path), 'utf8');
const startScript = (path: string): string => JSON.parse(read(path)).scripts.start;

/** The flags of a command line, between the `node` that runs it and the service's `dist/main.js`. */
function flagsOf(argv: readonly string[] | undefined): string[] {
  const node = argv?.findIndex((word) => word === 'node' || word.endsWith('/node')) ?? -1;
  const main = argv?.findIndex((word) => word.endsWith('dist/main.js')) ?? -1;
  if (!argv || node < 0 || main < node)
    throw new Error(`no "node [--flag…] …dist/main.js" in: ${argv?.join(' ')}`);
  return argv.slice(node + 1, main);
}
const words = (line: string | undefined) => line?.split(' ');

/** Every `node [--flag…] …dist/main.js` a document tells a reader to run, by line. */
function documentedStarts(path: string): Record<string, string[]> {
  const lines = read(path).split('\n');
  return Object.fromEntries(
    lines.flatMap((line, index) => {
      const command = /\bnode((?: --\S+)*) \S*dist\/main\.js/.exec(line);
      return command ? [[`${path}:${index + 1}`, flagsOf(command[0].split(' '))]] : [];
    }),
  );
}

const starts = {
  'package.json start (the README)': flagsOf(words(startScript('package.json'))),
  'apps/api/package.json start': flagsOf(words(startScript('apps/api/package.json'))),
  'deploy/Containerfile CMD': flagsOf(
    JSON.parse(/^CMD (\[.*\])$/m.exec(read('deploy/Containerfile'))?.[1] ?? 'null'),
  ),
  'deploy/systemd/vpnaas.service ExecStart': flagsOf(
    words(/^ExecStart=(.*)$/m.exec(read('deploy/systemd/vpnaas.service'))?.[1]),
  ),
  // What the README and the bundle script tell a reader to type.
  ...documentedStarts('README.md'),
  ...documentedStarts('deploy/bundle.sh'),
};

describe("Node's flags for the service", () => {
  it('are the same memory flags wherever the service is started', () => {
    // The README's two and the bundle script's two.
    expect(Object.keys(starts)).toHaveLength(8);
    const [first] = Object.values(starts);
    expect(first).toEqual(['--max-semi-space-size=8', '--heap-growing-percent=30']);
    for (const [where, flags] of Object.entries(starts))
      expect({ where, flags }).toEqual({ where, flags: first });
  });

  it('give a semi-space size V8 keeps as written', () => {
    // V8 rounds it up to a power of two: 6 MB runs as 8, which the start lines would then misstate.
    const [first = []] = Object.values(starts);
    const megabytes = Number(first.find((flag) => flag.startsWith('--max-semi-space-size='))?.split('=')[1]);
    expect(Number.isInteger(Math.log2(megabytes))).toBe(true);
  });

  it('are flags this Node accepts', () => {
    const [flags = []] = Object.values(starts);
    // An unknown V8 flag makes node exit with "bad option".
    expect(
      execFileSync(process.execPath, [...flags, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' }),
    ).toBe('ok');
  });
});
