// @vpnaas/schema: the canonical types of every request and response of the VPN
// API family, and the JSON Schema generated from them.
import { readFileSync } from 'node:fs';
import type { JSONSchema7 } from 'json-schema';
import type { RuleSetName } from './common/resources.js';

export * from './common/resources.js';
export type * from './otc/index.js';

/** A generated rule-set schema: draft-07, every type under `definitions`. */
export interface RuleSetSchema extends JSONSchema7 {
  definitions: Record<string, JSONSchema7>;
}

const schemaCache = new Map<RuleSetName, RuleSetSchema>();

/** The generated JSON Schema of a rule set (read once, then cached). */
export function loadRuleSetSchema(ruleSet: RuleSetName = 'otc'): RuleSetSchema {
  let schema = schemaCache.get(ruleSet);
  if (!schema) {
    // generated/ sits beside src/ and dist/, so this URL works from both.
    const url = new URL(`../generated/${ruleSet}.schema.json`, import.meta.url);
    schema = JSON.parse(readFileSync(url, 'utf8')) as RuleSetSchema;
    schemaCache.set(ruleSet, schema);
  }
  return schema;
}
