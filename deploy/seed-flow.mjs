#!/usr/bin/env node
// Drives a running vpnaas through the seed flow over HTTP, as the README's quick start does: router,
// network, subnet, router interface, IKE and IPsec policies, VPN service, endpoint groups, then the seed
// connection, until it is ACTIVE. Exits 1 with the failing answer otherwise.
// Usage: node deploy/seed-flow.mjs http://127.0.0.1:9696 [timeout seconds, default 30]
const [base, timeoutSeconds = '30'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node deploy/seed-flow.mjs <service url> [timeout seconds]');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutSeconds) * 1000;

async function call(method, path, body, expected) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${text}`);
  }
  return JSON.parse(text);
}

async function create(path, key, fields) {
  const answer = await call('POST', `/v2.0/${path}`, { [key]: fields }, 201);
  console.log(`created ${key} ${answer[key].id} (${answer[key].status ?? 'no status'})`);
  return answer[key];
}

async function waitUntilActive(path, key) {
  for (;;) {
    const { [key]: resource } = await call('GET', `/v2.0/${path}`, undefined, 200);
    if (resource.status === 'ACTIVE') return resource;
    if (Date.now() > deadline) throw new Error(`${path} is still ${resource.status}, never ACTIVE`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

try {
  const router = await create('routers', 'router', { name: 'vpc1' });
  const network = await create('networks', 'network', { name: 'net1' });
  const subnet = await create('subnets', 'subnet', {
    name: 'web',
    cidr: '192.168.1.0/24',
    network_id: network.id,
    ip_version: 4,
  });
  await call('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id }, 200);
  const ike = await create('vpn/ikepolicies', 'ikepolicy', { name: 'ike1', pfs: 'group14' });
  const ipsec = await create('vpn/ipsecpolicies', 'ipsecpolicy', { name: 'ipsec1' });
  const service = await create('vpn/vpnservices', 'vpnservice', { name: 'vpn1', router_id: router.id });
  const local = await create('vpn/endpoint-groups', 'endpoint_group', {
    name: 'local1',
    type: 'subnet',
    endpoints: [subnet.id],
  });
  const peer = await create('vpn/endpoint-groups', 'endpoint_group', {
    name: 'peer1',
    type: 'cidr',
    endpoints: ['10.2.0.0/24'],
  });
  const connection = await create('vpn/ipsec-site-connections', 'ipsec_site_connection', {
    name: 'vpnconnection1',
    psk: 'secret',
    vpnservice_id: service.id,
    ikepolicy_id: ike.id,
    ipsecpolicy_id: ipsec.id,
    local_ep_group_id: local.id,
    peer_ep_group_id: peer.id,
    peer_address: '172.24.4.233',
    peer_id: '172.24.4.233',
  });
  if (connection.status !== 'PENDING_CREATE') throw new Error(`a new connection is ${connection.status}`);
  await waitUntilActive(`vpn/ipsec-site-connections/${connection.id}`, 'ipsec_site_connection');
  await waitUntilActive(`vpn/vpnservices/${service.id}`, 'vpnservice');
  console.log(`seed flow: connection ${connection.id} and its VPN service are ACTIVE`);
} catch (error) {
  console.error(`seed flow failed: ${error.message}`);
  process.exit(1);
}
