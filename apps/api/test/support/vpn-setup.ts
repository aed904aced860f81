// Builds what a connection needs, through the API, as the README's quick start does.
import { expect } from 'vitest';
import { call } from './test-server.js';

export interface VpnObjects {
  routerId: string;
  subnetId: string;
  ikepolicyId: string;
  ipsecpolicyId: string;
  vpnserviceId: string;
  localGroupId: string;
  peerGroupId: string;
}

async function created(server: { url: string }, path: string, key: string, body: unknown, headers = {}) {
  const response = await call(server, 'POST', path, body, headers);
  expect(response.status, `${path}: ${response.text}`).toBe(201);
  return response.body[key].id as string;
}

export async function setUpVpn(
  server: { url: string },
  headers: Record<string, string> = {},
): Promise<VpnObjects> {
  const routerId = await created(server, '/v2.0/routers', 'router', { router: { name: 'vpc1' } }, headers);
  const networkId = await created(
    server,
    '/v2.0/networks',
    'network',
    { network: { name: 'net1' } },
    headers,
  );
  const subnetId = await created(
    server,
    '/v2.0/subnets',
    'subnet',
    { subnet: { name: 's1', cidr: '192.168.1.0/24', network_id: networkId, ip_version: 4 } },
    headers,
  );
  const attach = await call(
    server,
    'PUT',
    `/v2.0/routers/${routerId}/add_router_interface`,
    { subnet_id: subnetId },
    headers,
  );
  expect(attach.status, attach.text).toBe(200);
  return {
    routerId,
    subnetId,
    ikepolicyId: await created(
      server,
      '/v2.0/vpn/ikepolicies',
      'ikepolicy',
      { ikepolicy: { name: 'ike1' } },
      headers,
    ),
    ipsecpolicyId: await created(
      server,
      '/v2.0/vpn/ipsecpolicies',
      'ipsecpolicy',
      { ipsecpolicy: { name: 'ipsec1' } },
      headers,
    ),
    vpnserviceId: await created(
      server,
      '/v2.0/vpn/vpnservices',
      'vpnservice',
      { vpnservice: { name: 'vpn1', router_id: routerId } },
      headers,
    ),
    localGroupId: await created(
      server,
      '/v2.0/vpn/endpoint-groups',
      'endpoint_group',
      { endpoint_group: { name: 'local1', type: 'subnet', endpoints: [subnetId] } },
      headers,
    ),
    peerGroupId: await created(
      server,
      '/v2.0/vpn/endpoint-groups',
      'endpoint_group',
      { endpoint_group: { name: 'peer1', type: 'cidr', endpoints: ['10.2.0.0/24', '10.3.0.0/24'] } },
      headers,
    ),
  };
}

/** The seed's example request with the ids of real objects. */
export function connectionBody(objects: VpnObjects, changes: Record<string, unknown> = {}) {
  return {
    ipsec_site_connection: {
      psk: 'secret',
      initiator: 'bi-directional',
      ipsecpolicy_id: objects.ipsecpolicyId,
      admin_state_up: true,
      mtu: 1500,
      peer_ep_group_id: objects.peerGroupId,
      ikepolicy_id: objects.ikepolicyId,
      vpnservice_id: objects.vpnserviceId,
      local_ep_group_id: objects.localGroupId,
      peer_address: '172.24.4.233',
      peer_id: '172.24.4.233',
      name: 'vpnconnection1',
      ...changes,
    },
  };
}

/** A connection of the seed's example on objects of its own, in the caller's project, as created. */
export async function createdConnection(
  server: { url: string },
  headers: Record<string, string> = {},
  changes: Record<string, unknown> = {},
): Promise<{ id: string } & Record<string, unknown>> {
  const objects = await setUpVpn(server, headers);
  const body = connectionBody(objects, changes);
  const created = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', body, headers);
  expect(created.status, created.text).toBe(201);
  return created.body.ipsec_site_connection;
}
