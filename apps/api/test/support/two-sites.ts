// Two-site set-ups over the HTTP API for the strongSwan suites: a router with
// a gateway address, a subnet attached to it, a VPN service and a local
// endpoint group per site; connections that point at each other's gateway.
import { expect } from 'vitest';
import { call, waitForStatus } from './test-server.js';

export interface Site {
  project: string;
  name: string;
  routerId: string;
  subnetId: string;
  serviceId: string;
  localGroupId: string;
  gateway: string;
  cidr: string;
}

export async function api(
  server: { url: string },
  project: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await call(server, method, path, body, { 'X-Project-Id': project });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body;
}

/** A site; its router's gateway address comes from the external pool (VPNAAS_EXTERNAL_CIDR). */
export async function createSite(
  server: { url: string },
  project: string,
  name: string,
  cidr: string,
): Promise<Site> {
  const router = await api(server, project, 'POST', '/v2.0/routers', { router: { name } });
  const gateway = router.router.external_gateway_info.external_fixed_ips[0].ip_address as string;
  const network = await api(server, project, 'POST', '/v2.0/networks', { network: { name } });
  const subnet = await api(server, project, 'POST', '/v2.0/subnets', {
    subnet: { name, cidr, network_id: network.network.id, ip_version: 4 },
  });
  const routerId = router.router.id as string;
  const subnetId = subnet.subnet.id as string;
  await api(server, project, 'PUT', `/v2.0/routers/${routerId}/add_router_interface`, {
    subnet_id: subnetId,
  });
  const service = await api(server, project, 'POST', '/v2.0/vpn/vpnservices', {
    vpnservice: { name, router_id: routerId },
  });
  const local = await api(server, project, 'POST', '/v2.0/vpn/endpoint-groups', {
    endpoint_group: { name: `${name}-local`, type: 'subnet', endpoints: [subnetId] },
  });
  return {
    project,
    name,
    routerId,
    subnetId,
    serviceId: service.vpnservice.id,
    localGroupId: local.endpoint_group.id,
    gateway,
    cidr,
  };
}

export async function createPolicies(server: { url: string }, project: string) {
  const ike = await api(server, project, 'POST', '/v2.0/vpn/ikepolicies', {
    ikepolicy: { name: 'ike', auth_algorithm: 'sha2-256', encryption_algorithm: 'aes-128', pfs: 'group14' },
  });
  const ipsec = await api(server, project, 'POST', '/v2.0/vpn/ipsecpolicies', {
    ipsecpolicy: { name: 'ipsec', auth_algorithm: 'sha2-256', pfs: 'group14' },
  });
  return { ikeId: ike.ikepolicy.id as string, ipsecId: ipsec.ipsecpolicy.id as string };
}

/** A connection from one site to the other's gateway; returns its id. */
export async function connectSites(
  server: { url: string },
  from: Site,
  to: Site,
  psk: string,
  policies: { ikeId: string; ipsecId: string },
): Promise<string> {
  const peer = await api(server, from.project, 'POST', '/v2.0/vpn/endpoint-groups', {
    endpoint_group: { name: `to-${to.name}`, type: 'cidr', endpoints: [to.cidr] },
  });
  const connection = await api(server, from.project, 'POST', '/v2.0/vpn/ipsec-site-connections', {
    ipsec_site_connection: {
      name: `${from.name}-to-${to.name}`,
      psk,
      vpnservice_id: from.serviceId,
      ikepolicy_id: policies.ikeId,
      ipsecpolicy_id: policies.ipsecId,
      local_ep_group_id: from.localGroupId,
      peer_ep_group_id: peer.endpoint_group.id,
      peer_address: to.gateway,
      peer_id: to.gateway,
    },
  });
  expect(connection.ipsec_site_connection.status).toBe('PENDING_CREATE');
  return connection.ipsec_site_connection.id;
}

/** A connection's status as the API shows it. */
export async function connectionStatus(server: { url: string }, site: Site, id: string): Promise<string> {
  const body = await api(server, site.project, 'GET', `/v2.0/vpn/ipsec-site-connections/${id}`);
  return body.ipsec_site_connection.status;
}

/**
 * Waits until the API shows the connection in `status` (waitForStatus: it fails at the deadline, naming
 * the status it stayed in). The driver records a tunnel's state on its next tick after charon installs
 * the CHILD SA, so a test that has just seen the SA in charon waits for that tick before it asserts.
 */
export async function waitForConnectionStatus(
  server: { url: string },
  site: Site,
  id: string,
  status: string,
  timeoutMs = 5000,
): Promise<void> {
  await waitForStatus(
    server,
    `/v2.0/vpn/ipsec-site-connections/${id}`,
    'ipsec_site_connection',
    status,
    timeoutMs,
    {
      'X-Project-Id': site.project,
    },
  );
}
