// The published packages work on their own: pack both tarballs, install them
// into an empty folder with npm, then use the library and the CLI from there.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_REQUEST_PATH } from './support/bodies.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'vpnaas-pack-'));

beforeAll(() => {
  for (const name of ['schema', 'validator']) {
    execFileSync('pnpm', ['pack', '--pack-destination', project], {
      cwd: join(packagesDir, name),
      stdio: 'pipe',
    });
  }
  const tarballs = readdirSync(project).filter((file) => file.endsWith('.tgz'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs.map((file) => `./${file}`)], {
    cwd: project,
    stdio: 'pipe',
  });
}, 180_000);

describe('the packed @vpnaas/validator', () => {
  it('runs its CLI from an empty project', () => {
    const bin = join(project, 'node_modules', '.bin', 'vpnaas-validate');
    const result = spawnSync(bin, [SEED_REQUEST_PATH], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('valid: IPsec site connection create request\n');
    expect(result.status).toBe(0);
  });

  it('works as a library from an empty project', () => {
    const script = `
      import { validateIpsecSiteConnectionCreate, toNeutronError } from '@vpnaas/validator';
      const result = validateIpsecSiteConnectionCreate({ ipsec_site_connection: {} });
      console.log(JSON.stringify(toNeutronError(result.error)));
    `;
    writeFileSync(join(project, 'use.mjs'), script);
    const output = execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      NeutronError: {
        type: 'HTTPBadRequest',
        message: "Failed to parse request. Required attribute 'ikepolicy_id' not specified",
        detail: '',
      },
    });
  });

  it('ships only what it needs', () => {
    const listing = execFileSync(
      'tar',
      ['-tzf', readdirSync(project).find((f) => f.startsWith('vpnaas-validator')) as string],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/generated/otc.validators.js');
    expect(listing).toContain('package/README.md');
    expect(listing).not.toContain('package/test/');
    expect(listing).not.toContain('package/src/');
  });
});
