// Values a hostile client sends (issue 9.2, 9.9): the validator answers them
// with a 400, never overflows its stack, and never lets a lone surrogate through.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../src/index.js';
import { expectInvalid } from './support/bodies.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`);

describe('hostile values', () => {
  it('answers a value nested 10,000 levels deep with a 400', () => {
    const error = expectInvalid(
      validateRequest('ikepolicy', 'create', { ikepolicy: { description: nested(10_000) } }),
    );
    expect(error.status).toBe(400);
    // Upstream's validate_string wording; the value is shown four levels deep at most.
    expect(error.message).toBe("Invalid input for description. Reason: '[[[[…]]]]' is not a valid string.");
  });

  it('answers any nesting depth in any attribute with a 400, never a RangeError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom('name', 'description', 'dpd', 'peer_cidrs', 'psk', 'mtu'),
        (depth, field) => {
          const result = validateRequest('ipsec_site_connection', 'update', {
            ipsec_site_connection: { [field]: nested(depth) },
          });
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a lone surrogate in a name, a description or a list, and takes a paired one', () => {
    for (const member of [{ name: 'a\ud800' }, { description: '\udc00b' }]) {
      expect(expectInvalid(validateRequest('ikepolicy', 'create', { ikepolicy: member })).message).toMatch(
        /^Invalid input for (name|description)\. Reason: the text holds a lone UTF-16 surrogate/,
      );
    }
    expect(
      expectInvalid(
        validateRequest('endpoint_group', 'create', {
          endpoint_group: { type: 'cidr', endpoints: ['10.0.0.0/24'], name: 'x\udfff' },
        }),
      ).field,
    ).toBe('name');
    expect(validateRequest('ikepolicy', 'create', { ikepolicy: { name: 'ok \ud83d\ude00' } }).ok).toBe(true);
  });
});

describe('upstream error types', () => {
  it('answers null for an integer or a boolean with InvalidInput, as upstream’s converters', () => {
    expect(
      validateRequest('ipsec_site_connection', 'update', { ipsec_site_connection: { mtu: null } }),
    ).toEqual({
      ok: false,
      error: {
        status: 400,
        type: 'InvalidInput',
        message: "Invalid input for mtu. Reason: 'None' is not an integer.",
        field: 'mtu',
      },
    });
    expect(
      expectInvalid(validateRequest('vpnservice', 'update', { vpnservice: { admin_state_up: null } })),
    ).toMatchObject({
      type: 'InvalidInput',
      message: "Invalid input for admin_state_up. Reason: 'None' cannot be converted to boolean.",
    });
  });

  it('answers an empty or repeating endpoint list with upstream’s endpoint group types', () => {
    expect(
      expectInvalid(
        validateRequest('endpoint_group', 'create', { endpoint_group: { type: 'cidr', endpoints: [] } }),
      ).type,
    ).toBe('MissingEndpointForEndpointGroup');
    expect(
      expectInvalid(
        validateRequest('endpoint_group', 'create', {
          endpoint_group: { type: 'cidr', endpoints: ['10.0.0.0/24', '10.0.0.0/24'] },
        }),
      ).type,
    ).toBe('InvalidEndpointInEndpointGroup');
  });
});
