#!/usr/bin/env bash
# The openstack CLI flow against a running vpnaas, resolving everything by name
# as a user would. The caller sets OS_AUTH_TYPE, OS_ENDPOINT (and OS_TOKEN).
# Fails on the first command or check that goes wrong.
set -euo pipefail
export PYTHONWARNINGS=ignore
os() { openstack "$@"; }
check() { if [ "$1" != "$2" ]; then echo "expected '$2', got '$1' ($3)" >&2; exit 1; fi; }

# Network, subnet and router set-up.
os network create net1 -f value -c id >/dev/null
os subnet create --network net1 --subnet-range 192.168.1.0/24 sub1 -f value -c id >/dev/null
os router create r1 -f value -c id >/dev/null
os router add subnet r1 sub1
check "$(os router show r1 -f value -c name)" r1 "router show"

# Create, resolving every reference by name.
os vpn ike policy create ike1 --encryption-algorithm aes-256 --ike-version v2 --pfs group14 \
  --lifetime units=seconds,value=7200 -f value -c ID >/dev/null
os vpn ipsec policy create ipsec1 --pfs group14 -f value -c ID >/dev/null
os vpn service create vpn1 --router r1 -f value -c ID >/dev/null
os vpn endpoint group create local1 --type subnet --value sub1 -f value -c ID >/dev/null
os vpn endpoint group create peer1 --type cidr --value 10.2.0.0/24 --value 10.3.0.0/24 -f value -c ID >/dev/null
os vpn ipsec site connection create conn1 --vpnservice vpn1 --ikepolicy ike1 --ipsecpolicy ipsec1 \
  --peer-address 172.24.4.233 --peer-id 172.24.4.233 --psk secret --local-endpoint-group local1 \
  --peer-endpoint-group peer1 --dpd action=restart,interval=15,timeout=60 --mtu 1500 -f value -c ID >/dev/null

# List and show.
check "$(os vpn ike policy list -f value -c Name)" ike1 "ike policy list"
check "$(os vpn ipsec policy list -f value -c Name)" ipsec1 "ipsec policy list"
check "$(os vpn service list -f value -c Name)" vpn1 "service list"
check "$(os vpn endpoint group list -f value -c Name | sort | tr '\n' ' ')" "local1 peer1 " "endpoint group list"
check "$(os vpn ipsec site connection list -f value -c Name)" conn1 "connection list"
check "$(os vpn ike policy show ike1 -f value -c 'Perfect Forward Secrecy (PFS)')" group14 "ike policy show"
check "$(os vpn endpoint group show peer1 -f json -c Endpoints | tr -d ' \n')" '{"Endpoints":["10.2.0.0/24","10.3.0.0/24"]}' "endpoint group show"
for _ in $(seq 50); do
  [ "$(os vpn ipsec site connection show conn1 -f value -c Status)" = ACTIVE ] && break
  sleep 0.2
done
check "$(os vpn ipsec site connection show conn1 -f value -c Status)" ACTIVE "connection becomes ACTIVE"

# Set.
os vpn ipsec site connection set conn1 --description changed --name conn1b --mtu 1500
check "$(os vpn ipsec site connection show conn1b -f value -c Description)" changed "connection set"
os vpn ike policy set ike1 --pfs group5
check "$(os vpn ike policy show ike1 -f value -c 'Perfect Forward Secrecy (PFS)')" group5 "ike policy set"
os vpn ipsec policy set ipsec1 --description d1
os vpn service set vpn1 --description d2
check "$(os vpn service show vpn1 -f value -c Description)" d2 "service set"
os vpn endpoint group set peer1 --description d3
check "$(os vpn endpoint group show peer1 -f value -c Description)" d3 "endpoint group set"

# An object in use cannot be deleted; the CLI shows the NeutronError message.
if out=$(os vpn ike policy delete ike1 2>&1); then echo "an IKE policy in use was deleted" >&2; exit 1; fi
case "$out" in *"is in use by existing IPsecSiteConnection"*) ;; *) echo "unexpected: $out" >&2; exit 1 ;; esac

# Delete everything, in order.
os vpn ipsec site connection delete conn1b
os vpn endpoint group delete local1 peer1
os vpn service delete vpn1
os vpn ike policy delete ike1
os vpn ipsec policy delete ipsec1
check "$(os vpn ipsec site connection list -f value)" "" "connections gone"
os router remove subnet r1 sub1
os router delete r1
os subnet delete sub1
os network delete net1
echo "cli flow passed"
