// Classic VPN's resource tags of IPsec site connections (pages vpn_api_1016 to 1021):
// POST /v2.0/{project_id}/ipsec-site-connections/{id}/tags/action and /tags,
// DELETE …/tags/{key}, GET …/tags and GET /v2.0/{project_id}/ipsec-site-connections/tags.
import type { ResourceTag, TagKey, TagValue } from '../common/scalars.types.js';

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
  values: TagValue[];
}

/** The answer to GET /v2.0/{project_id}/ipsec-site-connections/tags. */
export interface ProjectTagListResponse {
  tags: ProjectTag[];
}
