// What the data plane of each router should be, read from the database in one
// go: its gateway, its attached subnets, its VPN services and their connections
// with the policies and endpoint groups resolved. A driver compares this with
// what it has applied; an agent process would read the routers it claims.
import type { Db } from '../database/database.service.js';
import type { IkePoliciesTable, IpsecPoliciesTable } from '../database/database.types.js';

export interface SubnetPlan {
  readonly id: string;
  readonly cidr: string;
}

export interface VpnServicePlan {
  readonly id: string;
  readonly status: string;
}

export type IkePolicyPlan = Pick<
  IkePoliciesTable,
  | 'auth_algorithm'
  | 'encryption_algorithm'
  | 'ike_version'
  | 'pfs'
  | 'phase1_negotiation_mode'
  | 'lifetime_value'
>;
export type IpsecPolicyPlan = Pick<
  IpsecPoliciesTable,
  | 'auth_algorithm'
  | 'encryption_algorithm'
  | 'pfs'
  | 'transform_protocol'
  | 'encapsulation_mode'
  | 'lifetime_value'
>;

export interface ConnectionPlan {
  readonly id: string;
  readonly vpnserviceId: string;
  readonly status: string;
  /** This end's public address: the service's external_v4_ip (the router's gateway by default). */
  readonly localAddress: string;
  readonly peerAddress: string;
  readonly peerId: string;
  /** A secret: rendered into a 0600 file only, never logged. */
  readonly psk: string;
  readonly initiator: string;
  readonly mtu: number;
  readonly dpd: { readonly action: string; readonly interval: number; readonly timeout: number };
  /** Local traffic selectors: the CIDRs of the local endpoint group's subnets. */
  readonly localCidrs: readonly string[];
  /** Remote traffic selectors: the peer endpoint group's CIDRs (or the legacy peer_cidrs). */
  readonly peerCidrs: readonly string[];
  readonly ike: IkePolicyPlan;
  readonly ipsec: IpsecPolicyPlan;
}

export interface RouterPlan {
  readonly id: string;
  readonly gatewayIp: string;
  readonly subnets: readonly SubnetPlan[];
  readonly services: readonly VpnServicePlan[];
  readonly connections: readonly ConnectionPlan[];
}

/** What a plan reads of a connection (on SQLite, `*` would read each stored answer too). */
const PLANNED_CONNECTION_COLUMNS = [
  'id',
  'vpnservice_id',
  'ikepolicy_id',
  'ipsecpolicy_id',
  'local_ep_group_id',
  'peer_ep_group_id',
  'peer_address',
  'peer_id',
  'peer_cidrs',
  'psk',
  'initiator',
  'mtu',
  'dpd_action',
  'dpd_interval',
  'dpd_timeout',
  'status',
] as const;

/**
 * Every router's plan, by router id (the in-process driver owns every router).
 * `openPsk` turns a stored (sealed) psk into the secret charon needs.
 */
export async function readRouterPlans(
  db: Db,
  openPsk: (stored: string, connectionId: string) => string,
): Promise<Map<string, RouterPlan>> {
  const [routers, interfaces, subnets, services, connections, ikePolicies, ipsecPolicies, groups] =
    await Promise.all([
      db.selectFrom('routers').select(['id', 'gateway_ip']).orderBy('created_at').orderBy('id').execute(),
      db.selectFrom('router_interfaces').select(['router_id', 'subnet_id']).execute(),
      db.selectFrom('subnets').select(['id', 'cidr']).execute(),
      db
        .selectFrom('vpnservices')
        .select(['id', 'router_id', 'subnet_id', 'status', 'external_v4_ip'])
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('ipsec_site_connections')
        .select(PLANNED_CONNECTION_COLUMNS)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db.selectFrom('ikepolicies').selectAll().execute(),
      db.selectFrom('ipsecpolicies').selectAll().execute(),
      db.selectFrom('endpoint_groups').select(['id', 'type', 'endpoints']).execute(),
    ]);
  const cidrOfSubnet = new Map(subnets.map((subnet) => [subnet.id, subnet.cidr]));
  const ikeById = new Map(ikePolicies.map((policy) => [policy.id, policy]));
  const ipsecById = new Map(ipsecPolicies.map((policy) => [policy.id, policy]));
  const groupById = new Map(groups.map((group) => [group.id, group]));
  const serviceById = new Map(services.map((service) => [service.id, service]));
  const gatewayOfRouter = new Map(routers.map((router) => [router.id, router.gateway_ip]));

  /** An endpoint group's CIDRs: subnet groups resolve to their subnets' CIDRs. */
  const cidrsOf = (groupId: string): string[] => {
    const group = groupById.get(groupId);
    if (!group) return [];
    const endpoints = JSON.parse(group.endpoints) as string[];
    return group.type === 'subnet'
      ? endpoints.flatMap((subnetId) => cidrOfSubnet.get(subnetId) ?? [])
      : endpoints;
  };

  const plans = new Map<
    string,
    RouterPlan & { subnets: SubnetPlan[]; services: VpnServicePlan[]; connections: ConnectionPlan[] }
  >();
  for (const router of routers) {
    plans.set(router.id, {
      id: router.id,
      gatewayIp: router.gateway_ip,
      subnets: [],
      services: [],
      connections: [],
    });
  }
  for (const attached of interfaces) {
    const cidr = cidrOfSubnet.get(attached.subnet_id);
    if (cidr) plans.get(attached.router_id)?.subnets.push({ id: attached.subnet_id, cidr });
  }
  for (const service of services) {
    plans.get(service.router_id)?.services.push({ id: service.id, status: service.status });
  }
  for (const row of connections) {
    const service = serviceById.get(row.vpnservice_id);
    const ike = ikeById.get(row.ikepolicy_id);
    const ipsec = ipsecById.get(row.ipsecpolicy_id);
    const plan = service && plans.get(service.router_id);
    if (!service || !ike || !ipsec || !plan) continue;
    const legacyPeerCidrs = JSON.parse(row.peer_cidrs) as string[];
    plan.connections.push({
      id: row.id,
      vpnserviceId: row.vpnservice_id,
      status: row.status,
      localAddress: service.external_v4_ip ?? gatewayOfRouter.get(service.router_id) ?? '',
      peerAddress: row.peer_address,
      peerId: row.peer_id,
      psk: openPsk(row.psk, row.id),
      initiator: row.initiator,
      mtu: row.mtu,
      dpd: { action: row.dpd_action, interval: row.dpd_interval, timeout: row.dpd_timeout },
      // Upstream's older form: the service's subnet and the connection's peer_cidrs.
      localCidrs: row.local_ep_group_id
        ? cidrsOf(row.local_ep_group_id)
        : [cidrOfSubnet.get(service.subnet_id ?? '') ?? ''].filter(Boolean),
      peerCidrs: row.peer_ep_group_id ? cidrsOf(row.peer_ep_group_id) : legacyPeerCidrs,
      ike,
      ipsec,
    });
  }
  return plans;
}
