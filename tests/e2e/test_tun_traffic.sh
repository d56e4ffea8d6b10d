#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Real Linux IP stacks as PPP subscribers: lns-lacgen (2 tunnels x 4
# sessions, CHAP) attaches 4 of the sessions to TUN devices in a
# subscriber namespace ($SUB, policy routing per source address) and a
# Linux host on the core side (203.0.113.2) routes the pool via lnsd.
# lacgen asks for an MRU of 1400 (lnsd's own MRU stays 1452, the TUN MTU).
#  a. ping both ways for every TUN subscriber;
#  b. iperf3 TCP subscriber->core and core->subscriber;
#  c. lnsd's accounting lines against what was sent (exact for a
#     ping-only subscriber, lacgen's per-TUN counters for the iperf3 ones);
#  d. MSS clamping (dataplane.mss_clamp 1340, below the derived 1360) of
#     the SYN and the SYN-ACK;
#  e. a DF packet over the session MRU gets ICMP frag needed, mtu 1400;
#  f. without DF it is fragmented by lnsd and answered.
# Roles: tun0 ping only (exact accounting), tun1 iperf3 up + the MSS
# capture, tun2 iperf3 down, tun3 the oversized pings.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen
for t in iperf3 tshark ping; do
	command -v $t >/dev/null || e2e_bail "$t not installed"
done

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns

for i in $(seq 8); do echo "user$i pw"; done >"$E2E_DIR/users"
# dataplane.mss_clamp: see docs/configuration.md.
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
dataplane:
  mss_clamp: 1340
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# The core host's iperf3 server, for every TCP test.
e2e_iperf3_server

e2e_lacgen -b lacgen.json --lns-ip 198.51.100.1 \
	--local-ip 198.51.100.2/24 --ppp --auth chap --password pw \
	--tunnels 2 --sessions 4 --tun 4 --tun-netns "$SUB" --mru 1400 \
	--hold 120 --teardown --timeout 150 --json
# The TUN subscribers' addresses (ADDR) and devices (DEV).
e2e_lacgen_hold lacgen.json
e2e_check "lacgen: 8 sessions up, 4 attached to TUN devices in the subscriber namespace" \
	test "${#ADDR[@]}:$(grep -c 'phase=hold' "$E2E_DIR/lacgen.log"):$(ip -n "$SUB" -o addr show | grep -c ' lgtun[0-3] .*/32')" = "4:1:4"
[ "${#ADDR[@]}" -eq 4 ] || e2e_bail "no TUN subscribers: $(tail -5 "$E2E_DIR/lacgen.log")"
echo "# TUN subscribers: ${ADDR[*]}"
e2e_check "TUN MTU is lnsd's MRU (1452), the session MRU lacgen asked is 1400" \
	test "$(ip -n "$SUB" -o link show lgtun0 | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')" = 1452
sub() { ip netns exec "$SUB" "$@"; }
core() { ip netns exec "$CORE" "$@"; }

# a. ping both ways; tun0 gets exactly 5 + 5 echo requests of 84 octets.
ok=0
for i in 0 1 2 3; do
	core ping -q -c 5 -i 0.1 -W 2 "${ADDR[$i]}" >"$E2E_DIR/ping-core-$i.log" 2>&1 &&
		grep -q ' 0% packet loss' "$E2E_DIR/ping-core-$i.log" || ok=1
	sub ping -q -c 5 -i 0.1 -W 2 -I "${ADDR[$i]}" 203.0.113.2 >"$E2E_DIR/ping-sub-$i.log" 2>&1 &&
		grep -q ' 0% packet loss' "$E2E_DIR/ping-sub-$i.log" || ok=1
done
e2e_ok $ok "a. ping core host <-> each of the 4 TUN subscribers, 0% loss"

# b. iperf3 TCP, 3 s each way (tun1 up, with the SYN captures; tun2 down).
tshark_start() {	# NS IFACE OUT: SYNs only, their MSS
	ip netns exec "$1" tshark -n -l -i "$2" -f 'tcp[tcpflags] & tcp-syn != 0' \
		-T fields -e ip.src -e tcp.flags.ack -e tcp.options.mss_val \
		>"$3" 2>"$3.err" &
	E2E_PIDS+=("$!")
	TSHARK_PIDS+=("$!")
	for _ in $(seq 100); do grep -q Capturing "$3.err" && return; sleep 0.1; done
}
TSHARK_PIDS=()
tshark_start "$CORE" "ch$E2E_ID" "$E2E_DIR/syn-core.txt"
tshark_start "$SUB" "${DEV[1]}" "$E2E_DIR/syn-sub.txt"
# "Capturing on" comes a moment before dumpcap really captures (seconds on
# a loaded machine): probe SYNs from tun1 (to the discard port: the core
# host resets them) until both captures have one. Each is a SYN like
# iperf3's, from the same address and route: it carries the MSS checked
# below.
syn_probe() {
	sub "$PY" -c "import socket; s=socket.socket(); s.bind(('${ADDR[1]}', 0)); s.settimeout(0.5)
try: s.connect(('203.0.113.2', 9))
except OSError: pass"
}
for _ in $(seq 40); do
	syn_probe
	grep -q "^${ADDR[1]}" "$E2E_DIR/syn-sub.txt" &&
		grep -q "^${ADDR[1]}" "$E2E_DIR/syn-core.txt" && break
	sleep 0.25
done
mbps() { e2e_jexpr "'%.0f' % (d['end']['sum_received']['bits_per_second']/1e6)" <"$1" 2>/dev/null; }
sub iperf3 -c 203.0.113.2 -B "${ADDR[1]}" -t 3 -J >"$E2E_DIR/iperf-up.json" 2>&1
UP=$(mbps "$E2E_DIR/iperf-up.json")
sub iperf3 -c 203.0.113.2 -B "${ADDR[2]}" -t 3 -R -J >"$E2E_DIR/iperf-down.json" 2>&1
DOWN=$(mbps "$E2E_DIR/iperf-down.json")
echo "# iperf3 TCP: subscriber->core ${UP:-?} Mbit/s, core->subscriber ${DOWN:-?} Mbit/s"
e2e_check "b. iperf3 subscriber->core: nonzero throughput" test "${UP:-0}" -gt 0
e2e_check "b. iperf3 core->subscriber (-R): nonzero throughput" test "${DOWN:-0}" -gt 0

# d. MSS: the subscriber (MTU 1452) sends 1412, the core host sees 1340;
# the core host answers 1460, the subscriber sees at most 1340.
sleep 0.5
kill "${TSHARK_PIDS[@]}" 2>/dev/null; wait "${TSHARK_PIDS[@]}" 2>/dev/null
mss() {	# FILE SRC ACK: MSS of the first such SYN
	awk -v s="$2" -v a="$3" '$1 == s && ($2 == a || ($2 == "True" && a == 1) || ($2 == "False" && a == 0)) { print $3; exit }' "$1"
}
echo "# SYN MSS: subscriber sent $(mss "$E2E_DIR/syn-sub.txt" "${ADDR[1]}" 0), core host got $(mss "$E2E_DIR/syn-core.txt" "${ADDR[1]}" 0); SYN-ACK: core host sent $(mss "$E2E_DIR/syn-core.txt" 203.0.113.2 1), subscriber got $(mss "$E2E_DIR/syn-sub.txt" 203.0.113.2 1)"
e2e_check "d. the subscriber's SYN left with MSS 1412 (MTU 1452)" \
	test "$(mss "$E2E_DIR/syn-sub.txt" "${ADDR[1]}" 0)" = 1412
e2e_check "d. ... and reached the core host clamped to 1340" \
	test "$(mss "$E2E_DIR/syn-core.txt" "${ADDR[1]}" 0)" = 1340
e2e_check "d. the core host's SYN-ACK (MSS 1460) reached the subscriber with MSS <= 1340" \
	test "$(mss "$E2E_DIR/syn-core.txt" 203.0.113.2 1):$(($(mss "$E2E_DIR/syn-sub.txt" 203.0.113.2 1) <= 1340))" = 1460:1

# f. before e. (whose ICMP makes the core host cache the path MTU): 1500
# octets without DF, fragmented by lnsd to the MRU 1400, answered.
core ping -c 2 -i 0.2 -W 2 -M dont -s 1472 "${ADDR[3]}" >"$E2E_DIR/ping-frag.log" 2>&1
e2e_check "f. 1500-octet ping without DF to a subscriber with MRU 1400: answered (lnsd fragments)" \
	grep -q ' 0% packet loss' "$E2E_DIR/ping-frag.log"
# e. the same with DF: ICMP destination unreachable, frag needed, mtu 1400.
core ping -c 2 -i 0.2 -W 2 -M do -s 1472 "${ADDR[3]}" >"$E2E_DIR/ping-df.log" 2>&1
sed -n 's/^/# ping -M do: /p' "$E2E_DIR/ping-df.log" | head -3
e2e_check "e. 1500-octet ping with DF: ICMP frag needed from lnsd with mtu = 1400" \
	grep -Eq 'Frag needed.*mtu = 1400' "$E2E_DIR/ping-df.log"

# c. counters, after the teardown: lacgen's summary, lnsd's accounting
# lines (see tun_counters.py for the relations that must hold).
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
wait "$LACGEN_PID"
e2e_check "lacgen exits 0 after the teardown (every session up, closed cleanly)" test $? -eq 0
for _ in $(seq 30); do
	[ "$(grep -c 'event=accounting' "$E2E_DIR/lnsd.log")" -ge 8 ] && break
	sleep 0.1
done
e2e_lnsctl --json stats >"$E2E_DIR/stats.json"
e2e_lnsctl --json raw /ethdev/stats,0 >"$E2E_DIR/ethdev0.json"
ip -n "$LNS" -j -s link show "a$E2E_ID" >"$E2E_DIR/veth-a.json"
ip -n "$ACC" -j -s link show "ah$E2E_ID" >"$E2E_DIR/veth-ah.json"
"$PY" "$E2E_ROOT/tests/e2e/tun_counters.py" "$E2E_DIR" "${ADDR[0]}" \
	"${ADDR[1]}" "${ADDR[2]}" >"$E2E_DIR/counters.txt" 2>&1
grep '^# ' "$E2E_DIR/counters.txt"
c() { grep -q "^ok $1\$" "$E2E_DIR/counters.txt"; }
e2e_check "c. ping-only subscriber: lnsd's accounting line and lacgen's TUN counters are 10/840 each way" c exact
e2e_check "c. iperf3 up: lacgen's sent == lnsd's up_pkts + losses before lnsd counted (drops, ring)" c up
e2e_check "c. iperf3 down: lnsd's down_pkts == lacgen's received + losses after lnsd counted (TX, ring)" c down
e2e_check "lnsd forwarded without no-session or no-route drops" \
	test "$(e2e_json stats "(d['drop_l2tp_data_no_session'], d['drop_no_route'])")" = "(0, 0)"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
