import type { RuleSetSchema } from '@vpnaas/schema';
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';

const DEFINITION_REF = '#/definitions/';

/** A sub-schema with its `$ref` (if any) followed into the rule set's definitions. */
export function resolveRef(
  root: RuleSetSchema,
  schema: JSONSchema7Definition | undefined,
): JSONSchema7 | undefined {
  if (schema === undefined || typeof schema === 'boolean') return undefined;
  if (!schema.$ref?.startsWith(DEFINITION_REF)) return schema;
  const target = root.definitions[decodeURIComponent(schema.$ref.slice(DEFINITION_REF.length))];
  // Sibling keywords (default, description) stay visible next to the referenced ones.
  return target && { ...target, ...schema, $ref: undefined };
}

/** The schema of one property of an object schema. */
export function propertySchema(root: RuleSetSchema, schema: JSONSchema7 | undefined, key: string) {
  return resolveRef(root, schema?.properties?.[key]);
}

/** The schema that applies at a JSON pointer path (`/dpd/interval`, `/peer_cidrs/1`). */
export function schemaAtPath(root: RuleSetSchema, schema: JSONSchema7, path: readonly string[]) {
  let current: JSONSchema7 | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const items: JSONSchema7Definition | JSONSchema7Definition[] | undefined = current.items;
    current =
      /^\d+$/.test(segment) && items && !Array.isArray(items)
        ? resolveRef(root, items)
        : propertySchema(root, current, segment);
  }
  return current;
}

/** The schema's single type, or undefined for unions and untyped schemas. */
export function singleType(schema: JSONSchema7 | undefined): string | undefined {
  return typeof schema?.type === 'string' ? schema.type : undefined;
}

/** A secret (format `password`, i.e. the pre-shared key) is never echoed back. */
export function isSecret(schema: JSONSchema7 | undefined): boolean {
  return schema?.format === 'password';
}
