// Properties over hostile input (issue 9.2): whatever the list parameters and
// however deep a body nests, the answer is a 200 or a 400 NeutronError, never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  for (const name of ['p1', 'p2', 'p3']) {
    await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { name } });
  }
});
afterAll(() => server.close());

const COLLECTIONS = [
  'vpn/ikepolicies',
  'vpn/ipsec-site-connections',
  'vpn/vpnservices',
  'routers',
  'subnets',
];

/** Values that have broken list parameters somewhere: huge, negative, fractional, not numbers, not UTF-8 safe. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    '9223372036854775807',
    '18446744073709551616',
    '2147483648',
    '-1',
    '0',
    '1.5',
    '1e309',
    'NaN',
    '',
    'true',
    '__proto__',
    'constructor',
    'psk',
    'name',
    'id',
    'desc',
    'asc',
  ),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.string({ maxLength: 30 }),
);
const parameter = fc.tuple(
  fc.constantFrom(
    'limit',
    'marker',
    'page_reverse',
    'sort_key',
    'sort_dir',
    'fields',
    'name',
    'psk',
    'id',
    'mtu',
  ),
  hostileValue,
);

describe('list parameters', () => {
  it('answer 200 or a 400 NeutronError, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...COLLECTIONS),
        fc.array(parameter, { maxLength: 6 }),
        async (collection, parameters) => {
          const query = new URLSearchParams(parameters).toString();
          const response = await call(server, 'GET', `/v2.0/${collection}?${query}`);
          expect([200, 400], `${collection}?${query}`).toContain(response.status);
          if (response.status === 400) expect(typeof response.body.NeutronError.message).toBe('string');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses limit=9223372036854775807 (limit + 1 once overflowed) on every collection', async () => {
    for (const collection of COLLECTIONS) {
      const response = await call(server, 'GET', `/v2.0/${collection}?limit=9223372036854775807`);
      expect(response.status, collection).toBe(400);
      // Upstream's type for a bad limit.
      expect(response.body.NeutronError.type).toBe('BadRequest');
    }
  });
});

describe('nesting depth', () => {
  /** The JSON text of 'x' nested `depth` levels (written as text: JSON.stringify itself overflows). */
  const nest = (depth: number, asObject: boolean): string =>
    asObject
      ? `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`
      : `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
  const body = (field: string, value: string) => `{"ikepolicy": {"${field}": ${value}}}`;

  it('a value nested any depth in any attribute is a 400 NeutronError naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50_000 }),
        fc.boolean(),
        fc.constantFrom('name', 'description', 'lifetime', 'pfs', 'bogus'),
        async (depth, asObject, field) => {
          const response = await call(
            server,
            'POST',
            '/v2.0/vpn/ikepolicies',
            body(field, nest(depth, asObject)),
          );
          expect(response.status, `${field} at depth ${depth}`).toBe(400);
          expect(response.body.NeutronError.message).toContain(field);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers a description nested 10,000 levels deep with 400', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/ikepolicies', {
      ikepolicy: { description: nest(10_000, false) },
    });
    expect(response.status).toBe(400);
    expect(response.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message: expect.stringMatching(/^Invalid input for description\. Reason: /),
      detail: '',
    });
  });
});

describe('text', () => {
  it('refuses a name with a lone surrogate instead of storing U+FFFD', async () => {
    const response = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      '{"ikepolicy": {"name": "bad\\ud800name"}}',
    );
    expect(response.status).toBe(400);
    expect(response.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message:
        'Invalid input for name. Reason: the text holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not a Unicode character.',
      detail: '',
    });
    const paired = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      '{"ikepolicy": {"description": "ok \\ud83d\\ude00"}}',
    );
    expect(paired.status).toBe(201);
    expect(paired.body.ikepolicy.description).toBe('ok 😀');
  });
});
