#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Control-plane storms while established subscribers forward traffic.
# Two real Linux subscribers (lns-lacgen TUN devices in $SUB, LAC
# 198.51.100.2) ping the core host 203.0.113.2 every 50 ms through lnsd
# during each storm; lnsd also sends them (and every other session) an
# LCP Echo-Request every second, which lacgen must keep answering. Storms
# (tests/e2e/l2tp_storm.py unless said):
#  a. SCCRQs from one address, then from 4094 forged addresses;
#  b. ICRQs on an established tunnel from one LAC, then from four at once
#     (each keeping lnsd's receive window: a LAC that floods);
#  c. a LAC (lns-lacgen, 198.51.100.3) with $REBOOT_SESSIONS PPP sessions
#     vanishes (SIGKILL) and a new run re-dials them all at once with the
#     same tunnel IDs; `make storm64k` (scripts/soak.sh) does it with 64k;
#  d. LCP Echo-Requests into every established session.
# For each: the subscribers' ping loss and round-trip times, the packets
# lnsd forwarded before, during and after, and the refusals it counted,
# as TAP comments. Asserted: the subscribers stay up through every storm,
# their ping loss during a storm stays under $MAX_LOSS % (see below), the
# refusals are counted, and then lnsd's state returns to its baseline:
# tunnels, sessions, half-open tunnels and calls, pool usage, the punt
# ring, PPP links, dataplane sessions.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen
command -v ping >/dev/null || e2e_bail "ping not installed"

# Sessions of the rebooting LAC: what this 2-vCPU machine sets up with
# PPP over af_packet in a few seconds, twice (before and after the
# reboot): 1000 take about 3 s (320/s). The issue's 64k: make storm64k.
REBOOT_SESSIONS=${REBOOT_SESSIONS:-1000}
# The storms' rates and lengths (several thousand a second, a few seconds).
RATE=${STORM_RATE:-4000}
SECS=${STORM_SECONDS:-3}
# Ping loss bound during a storm. The subscribers' packets never meet the
# punt ring or the control lcore (the worker forwards them), so a storm
# can only cost them CPU time: on this shared 2-vCPU machine the flooder,
# lnsd's two lcores, lacgen and ping compete for two CPUs. Measured: 0 %
# in every storm (docs/benchmarks.md); a bound of 25 % flags a fast path
# that waits on the control plane (which would lose every ping of a 3 s
# storm) without failing on a loaded machine.
MAX_LOSS=${STORM_MAX_LOSS:-25}

e2e_access_topology 198.51.100.10/24 198.51.100.11/24 198.51.100.12/24 \
	198.51.100.13/24 198.51.100.14/24
e2e_core_topology
e2e_subscriber_netns

{
	echo "sub1 pw"; echo "sub2 pw"
	for i in $(seq "$REBOOT_SESSIONS"); do echo "user$i pw"; done
} >"$E2E_DIR/users"
# Short timers so that what a storm leaves (half-open tunnels and calls,
# closing tunnels held for the peer's retransmissions) is gone within
# seconds: set-up deadlines of 1 s (3 s for calls: the reboot's re-dial
# of 1,000 calls must see its ICCNs read in time by an lnsd whose loaded
# machine slowed it to ~300 set-ups a second in one CI run, which cleared
# 146 calls at 1 s), a retransmission cycle of
# 0.3+0.6+1.2+2.4 = 4.5 s. HELLO after 2 s of silence, LCP echo every 1 s
# (5 missed: the call is cleared): the established subscribers are
# checked for liveness all through the storms. max_sessions_per_peer: the
# rebooting LAC's re-dial fits only once the calls of its stale tunnels
# are gone.
{ e2e_yaml_access 1024; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  hello_ms: 2000
  setup_timeout_ms: 1000
  call_setup_timeout_ms: 3000
  retransmit_ms: 300
  max_retransmits: 3
  max_tunnels: 2048
  max_sessions: 8192
  max_sessions_per_peer: $REBOOT_SESSIONS
ppp:
  auth: [chap]
  echo_interval_ms: 1000
  echo_failures: 5
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/18 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
LNS_MAC=$(e2e_mac "$LNS" "a$E2E_ID")

# The established subscribers: 1 tunnel x 2 sessions, both on TUN devices.
e2e_lacgen -b subs.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --user-prefix sub --password pw --tunnels 1 \
	--sessions 2 --tun 2 --tun-netns "$SUB" --hold 600 --teardown \
	--timeout 900 --json
SUBS_PID=$LACGEN_PID
e2e_lacgen_hold subs.json
[ "${#ADDR[@]}" -eq 2 ] || e2e_bail "no TUN subscribers: $(tail -5 "$E2E_DIR/subs.log")"
SUB_ADDR=("${ADDR[@]}")	# (e2e_lacgen_hold of other runs resets ADDR)
echo "# TUN subscribers: ${SUB_ADDR[*]}"
SUBS_TID=$(e2e_json tunnels "[t['id'] for t in d.values() if t['peer'] == '198.51.100.2'][0]")

storm() { ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_storm.py" "$@"; }
stat() { e2e_json stats "d['$1']"; }

# The state that must come back after every storm: tunnels and calls by
# state, PPP links by phase, dataplane sessions, pool usage, punt ring.
baseline() {
	e2e_lnsctl --json l2tp | e2e_jexpr "' '.join('%s=%s' % (k, v) for k, v in sorted(d.items()) if not k.endswith('_opened'))"
	e2e_lnsctl --json ppp | e2e_jexpr "' '.join('%s=%s' % (k, v) for k, v in sorted(d.items()) if k.startswith('sessions_'))"
	e2e_json dataplane "'dp_sessions=%d punt_ring_used=%d' % (d['sessions'], d['punt_ring_used'])"
	e2e_json pools "' '.join('pool_%s_used=%d' % (p['name'], p['used']) for p in d.values())"
}
BASE=$(baseline | tr '\n' ' ')
echo "# baseline: $BASE"
at_baseline() { [ "$(baseline | tr '\n' ' ')" = "$BASE" ]; }

# ping_start NAME SECONDS: both subscribers ping the core host every 50 ms
# for SECONDS, in the background (ping_wait collects them).
PING_PIDS=()
ping_start() {
	local i
	PING_PIDS=()
	for i in 0 1; do
		ip netns exec "$SUB" ping -q -n -i 0.05 -W 1 -c $(($2 * 20)) \
			-I "${SUB_ADDR[$i]}" 203.0.113.2 >"$E2E_DIR/ping-$1-$i.txt" 2>&1 &
		PING_PIDS+=($!)
	done
}
# ping_wait NAME: wait for both pings; LOSS is the worse loss (%), RTT
# "avg/max" ms of the worse of the two.
ping_wait() {
	local i l r
	wait "${PING_PIDS[@]}"
	LOSS=0 RTT=
	for i in 0 1; do
		l=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$E2E_DIR/ping-$1-$i.txt")
		r=$(sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/\([0-9.]*\)/.*|\1/\2|p' "$E2E_DIR/ping-$1-$i.txt")
		[ -n "$l" ] || l=100
		if [ "${l%.*}" -ge "${LOSS%.*}" ]; then LOSS=$l RTT=${r:-none}; fi
	done
}
fwd() { e2e_json stats "d['forwarded_up_packets'] + d['forwarded_down_packets']"; }
subs_up() {
	kill -0 "$SUBS_PID" && [ "$(e2e_json tunnels "[(t['state'], t['sessions']) for t in d.values() if t['id'] == $SUBS_TID]")" = "[('established', 2)]" ]
}

# phase NAME CMD...: the storm CMD with both subscribers pinging, then the
# figures (TAP comments) and the checks every storm shares. The storm's
# JSON in $E2E_DIR/NAME.json.
phase() {
	local name=$1 f0 f1 f2 t0
	shift
	f0=$(fwd)
	ping_start "$name" "${PING_SECS:-$SECS}"
	"$@" >"$E2E_DIR/$name.json"
	e2e_ok $? "$name: the storm ran ($(cat "$E2E_DIR/$name.json"))"
	ping_wait "$name"
	f1=$(fwd)
	echo "# $name: ping loss ${LOSS}% rtt avg/max ${RTT} ms; lnsd forwarded $((f1 - f0)) packets during the storm"
	e2e_check "$name: the subscribers' ping loss during the storm (${LOSS}%) is under $MAX_LOSS%" \
		test "${LOSS%.*}" -lt "$MAX_LOSS"
	e2e_check "$name: lnsd forwarded the subscribers' packets during the storm" \
		test $((f1 - f0)) -gt 0
	${PHASE_AFTER:-true}
	t0=$(date +%s%N)
	e2e_wait 300 at_baseline
	e2e_ok $? "$name: lnsd's state is back at its baseline ($(baseline | tr '\n' ' '))"
	echo "# $name: back at the baseline $((($(date +%s%N) - t0) / 1000000)) ms after the storm"
	f1=$(fwd)
	ping_start "$name-after" 1
	ping_wait "$name-after"
	f2=$(fwd)
	echo "# $name after: ping loss ${LOSS}% rtt avg/max ${RTT} ms; lnsd forwarded $((f2 - f1)) packets in 1 s"
	e2e_check "$name: afterwards both subscribers still ping without loss" test "$LOSS" = 0
	e2e_check "$name: both subscribers kept their sessions" subs_up
}

# Before any storm.
f0=$(fwd)
ping_start before "$SECS"
ping_wait before
echo "# before the storms: ping loss ${LOSS}% rtt avg/max ${RTT} ms; lnsd forwarded $(($(fwd) - f0)) packets in $SECS s"
e2e_check "before the storms both subscribers ping without loss" test "$LOSS" = 0

# a. Every SCCRQ is counted where it ends: punted (punt_l2tp_control),
# then, most of them, refused for a rate, or dropped for a full punt ring
# if the control lcore fell behind.
sccrq_phase() {	# NAME SRC COUNTER
	local p0 r0 d0 sent p r d
	p0=$(stat punt_l2tp_control) r0=$(stat "$3") d0=$(stat drop_punt_ring_full)
	phase "$1" storm sccrq "ah$E2E_ID" "$LNS_MAC" 198.51.100.1 "$2" \
		"$RATE" $((RATE * SECS))
	sent=$(e2e_jexpr "d['sent']" <"$E2E_DIR/$1.json")
	p=$(($(stat punt_l2tp_control) - p0)) r=$(($(stat "$3") - r0))
	d=$(($(stat drop_punt_ring_full) - d0))
	echo "# $1: $sent SCCRQs sent, $p punted, $r refused ($3), $d dropped for a full punt ring; tunnel limits: per peer $(stat ctl_l2tp_tunnel_limit_per_peer), half-open cap $(stat ctl_l2tp_tunnel_limit); set-up timeouts $(stat ctl_l2tp_tunnel_setup_timeout)"
	e2e_check "$1: every SCCRQ reached lnsd and was counted ($p >= $sent)" \
		test "$p" -ge "$sent"
	e2e_check "$1: most were refused for the rate, counted ($r + $d > $sent / 2)" \
		test $((r + d)) -gt $((sent / 2))
}
sccrq_phase a-sccrq-one 198.51.100.20 ctl_l2tp_sccrq_rate_limit_per_peer
sccrq_phase a-sccrq-many 10.99.0.0/20 ctl_l2tp_sccrq_rate_limit

# b. Every call refused gets a CDN result 4 and is counted by its limit.
stats_sum() { e2e_json stats "sum(d[k] for k in '$*'.split())"; }
refused() {
	stats_sum ctl_l2tp_half_open_call_limit ctl_l2tp_session_limit \
		ctl_l2tp_session_limit_per_peer ctl_l2tp_icrq_rate_limit \
		ctl_l2tp_icrq_rate_limit_per_peer
}
cdn4() {	# the CDNs result 4 the flooders FILES... received
	cat "$@" | "$PY" -c "import json,sys; print(sum(json.loads(l)['cdn'].get('4', 0) for l in sys.stdin))"
}
icrq_figures() {
	cat "$@" | "$PY" -c "
import json, sys
r = [json.loads(l) for l in sys.stdin]
print('ICRQs sent %d (%d/s), ICRP %d, CDN %s' % (sum(x['sent'] for x in r), sum(x['rate'] for x in r), sum(x['icrp'] for x in r), {k: sum(x['cdn'].get(k, 0) for x in r) for k in sorted({k for x in r for k in x['cdn']})}))"
}
c0=$(refused)
phase b-icrq-one storm icrq 198.51.100.1 198.51.100.10 "$RATE" "$SECS"
echo "# b-icrq-one: $(icrq_figures "$E2E_DIR/b-icrq-one.json"); lnsd counted $(($(refused) - c0)) refusals ($(e2e_json stats "' '.join('%s=%d' % (k[9:], v) for k, v in d.items() if k.startswith('ctl_l2tp_') and ('limit' in k or 'timeout' in k))"))"
e2e_check "b-icrq-one: lnsd refused calls with CDN 4 and counted each refusal" \
	test "$(cdn4 "$E2E_DIR/b-icrq-one.json")" -gt 0 -a \
	"$(($(refused) - c0))" -ge "$(cdn4 "$E2E_DIR/b-icrq-one.json")"

many() {	# the ICRQ flood from four addresses at once
	local a pids=() rc=0
	for a in 11 12 13 14; do
		storm icrq 198.51.100.1 "198.51.100.$a" "$RATE" "$SECS" \
			>"$E2E_DIR/b-icrq-$a.json" &
		pids+=($!)
	done
	for a in "${pids[@]}"; do wait "$a" || rc=1; done
	cat "$E2E_DIR"/b-icrq-1[1-4].json | "$PY" -c "import json,sys; r=[json.loads(l) for l in sys.stdin]; print(json.dumps({'sent': sum(x['sent'] for x in r), 'peers': len(r)}))"
	return $rc
}
c0=$(refused)
phase b-icrq-many many
echo "# b-icrq-many: $(icrq_figures "$E2E_DIR"/b-icrq-1[1-4].json); lnsd counted $(($(refused) - c0)) refusals"
e2e_check "b-icrq-many: lnsd refused calls with CDN 4 and counted each refusal" \
	test "$(cdn4 "$E2E_DIR"/b-icrq-1[1-4].json)" -gt 0 -a \
	"$(($(refused) - c0))" -ge "$(cdn4 "$E2E_DIR"/b-icrq-1[1-4].json)"

# c. The LAC that reboots: $REBOOT_SESSIONS sessions on 4 tunnels (its
# Tunnel IDs 1..4), up and held; then it vanishes and dials them all again.
REBOOT_TUNNELS=4
reboot_lac() {	# OUT: a lacgen run of the rebooting LAC, held
	e2e_lacgen -b "$1.json" --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 \
		--ppp --auth chap --password pw --tunnels "$REBOOT_TUNNELS" \
		--sessions $((REBOOT_SESSIONS / REBOOT_TUNNELS)) --window 256 \
		--hold 600 --teardown --timeout 120 --json
}
reboot_lac c-before
e2e_lacgen_hold c-before.json
e2e_check "c: the rebooting LAC's $REBOOT_SESSIONS sessions are up" \
	e2e_json_is ppp "d['sessions_up']" $((REBOOT_SESSIONS + 2))
B1_PID=$LACGEN_PID
sup0=$(stat ctl_l2tp_tunnel_superseded)
redial() {
	kill -9 "$B1_PID"
	wait "$B1_PID" 2>/dev/null
	reboot_lac c-redial
	e2e_lacgen_hold c-redial.json
	grep -o 't=[0-9.]*s phase=hold.*' "$E2E_DIR/c-redial.log" | head -1 |
		"$PY" -c "import json,sys; print(json.dumps({'redial': sys.stdin.read().strip()}))"
}
redial_checks() {
	echo "# c: re-dial: $(e2e_json l2tp "'tunnels %d sessions %d' % (d['tunnels'], d['sessions'])"), PPP up $(e2e_json ppp "d['sessions_up']"), superseded $(($(stat ctl_l2tp_tunnel_superseded) - sup0)), pool $(e2e_json pools "[p['used'] for p in d.values()]")"
	e2e_check "c: every session of the re-dial is up, none of the stale ones is left" \
		test "$(e2e_json l2tp "(d['tunnels'], d['sessions'])"):$(e2e_json ppp "d['sessions_up']")" = \
		"($((1 + REBOOT_TUNNELS)), $((2 + REBOOT_SESSIONS))):$((2 + REBOOT_SESSIONS))"
	e2e_check "c: each stale tunnel was superseded by its re-dialled one" \
		test $(($(stat ctl_l2tp_tunnel_superseded) - sup0)) = "$REBOOT_TUNNELS"
	kill -USR1 "$LACGEN_PID"
	wait "$LACGEN_PID"
	e2e_ok $? "c: the re-dialled LAC closes its sessions cleanly"
	echo "# c: re-dial of $REBOOT_SESSIONS PPP sessions: $(e2e_lacgen_json c-redial.json "'set up in %.2f s (%.0f/s), %d up, %d control retransmissions' % (d['setup_time_s'], d['sessions_per_s'], d['ppp']['up'], d['control']['retransmitted'])")"
}
PING_SECS=5 PHASE_AFTER=redial_checks phase c-reboot redial

# d. LCP Echo-Requests into the subscribers' own sessions.
pf0=$(stat drop_punt_ring_full) tf0=$(stat ctl_tx_failed)
phase d-lcp-echo storm lcp-echo "ah$E2E_ID" "$LNS_MAC" 198.51.100.1 \
	198.51.100.2 "$SUBS_TID:1-2" "$RATE" $((RATE * SECS))
echo "# d-lcp-echo: $(e2e_jexpr "'%d Echo-Requests (%d/s), %d Echo-Replies seen' % (d['sent'], d['rate'], d['replies'])" <"$E2E_DIR/d-lcp-echo.json"); punt ring full $(($(stat drop_punt_ring_full) - pf0)), control TX failed $(($(stat ctl_tx_failed) - tf0))"
e2e_check "d-lcp-echo: lnsd answered the Echo-Requests" \
	test "$(e2e_jexpr "d['replies']" <"$E2E_DIR/d-lcp-echo.json")" -gt 0

# Their LAC never lost a session (it would not exit 0 after its teardown).
kill -USR1 "$SUBS_PID"
wait "$SUBS_PID"
e2e_ok $? "the subscribers' LAC lost nothing through the storms and closes cleanly ($(e2e_lacgen_json subs.json "'sessions lost %d, PPP frames received %d (the LCP Echo-Requests of lnsd among them)' % (d['sessions']['lost'], d['ppp']['rx'])"))"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
