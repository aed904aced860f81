// The query string of a list: filters on every scalar attribute, fields=,
// sort_key/sort_dir and limit/marker/page_reverse, as upstream Neutron reads
// them. Which attributes exist and their types come from the generated schema;
// which are columns, from the database. A bad parameter is a 400 that names it;
// a key that is no filter is ignored, as upstream does.
import {
  definitionName,
  LIST_LIMIT_MAX,
  loadRuleSetSchema,
  RESOURCES,
  type ResourceKey,
} from '@vpnaas/schema';
import { convertToBoolean, convertToInteger } from '@vpnaas/validator';
import type { JSONSchema7 } from 'json-schema';
import { NeutronException } from './neutron.exception.js';

export type RawQuery = Record<string, string | string[] | undefined>;

export interface ListQuery {
  /** Column filters: a row matches when every column holds one of its values. */
  readonly filters: ReadonlyArray<{ column: string; values: readonly (string | number)[] }>;
  /** A filter on a constant attribute (auth_mode=…) that no row can match. */
  readonly matchesNothing: boolean;
  readonly fields: readonly string[] | undefined;
  /** Sort columns; `id` is always the last, so that pages are stable. */
  readonly sorts: ReadonlyArray<{ column: string; direction: 'asc' | 'desc' }>;
  /** Page size; undefined (or limit=0) lists everything. */
  readonly limit: number | undefined;
  readonly marker: string | undefined;
  readonly pageReverse: boolean;
}

interface Attribute {
  readonly column: string | undefined;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly constant: unknown;
  /** Sorting needs a column that is never null (and, where upstream names them, a sort key). */
  readonly sortable: boolean;
  /** A secret (the psk): never a filter or a sort key, so it never lands in a query string that works. */
  readonly secret: boolean;
}

/** Columns named differently from their attribute. */
const COLUMN_OF: Record<string, string> = { tenant_id: 'project_id' };
/** Query keys clients send for an attribute of another name (openstacksdk's endpoint_type). */
const ALIASES: Partial<Record<ResourceKey, Record<string, string>>> = {
  endpoint_group: { endpoint_type: 'type' },
};
const RESERVED = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

export class ListQueryParser {
  private readonly attributes: ReadonlyMap<string, Attribute>;
  private readonly title: string;

  constructor(
    private readonly resource: ResourceKey,
    columns: ReadonlySet<string>,
  ) {
    this.attributes = scalarAttributes(resource, columns);
    this.title = RESOURCES[resource].collectionKey;
  }

  parse(query: RawQuery): ListQuery {
    const filters: { column: string; values: (string | number)[] }[] = [];
    let matchesNothing = false;
    for (const [rawKey, raw] of Object.entries(query)) {
      if (RESERVED.has(rawKey) || raw === undefined) continue;
      const key = ALIASES[this.resource]?.[rawKey] ?? rawKey;
      const attribute = this.attributes.get(key);
      if (!attribute) continue;
      if (attribute.secret) throw secretRefused(rawKey);
      const values = ([] as string[])
        .concat(raw)
        .map((value) => convertFilter(rawKey, attribute, value))
        .filter((value) => value !== undefined);
      if (values.length === 0) matchesNothing = true;
      else if (attribute.column) filters.push({ column: attribute.column, values });
      else if (!values.includes(attribute.constant as string | number)) matchesNothing = true;
    }
    return {
      filters,
      matchesNothing,
      fields: fieldsOf(query.fields),
      sorts: this.sorts(query),
      ...this.page(query),
    };
  }

  /** The query keys that filter this collection (the psk is refused, never a filter). */
  get filterKeys(): string[] {
    return [...this.attributes].filter(([, attribute]) => !attribute.secret).map(([name]) => name);
  }

  /** The attributes this collection may be sorted on. */
  get sortKeys(): string[] {
    return [...this.attributes].filter(([, attribute]) => attribute.sortable).map(([name]) => name);
  }

  /** Upstream's get_sorts: as many sort_dirs as sort_keys, sort keys only, asc or desc; by creation otherwise. */
  /** The fields= of a show or a list, undefined when every attribute is wanted. */
  fields(query: RawQuery): readonly string[] | undefined {
    return fieldsOf(query.fields);
  }

  private sorts(query: RawQuery): ListQuery['sorts'] {
    // Upstream drops empty values (`sort_key=`).
    const keys = ([] as string[]).concat(query.sort_key ?? []).filter((key) => key !== '');
    const directions = ([] as string[]).concat(query.sort_dir ?? []).filter((dir) => dir !== '');
    if (directions.length !== keys.length) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        'The number of sort_keys and sort_dirs must be same',
      );
    }
    // Upstream's message (the psk too is no sort key), then the keys there are.
    const absent = keys.filter((key) => !this.attributes.get(key)?.sortable);
    if (absent.length > 0) {
      const sortable = this.sortKeys;
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `${pythonList(absent)} is invalid attribute for sort_keys; ${
          sortable.length > 0
            ? `sort ${this.title} on one of: ${sortable.join(', ')}`
            : `${this.title} cannot be sorted`
        }`,
      );
    }
    const invalidDirections = directions.filter((dir) => dir !== 'asc' && dir !== 'desc');
    if (invalidDirections.length > 0) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `${pythonList(invalidDirections)} is invalid value for sort_dirs, valid value is 'asc' and 'desc'`,
      );
    }
    const sorts = keys.map((key, index) => ({
      column: this.attributes.get(key)?.column as string,
      direction: directions[index] as 'asc' | 'desc',
    }));
    if (sorts.length === 0) sorts.push({ column: 'created_at', direction: 'asc' });
    return sorts.some((sort) => sort.column === 'id')
      ? sorts
      : [...sorts, { column: 'id', direction: sorts[0]?.direction ?? 'asc' }];
  }

  private page(query: RawQuery): Pick<ListQuery, 'limit' | 'marker' | 'pageReverse'> {
    const single = (name: string) => {
      const value = query[name];
      if (Array.isArray(value))
        throw NeutronException.badRequest('HTTPBadRequest', `${name} may be given once only`);
      return value;
    };
    const limitText = single('limit');
    const limit = limitText === undefined ? undefined : convertToInteger(limitText);
    if (limitText !== undefined && (limit === undefined || limit < 0 || limit > LIST_LIMIT_MAX)) {
      // Upstream's BadRequest(resource='limit'), then our upper limit.
      throw NeutronException.badRequest(
        'BadRequest',
        `Bad limit request: Limit must be an integer 0 or greater and not '${limitText}'; the largest limit is ${LIST_LIMIT_MAX}.`,
      );
    }
    const reverseText = single('page_reverse');
    const pageReverse = reverseText === undefined ? false : convertToBoolean(reverseText);
    if (pageReverse === undefined) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `page_reverse must be true or false, not '${reverseText}'`,
      );
    }
    return { limit: limit === 0 ? undefined : limit, marker: single('marker'), pageReverse };
  }
}

const secretRefused = (key: string) =>
  NeutronException.badRequest('HTTPBadRequest', `${key} is a secret: lists cannot be filtered on it`);

/** How upstream's messages print a list of names: Python's repr of a list of str. */
const pythonList = (names: readonly string[]) => `[${names.map((name) => `'${name}'`).join(', ')}]`;

/** Names that would reach an object's prototype rather than an attribute. */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** fields=: repeatable; upstream ignores unknown names (and empty ones); a prototype's name is refused. */
function fieldsOf(raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const fields = ([] as string[]).concat(raw).filter((field) => field !== '');
  const refused = fields.find((field) => PROTOTYPE_NAMES.has(field));
  if (refused !== undefined) {
    throw NeutronException.badRequest(
      'HTTPBadRequest',
      `Invalid field name '${refused}' in fields: no attribute has that name`,
    );
  }
  return fields.length > 0 ? fields : undefined;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The value to compare the column with; undefined when no row can have it. */
function convertFilter(key: string, attribute: Attribute, value: string): string | number | undefined {
  if (attribute.type === 'integer') {
    const number = convertToInteger(value);
    if (number === undefined) {
      throw NeutronException.badRequest(
        'InvalidInput',
        `Invalid value for filter ${key}: '${value}' is not an integer`,
      );
    }
    // No stored integer lies outside 32 bits (PostgreSQL would refuse to compare with one): no match.
    return number < INT32_MIN || number > INT32_MAX ? undefined : number;
  }
  if (attribute.type === 'boolean') {
    const flag = convertToBoolean(value);
    if (flag === undefined) {
      throw NeutronException.badRequest(
        'InvalidInput',
        `Invalid value for filter ${key}: '${value}' is not a boolean`,
      );
    }
    // Booleans are stored as 0/1; a constant compares as the boolean itself.
    return attribute.column ? Number(flag) : (flag as unknown as number);
  }
  return value;
}

/** The resource's returned attributes that hold one value (not dpd, lifetime or lists). */
function scalarAttributes(resource: ResourceKey, columns: ReadonlySet<string>): Map<string, Attribute> {
  const sortKeys = RESOURCES[resource].sortKeys;
  const root = loadRuleSetSchema('otc');
  const definition = root.definitions[definitionName(resource, '')] as JSONSchema7;
  const attributes = new Map<string, Attribute>();
  for (const [name, raw] of Object.entries<JSONSchema7 | boolean>(definition.properties ?? {})) {
    if (typeof raw === 'boolean') continue;
    const schema = raw.$ref ? (root.definitions[raw.$ref.replace('#/definitions/', '')] as JSONSchema7) : raw;
    const types = ([] as string[]).concat(schema.type ?? []);
    const type = types.find((t) => t !== 'null');
    if (type !== 'string' && type !== 'integer' && type !== 'number' && type !== 'boolean') continue;
    const candidate = COLUMN_OF[name] ?? name;
    const column = columns.has(candidate) ? candidate : undefined;
    if (!column && schema.const === undefined) continue; // e.g. order_id: not stored, nothing to filter
    attributes.set(name, {
      column,
      type: type === 'number' ? 'integer' : type,
      constant: schema.const,
      sortable:
        column !== undefined &&
        !types.includes('null') &&
        schema.format !== 'password' &&
        (sortKeys === undefined || sortKeys.includes(name)),
      secret: schema.format === 'password',
    });
  }
  return attributes;
}
