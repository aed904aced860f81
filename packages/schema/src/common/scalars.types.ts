// Scalar types shared by every resource of the API family. Each constraint is
// written here once; typescript-json-schema copies the JSDoc tags into the
// generated JSON Schema (multi-line tags only: one tag per line).

/**
 * A resource id: a UUID in its canonical 8-4-4-4-12 hexadecimal form. The reason is
 * upstream's (neutron-lib validate_uuid); `%s` stands for the value, which it also
 * gives for a value that is not a string.
 * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
 * @patternReason '%s' is not a valid UUID
 */
export type Uuid = string;

/**
 * A name as sent in a request.
 * @minLength 1
 * @maxLength 64
 */
export type ResourceName = string;

// The empty default lives here, not on the request's name, which must have 1 to
// 64 characters when sent: a created resource without a name shows "".
/**
 * A name as returned: empty when none was given.
 * @maxLength 64
 * @default ""
 */
export type ReturnedName = string;

/**
 * Supplementary information.
 * @maxLength 255
 */
export type Description = string;

/**
 * The project (tenant) id. `tenant_id` and `project_id` carry the same value.
 * @minLength 1
 * @maxLength 255
 */
export type ProjectId = string;

/**
 * The time the resource was created, in UTC.
 * @pattern ^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$
 * @patternReason must be a time in YYYY-mm-dd HH:MM:SS.ffffff format
 */
export type CreatedAt = string;

/**
 * The administrative state. This cloud supports only `true`.
 */
export type AdminStateUp = true;

/**
 * An IPv4 address in dotted-quad form.
 * @format ipv4
 */
export type Ipv4Address = string;

/**
 * An IPv4 or IPv6 network in CIDR notation, `<net_address>/<prefix>`.
 * @format cidr
 */
export type Cidr = string;

/**
 * A list of CIDRs: no duplicates, all of one IP version.
 * @items.type string
 * @items.format cidr
 * @uniqueItems true
 */
export type CidrList = string[];

/**
 * The status of a VPN service or connection.
 */
export type ResourceStatus =
  | 'ACTIVE'
  | 'DOWN'
  | 'BUILD'
  | 'ERROR'
  | 'PENDING_CREATE'
  | 'PENDING_UPDATE'
  | 'PENDING_DELETE';

/**
 * A tag key: letters, digits, `-` and `_`.
 * @minLength 1
 * @maxLength 36
 * @pattern ^[A-Za-z0-9_-]*$
 * @patternReason may contain only letters, digits, - and _
 */
export type TagKey = string;

/**
 * A tag value: letters, digits, `-` and `_`.
 * @maxLength 43
 * @pattern ^[A-Za-z0-9_-]*$
 * @patternReason may contain only letters, digits, - and _
 */
export type TagValue = string;

/** A key/value tag on a resource. */
export interface ResourceTag {
  key: TagKey;
  value: TagValue;
}

/** A pagination link of a list response (`<plural>_links`). */
export interface CollectionLink {
  rel: 'next' | 'previous';
  href: string;
}
