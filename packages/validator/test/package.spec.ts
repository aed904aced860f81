// The published packages work on their own, packed from a fresh clone (no dist/
// yet): pack both tarballs there, install them into an empty project with npm,
// then use the library, the CLI and the types from there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshClone, pnpm, REPO_ROOT } from './support/fresh-clone.js';

const PACKAGES = ['schema', 'validator'] as const;
const project = mkdtempSync(join(tmpdir(), 'vpnaas-pack-'));
let clone: string;
const distBeforePacking: Record<string, boolean> = {};

beforeAll(() => {
  clone = freshClone('@vpnaas/validator...');
  for (const name of PACKAGES) {
    const packageDir = join(clone, 'packages', name);
    distBeforePacking[name] = existsSync(join(packageDir, 'dist'));
    pnpm(['pack', '--pack-destination', project], packageDir);
  }
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', ...tarballs().map((file) => `./${file}`)], {
    cwd: project,
    stdio: 'pipe',
  });
}, 240_000);

afterAll(() => {
  for (const dir of [project, clone]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const tarballs = () => readdirSync(project).filter((file) => file.endsWith('.tgz'));
const tarball = (name: string) => tarballs().find((file) => file.startsWith(`vpnaas-${name}-`)) as string;
const listing = (name: string) =>
  execFileSync('tar', ['-tzf', tarball(name)], { cwd: project, encoding: 'utf8' }).split('\n');
const packedManifest = (name: string) =>
  JSON.parse(
    execFileSync('tar', ['-xOzf', tarball(name), 'package/package.json'], { cwd: project, encoding: 'utf8' }),
  );

describe('the packed @vpnaas/validator', () => {
  it('runs its CLI from an empty project', () => {
    const bin = join(project, 'node_modules', '.bin', 'vpnaas-validate');
    const seed = join(
      project,
      'node_modules/@vpnaas/schema/examples/ipsec-site-connection.create.request.json',
    );
    const result = spawnSync(bin, [seed], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('valid: IPsec site connection create request\n');
    expect(result.status).toBe(0);
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout).toBe('vpnaas-validate 0.1.0\n');
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
    const files = listing('validator');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/cli/vpnaas-validate.cli.js');
    expect(files).toContain('package/generated/otc.validators.js');
    expect(files).toContain('package/README.md');
    expect(files.some((file) => file.startsWith('package/test/'))).toBe(false);
    expect(files.some((file) => file.startsWith('package/src/'))).toBe(false);
  });
});

describe.each(PACKAGES)('the packed @vpnaas/%s', (name) => {
  it('is built by packing, from a clone without dist/', () => {
    expect(distBeforePacking[name]).toBe(false);
    expect(listing(name)).toContain('package/dist/index.js');
    expect(listing(name)).toContain('package/dist/index.d.ts');
  });

  it('ships the Apache-2.0 LICENSE and its CHANGELOG', () => {
    const license = execFileSync('tar', ['-xOzf', tarball(name), 'package/LICENSE'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(license).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(packedManifest(name).license).toBe('Apache-2.0');
    expect(listing(name)).toContain('package/CHANGELOG.md');
  });

  it('ships no source maps, whose sources it does not ship', () => {
    expect(listing(name).filter((file) => file.endsWith('.map'))).toEqual([]);
    const js = listing(name).filter((file) => /\.(js|d\.ts)$/.test(file));
    for (const file of js) {
      const text = execFileSync('tar', ['-xOzf', tarball(name), file], { cwd: project, encoding: 'utf8' });
      expect(text, file).not.toContain('sourceMappingURL');
    }
  });

  it('has what npm publish needs', () => {
    const manifest = packedManifest(name);
    expect(manifest.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/),
      directory: `packages/${name}`,
    });
    expect(existsSync(join(REPO_ROOT, manifest.repository.directory, 'package.json'))).toBe(true);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.publishConfig).toEqual({ access: 'public' });
    expect(manifest).toHaveProperty('sideEffects');
    expect(manifest.main).toBe('./dist/index.js');
    expect(manifest.types).toBe('./dist/index.d.ts');
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(JSON.stringify(manifest)).not.toContain('catalog:');
  });
});

describe('the packed types', () => {
  // Strict, so that an unresolved package is an error, not an `any`.
  const consumer = `
    import { loadRuleSetSchema, type NeutronErrorResponse } from '@vpnaas/schema';
    import { type RequestError, toNeutronError, validateRequest } from '@vpnaas/validator';
    const result = validateRequest('ikepolicy', 'create', { ikepolicy: {} });
    const error: RequestError | undefined = result.ok ? undefined : result.error;
    const body: NeutronErrorResponse | undefined = error && toNeutronError(error);
    // @ts-expect-error: a status is a number, which proves the types are the package's
    const status: string | undefined = error?.status;
    // @ts-expect-error: not a resource, which proves the validator's types reach the schema's
    validateRequest('floatingip', 'create', {});
    export const used = [body, status, loadRuleSetSchema('otc').definitions];
  `;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

  it.each([
    ['node', 'ESNext'],
    ['node16', 'Node16'],
    ['nodenext', 'NodeNext'],
    ['bundler', 'ESNext'],
  ])(
    'resolve under moduleResolution %s',
    (moduleResolution, module) => {
      const dir = mkdtempSync(join(project, `types-${moduleResolution}-`));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(join(dir, 'consumer.ts'), consumer);
      const compilerOptions = {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ['ES2022'],
        module,
        moduleResolution,
        target: 'ES2022',
        types: [],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
      const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
    60_000,
  );
});

describe('the root `pnpm run validate`, from a fresh clone', () => {
  const body = '{"ipsec_site_connection": {"psk": "secret?"}}';

  it('prints only the CLI output on stdout, so that it pipes into jq', () => {
    let stdout = '';
    try {
      pnpm(['run', 'validate', '--json'], clone, body);
    } catch (error) {
      // Exit 1: the body is invalid.
      expect((error as { status: number }).status).toBe(1);
      stdout = (error as { stdout: string }).stdout;
    }
    expect(stdout).toBe(
      `${JSON.stringify({
        NeutronError: {
          type: 'HTTPBadRequest',
          message: "Failed to parse request. Required attribute 'ikepolicy_id' not specified",
          detail: '',
        },
      })}\n`,
    );
  }, 120_000);

  it('passes --version through', () => {
    expect(pnpm(['run', 'validate', '--version'], clone)).toBe('vpnaas-validate 0.1.0\n');
  }, 120_000);
});
