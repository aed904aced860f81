// Fails when regenerating the committed generated files changed anything: the
// JSON Schema and the compiled validators must always match packages/schema.
import { execFileSync } from 'node:child_process';

const changed = execFileSync(
  'git',
  ['status', '--porcelain', '--', 'packages/*/generated', 'apps/*/generated'],
  {
    encoding: 'utf8',
  },
).trim();

if (changed) {
  console.error('Generated files are out of date. Run `pnpm generate` and commit the result:');
  console.error(changed);
  process.exit(1);
}
console.log('generated files are up to date');
