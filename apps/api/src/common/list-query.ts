// The query string of a list: filters on every scalar attribute, fields=,
// sort_key/sort_dir and limit/marker/page_reverse, as upstream Neutron reads
// them. Which attributes exist and their types come from the generated schema;
// which are columns, from the database. A bad parameter is a 400 that names it.
import { definitionName, loadRuleSetSchema, RESOURCES, type ResourceKey } from '@vpnaas/schema';
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
  /** Sorting needs a column that is never null. */
  readonly sortable: boolean;
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
      if (!attribute) {
        throw NeutronException.badRequest(
          'HTTPBadRequest',
          `'${rawKey}' is not a valid filter for ${this.title}; filter on one of: ${[...this.attributes.keys()].join(', ')}`,
        );
      }
      const values = ([] as string[]).concat(raw).map((value) => convertFilter(rawKey, attribute, value));
      if (attribute.column) filters.push({ column: attribute.column, values });
      else if (!values.includes(attribute.constant as string | number)) matchesNothing = true;
    }
    return {
      filters,
      matchesNothing,
      fields: query.fields === undefined ? undefined : ([] as string[]).concat(query.fields),
      sorts: this.sorts(query),
      ...this.page(query),
    };
  }

  private sorts(query: RawQuery): ListQuery['sorts'] {
    const keys = ([] as string[]).concat(query.sort_key ?? []);
    const directions = ([] as string[]).concat(query.sort_dir ?? []);
    if (directions.length > 0 && directions.length !== keys.length) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `The number of sort_keys (${keys.length}) and sort_dirs (${directions.length}) must be the same`,
      );
    }
    const sorts = keys.map((key, index) => {
      const attribute = this.attributes.get(key);
      if (!attribute?.column || !attribute.sortable) {
        const sortable = [...this.attributes].filter(([, a]) => a.column && a.sortable).map(([name]) => name);
        throw NeutronException.badRequest(
          'HTTPBadRequest',
          `'${key}' is not a valid sort_key for ${this.title}; sort on one of: ${sortable.join(', ')}`,
        );
      }
      const direction = directions[index] ?? 'asc';
      if (direction !== 'asc' && direction !== 'desc') {
        throw NeutronException.badRequest(
          'HTTPBadRequest',
          `sort_dir must be asc or desc, not '${direction}'`,
        );
      }
      return { column: attribute.column, direction: direction as 'asc' | 'desc' };
    });
    return sorts.some((sort) => sort.column === 'id')
      ? sorts
      : [...sorts, { column: 'id', direction: 'asc' }];
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
    if (limitText !== undefined && (limit === undefined || limit < 0)) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `Limit must be an integer 0 or greater and not '${limitText}'`,
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

function convertFilter(key: string, attribute: Attribute, value: string): string | number {
  if (attribute.type === 'integer') {
    const number = convertToInteger(value);
    if (number === undefined) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `Invalid value for filter ${key}: '${value}' is not an integer`,
      );
    }
    return number;
  }
  if (attribute.type === 'boolean') {
    const flag = convertToBoolean(value);
    if (flag === undefined) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
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
      sortable: !types.includes('null'),
    });
  }
  return attributes;
}
