#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# IPv6 prefixes from RADIUS (docs/ipv6.md, "From the AAA"), FreeRADIUS as
# the server, lacgen --ipv6 subscribers on TUN devices:
#  a. v6a1's Access-Accept carries Framed-IPv6-Prefix 2001:db8:300:7::/64,
#     Delegated-IPv6-Prefix 2001:db8:400:1200::/56 and
#     DNS-Server-IPv6-Address 2001:db8:53::99: its kernel forms its SLAAC
#     address in that /64 from lnsd's RA, which carries that DNS server
#     (rdisc6); WIDE dhcp6c is delegated that /56;
#  b. FreeRADIUS's accounting detail has both prefixes in v6a1's Stop;
#  c. v6b1's Framed-IPv6-Pool "other64" and Delegated-IPv6-Prefix-Pool
#     "pdalt" choose the pools its prefixes come from;
#  d. v6c1's Framed-IPv6-Pool "nosuch" is unknown: counted, the default
#     pool's /64 instead (the subscriber still gets IPv6);
#  e. v6d1's Framed-Interface-Id 200:0:0:42 is what IPv6CP gives its
#     link (lnsd Naks anything else; its link-local and SLAAC address end
#     in it), its Framed-IPv6-Address is what dhcp6c's IA_NA gets, and its
#     Framed-IPv6-Route 2001:db8:700::/48 passes anti-spoofing.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/../e2e/ipv6_lib.sh"
. "$(dirname "$0")/radius_lib.sh"
e2e_require_root
e2e_require_lacgen
for t in freeradius rdisc6 dhcp6c; do
	command -v $t >/dev/null || e2e_bail "$t not installed (scripts/deps.sh)"
done

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
RAD_NETNS=$LNS
read -r AP CP < <(rad_ports 2 | tr '\n' ' ')
rad_user v6a1 pw 'Framed-IPv6-Prefix = 2001:db8:300:7::/64' \
	'Delegated-IPv6-Prefix = 2001:db8:400:1200::/56' \
	'DNS-Server-IPv6-Address = 2001:db8:53::99'
rad_user v6b1 pw 'Framed-IPv6-Pool = "other64"' 'Delegated-IPv6-Prefix-Pool = "pdalt"'
rad_user v6c1 pw 'Framed-IPv6-Pool = "nosuch"'
rad_user v6d1 pw 'Framed-Interface-Id = 0200:0000:0000:0042' \
	'Framed-IPv6-Address = 2001:db8:800::42' 'Framed-IPv6-Route = "2001:db8:700::/48 :: 1"'
rad_start r1 "$AP" "$CP" || e2e_bail "FreeRADIUS did not start"

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  pools6:
    - { name: lan64, prefix: "2001:db8:200::/48", length: 64 }
    - { name: other64, prefix: "2001:db8:500::/48", length: 64 }
    - { name: pd56, prefix: "2001:db8:100::/40", length: 56 }
    - { name: pdalt, prefix: "2001:db8:600::/40", length: 60 }
  default_pool6: lan64
  default_pd_pool: pd56
radius:
  servers:
    - { address: 127.0.0.1, auth_port: $AP, acct_port: $CP, secret: "$RAD_SECRET" }
  accounting:
    spool_dir: $E2E_DIR/spool
ipv6:
  dns: ["2001:db8:53::53"]
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# sub USER: one subscriber up on lgtun0, held until SIGUSR1.
sub() {
	e2e_lacgen -b "$1.json" --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
		--ppp --user-prefix "${1%1}" --password pw --json --auth chap \
		--ipv6 --tun 1 --tun-netns "$SUB" --hold 60 --teardown --timeout 90
	e2e_lacgen_hold "$1.json"
}
sub_end() {
	kill "$DHCP6C_PID" 2>/dev/null
	kill -USR1 "$LACGEN_PID"
	for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
	wait "$LACGEN_PID"
	ip -n "$SUB" link del "${1}0" 2>/dev/null
}
in_net() {	# ADDR NET: whether ADDR (with or without /len) is in NET
	"$PY" -c "import ipaddress,sys; sys.exit(not ipaddress.ip_address('${1%/*}') in ipaddress.ip_network('$2'))"
}

# a.
sub v6a1
g=$(ip6_slaac lgtun0)
echo "# v6a1 SLAAC: ${g:-none}"
e2e_check "a. v6a1's SLAAC address is in its Framed-IPv6-Prefix 2001:db8:300:7::/64" in_net "$g" 2001:db8:300:7::/64
ip netns exec "$SUB" rdisc6 -1 -w 3000 lgtun0 >"$E2E_DIR/rdisc6-a.txt" 2>&1
e2e_check "a. lnsd's RA carries its DNS-Server-IPv6-Address, not ipv6.dns" \
	sh -c "grep -q 'Recursive DNS server *: 2001:db8:53::99' '$E2E_DIR/rdisc6-a.txt' &&
	       ! grep -q '2001:db8:53::53' '$E2E_DIR/rdisc6-a.txt'"
ip6_dhcp6c_start lgtun0 la
h=$(ip6_dhcp6c_addr la)
echo "# v6a1 delegated: $(ip6_pd_granted), dhcp6c's LAN address ${h:-none}"
r=$([ "$(ip6_pd_granted)" = 2001:db8:400:1200:: ] && in_net "$h" 2001:db8:400:1200::/56 && echo yes)
e2e_check "a. dhcp6c was delegated its Delegated-IPv6-Prefix 2001:db8:400:1200::/56" test "$r" = yes
sub_end la

# b.
for _ in $(seq 50); do
	grep -q "Delegated-IPv6-Prefix" "$(rad_detail r1)" 2>/dev/null && break
	sleep 0.1
done
awk '/Acct-Status-Type = Stop/,/^$/' "$(rad_detail r1)" >"$E2E_DIR/stop.txt"
sed 's/^/# Stop: /' "$E2E_DIR/stop.txt" | grep -i "ipv6\|User-Name\|Status" | head
e2e_check "b. v6a1's accounting Stop has Framed-IPv6-Prefix and Delegated-IPv6-Prefix" \
	sh -c "grep -q 'Framed-IPv6-Prefix = 2001:db8:300:7::/64' '$E2E_DIR/stop.txt' &&
	       grep -q 'Delegated-IPv6-Prefix = 2001:db8:400:1200::/56' '$E2E_DIR/stop.txt'"

# c.
sub v6b1
g=$(ip6_slaac lgtun0)
ip6_dhcp6c_start lgtun0 lb
h=$(ip6_dhcp6c_addr lb)
pd=$(ip6_pd_granted)
echo "# v6b1 SLAAC ${g:-none}, delegated ${pd:-none}, LAN ${h:-none}"
e2e_check "c. Framed-IPv6-Pool other64: v6b1's /64 from 2001:db8:500::/48" in_net "$g" 2001:db8:500::/48
e2e_check "c. Delegated-IPv6-Prefix-Pool pdalt: a /60 of 2001:db8:600::/40" \
	sh -c "grep -q 'event=pd-granted user=\"v6b1\" prefix=$pd/60' '$E2E_DIR/lnsd.log'"
sub_end lb

# d.
sub v6c1
g=$(ip6_slaac lgtun0)
echo "# v6c1 SLAAC ${g:-none}"
r=$(in_net "$g" 2001:db8:200::/48 && e2e_json_is stats "d['ctl_ipv6_aaa_pool_unknown']" 1 && echo yes)
e2e_check "d. unknown Framed-IPv6-Pool: the default pool's /64, counted" test "$r" = yes
sub_end lc

# e.
sub v6d1
g=$(ip6_slaac lgtun0)
ll=$(sed -n 's/^lacgen: tun lgtun0 link-local \([0-9a-f:]*\)\/64$/\1/p' "$E2E_DIR/v6d1.log")
echo "# v6d1 link-local ${ll:-none}, SLAAC ${g:-none}"
iid() { "$PY" -c "import ipaddress; print(hex(int(ipaddress.ip_address('${1%/*}')) & (2**64 - 1)))"; }
e2e_check "e. Framed-Interface-Id: link-local fe80::200:0:0:42, SLAAC ...:200:0:0:42" \
	test "$ll $(iid "$g")" = "fe80::200:0:0:42 0x200000000000042"
ip6_dhcp6c_start lgtun0 ld na
ip6_dhcp6c_addr ld >/dev/null
for _ in $(seq 50); do
	ip -n "$SUB" -6 -o addr show dev lgtun0 | grep -q 2001:db8:800::42 && break
	sleep 0.1
done
id=$(e2e_lnsctl --json show sessions user v6d1 | e2e_jexpr "d['id']")
na=$(e2e_lnsctl --json show session "$id" | e2e_jexpr "d['ppp']['ipv6']['address']")
e2e_check "e. Framed-IPv6-Address: dhcp6c's IA_NA got 2001:db8:800::42, lnsd routes it" \
	sh -c "[ '$na' = 2001:db8:800::42 ] && ip -n '$SUB' -6 -o addr show dev lgtun0 | grep -q 2001:db8:800::42"
ip -n "$SUB" -6 addr add 2001:db8:700::1/128 dev lgtun0 nodad
ip -n "$SUB" -6 route add 2001:db8:c0::/64 dev lgtun0 2>/dev/null
# (no IPv6 gateway on the core side here: past anti-spoofing, a packet is
# dropped as core_nexthop6_unresolved)
sp() { e2e_json stats "(d['drop_spoofed_inner'], d['drop_core_nexthop6_unresolved'])"; }
s1=$(sp)
ip netns exec "$SUB" ping -6 -c 2 -i 0.2 -W 1 -I 2001:db8:700::1 2001:db8:c0::2 >/dev/null 2>&1
s2=$(sp)
e2e_check "e. Framed-IPv6-Route 2001:db8:700::/48: a source in it passes anti-spoofing ($s1 -> $s2)" \
	"$PY" -c "import sys; a=$s1; b=$s2; sys.exit(not (b[0] == a[0] and b[1] - a[1] >= 2))"
sub_end ld
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
