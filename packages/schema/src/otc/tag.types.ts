// Classic VPN's resource tags of IPsec site connections (pages vpn_api_1016 to 1021):
// POST /v2.0/{project_id}/ipsec-site-connections/{id}/tags/action and /tags,
// DELETE …/tags/{key}, GET …/tags, GET /v2.0/{project_id}/ipsec-site-connections/tags
// and POST /v2.0/{project_id}/ipsec-site-connections/resource_instances/action.
import type { ResourceTag, TagKey, TagValue, Uuid } from '../common/scalars.types.js';

/** A tag to delete: the key, and the value only if given. */
export interface TagToDelete {
  key: TagKey;
  value?: TagValue;
}

/** The body of POST …/{id}/tags/action: create or delete several tags at once (idempotent). */
export interface TagActionRequest {
  action: 'create' | 'delete';
  /**
   * @minItems 1
   * @maxItems 10
   */
  tags: TagToDelete[];
}

/** The body of POST …/{id}/tags: one tag, created or given a new value. */
export interface TagCreateRequest {
  tag: ResourceTag;
}

/** The answer to GET …/{id}/tags. */
export interface TagListResponse {
  tags: ResourceTag[];
}

/** A key used in a project, with every value it has there. */
export interface ProjectTag {
  key: TagKey;
  /**
   * @items {"$ref": "#/definitions/TagValue"}
   */
  values: TagValue[];
}

/** The answer to GET /v2.0/{project_id}/ipsec-site-connections/tags. */
export interface ProjectTagListResponse {
  tags: ProjectTag[];
}

/** A tag a resource must carry: the key, with one of the values, or any value when `values` is empty. */
export interface ResourceInstanceTagFilter {
  key: TagKey;
  /**
   * Each value once; an empty list matches any value of the key. The items refer to TagValue's
   * definition: an alias inside a list would otherwise lose its rules in the generated schema.
   * @maxItems 10
   * @uniqueItems true
   * @items {"$ref": "#/definitions/TagValue"}
   */
  values: TagValue[];
}

/** A search on a field other than tags: only the resource's name, by part of it. */
export interface ResourceInstanceMatch {
  key: 'resource_name';
  /**
   * Part of the name, compared without regard to case.
   * @maxLength 255
   */
  value: string;
}

/** The body of POST /v2.0/{project_id}/ipsec-site-connections/resource_instances/action (vpn_api_1016). */
export interface ResourceInstancesActionRequest {
  /** `filter`: a page of the connections that match; `count`: only how many match. */
  action: 'filter' | 'count';
  /**
   * Every tag listed must be on the connection (each key once).
   * @maxItems 10
   */
  tags?: ResourceInstanceTagFilter[];
  /**
   * The page size (filter only).
   * @TJS-type integer
   * @minimum 1
   * @maximum 1000
   * @default 1000
   */
  limit?: number;
  /**
   * How many matching connections to skip (filter only).
   * @TJS-type integer
   * @minimum 0
   * @default 0
   */
  offset?: number;
  /**
   * @maxItems 1
   */
  matches?: ResourceInstanceMatch[];
}

/** A connection as the tag query returns it. */
export interface ResourceInstance {
  resource_id: Uuid;
  /** The connection's name ("" when it has none). */
  resource_name: string;
  /** Left blank, as Classic VPN does by default. */
  resource_detail: '';
  tags: ResourceTag[];
}

/** The answer to action `filter`: one page, and how many match in all. */
export interface ResourceInstancesFilterResponse {
  resources: ResourceInstance[];
  total_count: number;
}

/** The answer to action `count`. */
export interface ResourceInstancesCountResponse {
  total_count: number;
}
