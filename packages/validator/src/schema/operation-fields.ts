// What the validator needs to know about one operation (create or update) of a
// resource, derived once from the generated JSON Schema: no field is listed by hand.
import { definitionName, type ResourceKey, type RuleSetSchema } from '@vpnaas/schema';
import type { JSONSchema7 } from 'json-schema';
import { propertySchema, resolveRef, singleType } from './schema-walk.js';

export type Operation = 'create' | 'update';

/**
 * A form upstream converts: `"mtu": "1500"` is 1500, `"admin_state_up": "yes"` is true
 * (convert_to_int, convert_to_boolean); a list attribute given `null` is `[]` and a
 * bare string a one-item list (convert_to_list); an object attribute given `null`
 * is `{}`, i.e. its defaults (convert_none_to_empty_dict).
 */
export interface Conversion {
  readonly path: readonly string[];
  readonly to: 'integer' | 'boolean' | 'list' | 'object';
}

/** A format checked in code after Ajv (ajv-formats has no CIDR). */
export type CheckedFormat = 'cidr' | 'ipv4';
const CHECKED_FORMATS: ReadonlySet<string> = new Set<CheckedFormat>(['cidr', 'ipv4']);

export interface FormatCheck {
  /** Where the value is; `*` stands for every item of a list (`external_fixed_ips.*.ip_address`). */
  readonly path: readonly string[];
  /** The field as messages name it, e.g. `external_gateway_info.external_fixed_ips.ip_address`. */
  readonly field: string;
  readonly format: CheckedFormat;
  /** The field is a list whose every item has the format (and all share one IP version). */
  readonly list: boolean;
}

export interface OperationFields {
  readonly root: RuleSetSchema;
  /** The resource whose create or update this is; undefined for other bodies (tags, a router interface). */
  readonly resource?: ResourceKey;
  /** The schema of the request body's member for this operation. */
  readonly schema: JSONSchema7;
  /** The attributes this operation accepts. */
  readonly accepted: ReadonlySet<string>;
  /** Attributes the resource has but this operation does not accept (read-only or immutable). */
  readonly readOnly: ReadonlySet<string>;
  readonly required: readonly string[];
  readonly conversions: readonly Conversion[];
  /**
   * Create only: defaults of the returned resource for attributes whose request
   * form has none (an unnamed resource is named ""; a request's name may not be empty).
   */
  readonly returnedDefaults: ReadonlyArray<readonly [string, unknown]>;
  readonly formatChecks: readonly FormatCheck[];
}

export function operationFields(
  root: RuleSetSchema,
  resource: ResourceKey,
  operation: Operation,
): OperationFields {
  const name = definitionName(resource, operation === 'create' ? 'Create' : 'Update');
  const fields = definitionFields(root, name);
  const { schema, accepted } = fields;
  const returned = definitionSchema(root, definitionName(resource, ''));
  // Everything the resource is known by: what it returns and what create takes.
  const known = [
    ...Object.keys(returned.properties ?? {}),
    ...Object.keys(definitionSchema(root, definitionName(resource, 'Create')).properties ?? {}),
  ];
  return {
    ...fields,
    resource,
    readOnly: new Set(known.filter((key) => !accepted.has(key))),
    returnedDefaults:
      operation === 'create'
        ? [...accepted].flatMap((key) => {
            const fromRequest = propertySchema(root, schema, key)?.default;
            const fromResource = propertySchema(root, returned, key)?.default;
            return fromRequest === undefined && fromResource !== undefined
              ? [[key, fromResource] as const]
              : [];
          })
        : [],
  };
}

/** The fields of a body that is not a resource's create or update (e.g. a router interface). */
export function definitionFields(root: RuleSetSchema, name: string): OperationFields {
  const schema = definitionSchema(root, name);
  return {
    root,
    schema,
    accepted: new Set(Object.keys(schema.properties ?? {})),
    readOnly: new Set(),
    required: schema.required ?? [],
    conversions: conversionsOf(root, schema, []),
    returnedDefaults: [],
    formatChecks: formatChecksOf(root, schema),
  };
}

function definitionSchema(root: RuleSetSchema, name: string): JSONSchema7 {
  const schema = root.definitions[name];
  if (!schema) throw new Error(`the rule set schema has no definition ${name}`);
  return schema;
}

function conversionsOf(root: RuleSetSchema, schema: JSONSchema7, path: readonly string[]): Conversion[] {
  return Object.keys(schema.properties ?? {}).flatMap((key): Conversion[] => {
    const property = propertySchema(root, schema, key);
    const type = singleType(property);
    if (type === 'integer' || type === 'number') return [{ path: [...path, key], to: 'integer' }];
    if (type === 'boolean') return [{ path: [...path, key], to: 'boolean' }];
    // null → [] / {} for the attributes themselves, not inside them.
    if (type === 'array' && path.length === 0) return [{ path: [key], to: 'list' }];
    if (type === 'object' && property) {
      const nested = conversionsOf(root, property, [...path, key]);
      return path.length === 0 ? [{ path: [key], to: 'object' }, ...nested] : nested;
    }
    return [];
  });
}

function formatChecksOf(
  root: RuleSetSchema,
  schema: JSONSchema7,
  path: readonly string[] = [],
): FormatCheck[] {
  return Object.keys(schema.properties ?? {}).flatMap((key): FormatCheck[] => {
    const property = propertySchema(root, schema, key);
    const items = property?.items;
    const itemSchema = items && !Array.isArray(items) ? resolveRef(root, items) : undefined;
    const here = [...path, key];
    const format = itemSchema?.format ?? property?.format;
    if (format && CHECKED_FORMATS.has(format)) {
      const field = here.filter((segment) => segment !== '*').join('.');
      return [{ path: here, field, format: format as CheckedFormat, list: itemSchema !== undefined }];
    }
    // Nested objects and lists of objects (a router's external_fixed_ips) are checked too.
    if (singleType(property) === 'object' && property) return formatChecksOf(root, property, here);
    if (singleType(itemSchema) === 'object' && itemSchema)
      return formatChecksOf(root, itemSchema, [...here, '*']);
    return [];
  });
}
