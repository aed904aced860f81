// The Classic VPN (OTC) rule set: every type here becomes a definition of
// generated/otc.schema.json. A second rule set (upstream Neutron) would be a
// sibling folder with its own generated schema.
export type * from '../common/networking.types.js';
export type * from '../common/neutron-error.types.js';
export type * from '../common/scalars.types.js';
export type * from './endpoint-group.types.js';
export type * from './ike-policy.types.js';
export type * from './ipsec-policy.types.js';
export type * from './ipsec-site-connection.types.js';
export type * from './policy.types.js';
export type * from './resource-types.js';
export type * from './tag.types.js';
export type * from './vpn-service.types.js';
