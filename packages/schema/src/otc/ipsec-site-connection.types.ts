// IPsec site connections, POST/GET/PUT/DELETE /v2.0/vpn/ipsec-site-connections
// (Classic VPN pages vpn_api_1024 to 1028).
import type {
  AdminStateUp,
  CidrList,
  CollectionLink,
  CreatedAt,
  Description,
  ProjectId,
  ResourceName,
  ResourceStatus,
  ResourceTag,
  ReturnedName,
  Uuid,
} from '../common/scalars.types.js';

/**
 * The pre-shared key. A secret: never logged, never echoed in an error message.
 * @minLength 6
 * @maxLength 128
 * @pattern ^[0-9A-Za-z~`!@#$%^()\-_+=\[\]{}|\\,./:;]*$
 * @patternReason may contain only digits, letters and the special characters ~ ` ! @ # $ % ^ ( ) - _ + = [ ] { } | \ , . / : ;
 * @format password
 */
export type PreSharedKey = string;

/** Whether this end only responds to connections or also initiates them. */
export type Initiator = 'bi-directional' | 'response-only';

/**
 * The maximum transmission unit. This cloud supports only 1500.
 */
export type Mtu = 1500;

/**
 * The remote gateway address.
 * @minLength 1
 * @maxLength 250
 */
export type PeerAddress = string;

/**
 * The remote gateway id.
 * @minLength 1
 * @maxLength 250
 */
export type PeerId = string;

/** What to do when dead peer detection finds the peer gone. */
export type DpdAction = 'clear' | 'hold' | 'restart' | 'disabled' | 'restart-by-peer';

/**
 * A dead peer detection period in seconds (at most what fits a 32-bit column).
 * @TJS-type integer
 * @minimum 1
 * @maximum 2147483647
 */
export type DpdSeconds = number;

/** Dead peer detection settings on create: what is left out takes its default. */
export interface DpdCreate {
  /**
   * @default "hold"
   */
  action?: DpdAction;
  /**
   * The DPD interval in seconds.
   * @default 30
   */
  interval?: DpdSeconds;
  /**
   * The DPD timeout in seconds; must be greater than the interval.
   * @default 120
   */
  timeout?: DpdSeconds;
}

/** Dead peer detection settings on update: what is left out keeps its stored value. */
export interface DpdUpdate {
  action?: DpdAction;
  /** The DPD interval in seconds. */
  interval?: DpdSeconds;
  /** The DPD timeout in seconds; must be greater than the interval. */
  timeout?: DpdSeconds;
}

/** Dead peer detection settings as returned. */
export interface Dpd {
  action: DpdAction;
  interval: DpdSeconds;
  timeout: DpdSeconds;
}

/** The body member of POST /v2.0/vpn/ipsec-site-connections. */
export interface IpsecSiteConnectionCreate {
  psk: PreSharedKey;
  /**
   * @default "bi-directional"
   */
  initiator?: Initiator;
  /** The IPsec policy id. */
  ipsecpolicy_id: Uuid;
  /** The IKE policy id. */
  ikepolicy_id: Uuid;
  /** The VPN service id. */
  vpnservice_id: Uuid;
  /** The endpoint group of VPC subnets (type `subnet`). */
  local_ep_group_id: Uuid;
  /** The endpoint group of the peer's CIDRs (type `cidr`). */
  peer_ep_group_id: Uuid;
  /**
   * @default true
   */
  admin_state_up?: AdminStateUp;
  /**
   * @default 1500
   */
  mtu?: Mtu;
  peer_address: PeerAddress;
  peer_id: PeerId;
  /**
   * The connection's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /**
   * Deprecated: the peer's CIDRs now come from `peer_ep_group_id`, so this list must stay empty.
   * @default []
   */
  peer_cidrs?: CidrList;
  /**
   * Dead peer detection; missing settings take their defaults (hold, 30, 120).
   * @default {}
   */
  dpd?: DpdCreate;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/vpn/ipsec-site-connections/{id}: only these attributes can change. */
export interface IpsecSiteConnectionUpdate {
  psk?: PreSharedKey;
  initiator?: Initiator;
  description?: Description;
  admin_state_up?: AdminStateUp;
  /** Deprecated: must stay empty. */
  peer_cidrs?: CidrList;
  mtu?: Mtu;
  peer_ep_group_id?: Uuid;
  local_ep_group_id?: Uuid;
  peer_address?: PeerAddress;
  peer_id?: PeerId;
  name?: ResourceName;
  /** Dead peer detection; missing settings keep their stored values. */
  dpd?: DpdUpdate;
}

/** An IPsec site connection as the API returns it. */
export interface IpsecSiteConnection {
  id: Uuid;
  status: ResourceStatus;
  psk: PreSharedKey;
  initiator: Initiator;
  ipsecpolicy_id: Uuid;
  ikepolicy_id: Uuid;
  vpnservice_id: Uuid;
  local_ep_group_id: Uuid;
  peer_ep_group_id: Uuid;
  admin_state_up: AdminStateUp;
  mtu: Mtu;
  peer_address: PeerAddress;
  peer_id: PeerId;
  name: ReturnedName;
  description: Description;
  peer_cidrs: CidrList;
  dpd: Dpd;
  /** Always `psk`: not settable. */
  auth_mode: 'psk';
  /** Always `static`: not settable. */
  route_mode: 'static';
  tenant_id: ProjectId;
  project_id?: ProjectId;
  created_at: CreatedAt;
  /** Billing order id; empty for pay-per-use. */
  order_id: string;
  /** Billing product id; empty for pay-per-use. */
  product_id: string;
  /**
   * Classic VPN's resource tags: always sent, empty when there are none (the
   * contract page's create example leaves them out; its get and list pages show them).
   */
  tags?: ResourceTag[];
}

export interface IpsecSiteConnectionCreateRequest {
  ipsec_site_connection: IpsecSiteConnectionCreate;
}

export interface IpsecSiteConnectionUpdateRequest {
  ipsec_site_connection: IpsecSiteConnectionUpdate;
}

export interface IpsecSiteConnectionResponse {
  ipsec_site_connection: IpsecSiteConnection;
}

export interface IpsecSiteConnectionListResponse {
  ipsec_site_connections: IpsecSiteConnection[];
  ipsec_site_connections_links?: CollectionLink[];
}
