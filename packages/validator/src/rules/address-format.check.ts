// The formats Ajv leaves to us (ajv-formats has no CIDR): CIDR lists, one IP
// version per list, and IPv4 addresses.
import { invalidInput, type RequestError } from '../errors/request-error.js';
import { displayValue } from '../request/display-value.js';
import type { FormatCheck } from '../schema/operation-fields.js';
import { type IpVersion, parseCidr, parseIpv4 } from './ip-address.js';

/** Every item a valid CIDR, all of one IP version. `mixedType` names the error for mixed versions. */
export function checkCidrList(
  field: string,
  cidrs: readonly unknown[],
  mixedType: string,
): RequestError | undefined {
  let first: { cidr: string; version: IpVersion } | undefined;
  for (const cidr of cidrs) {
    const parsed = parseCidr(String(cidr));
    if (!parsed.ok) return invalidInput(field, `${displayValue(cidr)} ${parsed.reason}`);
    if (!first) first = { cidr: String(cidr), version: parsed.version };
    else if (parsed.version !== first.version) {
      return invalidInput(
        field,
        `all CIDRs must be of one IP version, but ${displayValue(first.cidr)} is IPv${first.version} and ${displayValue(cidr)} is IPv${parsed.version}`,
        mixedType,
      );
    }
  }
  return undefined;
}

/** Runs the schema's `cidr` and `ipv4` format checks on a member that passed Ajv. */
export function checkAddressFormats(
  member: Record<string, unknown>,
  checks: readonly FormatCheck[],
): RequestError | undefined {
  for (const check of checks) {
    for (const value of valuesAt(member, check.path)) {
      const error = checkFormat(check, value);
      if (error) return error;
    }
  }
  return undefined;
}

function checkFormat(check: FormatCheck, value: unknown): RequestError | undefined {
  if (value === undefined || value === null) return undefined;
  if (check.list) {
    return check.format === 'cidr'
      ? checkCidrList(check.field, value as unknown[], 'MixedIPVersionsForPeerCidrs')
      : undefined;
  }
  if (check.format === 'cidr') {
    const parsed = parseCidr(String(value));
    return parsed.ok ? undefined : invalidInput(check.field, `${displayValue(value)} ${parsed.reason}`);
  }
  return parseIpv4(String(value))
    ? undefined
    : invalidInput(check.field, `${displayValue(value)} is not an IPv4 address`);
}

/** The values at a path; `*` fans out over a list's items. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || typeof value !== 'object') return [];
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}
