// Turns Ajv's first error into the service's message: `Invalid input for
// <field>. Reason: <why>`, where <why> names the limit or the allowed values.
// The value is quoted only where it helps and never for a secret.
import type { ErrorObject } from 'ajv';
import type { JSONSchema7 } from 'json-schema';
import { badRequest, invalidInput, type RequestError } from '../errors/request-error.js';
import type { OperationFields } from '../schema/operation-fields.js';
import { isSecret, schemaAtPath } from '../schema/schema-walk.js';
import { displayValue } from './display-value.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

export function messageForAjvError(
  error: ErrorObject,
  member: unknown,
  fields: OperationFields,
): RequestError {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = segments.filter((segment) => !/^\d+$/.test(segment)).join('.');
  if (!field) return badRequest(`Body contains invalid data: ${error.message ?? error.keyword}`);
  const index = segments.findLast((segment) => /^\d+$/.test(segment));
  const schema = schemaAtPath(fields.root, fields.schema, segments);
  const value = segments.reduce<unknown>(
    (data, key) => (data as Record<string, unknown> | undefined)?.[key],
    member,
  );
  const reason = reasonFor(error, value, schema);
  return invalidInput(
    field,
    index === undefined ? reason : `item ${index} ${reason}`,
    UPSTREAM_TYPES[`${field}:${error.keyword}`],
  );
}

/** Upstream's own exception types where its endpoint group checks raise them (neutron-lib exceptions/vpn.py). */
const UPSTREAM_TYPES: Record<string, string> = {
  'endpoints:minItems': 'MissingEndpointForEndpointGroup',
  'endpoints:uniqueItems': 'InvalidEndpointInEndpointGroup',
};

function reasonFor(error: ErrorObject, value: unknown, schema: JSONSchema7 | undefined): string {
  const params = error.params as Record<string, unknown>;
  // Values of a secret are never quoted; for everything else, showing the value helps.
  const shown = isSecret(schema) ? undefined : displayValue(value);
  switch (error.keyword) {
    case 'type': {
      const types = ([] as unknown[])
        .concat(params.type)
        .map((type) => TYPE_NAMES[String(type)] ?? String(type));
      return `must be ${types.join(' or ')}`;
    }
    case 'const':
      return `only ${displayValue(params.allowedValue)} is supported${shown ? `, not ${shown}` : ''}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      return shown ? `${shown} is not one of: ${allowed}` : `must be one of: ${allowed}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'pattern':
      return (
        (schema as { patternReason?: string } | undefined)?.patternReason ?? `must match ${params.pattern}`
      );
    // Upstream's validate_range wording.
    case 'minimum':
      return `${shown ? `'${value}'` : 'the value'} is too small - must be at least '${params.limit}'`;
    case 'maximum':
      return `${shown ? `'${value}'` : 'the value'} is too large - must be no larger than '${params.limit}'`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must contain at least ${params.limit} items`;
    case 'maxItems':
      return `must contain at most ${params.limit} items`;
    case 'uniqueItems': {
      const duplicate = Array.isArray(value) ? value[params.j as number] : undefined;
      return `duplicate items in the list: ${isSecret(schema) ? 'hidden' : displayValue(duplicate)}`;
    }
    case 'additionalProperties': {
      const known = new Set(Object.keys(schema?.properties ?? {}));
      const unexpected = Object.keys(value as object).filter((key) => !known.has(key));
      return `unexpected keys supplied: ${unexpected.join(', ')}`;
    }
    case 'required':
      return `missing required key '${String(params.missingProperty)}'`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
