// The forms upstream Neutron converts before validating (convert_to_int,
// convert_to_boolean with oslo's strings, convert_to_list, convert_none_to_empty_dict):
// the openstack CLI sends "mtu": "1500" and `set --peer-cidr` one string. Nothing
// looser is accepted: no floats, no booleans for integers.
import { invalidInput, type RequestError } from '../errors/request-error.js';
import type { Conversion } from '../schema/operation-fields.js';
import { pythonText } from './display-value.js';

/** What Python's int() takes from a string: optional sign and blanks, digits with single underscores. */
const INTEGER_STRING = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

type Container = Record<string, unknown>;

/** Converts the string forms in place; returns the error for the first one that cannot be converted. */
export function convertStringForms(
  member: Container,
  conversions: readonly Conversion[],
): RequestError | undefined {
  for (const conversion of conversions) {
    const { path } = conversion;
    let container: unknown = member;
    for (let i = 0; i < path.length - 1; i++) {
      container = (container as Container)[path[i] as string];
      if (container === null || typeof container !== 'object' || Array.isArray(container)) break;
    }
    if (container === null || typeof container !== 'object' || Array.isArray(container)) continue;
    const key = path[path.length - 1] as string;
    const value = (container as Container)[key];
    if (conversion.to === 'list') {
      if (value === null) (container as Container)[key] = [];
      else if (typeof value === 'string') (container as Container)[key] = [value];
      continue;
    }
    if (conversion.to === 'object') {
      if (value === null) (container as Container)[key] = {};
      continue;
    }
    // Upstream's converters refuse None itself (InvalidInput: "'None' is not an integer").
    if (value === null) {
      const reason =
        conversion.to === 'integer' ? "'None' is not an integer" : "'None' cannot be converted to boolean";
      return conversionError(path, reason);
    }
    // The usual case, a value already of its type, costs one typeof.
    if (
      conversion.to === 'integer'
        ? typeof value !== 'string'
        : typeof value !== 'string' && typeof value !== 'number'
    ) {
      continue;
    }
    const converted = conversion.to === 'integer' ? toInteger(value) : toBoolean(value);
    if (converted === INVALID) {
      const reason =
        conversion.to === 'integer'
          ? `'${pythonText(value)}' is not an integer`
          : `'${pythonText(value)}' cannot be converted to boolean`;
      return conversionError(path, reason);
    }
    (container as Container)[key] = converted;
  }
  return undefined;
}

/**
 * An attribute's converter raises InvalidInput; inside an object attribute (dpd,
 * lifetime) upstream's dict validator reports it as a bad request naming the attribute.
 */
function conversionError(path: readonly string[], reason: string): RequestError {
  return path.length === 1
    ? invalidInput(path[0] as string, reason, 'InvalidInput')
    : invalidInput(path.join('.'), reason, 'HTTPBadRequest', path[0]);
}

const INVALID = Symbol('invalid');

/**
 * A query-string or body value as upstream's convert_to_int reads it: the
 * integer, or undefined when it is not one. Also used for list filters.
 */
export function convertToInteger(value: unknown): number | undefined {
  const converted = toInteger(value);
  return typeof converted === 'number' && Number.isInteger(converted) ? converted : undefined;
}

/** A value as upstream's convert_to_boolean reads it ("true", "1", 0 …), or undefined. */
export function convertToBoolean(value: unknown): boolean | undefined {
  const converted = toBoolean(value);
  return typeof converted === 'boolean' ? converted : undefined;
}

function toInteger(value: unknown): unknown {
  if (typeof value !== 'string') return value; // numbers pass; other types fail the schema's type check
  return INTEGER_STRING.test(value) ? Number.parseInt(value.replace(/_/g, ''), 10) : INVALID;
}

/** oslo strutils.bool_from_string's strings (strict), which upstream's convert_to_boolean uses. */
const TRUE_STRINGS: ReadonlySet<string> = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const FALSE_STRINGS: ReadonlySet<string> = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

function toBoolean(value: unknown): unknown {
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (TRUE_STRINGS.has(lower)) return true;
    if (FALSE_STRINGS.has(lower)) return false;
    return INVALID;
  }
  if (value === 0) return false;
  if (value === 1) return true;
  return value;
}
