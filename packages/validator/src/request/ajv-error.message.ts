// Turns Ajv's first error into the service's message: `Invalid input for
// <attribute>. Reason: <why>.`, where <why> is upstream Neutron's wording
// (neutron-lib's validators) wherever upstream refuses the value too, followed
// by the limit or the allowed values when upstream's words do not give them.
// Where only Classic VPN refuses a value, <why> is ours. The value is quoted
// only where it helps and never for a secret.
import type { ErrorObject } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { badRequest, invalidInput, type RequestError } from '../errors/request-error.js';
import type { OperationFields } from '../schema/operation-fields.js';
import { isSecret, schemaAtPath } from '../schema/schema-walk.js';
import { displayValue, pythonText } from './display-value.js';

/** Our words for a type, where upstream has none (a secret, or a union of types). */
const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

/** Upstream's reason for a value of the wrong type (validate_dict, validate_list, validate_string, the converters). */
const UPSTREAM_TYPE_REASONS: Record<string, string> = {
  object: "'%s' is not a dictionary",
  array: "'%s' is not a list",
  string: "'%s' is not a valid string",
  integer: "'%s' is not an integer",
  number: "'%s' is not an integer",
  boolean: "'%s' cannot be converted to boolean",
};

/** Upstream's own exception types where its endpoint group checks raise them (neutron-lib exceptions/vpn.py). */
const UPSTREAM_TYPES: Record<string, string> = {
  'endpoints:minItems': 'MissingEndpointForEndpointGroup',
  'endpoints:uniqueItems': 'InvalidEndpointInEndpointGroup',
};

/** Attributes upstream validates as non-negative (type:non_negative, in a dict for dpd): a negative value's wording. */
const NON_NEGATIVE: ReadonlySet<string> = new Set(['ipsec_site_connection:dpd', 'ipsec_site_connection:mtu']);

export function messageForAjvError(
  error: ErrorObject,
  member: unknown,
  fields: OperationFields,
): RequestError {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = segments.filter((segment) => !/^\d+$/.test(segment));
  const field = path.join('.');
  if (!field) return badRequest(`Body contains invalid data: ${error.message ?? error.keyword}`);
  const index = segments.findLast((segment) => /^\d+$/.test(segment));
  const schema = schemaAtPath(fields.root, fields.schema, segments);
  const value = segments.reduce<unknown>(
    (data, key) => (data as Record<string, unknown> | undefined)?.[key],
    member,
  );
  const attribute = fields.resource === undefined ? undefined : `${fields.resource}:${path[0]}`;
  if (attribute === 'ipsec_site_connection:mtu' && error.keyword === 'const') return mtuError(value);
  const reason = reasonFor(error, value, schema, attribute !== undefined && NON_NEGATIVE.has(attribute));
  // Upstream's converters answer a top-level integer or boolean of another type as InvalidInput.
  const converterType =
    error.keyword === 'type' && path.length === 1 && isConverted(schema) ? 'InvalidInput' : undefined;
  return invalidInput(
    field,
    index === undefined ? reason : `item ${index} ${reason}`,
    UPSTREAM_TYPES[`${field}:${error.keyword}`] ?? converterType,
    // A resource's object attribute (dpd, lifetime) is validated as a whole upstream: its message names it.
    fields.resource === undefined ? field : (path[0] as string),
  );
}

function isConverted(schema: JSONSchema7 | undefined): boolean {
  const types = ([] as unknown[]).concat(schema?.type ?? []);
  return types.length === 1 && ['integer', 'number', 'boolean'].includes(types[0] as string);
}

/**
 * Classic VPN's MTU is 1500 only. Upstream refuses a negative MTU, and one below
 * IPv4's minimum of 68 (IPsecSiteConnectionMtuError; 0 means unset and skips that
 * check); those keep upstream's message, with the one value Classic VPN takes appended.
 */
function mtuError(value: unknown): RequestError {
  const only = 'only 1500 is supported';
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 0) return invalidInput('mtu', `'${value}' should be non-negative; ${only}`);
    if (value > 0 && value < 68) {
      return {
        status: 400,
        type: 'IPsecSiteConnectionMtuError',
        message: `ipsec_site_connection MTU ${value} is too small for ipv4; ${only}`,
        field: 'mtu',
      };
    }
  }
  return invalidInput('mtu', `${only}, not ${displayValue(value)}`);
}

/** Fills upstream's `'%s'` with the value as Python prints it. */
const withValue = (template: string, value: unknown) => template.replace('%s', pythonText(value));

function reasonFor(
  error: ErrorObject,
  value: unknown,
  schema: JSONSchema7 | undefined,
  nonNegative: boolean,
): string {
  const params = error.params as Record<string, unknown>;
  const secret = isSecret(schema);
  // Values of a secret are never quoted; for everything else, showing the value helps.
  const shown = secret ? undefined : displayValue(value);
  // A reason written in the schema; `%s` in it stands for the value (the UUID's is upstream's).
  const patternReason = (schema as { patternReason?: string } | undefined)?.patternReason;
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map(String);
      if (!secret && patternReason?.includes('%s')) return withValue(patternReason, value);
      const upstream = types.length === 1 ? UPSTREAM_TYPE_REASONS[types[0] as string] : undefined;
      if (!secret && upstream) return withValue(upstream, value);
      return `must be ${types.map((type) => TYPE_NAMES[type] ?? type).join(' or ')}`;
    }
    case 'const':
      // A one-value enumeration (lifetime units) is upstream's valid_values check.
      return typeof params.allowedValue === 'string' && typeof value === 'string'
        ? `${pythonText(value)} is not in valid_values; the only valid value is ${params.allowedValue}`
        : `only ${displayValue(params.allowedValue)} is supported${shown ? `, not ${shown}` : ''}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      return shown
        ? `${pythonText(value)} is not in valid_values; valid values are ${allowed}`
        : `must be one of: ${allowed}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return shown
        ? `'${pythonText(value)}' exceeds maximum length of ${params.limit}`
        : `must be at most ${params.limit} characters long`;
    case 'pattern':
      if (patternReason === undefined) return `must match ${params.pattern}`;
      return !secret && patternReason.includes('%s') ? withValue(patternReason, value) : patternReason;
    // Upstream's validate_range wording, or validate_non_negative's for a negative value.
    case 'minimum':
      if (shown && nonNegative && typeof value === 'number' && value < 0) {
        return `'${value}' should be non-negative; it must be at least '${params.limit}'`;
      }
      return `${shown ? `'${value}'` : 'the value'} is too small - must be at least '${params.limit}'`;
    case 'maximum':
      return `${shown ? `'${value}'` : 'the value'} is too large - must be no larger than '${params.limit}'`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must contain at least ${params.limit} items`;
    case 'maxItems':
      return `must contain at most ${params.limit} items`;
    case 'uniqueItems': {
      const duplicate = Array.isArray(value) ? value[params.j as number] : undefined;
      return `Duplicate items in the list: ${secret ? 'hidden' : `'${pythonText(duplicate)}'`}`;
    }
    case 'additionalProperties': {
      const known = new Set(Object.keys(schema?.properties ?? {}));
      const unexpected = Object.keys(value as object).filter((key) => !known.has(key));
      return `Unexpected keys supplied: ${unexpected.join(', ')}`;
    }
    case 'required':
      return `missing required key '${String(params.missingProperty)}'`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
