// VPN services, /v2.0/vpn/vpnservices (Classic VPN pages vpn_api_1030 to 1034).
import type {
  AdminStateUp,
  CollectionLink,
  CreatedAt,
  Description,
  Ipv4Address,
  ProjectId,
  ResourceName,
  ResourceStatus,
  ResourceTag,
  ReturnedName,
  Uuid,
} from '../common/scalars.types.js';

/** The body member of POST /v2.0/vpn/vpnservices. */
export interface VpnServiceCreate {
  /** The router, i.e. the VPC, that the service runs on. */
  router_id: Uuid;
  /** A VPC subnet (legacy mode); leave it out to use endpoint groups. */
  subnet_id?: Uuid;
  /**
   * The service's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /**
   * @default true
   */
  admin_state_up?: AdminStateUp;
  /** The public IPv4 address; only callers with an admin role may set it. */
  external_v4_ip?: Ipv4Address;
  /**
   * Upstream's VPN flavor; only null is served (there are no flavors: any id is FlavorsPluginNotLoaded, 404).
   */
  flavor_id?: Uuid | null;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/vpn/vpnservices/{id}. */
export interface VpnServiceUpdate {
  name?: ResourceName;
  description?: Description;
  admin_state_up?: AdminStateUp;
}

/** A VPN service as the API returns it. */
export interface VpnService {
  id: Uuid;
  router_id: Uuid;
  subnet_id: string | null;
  name: ReturnedName;
  description: Description;
  admin_state_up: AdminStateUp;
  status: ResourceStatus;
  /** The router gateway's public IPv4 address. */
  external_v4_ip: string | null;
  /** The router gateway's public IPv6 address. */
  external_v6_ip: string | null;
  /** Upstream's VPN flavor: always null here. */
  flavor_id: null;
  tenant_id: ProjectId;
  project_id?: ProjectId;
  created_at: CreatedAt;
  /** Billing order id; empty for pay-per-use. */
  order_id?: string;
  /** Billing product id; empty for pay-per-use. */
  product_id?: string;
  /** Connections included in a yearly/monthly package. */
  prepay_connection_num?: number;
  /** The billing specification code. */
  resource_speccode?: string;
  /**
   * Classic VPN's resource tags: always sent, empty when there are none (the
   * contract page's create example leaves them out; its get and list pages show them).
   */
  tags?: ResourceTag[];
}

export interface VpnServiceCreateRequest {
  vpnservice: VpnServiceCreate;
}

export interface VpnServiceUpdateRequest {
  vpnservice: VpnServiceUpdate;
}

export interface VpnServiceResponse {
  vpnservice: VpnService;
}

export interface VpnServiceListResponse {
  vpnservices: VpnService[];
  vpnservices_links?: CollectionLink[];
}
