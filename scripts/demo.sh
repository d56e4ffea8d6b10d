#!/usr/bin/env bash
# make demo: lnsd on virtual ports, no NIC needed.
#   [access ns: host + emulated LAC] --veth-- [lnsd ns: access | core] --veth-- [core host ns]
# Shows the hosts pinging lnsd's addresses and lnsd resolving its gateway
# by ARP, then an emulated LAC (lns-lacgen) opening 4 authenticated L2TP
# tunnels with 100 PPP subscribers each (CHAP, addresses from a pool),
# lnsd's tunnel/session/PPP read-outs, the teardown; then real Linux IP
# stacks as subscribers, authenticated by FreeRADIUS (realm isp.example;
# lacgen attaches PPP sessions to TUN devices): ping and iperf3 TCP both
# ways through lnsd's workers, the fast-path and per-session counters,
# lnsctl finding a RADIUS subscriber and its live counters, its speed plan
# (a qos profile named by Filter-Id: shaped down, policed up), the Prometheus
# endpoint, a reload, IPv6 (the subscribers' kernels form SLAAC addresses
# from lnsd's Router Advertisements, a DHCPv6 client is delegated a /56),
# the Access-Request and accounting records FreeRADIUS received, and lnsd
# stopping (Accounting-Off).
set -u
E2E_BIN=$(cd "${1:-build}" && pwd)
. "$(dirname "$0")/../tests/e2e/lib.sh"
e2e_require_root

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

e2e_access_topology 198.51.100.2/24
e2e_core_topology	# the core host routes the subscribers via lnsd
# ... and over IPv6 (the subscribers' /64s and delegated prefixes)
e2e_core_ipv6 2001:db8:c0::2/64
for p in 2001:db8:200::/48 2001:db8:100::/40; do
	ip -n "$CORE" -6 route add "$p" via 2001:db8:c0::1
done

for i in $(seq 400); do echo "user$i demo-password"; done >"$E2E_DIR/users"

# FreeRADIUS (Debian's 3.2) for the realm isp.example, in lnsd's namespace.
. "$E2E_ROOT/tests/interop/radius_lib.sh"
. "$E2E_ROOT/tests/e2e/ipv6_lib.sh"
RAD_NETNS=$LNS
read -r RAD_AUTH RAD_ACCT < <(rad_ports 2 | tr '\n' ' ')
rad_user "sub1@isp.example" demo-password 'Class = "plan-gold"' 'Acct-Interim-Interval = 60' 'Filter-Id = "plan-20"'
rad_user "sub2@isp.example" demo-password 'Class = "plan-silver"'
say "FreeRADIUS on 127.0.0.1:$RAD_AUTH/$RAD_ACCT (lnsd's namespace), users sub1@isp.example, sub2@isp.example"
rad_start demo "$RAD_AUTH" "$RAD_ACCT" || exit 1
echo "FreeRADIUS answered a Status-Server after ${RAD_START_MS[demo]} ms"

sed -e "s/@ACC@/a$E2E_ID/; s/@CORE@/c$E2E_ID/; s|@USERS@|$E2E_DIR/users|" \
	-e "s/@RAD_AUTH@/$RAD_AUTH/; s/@RAD_ACCT@/$RAD_ACCT/; s/@RAD_SECRET@/$RAD_SECRET/" \
	-e "s|@SPOOL@|$E2E_DIR/acct-spool|" \
	"$E2E_ROOT/config/lnsd-demo.yaml.in" >"$E2E_DIR/lnsd.yaml"

say "configuration ($E2E_DIR/lnsd.yaml)"
cat "$E2E_DIR/lnsd.yaml"
"$E2E_BIN/lnsd" --config "$E2E_DIR/lnsd.yaml" --check || exit 1

say "starting lnsd in namespace $LNS (access a$E2E_ID, core c$E2E_ID)"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
grep -E "event=(up|running)" "$E2E_DIR/lnsd.log"

say "access host (LAC side, 198.51.100.2) pings lnsd's access address 198.51.100.1"
ip netns exec "$ACC" ping -c 3 -i 0.2 198.51.100.1
say "core host (203.0.113.2, lnsd's gateway) pings lnsd's core address 203.0.113.1"
ip netns exec "$CORE" ping -c 3 -i 0.2 203.0.113.1

say "lnsctl ports"
e2e_lnsctl ports
say "lnsctl neighbors (the gateway was resolved by lnsd, the access host learnt)"
e2e_lnsctl neighbors
say "emulated LAC 198.51.100.3: 4 tunnels x 100 PPP subscribers (CHAP) -> lnsd"
e2e_lacgen -b lacgen.out \
	--lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 --secret demo-tunnel-secret \
	--tunnels 4 --sessions 100 --ppp --auth chap --password demo-password \
	--hold 4 --teardown --timeout 60
e2e_wait 300 e2e_json_is ppp "d['sessions_up']" 400
say "lnsctl l2tp (tunnels and sessions by state)"
e2e_lnsctl l2tp
say "lnsctl ppp (PPP sessions by phase)"
e2e_lnsctl ppp
say "lnsctl tunnels"
e2e_lnsctl tunnels
say "lnsctl stats (non-zero counters)"
e2e_lnsctl stats
wait "$LACGEN_PID"
say "lacgen summary (after its teardown)"
cat "$E2E_DIR/lacgen.out"
say "lnsd after the teardown"
e2e_lnsctl l2tp | grep -E "^(tunnels|sessions|tunnels_closing) "
echo "(closing tunnels are kept one retransmission cycle, RFC 2661 §5.7)"

say "subscribers with real Linux IP stacks, authenticated by FreeRADIUS: lacgen attaches sub1@isp.example and sub2@isp.example to TUN devices"
SUB=$E2E_PREFIX-s
e2e_netns "$SUB"
e2e_iperf3_server
e2e_lacgen -b lacgen-tun.out \
	--lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 --secret demo-tunnel-secret \
	--tunnels 1 --sessions 2 --ppp --auth chap --password demo-password \
	--user-prefix sub --user-suffix @isp.example --ipv6 \
	--tun 2 --tun-netns "$SUB" --hold 60 --teardown --timeout 90
e2e_lacgen_hold lacgen-tun.out
grep '^lacgen: tun ' "$E2E_DIR/lacgen-tun.log"
ip -n "$SUB" -br addr show | grep lgtun
if [ "${#ADDR[@]}" -ge 2 ]; then
	sleep 0.2	# the first packet can race the final IPCP Configure-Ack
	# sub1 has a speed plan (below); sub2 none: line rate.
	SUB1_IP=$(e2e_lnsctl --json show sessions user sub1@isp.example | head -1 | e2e_jexpr "d['ip']")
	SUB2_IP=${ADDR[0]}
	[ "$SUB2_IP" != "$SUB1_IP" ] || SUB2_IP=${ADDR[1]}
	say "the core host pings subscriber $SUB2_IP (through L2TP/PPP, TTL decremented by lnsd)"
	ip netns exec "$CORE" ping -c 3 -i 0.2 "$SUB2_IP"
	say "iperf3 TCP, subscriber $SUB2_IP -> core host (upstream: decapsulated by a worker)"
	iperf() {	# one retry: the one-client iperf3 server may still be closing
		ip netns exec "$SUB" iperf3 -c 203.0.113.2 -t 3 -f m "$@" >"$E2E_DIR/iperf.out" 2>&1 ||
			{ sleep 1; ip netns exec "$SUB" iperf3 -c 203.0.113.2 -t 3 -f m "$@" >"$E2E_DIR/iperf.out" 2>&1; }
		grep -E "sender|receiver|error" "$E2E_DIR/iperf.out"
	}
	iperf -B "$SUB2_IP"
	say "iperf3 TCP, core host -> subscriber $SUB2_IP (downstream: FIB + encapsulation)"
	sleep 0.5
	iperf -B "$SUB2_IP" -R
	say "lnsctl stats: what the workers forwarded (MSS clamped on the SYNs both ways)"
	e2e_lnsctl stats | grep -E "^(rx_packets|tx_packets|forwarded_[a-z_]*|mss_clamped|drop_[a-z_]*) "
	say "lnsctl show summary (over lnsd's control socket)"
	e2e_lnsctl show summary
	say "lnsctl finds the RADIUS subscribers: show sessions user 'sub*@isp.example'"
	e2e_lnsctl show sessions user 'sub*@isp.example'
	ID=$(e2e_lnsctl --json show sessions user sub1@isp.example | head -1 | e2e_jexpr "d['id']")
	say "lnsctl show session $ID: live counters both ways, LCP/IPCP, the LAC's AVPs, RADIUS attributes"
	e2e_lnsctl show session "$ID"
	say "sub1's speed plan: its Access-Accept's Filter-Id \"plan-20\" names a qos profile (20 Mbit/s down, 5 up)"
	e2e_lnsctl --json show session "$ID" | e2e_jexpr "{k: v for k, v in d['ppp']['qos'].items() if k != 'counters'}"
	say "iperf3 TCP, core host -> sub1 ($SUB1_IP): shaped to 20 Mbit/s by the worker"
	sleep 0.5
	iperf -B "$SUB1_IP" -R
	say "iperf3 TCP, sub1 -> core host: policed to 5 Mbit/s"
	sleep 0.5
	iperf -B "$SUB1_IP"
	say "sub1's policer and shaper counters (lnsctl show session $ID)"
	e2e_lnsctl --json show session "$ID" | e2e_jexpr "d['ppp']['qos']['counters']"
	say "lnsctl show qos (profiles and the sessions on each)"
	e2e_lnsctl show qos
	say "Prometheus metrics (curl http://127.0.0.1:9101/metrics in lnsd's namespace), a few lines"
	ip netns exec "$LNS" curl -s http://127.0.0.1:9101/metrics |
		grep -E '^lnsd_(l2tp_tunnels|ppp_sessions|pool_addresses|radius_up|port_rx_packets_total)' | grep -v ' 0$' | head -14
	say "lnsctl reload (what SIGHUP does): the unchanged file"
	e2e_lnsctl reload
	say "IPv6: the subscribers' kernels formed SLAAC addresses from lnsd's Router Advertisements (a /64 each from pool wan64)"
	for d in "${DEV[@]}"; do ip6_slaac "$d" >/dev/null; done
	ip -n "$SUB" -6 -br addr show scope global | grep lgtun
	say "rdisc6 on ${DEV[0]}: lnsd's RA (prefix, RDNSS, flags)"
	ip netns exec "$SUB" rdisc6 -1 -w 3000 "${DEV[0]}" | grep -E "Prefix|Recursive|Stateful|lifetime|from"
	say "DHCPv6 prefix delegation: dhcp6c on ${DEV[0]} gets a /56 from pool lan56 and numbers its LAN from it"
	ip6_dhcp6c_start "${DEV[0]}" lan
	ip6_dhcp6c_addr lan >/dev/null
	ip -n "$SUB" -6 -br addr show dev lan0 scope global
	D2=${DEV[0]}	# sub2's device (no speed plan)
	[ "${ADDR[0]}" = "$SUB2_IP" ] || D2=${DEV[1]}
	S6=$(ip6_slaac "$D2")
	# Both subscribers' kernels took a default route from lnsd's RAs, one
	# per device: the core host by sub2's own device (lacgen sets up no
	# IPv6 policy routing, docs/lacgen.md).
	ip -n "$SUB" -6 route add 2001:db8:c0::2/128 dev "$D2"
	say "ping -6 and iperf3 over IPv6: sub2's ${S6%/64} -> the core host 2001:db8:c0::2 through lnsd (its gateway found by neighbour discovery)"
	ip netns exec "$SUB" ping -6 -c 3 -i 0.2 -I "${S6%/64}" 2001:db8:c0::2
	ip netns exec "$CORE" iperf3 -s -B 2001:db8:c0::2 -1 -D >/dev/null 2>&1; sleep 0.5
	ip netns exec "$SUB" iperf3 -6 -c 2001:db8:c0::2 -B "${S6%/64}" -t 3 -f m 2>&1 | grep -E "sender|receiver|error"
	e2e_lnsctl show neighbors
	ID0=$(e2e_lnsctl --json show sessions ip "${ADDR[0]}" | head -1 | e2e_jexpr "d['id']")
	say "lnsctl show session $ID0: its IPv6"
	e2e_lnsctl --json show session "$ID0" | e2e_jexpr "d['ppp']['ipv6']"
	kill "$DHCP6C_PID" 2>/dev/null
else
	echo "(lacgen did not attach TUN devices: $(tail -3 "$E2E_DIR/lacgen-tun.log"))"
fi
kill -USR1 "$LACGEN_PID" 2>/dev/null; wait "$LACGEN_PID"
say "per-session accounting (logged by lnsd when each session ended)"
grep -E "event=accounting .*ip=(${ADDR[0]:-none}|${ADDR[1]:-none}) " "$E2E_DIR/lnsd.log" | sed 's/.*event=accounting/event=accounting/'
say "what FreeRADIUS received: sub1's Access-Request (CHAP, NAS and RFC 2868 tunnel attributes)"
awk '/^[A-Z][a-z][a-z] /{if (r ~ /sub1@isp/) {print r; exit}; r=""} {r = r $0 "\n"}' "$(rad_auth_detail demo)"
say "... and the accounting records (Start, Stop with the counters and Class)"
e2e_wait 50 sh -c "grep -c 'Acct-Status-Type = Stop' '$(rad_detail demo)' | grep -q 2"
grep -E "Acct-Status-Type|User-Name|Acct-Session-Id|Acct-(In|Out)put-(Octets|Packets)|Acct-Terminate-Cause|Class|Framed-IP-Address" "$(rad_detail demo)"
say "lnsctl dataplane (session tables)"
e2e_lnsctl dataplane

say "stopping lnsd (SIGTERM)"
kill -TERM "$LNSD_PID"; wait "$LNSD_PID"; echo "lnsd exited with status $?"
grep -E "event=(stopping|down)" "$E2E_DIR/lnsd.log"
say "FreeRADIUS got Accounting-On at lnsd's start and Accounting-Off at its stop"
grep -E "Acct-Status-Type = Accounting-(On|Off)" "$(rad_detail demo)"
