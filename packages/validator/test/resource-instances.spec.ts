// The body of Classic VPN's query by tag (vpn_api_1016):
// POST /v2.0/{project_id}/ipsec-site-connections/resource_instances/action.
import { describe, expect, it } from 'vitest';
import { validateResourceInstancesAction as validate } from '../src/index.js';
import { expectInvalid, expectValid } from './support/bodies.js';

describe('the query by tag', () => {
  it('takes filter and count, and fills in limit 1000 and offset 0', () => {
    expect(expectValid(validate({ action: 'filter' }))).toEqual({ action: 'filter', limit: 1000, offset: 0 });
    expect(
      expectValid(
        validate({
          action: 'count',
          tags: [
            { key: 'env', values: ['prod', 'test'] },
            { key: 'team', values: [] },
          ],
          matches: [{ key: 'resource_name', value: 'conn' }],
        }),
      ),
    ).toEqual({
      action: 'count',
      tags: [
        { key: 'env', values: ['prod', 'test'] },
        { key: 'team', values: [] },
      ],
      matches: [{ key: 'resource_name', value: 'conn' }],
      limit: 1000,
      offset: 0,
    });
  });

  it('converts a limit and an offset sent as strings, as upstream’s convert_to_int', () => {
    expect(expectValid(validate({ action: 'filter', limit: '10', offset: '20' }))).toMatchObject({
      limit: 10,
      offset: 20,
    });
  });

  it.each([
    [{}, 'HTTPBadRequest', "Failed to parse request. Required attribute 'action' not specified", 'action'],
    [
      { action: 'list' },
      'HTTPBadRequest',
      'Invalid input for action. Reason: list is not in valid_values; valid values are count, filter.',
      'action',
    ],
    [
      { action: 'filter', limit: 0 },
      'HTTPBadRequest',
      "Invalid input for limit. Reason: '0' is too small - must be at least '1'.",
      'limit',
    ],
    [
      { action: 'filter', limit: 1001 },
      'HTTPBadRequest',
      "Invalid input for limit. Reason: '1001' is too large - must be no larger than '1000'.",
      'limit',
    ],
    [
      { action: 'filter', offset: -1 },
      'HTTPBadRequest',
      "Invalid input for offset. Reason: '-1' is too small - must be at least '0'.",
      'offset',
    ],
    [
      { action: 'filter', limit: 'ten' },
      'InvalidInput',
      "Invalid input for limit. Reason: 'ten' is not an integer.",
      'limit',
    ],
    [
      { action: 'filter', tags: [{ key: 'a b', values: [] }] },
      'HTTPBadRequest',
      'Invalid input for tags.key. Reason: item 0 may contain only letters, digits, - and _.',
      'tags.key',
    ],
    [
      { action: 'filter', tags: [{ key: 'k'.repeat(37), values: [] }] },
      'HTTPBadRequest',
      `Invalid input for tags.key. Reason: item 0 '${'k'.repeat(37)}' exceeds maximum length of 36.`,
      'tags.key',
    ],
    [
      { action: 'filter', tags: [{ key: '', values: [] }] },
      'HTTPBadRequest',
      'Invalid input for tags.key. Reason: item 0 must not be empty.',
      'tags.key',
    ],
    [
      { action: 'filter', tags: [{ key: 'k', values: ['v'.repeat(44)] }] },
      'HTTPBadRequest',
      `Invalid input for tags.values. Reason: item 0 '${'v'.repeat(44)}' exceeds maximum length of 43.`,
      'tags.values',
    ],
    [
      { action: 'filter', tags: [{ key: 'k', values: ['a/b'] }] },
      'HTTPBadRequest',
      'Invalid input for tags.values. Reason: item 0 may contain only letters, digits, - and _.',
      'tags.values',
    ],
    [
      { action: 'filter', tags: [{ key: 'k', values: ['v', 'v'] }] },
      'HTTPBadRequest',
      "Invalid input for tags.values. Reason: item 0 Duplicate items in the list: 'v'.",
      'tags.values',
    ],
    [
      { action: 'filter', tags: [{ key: 'k' }] },
      'HTTPBadRequest',
      "Invalid input for tags. Reason: item 0 missing required key 'values'.",
      'tags',
    ],
    [
      {
        action: 'filter',
        tags: [
          { key: 'k', values: [] },
          { key: 'k', values: ['v'] },
        ],
      },
      'HTTPBadRequest',
      "Invalid input for tags. Reason: the key 'k' is given twice.",
      'tags',
    ],
    [
      { action: 'filter', tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, values: [] })) },
      'HTTPBadRequest',
      'Invalid input for tags. Reason: must contain at most 10 items.',
      'tags',
    ],
    [
      { action: 'filter', matches: [{ key: 'name', value: 'x' }] },
      'HTTPBadRequest',
      'Invalid input for matches.key. Reason: item 0 name is not in valid_values; the only valid value is resource_name.',
      'matches.key',
    ],
    [
      { action: 'filter', matches: [{ key: 'resource_name', value: 'n'.repeat(256) }] },
      'HTTPBadRequest',
      `Invalid input for matches.value. Reason: item 0 '${'n'.repeat(60)}…' exceeds maximum length of 255.`,
      'matches.value',
    ],
    [{ action: 'filter', foo: 1 }, 'HTTPBadRequest', "Unrecognized attribute(s) 'foo'", 'foo'],
  ])('refuses %j', (body, type, message, field) => {
    expect(expectInvalid(validate(body))).toEqual({ status: 400, type, message, field });
  });
});
