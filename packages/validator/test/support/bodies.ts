import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import type { RequestError, ValidationResult } from '../../src/index.js';

const schemaRoot = dirname(createRequire(import.meta.url).resolve('@vpnaas/schema/otc.schema.json'));

/** The seed page's example request body (a fresh copy each call). */
export function seedRequest(): { ipsec_site_connection: Record<string, unknown> } {
  return JSON.parse(
    readFileSync(`${schemaRoot}/../examples/ipsec-site-connection.create.request.json`, 'utf8'),
  );
}

export const SEED_REQUEST_PATH = `${schemaRoot}/../examples/ipsec-site-connection.create.request.json`;

/** The seed request with some attributes replaced (undefined removes one). */
export function seedWith(changes: Record<string, unknown>) {
  const body = seedRequest();
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete body.ipsec_site_connection[key];
    else body.ipsec_site_connection[key] = value;
  }
  return body;
}

export const UUID = '5c561d9d-eaea-45f6-ae3e-08d1a7080828';

export function expectValid<T>(result: ValidationResult<T>): T {
  if (!result.ok) expect.fail(`expected valid, got ${result.error.type}: ${result.error.message}`);
  return result.value;
}

export function expectInvalid<T>(result: ValidationResult<T>): RequestError {
  if (result.ok) expect.fail(`expected invalid, got ${JSON.stringify(result.value)}`);
  return result.error;
}
