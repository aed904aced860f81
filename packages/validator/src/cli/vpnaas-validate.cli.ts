#!/usr/bin/env node
// vpnaas-validate: checks a VPN API request body offline and answers exactly
// what the service would. Exit 0 valid, 1 invalid, 2 usage or I/O error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { badRequest, type RequestError, toNeutronError } from '../errors/request-error.js';
import type { Operation } from '../schema/operation-fields.js';
import { resourceOfBody, validateRequest } from '../validators.js';

const USAGE = `Usage: vpnaas-validate [options] [FILE]

Validates a JSON request body of the VPN API (Classic VPN v2.0) as the service does.
Reads FILE, or standard input when FILE is "-" or absent.

Options:
  -r, --resource NAME     ${Object.keys(RESOURCES).join(' | ')}
                          (or the collection path, e.g. ipsec-site-connections);
                          default: taken from the body's wrapper key
  -o, --operation OP      create | update (default: create)
      --json              print the service's response body: the NeutronError, or the normalized request
  -h, --help              show this help
  -v, --version           show the version

Exit status: 0 valid, 1 invalid, 2 usage or I/O error.`;

class UsageError extends Error {}

function main(argv: string[]): number {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`vpnaas-validate: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`vpnaas-validate ${packageVersion()}\n`);
    return 0;
  }

  const fromStdin = options.file === '-';
  if (fromStdin && process.stdin.isTTY) {
    // Someone typed the bare command: say why nothing happens (stdout stays the verdict's).
    process.stderr.write(
      'vpnaas-validate: reading a request body from standard input; end it with Ctrl-D, or give a FILE (--help)\n',
    );
  }
  let text: string;
  try {
    text = readFileSync(fromStdin ? 0 : options.file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `vpnaas-validate: cannot read ${fromStdin ? 'standard input' : options.file}: ${(error as Error).message}\n`,
    );
    return 2;
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The service answers malformed JSON like any body it cannot use.
    return report(options, options.resource, badRequest('Body contains invalid data'));
  }

  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const resource = options.resource ?? resourceOfBody(body);
  if (!resource) {
    if (!isObject) return report(options, undefined, badRequest('Body contains invalid data'));
    process.stderr.write(
      `vpnaas-validate: the body has none of the wrapper keys ${Object.keys(RESOURCES).join(', ')}; name the resource with --resource\n`,
    );
    return 2;
  }

  const result = validateRequest(resource, options.operation, body);
  if (!result.ok) return report(options, resource, result.error);
  if (options.json) process.stdout.write(`${JSON.stringify({ [resource]: result.value })}\n`);
  else process.stdout.write(`valid: ${RESOURCES[resource].title} ${options.operation} request\n`);
  return 0;
}

function report(
  options: { json: boolean; operation: Operation },
  resource: ResourceKey | undefined,
  error: RequestError,
) {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(toNeutronError(error))}\n`);
  } else {
    const what = resource ? `${RESOURCES[resource].title} ${options.operation} request` : 'request';
    const field = error.field ? `\n  field:   ${error.field}` : '';
    process.stdout.write(
      `invalid: ${what}\n  status:  ${error.status} ${error.type}${field}\n  message: ${error.message}\n`,
    );
  }
  return 1;
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      resource: { type: 'string', short: 'r' },
      operation: { type: 'string', short: 'o', default: 'create' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (positionals.length > 1) throw new UsageError('give at most one FILE');
  const operation = values.operation;
  if (operation !== 'create' && operation !== 'update') {
    throw new UsageError(`--operation must be create or update, not '${operation}'`);
  }
  return {
    file: positionals[0] ?? '-',
    resource: values.resource === undefined ? undefined : resourceNamed(values.resource),
    operation: operation as Operation,
    json: values.json ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function packageVersion(): string {
  // package.json is two levels up from both src/cli/ and dist/cli/.
  const packageJson = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(packageJson) as { version: string }).version;
}

function resourceNamed(name: string): ResourceKey {
  const match = Object.values(RESOURCES).find(
    (resource) => resource.key === name || resource.path.split('/').pop() === name,
  );
  if (!match) throw new UsageError(`unknown resource '${name}'`);
  return match.key;
}

process.exitCode = main(process.argv.slice(2));
