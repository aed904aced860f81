// The five resources of the VPN API family: their wrapper keys, collection
// paths and the names of their definitions in the generated JSON Schema.
// Everything that routes, validates or documents a resource starts here.

export type ResourceKey =
  | 'ipsec_site_connection'
  | 'ikepolicy'
  | 'ipsecpolicy'
  | 'vpnservice'
  | 'endpoint_group';

export interface ResourceDescriptor {
  /** The singular wrapper key of request and response bodies, e.g. `ipsec_site_connection`. */
  readonly key: ResourceKey;
  /** The plural wrapper key of list responses, e.g. `ipsec_site_connections`. */
  readonly collectionKey: string;
  /** The collection path below /v2.0/vpn/, e.g. `ipsec-site-connections`. */
  readonly path: string;
  /** Human-readable name for messages and docs. */
  readonly title: string;
  /** The definition name prefix in the generated JSON Schema, e.g. `IpsecSiteConnection`. */
  readonly typeName: string;
}

export const RESOURCES: Readonly<Record<ResourceKey, ResourceDescriptor>> = {
  ipsec_site_connection: {
    key: 'ipsec_site_connection',
    collectionKey: 'ipsec_site_connections',
    path: 'ipsec-site-connections',
    title: 'IPsec site connection',
    typeName: 'IpsecSiteConnection',
  },
  ikepolicy: {
    key: 'ikepolicy',
    collectionKey: 'ikepolicies',
    path: 'ikepolicies',
    title: 'IKE policy',
    typeName: 'IkePolicy',
  },
  ipsecpolicy: {
    key: 'ipsecpolicy',
    collectionKey: 'ipsecpolicies',
    path: 'ipsecpolicies',
    title: 'IPsec policy',
    typeName: 'IpsecPolicy',
  },
  vpnservice: {
    key: 'vpnservice',
    collectionKey: 'vpnservices',
    path: 'vpnservices',
    title: 'VPN service',
    typeName: 'VpnService',
  },
  endpoint_group: {
    key: 'endpoint_group',
    collectionKey: 'endpoint_groups',
    path: 'endpoint-groups',
    title: 'endpoint group',
    typeName: 'EndpointGroup',
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
