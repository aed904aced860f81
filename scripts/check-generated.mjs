// Fails when regenerating the committed generated files changed anything: the
// JSON Schema and the compiled validators must always match packages/schema.
import { execFileSync } from 'node:child_process';

const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' })
  .split('\n')
  .filter((line) => /^(packages|apps)\/[^/]+\/generated\//.test(line.slice(3)));

if (changed.length > 0) {
  console.error('Generated files are out of date. Run `pnpm generate` and commit the result:');
  console.error(changed.join('\n'));
  process.exit(1);
}
console.log('generated files are up to date');
