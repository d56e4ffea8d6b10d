#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# IPv6 on lnsd's core port (docs/ipv6.md "Core side"): lnsd
# 2001:db8:c0::1/64 with gateway 2001:db8:c0::2, a Linux core host with
# IPv6 on. lnsd resolves its gateway by Neighbor Discovery (pinned,
# reachable, the host's MAC), the host resolves lnsd and pings its global
# and link-local addresses, an address that is not lnsd's gets no
# answer, and everything lnsd sent dissects in tshark without a malformed
# frame or a bad checksum.
. "$(dirname "$0")/lib.sh"
e2e_require_root
command -v tshark >/dev/null || e2e_bail "tshark is not installed"

e2e_access_topology 198.51.100.2/24
e2e_core_topology
e2e_core_ipv6 2001:db8:c0::2/64

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
    address6: 2001:db8:c0::1/64
    gateway6: 2001:db8:c0::2
log:
  level: info
  modules: { neigh: debug, nd6: debug }
dataplane:
  mbufs: 4095
neighbor:
  retrans_ms: 200
  probes: 3
YAML

e2e_check "configuration with address6 / gateway6 is valid (--check)" \
	"$E2E_BIN/lnsd" --config "$E2E_DIR/lnsd.yaml" --check
e2e_capture "$CORE" "ch$E2E_ID" "$E2E_DIR/core6.pcapng"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_ok 0 "lnsd starts with IPv6 on its core port"

LNS_CORE_MAC=$(e2e_mac "$LNS" "c$E2E_ID")
CORE_MAC=$(e2e_mac "$CORE" "ch$E2E_ID")
# fe80:: + modified EUI-64 of lnsd's core MAC (RFC 4291 appendix A).
LNS_LL=$("$PY" -c "
import ipaddress, sys
m = bytes.fromhex(sys.argv[1].replace(':', ''))
iid = bytes([m[0] ^ 2]) + m[1:3] + b'\xff\xfe' + m[3:]
print(ipaddress.IPv6Address(b'\xfe\x80' + bytes(6) + iid))" "$LNS_CORE_MAC")

neigh() {	# neigh IP: IP's (mac, state, pinned, family) in lnsd's table
	e2e_json neighbors "[(n['mac'],n['state'],n['pinned'],n.get('family')) for n in d.values() if n['ip']=='$1']"
}
gw6() { neigh 2001:db8:c0::2; }
# neigh_is IP VALUE: neigh IP is VALUE, asked again on every call
# (e2e_wait retries it).
neigh_is() { [ "$(neigh "$1")" = "$2" ]; }
e2e_check "lnsd resolved its IPv6 gateway by ND (pinned, reachable, right MAC)" \
	e2e_wait 50 neigh_is 2001:db8:c0::2 "[('$CORE_MAC', 'reachable', 1, 'ipv6')]"
e2e_check "the IPv4 gateway is in the same table (family ipv4)" \
	test "$(e2e_json neighbors "[(n['state'],n.get('family')) for n in d.values() if n['ip']=='203.0.113.2']")" \
	= "[('reachable', 'ipv4')]"
e2e_check "lnsctl show neighbors lists the IPv6 gateway" \
	sh -c "\"$PY\" \"$E2E_ROOT/tools/lnsctl\" -p $E2E_PREFIX show neighbors | grep '2001:db8:c0::2' | grep -q reachable"
e2e_check "lnsd reports the core port's IPv6 (address, link-local, gateway)" \
	test "$(e2e_json ports "[(p['name'],p.get('ip6'),p.get('prefix6_len'),p.get('link_local6'),p.get('gateway6')) for p in d.values()]")" \
	= "[('access', None, None, None, None), ('core', '2001:db8:c0::1', 64, '$LNS_LL', '2001:db8:c0::2')]"

e2e_check "core host pings lnsd's global address (ping -6)" \
	ip netns exec "$CORE" ping -6 -c 3 -i 0.2 -W 2 2001:db8:c0::1
e2e_check "core host resolved lnsd's address to lnsd's MAC by ND" \
	sh -c "ip -n $CORE -6 neigh show 2001:db8:c0::1 | grep -q 'lladdr $LNS_CORE_MAC'"
e2e_check "core host pings lnsd's link-local address $LNS_LL" \
	ip netns exec "$CORE" ping -6 -c 3 -i 0.2 -W 2 "$LNS_LL%ch$E2E_ID"

# An address in the prefix that is not lnsd's: no NA, no echo reply.
ip netns exec "$CORE" ping -6 -c 1 -W 1 2001:db8:c0::99 >/dev/null 2>&1
e2e_ok $((! $?)) "no answer for an IPv6 address lnsd does not own"

e2e_check "ND and ICMPv6 counted (NS sent and received, NA both ways, 6 echo replies)" \
	test "$(e2e_json stats "(d['ctl_nd6_ns_tx']>0, d['ctl_nd6_na_rx']>0, d['ctl_nd6_ns_rx']>0, d['ctl_nd6_na_tx']>0, d['ctl_icmp6_echo_reply_tx']>=6, d['ctl_nd6_malformed'])")" \
	= "(True, True, True, True, True, 0)"

# Edge cases from scapy on the core host: DAD defended, bad input counted.
e2e_check "ND edge cases sent and watched (scapy)" \
	sh -c "ip netns exec $CORE \"$PY\" \"$E2E_ROOT/tests/e2e/core6_nd.py\" ch$E2E_ID 2001:db8:c0::1 $LNS_CORE_MAC >\"$E2E_DIR/core6_nd.json\""
nd() { e2e_jexpr "$1" <"$E2E_DIR/core6_nd.json"; }
e2e_check "a DAD probe for lnsd's address is defended: NA to ff02::1, R O not S, TLLA lnsd's MAC" \
	test "$(nd "[(a['dst'],a['eth_dst'],a['tgt'],a['R'],a['S'],a['O'],a['tlla']) for a in d['dad']]")" \
	= "[('ff02::1', '33:33:00:00:00:01', '2001:db8:c0::1', 1, 0, 1, '$LNS_CORE_MAC')]"
e2e_check "no answer to hop limit 254, bad checksums, a claim on lnsd's address, an NS for another, an RA" \
	test "$(nd "d['bad_answers']")" = 0
e2e_check "lnsd still answers an NS after them" test "$(nd "d['ns_after']")" = 1
e2e_check "each counted by reason (DAD defended, 2 malformed ND, 1 conflict, not for us, RA, 1 bad echo)" \
	test "$(e2e_json stats "(d['ctl_nd6_dad_defended'], d['ctl_nd6_malformed'], d['ctl_nd6_address_conflict'], d['ctl_nd6_not_for_us']>0, d['ctl_nd6_other_type']>0, d['ctl_icmp6_malformed'])")" \
	= "(1, 2, 1, True, True, 1)"
e2e_check "the gateway is still reachable" \
	test "$(gw6)" = "[('$CORE_MAC', 'reachable', 1, 'ipv6')]"

e2e_capture_stop
cap() {	# frames of lnsd in the capture matching the display filter $1
	tshark -r "$E2E_DIR/core6.pcapng" -Y "eth.src == $LNS_CORE_MAC && ($1)" 2>/dev/null | wc -l
}
e2e_check "tshark: lnsd's Neighbor Solicitations (for its gateway)" \
	test "$(cap 'icmpv6.type == 135 && icmpv6.nd.ns.target_address == 2001:db8:c0::2 && icmpv6.opt.linkaddr == '"$LNS_CORE_MAC")" -gt 0
e2e_check "tshark: lnsd's Neighbor Advertisements (router, solicited, override, TLLA)" \
	test "$(cap 'icmpv6.type == 136 && icmpv6.nd.na.flag.r == 1 && icmpv6.nd.na.flag.s == 1 && icmpv6.opt.linkaddr == '"$LNS_CORE_MAC")" -gt 0
e2e_check "tshark: six Echo Replies, from the global and the link-local address" \
	test "$(cap 'icmpv6.type == 129 && ipv6.src == 2001:db8:c0::1'),$(cap "icmpv6.type == 129 && ipv6.src == $LNS_LL")" = "3,3"
e2e_check "tshark: nothing lnsd sent is malformed or has a bad checksum" \
	test "$(cap '_ws.malformed || _ws.expert.severity >= error')" = 0

e2e_stop_lnsd
e2e_ok $? "lnsd exits 0 on SIGTERM"

cp "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-global.log"
# Again with the router's link-local address as gateway6, as routers
# often announce it: asked from lnsd's own link-local address.
CORE_LL=$(ip -n "$CORE" -6 -o addr show dev "ch$E2E_ID" scope link |
	sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p')
sed "s/gateway6: 2001:db8:c0::2/gateway6: $CORE_LL/" "$E2E_DIR/lnsd.yaml" \
	>"$E2E_DIR/lnsd-ll.yaml"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd-ll.yaml"
e2e_ok 0 "lnsd starts with the link-local gateway6 $CORE_LL"
e2e_check "lnsd resolved its link-local gateway by ND (pinned, reachable, right MAC)" \
	e2e_wait 50 neigh_is "$CORE_LL" "[('$CORE_MAC', 'reachable', 1, 'ipv6')]"
e2e_stop_lnsd
e2e_ok $? "lnsd exits 0 on SIGTERM"

e2e_done
