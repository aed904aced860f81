// Runs the built binary, as a user or a CI job would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_REQUEST_PATH, seedWith } from './support/bodies.js';

const BIN = fileURLToPath(new URL('../dist/cli/vpnaas-validate.cli.js', import.meta.url));

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the package first (pnpm build)`);
});

describe('vpnaas-validate', () => {
  it('accepts the seed example from a file', () => {
    expect(run([SEED_REQUEST_PATH])).toEqual({
      code: 0,
      stdout: 'valid: IPsec site connection create request\n',
      stderr: '',
    });
  });

  it('rejects a pre-shared key containing ? with a message that names the field, from stdin', () => {
    const result = run([], JSON.stringify(seedWith({ psk: 'secret?' })));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('field:   psk');
    expect(result.stdout).toContain('Invalid input for psk. Reason: may contain only digits, letters');
    expect(result.stdout).not.toContain('secret?');
  });

  it('prints the exact NeutronError body with --json', () => {
    const result = run(['--json', '-'], JSON.stringify(seedWith({ psk: 'secret?' })));
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      NeutronError: {
        type: 'HTTPBadRequest',
        message:
          'Invalid input for psk. Reason: may contain only digits, letters and the special characters ~ ` ! @ # $ % ^ ( ) - _ + = [ ] { } | \\ , . / : ;.',
        detail: '',
      },
    });
  });

  it('prints the normalized request with --json when valid', () => {
    const result = run(['--json', SEED_REQUEST_PATH]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).ipsec_site_connection.dpd).toEqual({
      action: 'hold',
      interval: 30,
      timeout: 120,
    });
  });

  it('validates updates of a resource named by its collection path', () => {
    const body = JSON.stringify({
      ipsec_site_connection: { vpnservice_id: '5c561d9d-eaea-45f6-ae3e-08d1a7080828' },
    });
    const result = run(['--resource', 'ipsec-site-connections', '--operation', 'update'], body);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Cannot update read-only attribute vpnservice_id');
  });

  it('answers malformed JSON as the service does', () => {
    expect(run(['--json'], '{"ikepolicy": ')).toMatchObject({
      code: 1,
      stdout:
        '{"NeutronError":{"type":"HTTPBadRequest","message":"Body contains invalid data","detail":""}}\n',
    });
  });

  it('reports the missing wrapper key when the resource is named', () => {
    const result = run(['-r', 'ikepolicy', '--json'], '{"ipsecpolicy": {}}');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).NeutronError.message).toBe("Unable to find 'ikepolicy' in request body");
  });

  it('exits 2 on usage and I/O errors', () => {
    expect(run([], '{"unknown": {}}').code).toBe(2);
    expect(run(['--operation', 'delete'], '{}').code).toBe(2);
    expect(run(['--resource', 'floatingips'], '{}').code).toBe(2);
    expect(run(['--bogus'], '{}').code).toBe(2);
    const missing = join(mkdtempSync(join(tmpdir(), 'vpnaas-')), 'missing.json');
    const result = run([missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read');
  });

  it('prints help', () => {
    for (const flag of ['--help', '-h']) {
      const result = run([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: vpnaas-validate [options] [FILE]');
      expect(result.stdout).toContain('--version');
      expect(result.stderr).toBe('');
    }
  });

  it('prints its version, the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-v']) {
      expect(run([flag])).toEqual({ code: 0, stdout: `vpnaas-validate ${version}\n`, stderr: '' });
    }
  });

  it('says on stderr what it waits for when run at a terminal without input', () => {
    // `script` gives the CLI a pseudo-terminal as stdin; Ctrl-D there ends the input.
    const dir = mkdtempSync(join(tmpdir(), 'vpnaas-tty-'));
    const stdout = join(dir, 'stdout');
    const stderr = join(dir, 'stderr');
    const command = `'${process.execPath}' '${BIN}' >'${stdout}' 2>'${stderr}'`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      input: '{"ikepolicy": {"name": "ike1"}}\n\u0004',
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.error).toBeUndefined();
    expect(readFileSync(stderr, 'utf8')).toBe(
      'vpnaas-validate: reading a request body from standard input; end it with Ctrl-D, or give a FILE (--help)\n',
    );
    expect(readFileSync(stdout, 'utf8')).toBe('valid: IKE policy create request\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says nothing on stderr when the input is piped', () => {
    expect(run([], '{"ikepolicy": {"name": "ike1"}}')).toEqual({
      code: 0,
      stdout: 'valid: IKE policy create request\n',
      stderr: '',
    });
  });

  it('reads a file path with spaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnaas cli '));
    const file = join(dir, 'ike policy.json');
    writeFileSync(file, JSON.stringify({ ikepolicy: { name: 'ike1', pfs: 'group14' } }));
    expect(run([file]).stdout).toBe('valid: IKE policy create request\n');
  });
});
