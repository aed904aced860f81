// The one Ajv configuration the validators are compiled with. The benchmark's
// "bare ajv" floor uses it too, so the comparison is like for like.
import { Ajv, type Options } from 'ajv';

export const AJV_OPTIONS: Options = {
  strict: true,
  // One error is enough to answer, and allErrors is a DoS risk on untrusted input.
  allErrors: false,
  useDefaults: true,
  // Nullable response fields come out of typescript-json-schema as ["null", "string"].
  allowUnionTypes: true,
  // Checked by the validator's own code after ajv (ajv-formats has no CIDR), or pure annotations.
  formats: { cidr: true, ipv4: true, password: true },
};

/** An Ajv instance that knows the rule set's schema under the id `ruleSet`. */
export function createAjv(ruleSet: string, schema: object, extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  // Annotation only: the human reason for a failed `pattern`, read by the message builder.
  ajv.addKeyword({ keyword: 'patternReason', schemaType: 'string' });
  ajv.addSchema(schema, ruleSet);
  return ajv;
}
