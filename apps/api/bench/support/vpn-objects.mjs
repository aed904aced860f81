// What an IPsec site connection refers to, made through the API as a user
// would: a router with a network's subnet attached, an IKE and an IPsec policy, a VPN
// service on the router, a local (subnet) and a peer (CIDR) endpoint group.
export const BENCH_PROJECT = 'bench-project';
export const benchHeaders = { 'content-type': 'application/json', 'X-Project-Id': BENCH_PROJECT };

/** The headers of a request in another project than the bench's own. */
export const projectHeaders = (project) => ({ ...benchHeaders, 'X-Project-Id': project });

/** POSTs a body and returns the created object's id; anything but 201 throws. */
export async function post(url, path, body, headers = benchHeaders) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
  return Object.values(answer)[0].id;
}

/** The router's id, and the ids a connection's create body refers to (in the headers' project). */
export async function vpnObjects(url, headers = benchHeaders) {
  const create = (path, body) => post(url, path, body, headers);
  const router = await create('/v2.0/routers', { router: { name: 'r' } });
  const network = await create('/v2.0/networks', { network: { name: 'n' } });
  const subnet = await create('/v2.0/subnets', {
    subnet: { name: 's', network_id: network, cidr: '192.168.1.0/24', ip_version: 4 },
  });
  const attached = await fetch(`${url}/v2.0/routers/${router}/add_router_interface`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ subnet_id: subnet }),
  });
  if (attached.status !== 200) throw new Error(`add_router_interface: ${attached.status}`);
  const references = {
    ikepolicy_id: await create('/v2.0/vpn/ikepolicies', { ikepolicy: { name: 'ike' } }),
    ipsecpolicy_id: await create('/v2.0/vpn/ipsecpolicies', { ipsecpolicy: { name: 'ipsec' } }),
    vpnservice_id: await create('/v2.0/vpn/vpnservices', {
      vpnservice: { name: 'vpn', router_id: router },
    }),
    local_ep_group_id: await create('/v2.0/vpn/endpoint-groups', {
      endpoint_group: { name: 'local', type: 'subnet', endpoints: [subnet] },
    }),
    peer_ep_group_id: await create('/v2.0/vpn/endpoint-groups', {
      endpoint_group: { name: 'peer', type: 'cidr', endpoints: ['10.2.0.0/24'] },
    }),
  };
  return { routerId: router, references };
}
