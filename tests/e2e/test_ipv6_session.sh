#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# IPv6 for a subscriber behind a real Linux stack (docs/ipv6.md): lacgen
# --ipv6 attaches a session to a TUN device (link-local from IPv6CP), and
#  a. the kernel solicits, lnsd's Router Advertisement gives it a SLAAC
#     address in the session's /64 from aaa.default_pool6 (rdisc6 shows
#     the prefix, the RDNSS server and the flags lnsd sends);
#  b. a DHCPv6 client (WIDE dhcp6c) gets a /56 delegated by lnsd's DHCPv6
#     server from aaa.default_pd_pool, lnsd routes it to the session, and
#     the client numbers its LAN interface from it;
#  c. with an IPv6 core host (lnsd's core port 2001:db8:c0::1/64, its
#     gateway 2001:db8:c0::2 resolved by neighbour discovery): ping -6
#     both ways from/to the SLAAC address and from a host address in the
#     delegated prefix, iperf3 TCP over IPv6 both ways through lnsd's
#     workers, a source from elsewhere dropped as spoofed and counted,
#     and a downstream packet over the session's MRU (1400, lacgen --mru)
#     answered with an ICMPv6 Packet Too Big (mtu 1400) from lnsd;
#  d. the client releases the prefix: lnsd withdraws the route;
#  e. the session ends: both prefixes are back in their pools;
#  f. a local user with prefix6= and pd= in the users file gets those.
# (ipv6.ra.interval 4 s: the periodic RAs are seen within the test.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ipv6_lib.sh"
e2e_require_root
e2e_require_lacgen
for t in dhcp6c rdisc6 ping iperf3; do
	command -v $t >/dev/null || e2e_bail "$t not installed (scripts/deps.sh)"
done

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
e2e_core_ipv6 2001:db8:c0::2/64
for p in 2001:db8:200::/48 2001:db8:100::/40 2001:db8:300::/48 2001:db8:400::/40; do
	ip -n "$CORE" -6 route add "$p" via 2001:db8:c0::1
done
{ echo "user1 pw"
  echo "st1 pw prefix6=2001:db8:300:7::/64 pd=2001:db8:400:1200::/56"; } >"$E2E_DIR/users"
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
    address6: 2001:db8:c0::1/64
    gateway6: 2001:db8:c0::2
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  pools6:
    - { name: lan64, prefix: "2001:db8:200::/48", length: 64 }
    - { name: pd56, prefix: "2001:db8:100::/40", length: 56 }
  default_pool6: lan64
  default_pd_pool: pd56
  users_file: $E2E_DIR/users
ipv6:
  dns: ["2001:db8:53::53"]
  ra:
    interval: 4
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

e2e_lacgen -b sub.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --password pw --json --auth chap --ipv6 --tun 1 --tun-netns "$SUB" \
	--mru 1400 --hold 120 --teardown --timeout 150
e2e_lacgen_hold sub.json
e2e_check "the TUN subscriber is attached" test "${DEV[0]:-}" = lgtun0
sub6() { ip netns exec "$SUB" "$@"; }

# a. SLAAC from lnsd's RA.
g=$(ip6_slaac lgtun0)
echo "# SLAAC address: ${g:-none}"
e2e_check "a. the kernel formed a SLAAC address in 2001:db8:200::/48 (the session's /64)" \
	sh -c "echo '$g' | grep -q '^2001:db8:200:[0-9a-f]*:.*/64$'"
sub6 rdisc6 -1 -w 3000 lgtun0 >"$E2E_DIR/rdisc6.txt" 2>&1
sed 's/^/# rdisc6: /' "$E2E_DIR/rdisc6.txt" | head -20
e2e_check "a. rdisc6: lnsd's RA has the /64, RDNSS 2001:db8:53::53, M off, O on" \
	sh -c "grep -q 'Prefix *: 2001:db8:200:[0-9a-f:]*/64' '$E2E_DIR/rdisc6.txt' &&
	       grep -q 'Recursive DNS server *: 2001:db8:53::53' '$E2E_DIR/rdisc6.txt' &&
	       grep -q 'Stateful address conf.* *: *No' '$E2E_DIR/rdisc6.txt' &&
	       grep -q 'Stateful other conf.* *: *Yes' '$E2E_DIR/rdisc6.txt'"
e2e_check "a. lnsd counted the solicitations and its RAs" \
	test "$(e2e_json stats "(d['ctl_ipv6_rs_rx'] > 0, d['ctl_ipv6_ra_tx'] > 0)")" = "(True, True)"

# b. DHCPv6 prefix delegation to WIDE dhcp6c (ipv6_lib.sh), which
#    numbers its "LAN" lan0 from the prefix.
ip6_dhcp6c_start lgtun0 lan
h=$(ip6_dhcp6c_addr lan)
pd=$(ip6_pd_granted)
echo "# delegated prefix: ${pd:-none}/56, dhcp6c's host address in it: ${h:-none}"
e2e_check "b. lnsd delegated a /56 of 2001:db8:100::/40 (its log)" \
	sh -c "echo '$pd' | grep -q '^2001:db8:1[0-9a-f]*:'"
e2e_check "b. dhcp6c took it: lan0 has an address of sla-id 1 in it" \
	"$PY" -c "import ipaddress,sys; sys.exit(not ipaddress.ip_address('${h%/*}') in ipaddress.ip_network('$pd/56'))"
e2e_check "b. DHCPv6: every client message answered, nothing dropped" \
	test "$(e2e_json stats "(d['ctl_dhcp6_rx'] >= 2, d['ctl_dhcp6_tx'] == d['ctl_dhcp6_rx'], d['ctl_dhcp6_dropped'])")" = "(True, True, 0)"

id=$(e2e_lnsctl --json show sessions user user1 | e2e_jexpr "d['id']")
e2e_lnsctl --json show session "$id" >"$E2E_DIR/session.json"
echo "# show session $id, ipv6: $(e2e_jexpr "d['ppp']['ipv6']" <"$E2E_DIR/session.json")"
e2e_check "b. lnsctl show session: IPv6CP Opened, the /64 and the delegated /56" \
	test "$(e2e_jexpr "(lambda v: (v['ipv6cp_state'], v['prefix'], v['delegated']))(d['ppp']['ipv6'])" <"$E2E_DIR/session.json")" = "('Opened', '${g%%:0:*}::/64', '$pd/56')"

# Unsolicited RAs keep coming every ipv6.ra.interval (4 s here).
unsol() { e2e_json stats "d['ctl_ipv6_ra_tx'] - d['ctl_ipv6_rs_rx']"; }
u1=$(unsol); sleep 4.5; u2=$(unsol)
e2e_check "b. unsolicited RAs every ra.interval: $u1 then $u2 after 4.5 s" test "$u2" -gt "$u1"

# c. Through lnsd to the IPv6 core host and back.
slaac=${g%/64}
lanh=${h%/*}
core6() { ip netns exec "$CORE" "$@"; }
e2e_check "c. ping -6 subscriber (SLAAC $slaac) -> core host 2001:db8:c0::2" \
	sub6 ping -6 -c 3 -i 0.2 -W 2 -I "$slaac" 2001:db8:c0::2
e2e_check "c. ping -6 from a host address in the delegated prefix ($lanh) -> core host" \
	sub6 ping -6 -c 3 -i 0.2 -W 2 -I "$lanh" 2001:db8:c0::2
e2e_check "c. ping -6 core host -> the subscriber's SLAAC address and its LAN address" \
	sh -c "ip netns exec '$CORE' ping -6 -c 3 -i 0.2 -W 2 '$slaac' >/dev/null &&
	       ip netns exec '$CORE' ping -6 -c 3 -i 0.2 -W 2 '$lanh' >/dev/null"
core6 iperf3 -s -B 2001:db8:c0::2 -D -I "$E2E_DIR/iperf6.pid" >/dev/null 2>&1
e2e_wait 20 test -s "$E2E_DIR/iperf6.pid"
E2E_PIDS+=("$(cat "$E2E_DIR/iperf6.pid" 2>/dev/null)")
ip6perf() {	# ARGS: one iperf3 -6 run from the subscriber; Mbit/s or nothing
	local i
	for i in 1 2; do
		sub6 iperf3 -6 -c 2001:db8:c0::2 -B "$slaac" -t 2 -J "$@" \
			>"$E2E_DIR/iperf6.json" 2>&1 && break
		sleep 1
	done
	e2e_jexpr "round(d['end']['sum_received']['bits_per_second'] / 1e6, 1) if d['end']['sum_received']['bytes'] > 0 else ''" \
		<"$E2E_DIR/iperf6.json" 2>/dev/null
}
up=$(ip6perf)
down=$(ip6perf -R)
echo "# iperf3 TCP over IPv6: up ${up:-failed} Mbit/s, down ${down:-failed} Mbit/s"
e2e_check "c. iperf3 -6 TCP both ways through lnsd's workers (up $up, down $down Mbit/s)" \
	test -n "$up" -a -n "$down"
e2e_check "c. lnsd's session counted IPv6 both ways (iperf3, pings)" \
	test "$(e2e_lnsctl --json show session "$id" | e2e_jexpr "(d['ppp']['counters']['up_packets'] > 100, d['ppp']['counters']['down_packets'] > 100)")" = "(True, True)"
sub6 ip -6 addr add 2001:db8:dead::1/128 dev lgtun0 nodad
sp() { e2e_json stats "d['drop_spoofed_inner']"; }
s1=$(sp)
sub6 ping -6 -c 3 -i 0.2 -W 1 -I 2001:db8:dead::1 2001:db8:c0::2 >/dev/null 2>&1
s2=$(sp)
e2e_check "c. a source outside the session's prefixes: 3 dropped as spoofed ($s1 -> $s2)" \
	test "$((s2 - s1))" -ge 3
# (iperf3's segments above already taught the core host the path MTU:
# forget it, and do not let ping fragment)
core6 ip -6 route flush cache
core6 ping -6 -c 2 -i 0.3 -W 2 -M do -s 1420 "$slaac" >"$E2E_DIR/ptb.txt" 2>&1
sed 's/^/# ptb: /' "$E2E_DIR/ptb.txt" | head -4
e2e_check "c. a 1468-octet packet to the subscriber (MRU 1400): Packet Too Big, mtu=1400, from lnsd" \
	grep -q "From 2001:db8:c0::1.*[Pp]acket too big: mtu=1400" "$E2E_DIR/ptb.txt"

# d. RELEASE: the route goes.
kill "$DHCP6C_PID"
for _ in $(seq 50); do
	grep -qs "event=pd-withdrawn.*prefix=$pd/56" "$E2E_DIR/lnsd.log" && break
	sleep 0.1
done
e2e_check "d. dhcp6c stopped (RELEASE): lnsd withdrew the delegated prefix" \
	grep -q "event=pd-withdrawn.*prefix=$pd/56" "$E2E_DIR/lnsd.log"

# e. The end of the session gives the prefixes back.
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
wait "$LACGEN_PID"
for _ in $(seq 50); do grep -q 'event=accounting user="user1"' "$E2E_DIR/lnsd.log" && break; sleep 0.1; done
e2e_check "e. lnsd's accounting line has the session's /64 and its delegated prefix" \
	grep -q "event=accounting user=\"user1\".* prefix6=${g%%:0:*}::/64 pd=$pd/56" "$E2E_DIR/lnsd.log"
e2e_check "e. IPv6 state made once and given back once" \
	test "$(e2e_json stats "(d['ctl_ipv6_session_up'], d['ctl_ipv6_session_down'])")" = "(1, 1)"
# f. A local user's static prefixes (users file prefix6= and pd=).
e2e_lacgen -b st.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --user-prefix st --password pw --json --auth chap --ipv6 --tun 1 \
	--tun-netns "$SUB" --hold 60 --teardown --timeout 90
e2e_lacgen_hold st.json
g=$(ip6_slaac lgtun0)
ip6_dhcp6c_start lgtun0 st
h=$(ip6_dhcp6c_addr st)
echo "# st1: SLAAC ${g:-none}, delegated $(ip6_pd_granted), LAN ${h:-none}"
e2e_check "f. st1's SLAAC address is in its prefix6 2001:db8:300:7::/64" \
	sh -c "echo '$g' | grep -q '^2001:db8:300:7:.*/64$'"
e2e_check "f. dhcp6c was delegated st1's pd 2001:db8:400:1200::/56" \
	sh -c "[ '$(ip6_pd_granted)' = 2001:db8:400:1200:: ] && echo '$h' | grep -q '^2001:db8:400:1201:'"
kill "$DHCP6C_PID"
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
wait "$LACGEN_PID"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
