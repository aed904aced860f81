// The tables, as Kysely sees them. Booleans are stored as 0/1, lists as JSON
// text; `pending_until` (epoch ms) is when the built-in driver makes a pending
// service or connection ACTIVE, so pending work survives a restart.

export interface RoutersTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  admin_state_up: number;
  network_id: string;
  /** The external gateway's public IPv4 address. */
  gateway_ip: string;
  created_at: string;
}

export interface SubnetsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  cidr: string;
  ip_version: number;
  network_id: string;
  /** JSON: enable_dhcp, gateway_ip, allocation_pools, dns_nameservers, host_routes (returned as sent). */
  standard_attributes: string;
  created_at: string;
}

export interface RouterInterfacesTable {
  router_id: string;
  subnet_id: string;
  port_id: string;
}

export interface IkePoliciesTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  auth_algorithm: string;
  encryption_algorithm: string;
  ike_version: string;
  pfs: string;
  phase1_negotiation_mode: string;
  lifetime_units: string;
  lifetime_value: number;
  created_at: string;
}

export interface IpsecPoliciesTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  auth_algorithm: string;
  encryption_algorithm: string;
  pfs: string;
  transform_protocol: string;
  encapsulation_mode: string;
  lifetime_units: string;
  lifetime_value: number;
  created_at: string;
}

export interface VpnServicesTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  router_id: string;
  subnet_id: string | null;
  admin_state_up: number;
  status: string;
  external_v4_ip: string | null;
  external_v6_ip: string | null;
  created_at: string;
  pending_until: number | null;
}

export interface EndpointGroupsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  type: string;
  /** JSON array of strings. */
  endpoints: string;
  created_at: string;
}

/** The subnets of each subnet group (its `endpoints`), one row each. */
export interface EndpointGroupSubnetsTable {
  endpoint_group_id: string;
  subnet_id: string;
}

export interface IpsecSiteConnectionsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  vpnservice_id: string;
  ikepolicy_id: string;
  ipsecpolicy_id: string;
  local_ep_group_id: string;
  peer_ep_group_id: string;
  peer_address: string;
  peer_id: string;
  psk: string;
  initiator: string;
  admin_state_up: number;
  mtu: number;
  dpd_action: string;
  dpd_interval: number;
  dpd_timeout: number;
  /** JSON array of strings. */
  peer_cidrs: string;
  status: string;
  created_at: string;
  pending_until: number | null;
}

export interface NetworksTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  admin_state_up: number;
  mtu: number;
  created_at: string;
}

/** A Classic VPN tag of an IPsec site connection. */
export interface ResourceTagsTable {
  resource_id: string;
  project_id: string;
  key: string;
  value: string;
}

export interface Database {
  networks: NetworksTable;
  routers: RoutersTable;
  subnets: SubnetsTable;
  router_interfaces: RouterInterfacesTable;
  ikepolicies: IkePoliciesTable;
  ipsecpolicies: IpsecPoliciesTable;
  vpnservices: VpnServicesTable;
  endpoint_groups: EndpointGroupsTable;
  endpoint_group_subnets: EndpointGroupSubnetsTable;
  ipsec_site_connections: IpsecSiteConnectionsTable;
  resource_tags: ResourceTagsTable;
}
