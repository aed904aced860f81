import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { definitionName, loadRuleSetSchema, RESOURCE_KEYS, RESOURCES } from '../src/index.js';

const schema = loadRuleSetSchema('otc');

// Strict ajv, as the validator compiles it: unknown keywords or formats would throw here.
const ajv = new Ajv({
  strict: true,
  allowUnionTypes: true,
  formats: { cidr: true, password: true, ipv4: true },
});
ajv.addKeyword({ keyword: 'patternReason', schemaType: 'string' });
ajv.addSchema(schema, 'otc');
const validatorFor = (name: string) => {
  const validate = ajv.getSchema(`otc#/definitions/${name}`);
  if (!validate) throw new Error(`no definition ${name}`);
  return validate;
};

const example = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'));

describe('the generated otc schema', () => {
  it('has every request and response shape of every resource', () => {
    for (const resource of RESOURCE_KEYS) {
      for (const role of [
        'Create',
        'Update',
        '',
        'CreateRequest',
        'UpdateRequest',
        'Response',
        'ListResponse',
      ] as const) {
        expect(schema.definitions, `${resource} ${role}`).toHaveProperty(definitionName(resource, role));
      }
    }
    expect(schema.definitions).toHaveProperty('NeutronErrorResponse');
  });

  it('wraps each resource in its singular and plural keys', () => {
    for (const resource of Object.values(RESOURCES)) {
      const single = schema.definitions[`${resource.typeName}Response`];
      const list = schema.definitions[`${resource.typeName}ListResponse`];
      expect(single?.required).toEqual([resource.key]);
      expect(list?.required).toEqual([resource.collectionKey]);
      expect(Object.keys(list?.properties ?? {})).toContain(`${resource.collectionKey}_links`);
    }
  });

  it('accepts the seed example request', () => {
    const validate = validatorFor('IpsecSiteConnectionCreateRequest');
    expect(
      validate(example('ipsec-site-connection.create.request.json')),
      ajv.errorsText(validate.errors),
    ).toBe(true);
  });

  it('accepts the seed example response, whose repeated vpnservice_id keeps its last value', () => {
    const response = example('ipsec-site-connection.create.response.json') as {
      ipsec_site_connection: { vpnservice_id: string };
    };
    expect(response.ipsec_site_connection.vpnservice_id).toBe('4754261f-f8c5-4799-a365-78b2e682e38a');
    const validate = validatorFor('IpsecSiteConnectionResponse');
    expect(validate(response), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('holds the seed defaults on create and none on update', () => {
    const create = schema.definitions.IpsecSiteConnectionCreate?.properties ?? {};
    expect(create).toMatchObject({
      initiator: { default: 'bi-directional' },
      admin_state_up: { default: true, const: true },
      mtu: { default: 1500, const: 1500 },
      dpd: { default: {} },
    });
    expect(schema.definitions.DpdCreate?.properties).toMatchObject({
      action: { default: 'hold' },
      interval: { default: 30 },
      timeout: { default: 120 },
    });
    for (const resource of RESOURCE_KEYS) {
      const update = JSON.stringify(schema.definitions[definitionName(resource, 'Update')]);
      expect(update, resource).not.toContain('"default"');
    }
    expect(JSON.stringify(schema.definitions.DpdUpdate)).not.toContain('"default"');
    expect(JSON.stringify(schema.definitions.LifetimeUpdate)).not.toContain('"default"');
  });

  it('makes route_mode, auth_mode and status read-only', () => {
    const create = Object.keys(schema.definitions.IpsecSiteConnectionCreate?.properties ?? {});
    const returned = Object.keys(schema.definitions.IpsecSiteConnection?.properties ?? {});
    for (const readOnly of ['route_mode', 'auth_mode', 'status', 'id', 'created_at']) {
      expect(create).not.toContain(readOnly);
      expect(returned).toContain(readOnly);
    }
  });

  it('compiles every definition', () => {
    const names = Object.keys(schema.definitions);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      expect(() => validatorFor(name), name).not.toThrow();
    }
  }, 30_000);

  it('defines NeutronErrorResponse as the body every error has', () => {
    const validate = validatorFor('NeutronErrorResponse');
    const inUse = {
      NeutronError: {
        type: 'IKEPolicyInUse',
        message:
          'IKE policy 5a9b0bde-7e2c-4b29-9a5e-3c0f3b0f9e10 is in use by IPsec site connection(s) 8f1d4a2e-0c5b-4a59-8a0e-1c2d3e4f5a6b and cannot be deleted',
        detail: '',
      },
    };
    expect(validate(inUse), ajv.errorsText(validate.errors)).toBe(true);
    for (const wrong of [
      { NeutronError: 'IKEPolicyInUse' },
      { NeutronError: { type: 'IKEPolicyInUse', message: 'in use' } },
      { NeutronError: { ...inUse.NeutronError, code: 409 } },
      { NeutronError: { ...inUse.NeutronError, detail: null } },
      { error: inUse.NeutronError },
      {},
    ]) {
      expect(validate(wrong), JSON.stringify(wrong)).toBe(false);
    }
  });

  it('names definitions plainly and carries no machine paths', () => {
    const text = JSON.stringify(schema);
    expect(text).not.toContain('import(');
    expect(Object.keys(schema.definitions).every((name) => /^[A-Za-z0-9_]+$/.test(name))).toBe(true);
  });
});
