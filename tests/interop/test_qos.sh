#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Per-subscriber QoS with real TCP (docs/qos.md): two PPP subscribers on
# TUN devices (lns-lacgen, Linux IP stacks in $SUB), authenticated by
# FreeRADIUS, iperf3 against a Linux host on the core side.
#  a. q1 is rated by its Access-Accept's Filter-Id "p20" (a profile of 20
#     Mbit/s down, 5 up), q2 by a Mikrotik-Rate-Limit "100M/100M": lnsctl
#     shows both, with their sources;
#  b. iperf3 TCP down and up for q1 measure within 10 % of its rates,
#     while q2's own download, at the same time, gets its 100 Mbit/s;
#  c. a CoA-Request (radclient) with Filter-Id "p50" (50 down, 10 up)
#     moves q1 while its download runs: CoA-ACK, and iperf3 follows within
#     a second; then its upload measures 10 Mbit/s;
#  d. the drops are counted per session: q1's policer dropped and its
#     shaper delayed packets (lnsctl show session), q2's shaper too.
# The rates are iperf3's goodput (TCP payload) against the profile's rate
# of inner IP packets: with 1412-octet segments the headers are 3 %.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
e2e_require_root
e2e_require_lacgen
for t in freeradius radclient iperf3; do
	command -v $t >/dev/null || e2e_bail "$t not installed"
done

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
RAD_NETNS=$LNS
read -r AP CP DP < <(rad_ports 3 | tr '\n' ' ')
rad_user q1 pw 'Filter-Id = "p20"'
rad_user q2 pw 'Mikrotik-Rate-Limit = "100M/100M"'
rad_start r1 "$AP" "$CP" || e2e_bail "FreeRADIUS did not start"
DAE_SECRET=qos-dae-secret

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
qos:
  profiles:
    p20: { up: 5M, down: 20M }
    p50: { up: 10M, down: 50M }
    slow: { up: 1M, down: 1M }
  default_profile: slow
radius:
  servers:
    - { address: 127.0.0.1, auth_port: $AP, acct_port: $CP, secret: "$RAD_SECRET" }
  accounting:
    spool_dir: $E2E_DIR/spool
  dae:
    address: 127.0.0.1
    port: $DP
    clients:
      - { address: 127.0.0.1, secret: "$DAE_SECRET" }
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_iperf3_server
core() { ip netns exec "$CORE" "$@"; }
sub() { ip netns exec "$SUB" "$@"; }
# A second server for the concurrent download of q2.
core iperf3 -s -B 203.0.113.2 -p 5202 -D -I "$E2E_DIR/iperf3b.pid" \
	--logfile "$E2E_DIR/iperf3b.log"
e2e_wait 20 test -s "$E2E_DIR/iperf3b.pid"
E2E_PIDS+=("$(cat "$E2E_DIR/iperf3b.pid" 2>/dev/null)")

e2e_lacgen -b lacgen.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --password pw --user-prefix q --tunnels 1 \
	--sessions 2 --tun 2 --tun-netns "$SUB" --hold 120 --teardown \
	--timeout 150 --json
e2e_lacgen_hold lacgen.json
[ "${#ADDR[@]}" -eq 2 ] || e2e_bail "no TUN subscribers: $(tail -5 "$E2E_DIR/lacgen.log")"
ctl() { e2e_lnsctl "$@"; }
# sid USER: the session's TUNNEL/SESSION; ip USER: its address.
sid() { ctl --json show sessions user "$1" | e2e_jexpr "d['id']"; }
ipof() { ctl --json show sessions user "$1" | e2e_jexpr "d['ip']"; }
Q1=$(sid q1) Q2=$(sid q2) IP1=$(ipof q1) IP2=$(ipof q2)
echo "# q1: $Q1 $IP1, q2: $Q2 $IP2"
qos() { ctl --json show session "$1" | e2e_jexpr "(lambda q: $2)(d['ppp']['qos'])"; }

# a. the sources.
e2e_check "a. q1: profile p20 from the Filter-Id, 5M up, 20M down" \
	test "$(qos "$Q1" "(q['source'], q['profile'], q['up_bps'], q['down_bps'])")" = "('filter-id', 'p20', 5000000, 20000000)"
e2e_check "a. q2: the Mikrotik-Rate-Limit's 100M both ways" \
	test "$(qos "$Q2" "(q['source'], q['up_bps'], q['down_bps'])")" = "('radius', 100000000, 100000000)"

# iperf3 JSON: the receiver's rate over the whole run (Mbit/s), or over
# the intervals that started in [FROM, TO) seconds.
rate() { e2e_jexpr "'%.1f' % (d['end']['sum_received']['bits_per_second'] / 1e6)" <"$E2E_DIR/$1"; }
rate_in() {
	e2e_jexpr "'%.1f' % (lambda v: sum(v) / len(v) / 1e6)([i['sum']['bits_per_second'] for i in d['intervals'] if $2 <= i['sum']['start'] < $3])" <"$E2E_DIR/$1"
}
# within X LO HI: LO <= X <= HI (decimals).
within() { "$PY" -c "import sys; sys.exit(not $2 <= $1 <= $3)"; }

# b. q1 down and up, q2 down at the same time as q1's download.
sub iperf3 -c 203.0.113.2 -p 5202 -B "$IP2" -t 5 -R -J >"$E2E_DIR/q2-down.json" 2>&1 &
Q2_PID=$!
sub iperf3 -c 203.0.113.2 -B "$IP1" -t 5 -R -J >"$E2E_DIR/q1-down.json" 2>&1
wait "$Q2_PID"
sub iperf3 -c 203.0.113.2 -B "$IP1" -t 5 -J >"$E2E_DIR/q1-up.json" 2>&1
D1=$(rate q1-down.json) U1=$(rate q1-up.json) D2=$(rate q2-down.json)
echo "# iperf3 TCP: q1 down $D1 Mbit/s (p20: 20), up $U1 (5); q2 down $D2 at the same time (100)"
e2e_check "b. q1's download within 10 % of 20 Mbit/s ($D1)" within "$D1" 18 22
e2e_check "b. q1's upload within 10 % of 5 Mbit/s ($U1)" within "$U1" 4.5 5.5
e2e_check "b. q2's download meanwhile within 10 % of 100 Mbit/s ($D2)" within "$D2" 90 110

# c. a CoA while q1 downloads: 2 s at p20, then p50.
sub iperf3 -c 203.0.113.2 -B "$IP1" -t 6 -i 0.5 -R -J >"$E2E_DIR/q1-coa.json" 2>&1 &
COA_PID=$!
sleep 2.2
{
	echo "Message-Authenticator = 0x00"
	echo "Event-Timestamp = $(date +%s)"
	echo 'User-Name = "q1"'
	echo 'Filter-Id = "p50"'
} | rad_ns radclient -x -r 1 -t 2 "127.0.0.1:$DP" coa "$DAE_SECRET" \
	>"$E2E_DIR/coa.txt" 2>&1
wait "$COA_PID"
e2e_check "c. CoA-Request Filter-Id p50 for q1: CoA-ACK" grep -q "CoA-ACK" "$E2E_DIR/coa.txt"
e2e_check "c. q1 is now p50 (Filter-Id), 10M up, 50M down" \
	test "$(qos "$Q1" "(q['source'], q['profile'], q['up_bps'], q['down_bps'])")" = "('filter-id', 'p50', 10000000, 50000000)"
B=$(rate_in q1-coa.json 0.5 2)
A=$(rate_in q1-coa.json 3.5 1e9)
echo "# q1's download around the CoA (at 2.2 s): $B Mbit/s before, $A from 3.5 s on"
e2e_check "c. before the CoA q1 downloaded at p20's rate ($B)" within "$B" 18 22
e2e_check "c. within a second of the CoA it follows p50 ($A, 45..55)" within "$A" 45 55
sub iperf3 -c 203.0.113.2 -B "$IP1" -t 4 -J >"$E2E_DIR/q1-up50.json" 2>&1
U1=$(rate q1-up50.json)
e2e_check "c. q1's upload now within 10 % of 10 Mbit/s ($U1)" within "$U1" 9 11

# d. drops and waits per session.
C1=$(qos "$Q1" "(q['counters']['up_policed_packets'], q['counters']['down_shaped_packets'])")
C2=$(qos "$Q2" "q['counters']['down_shaped_packets']")
echo "# q1 policed, shaped: $C1; q2 shaped: $C2"
e2e_check "d. q1's policer dropped and its shaper delayed packets, counted ($C1)" \
	"$PY" -c "import sys; p, s = $C1; sys.exit(not (p > 0 and s > 0))"
e2e_check "d. q2's shaper delayed packets ($C2)" test "$C2" -gt 0
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
