// The networking objects the VPN rules and the real clients need: a minimal,
// Neutron-shaped subset of routers (a router is the VPC) and subnets.
import type {
  CollectionLink,
  Description,
  Ipv4Address,
  ProjectId,
  ResourceName,
  ReturnedName,
  Uuid,
} from './scalars.types.js';

/** An address on the router's external (public) network. */
export interface ExternalFixedIp {
  /** The public IPv4 address; one is assigned when left out. */
  ip_address?: Ipv4Address;
  subnet_id?: Uuid;
}

/** The router's external gateway: what makes it usable by a VPN service. */
export interface ExternalGatewayInfo {
  network_id?: Uuid;
  enable_snat?: boolean;
  external_fixed_ips?: ExternalFixedIp[];
}

/** The body member of POST /v2.0/routers. */
export interface RouterCreate {
  /**
   * The router's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /**
   * @default true
   */
  admin_state_up?: boolean;
  /** The external gateway; left out, the router gets one with an assigned public IPv4 address. */
  external_gateway_info?: ExternalGatewayInfo;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/routers/{id}. */
export interface RouterUpdate {
  name?: ResourceName;
  description?: Description;
  admin_state_up?: boolean;
}

/** A router (VPC) as the API returns it. */
export interface Router {
  id: Uuid;
  name: ReturnedName;
  description: Description;
  admin_state_up: boolean;
  status: 'ACTIVE';
  external_gateway_info: {
    network_id: string;
    enable_snat: boolean;
    external_fixed_ips: { ip_address: string; subnet_id: string }[];
  } | null;
  tenant_id: ProjectId;
  project_id: ProjectId;
}

export interface RouterCreateRequest {
  router: RouterCreate;
}

export interface RouterUpdateRequest {
  router: RouterUpdate;
}

export interface RouterResponse {
  router: Router;
}

export interface RouterListResponse {
  routers: Router[];
  routers_links?: CollectionLink[];
}

/** The body of PUT /v2.0/routers/{id}/add_router_interface and remove_router_interface. */
export interface RouterInterfaceRequest {
  subnet_id: Uuid;
}

/** The answer to add_router_interface and remove_router_interface. */
export interface RouterInterfaceResponse {
  /** The router's id. */
  id: Uuid;
  subnet_id: Uuid;
  subnet_ids: Uuid[];
  port_id: Uuid;
  tenant_id: ProjectId;
  project_id: ProjectId;
}

/** The IP version of a subnet. */
export type IpVersion = 4 | 6;

/**
 * An IPv4 or IPv6 address (checked in code against the subnet's version).
 * @maxLength 45
 */
export type SubnetAddress = string;

/** A range of addresses of a subnet, first and last included. */
export interface AllocationPool {
  start: SubnetAddress;
  end: SubnetAddress;
}

/** A static route a subnet announces. */
export interface HostRoute {
  destination: Cidr4Or6;
  nexthop: SubnetAddress;
}

/** The body member of POST /v2.0/subnets. */
export interface SubnetCreate {
  /** The subnet's range, `<net_address>/<prefix>`. */
  cidr: Cidr4Or6;
  /** Taken from the CIDR when left out; must match it when given. */
  ip_version?: IpVersion;
  /**
   * The subnet's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /** The network the subnet belongs to (required, as upstream). */
  network_id: Uuid;
  /**
   * Accepted and returned as sent (this service runs no DHCP).
   * @default true
   */
  enable_dhcp?: boolean;
  /** The gateway address; the subnet's first address when left out, none when null. */
  gateway_ip?: SubnetAddress | null;
  /** Address ranges to allocate from; the whole subnet but the gateway when left out. */
  allocation_pools?: AllocationPool[];
  /**
   * @maxItems 5
   */
  dns_nameservers?: SubnetAddress[];
  /**
   * @maxItems 20
   */
  host_routes?: HostRoute[];
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/**
 * A subnet range.
 * @format cidr
 */
export type Cidr4Or6 = string;

/** The body member of PUT /v2.0/subnets/{id}. */
export interface SubnetUpdate {
  name?: ResourceName;
  description?: Description;
  enable_dhcp?: boolean;
  gateway_ip?: SubnetAddress | null;
  allocation_pools?: AllocationPool[];
  /**
   * @maxItems 5
   */
  dns_nameservers?: SubnetAddress[];
  /**
   * @maxItems 20
   */
  host_routes?: HostRoute[];
}

/** A subnet as the API returns it. */
export interface Subnet {
  id: Uuid;
  name: ReturnedName;
  description: Description;
  cidr: string;
  ip_version: IpVersion;
  network_id: string;
  enable_dhcp: boolean;
  gateway_ip: string | null;
  allocation_pools: AllocationPool[];
  dns_nameservers: string[];
  host_routes: HostRoute[];
  tenant_id: ProjectId;
  project_id: ProjectId;
}

export interface SubnetCreateRequest {
  subnet: SubnetCreate;
}

export interface SubnetUpdateRequest {
  subnet: SubnetUpdate;
}

export interface SubnetResponse {
  subnet: Subnet;
}

export interface SubnetListResponse {
  subnets: Subnet[];
  subnets_links?: CollectionLink[];
}

/** The body member of POST /v2.0/networks. */
export interface NetworkCreate {
  /**
   * The network's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /**
   * @default true
   */
  admin_state_up?: boolean;
  /**
   * @default 1500
   */
  mtu?: NetworkMtu;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/**
 * A network's MTU (upstream's range: IPv4's minimum 68 up to a jumbo frame).
 * @minimum 68
 * @maximum 9216
 * @TJS-type integer
 */
export type NetworkMtu = number;

/** The body member of PUT /v2.0/networks/{id}. */
export interface NetworkUpdate {
  name?: ResourceName;
  description?: Description;
  admin_state_up?: boolean;
  mtu?: NetworkMtu;
}

/** A network as the API returns it. */
export interface Network {
  id: Uuid;
  name: ReturnedName;
  description: Description;
  admin_state_up: boolean;
  status: 'ACTIVE';
  /** The ids of its subnets. */
  subnets: Uuid[];
  shared: boolean;
  mtu: NetworkMtu;
  /** No network here is external (the routers' gateways are built in); a filter on it works. */
  'router:external': false;
  tenant_id: ProjectId;
  project_id: ProjectId;
}

export interface NetworkCreateRequest {
  network: NetworkCreate;
}

export interface NetworkUpdateRequest {
  network: NetworkUpdate;
}

export interface NetworkResponse {
  network: Network;
}

export interface NetworkListResponse {
  networks: Network[];
  networks_links?: CollectionLink[];
}

/** A router interface seen as a Neutron port (read-only: GET /v2.0/ports). */
export interface Port {
  id: Uuid;
  name: ReturnedName;
  /** The router the interface belongs to. */
  device_id: Uuid;
  device_owner: 'network:router_interface';
  network_id: string;
  fixed_ips: { subnet_id: Uuid; ip_address: string }[];
  mac_address: string;
  admin_state_up: boolean;
  status: 'ACTIVE';
  tenant_id: ProjectId;
  project_id: ProjectId;
}

export interface PortResponse {
  port: Port;
}

export interface PortListResponse {
  ports: Port[];
}
