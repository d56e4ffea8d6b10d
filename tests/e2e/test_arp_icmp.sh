#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd on three virtual ports (access, core, access on VLAN 100):
# ARP resolution in both directions, ICMP echo, VLAN tagging, malformed
# input counted and survived, L2TP control punted to the control lcore,
# graceful stop without leftovers.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology 198.51.100.2/24
e2e_core_topology
e2e_veth "$LNS" "v$E2E_ID" "$ACC" "vh$E2E_ID"

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
  - name: access-vlan
    device: "net_af_packet2,iface=v$E2E_ID"
    role: access
    address: 192.0.2.1/24
    vlan: 100
log:
  level: info
  modules: { neigh: debug }
dataplane:
  mbufs: 4095
neighbor:
  retrans_ms: 200
  probes: 3
YAML

e2e_check "configuration is valid (--check)" \
	"$E2E_BIN/lnsd" --config "$E2E_DIR/lnsd.yaml" --check
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_ok 0 "lnsd starts on three af_packet ports"

LNS_ACC_MAC=$(e2e_mac "$LNS" "a$E2E_ID")
ACC_MAC=$(e2e_mac "$ACC" "ah$E2E_ID")
CORE_MAC=$(e2e_mac "$CORE" "ch$E2E_ID")

e2e_check "access host pings lnsd's access address" \
	ip netns exec "$ACC" ping -c 3 -i 0.2 -W 2 198.51.100.1
e2e_check "access host resolved lnsd's address to lnsd's MAC by ARP" \
	sh -c "ip -n $ACC neigh show 198.51.100.1 | grep -q 'lladdr $LNS_ACC_MAC'"
e2e_check "lnsd learnt the access host from its ARP request" \
	test "$(e2e_json neighbors "[n['mac'] for n in d.values() if n['ip']=='198.51.100.2'][0]")" = "$ACC_MAC"

e2e_check "core host pings lnsd's core address" \
	ip netns exec "$CORE" ping -c 3 -i 0.2 -W 2 203.0.113.1
e2e_check "lnsd resolved its gateway by ARP (pinned, reachable, right MAC)" \
	test "$(e2e_json neighbors "[(n['mac'],n['state'],n['pinned']) for n in d.values() if n['ip']=='203.0.113.2'][0]")" \
	= "('$CORE_MAC', 'reachable', 1)"
e2e_check "lnsd reports its port addresses" \
	test "$(e2e_json ports "[(p['name'],p['ip'],p['vlan']) for p in d.values()]")" = \
	"[('access', '198.51.100.1', 0), ('core', '203.0.113.1', 0), ('access-vlan', '192.0.2.1', 100)]"

# Addresses that are not ours get no ARP answer.
ip netns exec "$ACC" ping -c 1 -W 1 198.51.100.99 >/dev/null 2>&1
e2e_ok $((! $?)) "no answer for an address lnsd does not own"
e2e_check "ARP requests for other hosts are counted" \
	test "$(e2e_json stats "d['ctl_arp_not_for_us'] > 0")" = True

# VLAN 100 port, driven by scapy with tagged frames.
e2e_check "VLAN port answers tagged ARP and ICMP with tag 100 (scapy)" \
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/scapy_vlan.py" "vh$E2E_ID" 192.0.2.1 100
e2e_check "untagged frames on the VLAN port are dropped and counted" \
	test "$(e2e_json stats "d['drop_vlan_mismatch'] > 0")" = True

# Malformed input: counted, and lnsd keeps answering.
e2e_check "malformed ARP/IPv4/ICMP frames sent (scapy)" \
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/scapy_malformed.py" "ah$E2E_ID" 198.51.100.1 "$LNS_ACC_MAC"
sleep 0.5
e2e_check "malformed frames are counted by reason" \
	test "$(e2e_json stats "(d['ctl_arp_malformed']>0, d['ctl_icmp_malformed']>0, d['drop_bad_ipv4_header']>0, d['drop_truncated_ipv4']>0)")" \
	= "(True, True, True, True)"
e2e_check "lnsd still answers after malformed input" \
	ip netns exec "$ACC" ping -c 2 -i 0.2 -W 2 198.51.100.1

# UDP/1701: control punted to the control lcore, the rest counted.
e2e_check "L2TP control, data and truncated UDP sent (scapy)" \
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/scapy_l2tp_punt.py" "ah$E2E_ID" 198.51.100.1 "$LNS_ACC_MAC"
sleep 0.5
e2e_check "L2TP control punted (an SCCRQ without Assigned Tunnel ID refused); data without session and short UDP dropped by name" \
	test "$(e2e_json stats "(d['punt_l2tp_control'], d['ctl_l2tp_tunnel0_not_sccrq'], d['drop_l2tp_data_no_session'], d['drop_truncated_udp'])")" \
	= "(1, 1, 1, 1)"

# Graceful stop.
e2e_stop_lnsd
e2e_ok $? "lnsd exits 0 on SIGTERM"
e2e_check "lnsd logged the ports going down" grep -q "port=core event=down" "$E2E_DIR/lnsd.log"
e2e_check "no runtime files left in /var/run/dpdk/$E2E_PREFIX" test ! -e "/var/run/dpdk/$E2E_PREFIX"

e2e_done
