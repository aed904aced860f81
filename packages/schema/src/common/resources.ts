// The five resources of the VPN API family, and the two networking ones they
// need: wrapper keys, collection paths, definition names, not-found error types.
// Everything that routes, validates or documents a resource starts here.

export type ResourceKey =
  | 'ipsec_site_connection'
  | 'ikepolicy'
  | 'ipsecpolicy'
  | 'vpnservice'
  | 'endpoint_group'
  | 'router'
  | 'subnet'
  | 'network';

export interface ResourceDescriptor {
  /** The singular wrapper key of request and response bodies, e.g. `ipsec_site_connection`. */
  readonly key: ResourceKey;
  /** The plural wrapper key of list responses, e.g. `ipsec_site_connections`. */
  readonly collectionKey: string;
  /** The collection's URL path, e.g. `/v2.0/vpn/ipsec-site-connections`. */
  readonly path: string;
  /** Human-readable name for messages and docs. */
  readonly title: string;
  /** The definition name prefix in the generated JSON Schema, e.g. `IpsecSiteConnection`. */
  readonly typeName: string;
  /** The upstream error type for a missing one, e.g. `IPsecSiteConnectionNotFound`. */
  readonly notFoundType: string;
  /** Upstream's message for a missing one (neutron-lib's exception text); `{id}` stands for the id. */
  readonly notFoundMessage: string;
  /**
   * The attributes a list may be sorted on (upstream's `is_sort_key`); undefined:
   * every attribute stored in a column that is never null.
   */
  readonly sortKeys?: readonly string[];
}

/** Upstream neutron-lib's sort keys of the VPN resources. */
const VPN_SORT_KEYS = ['id', 'name', 'tenant_id', 'project_id'] as const;

/** Classic VPN's tag API: at most this many tag keys on one IPsec site connection. */
export const MAX_TAGS_PER_RESOURCE = 10;

/** The largest `limit=` of a list (larger is a 400: it is not a page size, and `limit + 1` must stay exact). */
export const LIST_LIMIT_MAX = 2_147_483_647;

export const RESOURCES: Readonly<Record<ResourceKey, ResourceDescriptor>> = {
  ipsec_site_connection: {
    key: 'ipsec_site_connection',
    collectionKey: 'ipsec_site_connections',
    path: '/v2.0/vpn/ipsec-site-connections',
    title: 'IPsec site connection',
    typeName: 'IpsecSiteConnection',
    notFoundType: 'IPsecSiteConnectionNotFound',
    notFoundMessage: 'ipsec_site_connection {id} not found',
    sortKeys: VPN_SORT_KEYS,
  },
  ikepolicy: {
    key: 'ikepolicy',
    collectionKey: 'ikepolicies',
    path: '/v2.0/vpn/ikepolicies',
    title: 'IKE policy',
    typeName: 'IkePolicy',
    notFoundType: 'IKEPolicyNotFound',
    notFoundMessage: 'IKEPolicy {id} could not be found',
    sortKeys: VPN_SORT_KEYS,
  },
  ipsecpolicy: {
    key: 'ipsecpolicy',
    collectionKey: 'ipsecpolicies',
    path: '/v2.0/vpn/ipsecpolicies',
    title: 'IPsec policy',
    typeName: 'IpsecPolicy',
    notFoundType: 'IPsecPolicyNotFound',
    notFoundMessage: 'IPsecPolicy {id} could not be found',
    sortKeys: VPN_SORT_KEYS,
  },
  vpnservice: {
    key: 'vpnservice',
    collectionKey: 'vpnservices',
    path: '/v2.0/vpn/vpnservices',
    title: 'VPN service',
    typeName: 'VpnService',
    notFoundType: 'VPNServiceNotFound',
    notFoundMessage: 'VPNService {id} could not be found',
    sortKeys: [...VPN_SORT_KEYS, 'router_id'],
  },
  endpoint_group: {
    key: 'endpoint_group',
    collectionKey: 'endpoint_groups',
    path: '/v2.0/vpn/endpoint-groups',
    title: 'endpoint group',
    typeName: 'EndpointGroup',
    notFoundType: 'VPNEndpointGroupNotFound',
    notFoundMessage: 'Endpoint group {id} could not be found',
    // Upstream marks no endpoint group attribute is_sort_key: every sort_key is refused.
    sortKeys: [],
  },
  router: {
    key: 'router',
    collectionKey: 'routers',
    path: '/v2.0/routers',
    title: 'router',
    typeName: 'Router',
    notFoundType: 'RouterNotFound',
    notFoundMessage: 'Router {id} could not be found',
  },
  subnet: {
    key: 'subnet',
    collectionKey: 'subnets',
    path: '/v2.0/subnets',
    title: 'subnet',
    typeName: 'Subnet',
    notFoundType: 'SubnetNotFound',
    notFoundMessage: 'Subnet {id} could not be found.',
  },
  network: {
    key: 'network',
    collectionKey: 'networks',
    path: '/v2.0/networks',
    title: 'network',
    typeName: 'Network',
    notFoundType: 'NetworkNotFound',
    notFoundMessage: 'Network {id} could not be found.',
  },
};

export const RESOURCE_KEYS = Object.keys(RESOURCES) as ResourceKey[];

/** The request and response shapes every resource has, as definition-name suffixes. */
export type SchemaRole =
  | 'Create'
  | 'Update'
  | ''
  | 'CreateRequest'
  | 'UpdateRequest'
  | 'Response'
  | 'ListResponse';

/** The name of a resource's definition in the generated JSON Schema, e.g. `IpsecSiteConnectionCreate`. */
export function definitionName(resource: ResourceKey, role: SchemaRole): string {
  return `${RESOURCES[resource].typeName}${role}`;
}

/** The rule sets a schema is generated for. Only the Classic VPN (OTC) rules exist today. */
export type RuleSetName = 'otc';
