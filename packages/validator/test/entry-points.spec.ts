// Each named entry point a library user imports validates its own resource and
// operation: a create needs that resource's required attributes, an update
// refuses the attributes only a create takes.
import { describe, expect, it } from 'vitest';
import * as validator from '../src/index.js';
import { expectInvalid, expectValid, seedRequest, UUID } from './support/bodies.js';

const PROJECT = '10039663455a446d8ba2cbb058b0f578';

type EntryPoint = (body: unknown) => validator.ValidationResult<unknown>;

/** A minimal valid create body, an update body, and an attribute only a create may set. */
const CASES: [string, string, () => Record<string, unknown>, Record<string, unknown>, string][] = [
  [
    'IpsecSiteConnection',
    'ipsec_site_connection',
    () => seedRequest().ipsec_site_connection,
    { name: 'n' },
    'vpnservice_id',
  ],
  ['IkePolicy', 'ikepolicy', () => ({ name: 'ike' }), { name: 'n' }, 'tenant_id'],
  ['IpsecPolicy', 'ipsecpolicy', () => ({ name: 'ipsec' }), { name: 'n' }, 'tenant_id'],
  ['VpnService', 'vpnservice', () => ({ router_id: UUID }), { name: 'n' }, 'router_id'],
  [
    'EndpointGroup',
    'endpoint_group',
    () => ({ type: 'cidr', endpoints: ['10.0.0.0/24'] }),
    { name: 'n' },
    'type',
  ],
  ['Router', 'router', () => ({ name: 'r' }), { name: 'n' }, 'tenant_id'],
  [
    'Subnet',
    'subnet',
    () => ({ cidr: '10.1.0.0/24', network_id: UUID, ip_version: 4 }),
    { name: 'n' },
    'cidr',
  ],
  ['Network', 'network', () => ({ name: 'net' }), { name: 'n' }, 'tenant_id'],
];

const entry = (name: string) => (validator as unknown as Record<string, EntryPoint>)[name] as EntryPoint;

describe.each(CASES)('validate%sCreate and …Update', (name, key, create, update, createOnly) => {
  it('accepts its own resource’s create body and refuses an empty one naming a required attribute', () => {
    expectValid(entry(`validate${name}Create`)({ [key]: create() }));
    // The attribute an update refuses is one a create takes: this is the create validator.
    const withCreateOnly = { ...create(), [createOnly]: create()[createOnly] ?? PROJECT };
    expectValid(entry(`validate${name}Create`)({ [key]: withCreateOnly }));
    const other = CASES.find(([, otherKey]) => otherKey !== key) as (typeof CASES)[number];
    const error = expectInvalid(entry(`validate${name}Create`)({ [other[1]]: other[2]() }));
    expect(error.status).toBe(400);
  });

  it('accepts an update and refuses an attribute only a create may set', () => {
    expectValid(entry(`validate${name}Update`)({ [key]: update }));
    const body = create();
    const error = expectInvalid(
      entry(`validate${name}Update`)({ [key]: { [createOnly]: body[createOnly] ?? PROJECT } }),
    );
    expect(error.message).toContain(createOnly);
  });
});

describe('resourceOfBody', () => {
  it('names the resource of a wrapped body and nothing for anything else', () => {
    expect(validator.resourceOfBody({ ikepolicy: {} })).toBe('ikepolicy');
    expect(validator.resourceOfBody({ endpoint_group: {} })).toBe('endpoint_group');
    for (const body of [null, 'ikepolicy', ['ikepolicy'], 42, {}])
      expect(validator.resourceOfBody(body)).toBeUndefined();
  });
});
