"""The openstacksdk flow against a running vpnaas: what a user of conn.network does.

Usage: /usr/bin/python3 sdk_flow.py ENDPOINT [TOKEN]
       /usr/bin/python3 sdk_flow.py cloud:NAME   (password auth through OS_CLIENT_CONFIG_FILE's clouds.yaml)
Prints one JSON line per step; exits non-zero on the first failure.
"""
import json
import sys
import time

import openstack

endpoint = sys.argv[1]
token = sys.argv[2] if len(sys.argv) > 2 else None
if endpoint.startswith("cloud:"):
    conn = openstack.connect(cloud=endpoint[len("cloud:"):])
elif token:
    conn = openstack.connect(load_yaml_config=False, load_envvars=False, auth_type="admin_token",
                             auth={"endpoint": endpoint, "token": token})
else:
    conn = openstack.connect(load_yaml_config=False, load_envvars=False, auth_type="none",
                             auth={"endpoint": endpoint})
net = conn.network


def status_of(connection_id):
    # openstacksdk 0.101's VpnIPSecSiteConnection has no status attribute: read the body.
    return net.get(f"/vpn/ipsec-site-connections/{connection_id}").json()["ipsec_site_connection"]["status"]


def step(name, value):
    print(json.dumps({"step": name, "value": value}), flush=True)


network = net.create_network(name="sdk-net")
subnet = net.create_subnet(name="sdk-sub", network_id=network.id, ip_version=4, cidr="192.168.5.0/24")
router = net.create_router(name="sdk-router")
net.add_interface_to_router(router, subnet_id=subnet.id)
step("router", router.id)

ike = net.create_vpn_ikepolicy(name="sdk-ike", pfs="group14", ike_version="v2",
                                lifetime={"units": "seconds", "value": 7200})
ipsec = net.create_vpn_ipsecpolicy(name="sdk-ipsec")
service = net.create_vpn_service(name="sdk-vpn", router_id=router.id)
local = net.create_vpn_endpoint_group(name="sdk-local", type="subnet", endpoints=[subnet.id])
peer = net.create_vpn_endpoint_group(name="sdk-peer", type="cidr", endpoints=["10.8.0.0/24"])
conn1 = net.create_vpn_ipsec_site_connection(
    name="sdk-conn", psk="secret.sdk", peer_address="172.24.4.240", peer_id="172.24.4.240",
    vpnservice_id=service.id, ikepolicy_id=ike.id, ipsecpolicy_id=ipsec.id,
    local_ep_group_id=local.id, peer_ep_group_id=peer.id,
    dpd={"action": "restart", "interval": 15, "timeout": 60})
step("created", status_of(conn1.id))

# find_* by name: GET /<name> (404) then the list filtered by name.
assert net.find_vpn_ikepolicy("sdk-ike").id == ike.id
assert net.find_vpn_ipsec_site_connection("sdk-conn").id == conn1.id
assert net.get_vpn_service(service.id).router_id == router.id
assert sorted(g.name for g in net.vpn_endpoint_groups()) == ["sdk-local", "sdk-peer"]
assert [c.id for c in net.vpn_ipsec_site_connections()] == [conn1.id]
assert [p.id for p in net.vpn_ikepolicies()] == [ike.id]
assert [p.id for p in net.vpn_ipsecpolicies()] == [ipsec.id]
assert [s.id for s in net.vpn_services()] == [service.id]

for _ in range(100):
    if status_of(conn1.id) == "ACTIVE":
        break
    time.sleep(0.1)
step("active", status_of(conn1.id))

updated = net.update_vpn_ipsec_site_connection(conn1, description="changed", dpd={"interval": 20})
step("updated", {"description": updated.description, "dpd": updated.dpd})
assert updated.dpd == {"action": "restart", "interval": 20, "timeout": 60}
assert net.update_vpn_ikepolicy(ike, pfs="group5").pfs == "group5"
assert net.update_vpn_ipsecpolicy(ipsec, description="d").description == "d"
assert net.update_vpn_service(service, description="d").description == "d"
assert net.update_vpn_endpoint_group(peer, name="sdk-peer2").name == "sdk-peer2"

try:
    net.delete_vpn_ikepolicy(ike)
    raise AssertionError("an IKE policy in use was deleted")
except openstack.exceptions.ConflictException as error:
    step("in-use", str(error.details))

net.delete_vpn_ipsec_site_connection(conn1)
for delete, resource in ((net.delete_vpn_endpoint_group, local), (net.delete_vpn_endpoint_group, peer),
                         (net.delete_vpn_service, service), (net.delete_vpn_ikepolicy, ike),
                         (net.delete_vpn_ipsecpolicy, ipsec)):
    delete(resource)
assert list(net.vpn_ipsec_site_connections()) == []
assert net.find_vpn_service("sdk-vpn") is None
net.remove_interface_from_router(router, subnet_id=subnet.id)
net.delete_router(router)
net.delete_subnet(subnet)
net.delete_network(network)
step("done", True)
