// Endpoint groups, /v2.0/vpn/endpoint-groups (Classic VPN pages vpn_api_1048 to 1052).
import type {
  CollectionLink,
  Description,
  ProjectId,
  ResourceName,
  ReturnedName,
  Uuid,
} from '../common/scalars.types.js';

/** `subnet`: the endpoints are VPC subnet ids (the local side); `cidr`: the peer's CIDRs. */
export type EndpointGroupType = 'subnet' | 'cidr';

/**
 * The endpoints: subnet ids for type `subnet`, CIDRs of one IP version for type `cidr`. No duplicates.
 * @items.type string
 * @minItems 1
 * @uniqueItems true
 */
export type EndpointList = string[];

/** The body member of POST /v2.0/vpn/endpoint-groups. */
export interface EndpointGroupCreate {
  type: EndpointGroupType;
  endpoints: EndpointList;
  /**
   * The group's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/vpn/endpoint-groups/{id}: type and endpoints cannot change. */
export interface EndpointGroupUpdate {
  name?: ResourceName;
  description?: Description;
}

/** An endpoint group as the API returns it. */
export interface EndpointGroup {
  id: Uuid;
  type: EndpointGroupType;
  endpoints: EndpointList;
  name: ReturnedName;
  description: Description;
  tenant_id: ProjectId;
  project_id?: ProjectId;
}

export interface EndpointGroupCreateRequest {
  endpoint_group: EndpointGroupCreate;
}

export interface EndpointGroupUpdateRequest {
  endpoint_group: EndpointGroupUpdate;
}

export interface EndpointGroupResponse {
  endpoint_group: EndpointGroup;
}

export interface EndpointGroupListResponse {
  endpoint_groups: EndpointGroup[];
  endpoint_groups_links?: CollectionLink[];
}
