import type { ResourceKey } from '@vpnaas/schema';
import type { Database } from './database.types.js';

/** The table each resource is stored in. */
export const RESOURCE_TABLES: Readonly<Record<ResourceKey, keyof Database>> = {
  ipsec_site_connection: 'ipsec_site_connections',
  ikepolicy: 'ikepolicies',
  ipsecpolicy: 'ipsecpolicies',
  vpnservice: 'vpnservices',
  endpoint_group: 'endpoint_groups',
  router: 'routers',
  subnet: 'subnets',
  network: 'networks',
};
