// The rules a connection's endpoint groups must follow (upstream order): the
// local group holds subnets attached to the VPN service's router, the peer
// group holds CIDRs, and both sides are of one IP version.

import { parseCidr } from '@vpnaas/validator';
import type { Selectable } from 'kysely';
import { NeutronException } from '../../common/neutron.exception.js';
import type { Db } from '../../database/database.service.js';
import type { EndpointGroupsTable, VpnServicesTable } from '../../database/database.types.js';
import { runShaped, valueAt } from '../../database/query-shape.cache.js';

type Group = Selectable<EndpointGroupsTable>;

export async function checkEndpointGroups(
  db: Db,
  service: Selectable<VpnServicesTable>,
  local: Group,
  peer: Group,
): Promise<void> {
  if (service.subnet_id !== null) {
    throw NeutronException.badRequest(
      'InvalidEndpointGroup',
      `Endpoint groups cannot be used with VPN service ${service.id}, which has a subnet (${service.subnet_id}); create a VPN service without subnet_id`,
    );
  }
  for (const [group, expected, field] of [
    [local, 'subnet', 'local_ep_group_id'],
    [peer, 'cidr', 'peer_ep_group_id'],
  ] as const) {
    if (group.type !== expected) {
      throw NeutronException.invalidInput(
        field,
        `endpoint group ${group.id} type is '${group.type}' and should be '${expected}'`,
        'WrongEndpointGroupType',
      );
    }
  }

  const subnetIds = JSON.parse(local.endpoints) as string[];
  // Every subnet on the router, in one query of one shape (a router has few interfaces):
  // a query for the group's subnets had a shape per count of them, built again on each create.
  const attached = await runShaped(
    db,
    'subnets attached to a router',
    (q) =>
      q
        .selectFrom('router_interfaces')
        .innerJoin('subnets', 'subnets.id', 'router_interfaces.subnet_id')
        .select(['subnets.id', 'subnets.ip_version'])
        .where('router_interfaces.router_id', '=', valueAt(0)),
    [service.router_id],
  );
  const attachedById = new Map(attached.map((subnet) => [subnet.id, subnet]));
  const subnets = subnetIds.map((subnetId) => {
    const subnet = attachedById.get(subnetId);
    if (!subnet) {
      throw NeutronException.badRequest(
        'SubnetIsNotConnectedToRouter',
        `Subnet ${subnetId} of endpoint group ${local.id} is not connected to router ${service.router_id}`,
      );
    }
    return subnet;
  });
  const localVersions = new Set(subnets.map((subnet) => subnet.ip_version));
  if (localVersions.size > 1) {
    throw NeutronException.badRequest(
      'MixedIPVersionsForIPSecEndpoints',
      `Endpoint group ${local.id} mixes IPv4 and IPv6 subnets`,
    );
  }
  const peerVersions = new Set(
    (JSON.parse(peer.endpoints) as string[]).map((cidr) => {
      const parsed = parseCidr(cidr);
      return parsed.ok ? parsed.version : 0;
    }),
  );
  const [localVersion] = localVersions;
  const [peerVersion] = peerVersions;
  if (localVersion !== peerVersion) {
    throw NeutronException.badRequest(
      'MixedIPVersionsForIPSecConnection',
      `The local endpoint group ${local.id} is IPv${localVersion} but the peer endpoint group ${peer.id} is IPv${peerVersion}`,
    );
  }
}
