#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Long runs of lnsd (make soak, make storm64k). TAP output, figures as
# TAP comments; the samples (one JSON line each) and a summary are kept
# in BUILD/soak/. Uses the e2e harness (tests/e2e/lib.sh): namespaces,
# veths, lnsd and lns-lacgen on net_af_packet, everything removed at exit.
#
# usage: scripts/soak.sh [BUILD] [soak|storm64k]
#
# soak: SOAK_MINUTES (default 60) of churn with traffic. Two TUN
#   subscribers (lacgen, 198.51.100.2) carry iperf3 UDP at SOAK_MBPS
#   (default 10) Mbit/s each, one up and one down, the whole time; a
#   second LAC (198.51.100.3) brings SOAK_SESSIONS (default 400) PPP
#   sessions up on 4 tunnels, holds them 2 s and tears them down, again
#   and again; every 5th run it vanishes instead (SIGKILL: lnsd clears
#   its tunnels by HELLO, or the next run supersedes them). Every
#   SOAK_SAMPLE_S (default 60) s: lnsd's RSS, DPDK heap in use, mbufs out
#   of their pool, tunnels, calls, half-open tunnels and calls, PPP links,
#   dataplane sessions, pool usage, the punt ring, sessions set up so far,
#   packets forwarded. At the end, with the churn stopped: every gauge is
#   back at its value before the churn, and RSS grew less than
#   SOAK_RSS_SLACK_KB (default 16384) over the soak after its first sample.
#
# storm64k: the issue's LAC reboot with STORM_SESSIONS (default 65536)
#   PPP sessions on 64 tunnels: all up, the LAC vanishes (SIGKILL) and
#   re-dials every session at once with the same tunnel IDs, while a TUN
#   subscriber of another LAC pings the core host every 50 ms. The ICRQ
#   rate limits are off (l2tp.icrq_rate*: 0): lns-lacgen does not retry a
#   call refused with CDN 4, as a real LAC's subscribers would; with the
#   defaults (2000/s per LAC) the re-dial is spread over 30 s by design.
#   Figures: set-up times and rates before and after, the subscriber's
#   ping loss and round-trip times during the re-dial, forwarded packets,
#   RSS; checked: every session back, the stale tunnels superseded, no
#   session twice, state back at the baseline after the teardown.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
MODE=${2:-soak}
export E2E_BIN=$BUILD
. "$ROOT/tests/e2e/lib.sh"
e2e_require_root
e2e_require_lacgen
OUT="$BUILD/soak"
mkdir -p "$OUT"

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns

case $MODE in
soak)
	N=${SOAK_SESSIONS:-400}
	TUNNELS=4
	MEM=1024
	EXTRA_L2TP=""
	;;
storm64k)
	N=${STORM_SESSIONS:-65536}
	TUNNELS=64
	MEM=$((N / 64 + 1024))
	EXTRA_L2TP="  icrq_rate_per_peer: 0
  icrq_rate: 0"
	;;
*)
	e2e_bail "unknown mode $MODE (soak or storm64k)"
	;;
esac
PER_TUNNEL=$(((N + TUNNELS - 1) / TUNNELS))
N=$((PER_TUNNEL * TUNNELS))
{
	echo "sub1 pw"; echo "sub2 pw"
	awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++) print "user" i " pw" }'
} >"$E2E_DIR/users"
# Short L2TP timers: what a vanished LAC leaves is cleared within seconds
# (HELLO after 2 s, a retransmission cycle of 0.3+0.6+1.2+2.4 = 4.5 s).
{ e2e_yaml_access "$MEM"; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
log:
  level: notice
l2tp:
  hello_ms: 2000
  retransmit_ms: 300
  max_retransmits: 3
  max_tunnels: 1024
  max_sessions: $((N + 16))
  max_sessions_per_peer: $((N + 16))
  max_tunnels_per_peer: 128
$EXTRA_L2TP
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/14 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# The established subscribers (LAC 198.51.100.2): TUN devices in $SUB.
e2e_lacgen -b subs.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --user-prefix sub --password pw --tunnels 1 \
	--sessions 2 --tun 2 --tun-netns "$SUB" --hold 1000000 --teardown --json
SUBS_PID=$LACGEN_PID
e2e_lacgen_hold subs.json
[ "${#ADDR[@]}" -eq 2 ] || e2e_bail "no TUN subscribers: $(tail -5 "$E2E_DIR/subs.log")"
SUB_ADDR=("${ADDR[@]}")

js() { e2e_lnsctl --json "$1" | e2e_jexpr "$2"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$LNSD_PID/status"; }
heap() { e2e_lnsctl --json raw /eal/heap_info,0 | e2e_jexpr "d['Alloc_size']"; }
fwd() { js stats "d['forwarded_up_packets'] + d['forwarded_down_packets']"; }
# The gauges that must come back: tunnels and calls by state, PPP links by
# phase, dataplane sessions, pool usage, punt ring, mbufs out of the pool,
# DPDK heap in use.
gauges() {
	{
		js l2tp "' '.join('%s=%s' % (k, v) for k, v in sorted(d.items()) if not k.endswith('_opened'))"
		js ppp "' '.join('ppp_%s=%s' % (k, v) for k, v in sorted(d.items()) if k.startswith('sessions_'))"
		js dataplane "'dp_sessions=%d punt_ring_used=%d mbufs_in_use=%d' % (d['sessions'], d['punt_ring_used'], d['mbufs_in_use'])"
		js pools "' '.join('pool_used=%d' % p['used'] for p in d.values())"
		echo "heap_alloc=$(heap)"
	} | tr '\n' ' '
}
# sample T: one JSON line in $OUT/$MODE-samples.jsonl, one TAP comment.
T_START=$(date +%s)
sample() {
	local line
	line=$("$PY" - "$(date +%s)" "$T_START" "$(rss_kb)" "$(heap)" \
		"$(e2e_lnsctl --json l2tp)" "$(e2e_lnsctl --json ppp)" \
		"$(e2e_lnsctl --json dataplane)" "$(e2e_lnsctl --json pools)" \
		"$(e2e_lnsctl --json stats)" "${CHURN_RUNS:-0}" "${CHURN_FAILED:-0}" <<'PY'
import json, sys
now, t0, rss, heap = (int(x) for x in sys.argv[1:5])
l2tp, ppp, dp, pools, st = (json.loads(x) for x in sys.argv[5:10])
print(json.dumps({
    "t_s": now - t0, "rss_kb": rss, "heap_alloc": heap,
    "tunnels": l2tp["tunnels"], "sessions": l2tp["sessions"],
    "tunnels_half_open": l2tp["tunnels_wait_ctl_conn"] + l2tp["tunnels_idle"],
    "tunnels_closing": l2tp["tunnels_closing"],
    "calls_half_open": l2tp["sessions_wait_connect"],
    "sessions_opened": l2tp["sessions_opened"], "ppp_up": ppp["sessions_up"],
    "dp_sessions": dp["sessions"], "punt_ring_used": dp["punt_ring_used"],
    "mbufs_in_use": dp["mbufs_in_use"],
    "pool_used": sum(p["used"] for p in pools.values()),
    "forwarded": st["forwarded_up_packets"] + st["forwarded_down_packets"],
    "punt_ring_full": st["drop_punt_ring_full"],
    "churn_runs": int(sys.argv[10]), "churn_failed": int(sys.argv[11])}))
PY
)
	echo "$line" >>"$OUT/$MODE-samples.jsonl"
	echo "# sample $line"
}
: >"$OUT/$MODE-samples.jsonl"
BASE=$(gauges)
echo "# baseline: $BASE"
at_baseline() { [ "$(gauges)" = "$BASE" ]; }

# forget PID: a finished run leaves E2E_PIDS (stopped at exit): over an
# hour of runs a PID could come back as another process of the machine.
forget() {
	local p keep=()
	for p in "${E2E_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	E2E_PIDS=("${keep[@]}")
}

# churn_run NAME [HOLD]: one run of the churning LAC, in the background.
churn_run() {
	e2e_lacgen -b "$1.json" --lns-ip 198.51.100.1 \
		--local-ip 198.51.100.3/24 --ppp --auth chap --password pw \
		--tunnels "$TUNNELS" --sessions "$PER_TUNNEL" --window 128 \
		--hold "${2:-2}" --teardown --timeout 120 --json
}

soak() {
	local minutes=${SOAK_MINUTES:-60} every=${SOAK_SAMPLE_S:-60}
	local mbps=${SOAK_MBPS:-10} end next run=0 pid killed rss0 rss1 i rc
	local secs=$((minutes * 60))
	CHURN_RUNS=0 CHURN_FAILED=0
	# iperf3 servers on the core host, one per subscriber.
	for i in 0 1; do
		ip netns exec "$CORE" iperf3 -s -B 203.0.113.2 -p $((5201 + i)) \
			-D -I "$E2E_DIR/iperf3-$i.pid" >/dev/null 2>&1
		e2e_wait 20 test -s "$E2E_DIR/iperf3-$i.pid"
		E2E_PIDS+=("$(cat "$E2E_DIR/iperf3-$i.pid")")
	done
	ip netns exec "$SUB" iperf3 -c 203.0.113.2 -p 5201 -B "${SUB_ADDR[0]}" \
		-u -b "${mbps}M" -t $((secs + 5)) -J >"$E2E_DIR/iperf-up.json" 2>&1 &
	E2E_PIDS+=($!)
	ip netns exec "$SUB" iperf3 -c 203.0.113.2 -p 5202 -B "${SUB_ADDR[1]}" \
		-u -b "${mbps}M" -t $((secs + 5)) -R -J >"$E2E_DIR/iperf-down.json" 2>&1 &
	E2E_PIDS+=($!)
	echo "# soak: $minutes min, $N sessions a churn run on $TUNNELS tunnels, iperf3 UDP ${mbps} Mbit/s up and down"
	end=$(($(date +%s) + secs))
	next=$(date +%s)
	pid=
	while :; do
		if [ "$(date +%s)" -ge "$next" ]; then
			sample
			next=$((next + every))
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null
			rc=$?
			forget "$pid"
			CHURN_RUNS=$((CHURN_RUNS + 1))
			# A run we killed counts as expected; else exit 0.
			[ "$killed" = 1 ] || [ "$rc" = 0 ] || {
				CHURN_FAILED=$((CHURN_FAILED + 1))
				cp "$E2E_DIR/churn.json" "$OUT/failed-run-$CHURN_RUNS.json"
			}
			pid=
		fi
		if [ -z "$pid" ]; then
			[ "$(date +%s)" -ge "$end" ] && break
			run=$((run + 1))
			killed=0
			if [ $((run % 5)) = 0 ]; then
				churn_run churn 600
				pid=$LACGEN_PID
				e2e_lacgen_hold churn.json
				kill -9 "$pid"
				disown "$pid"	# no "Killed" line from bash
				killed=1
			else
				churn_run churn 2
				pid=$LACGEN_PID
			fi
		fi
		sleep 0.5
	done
	sample
	for i in $(seq 100); do
		grep -q '"end"' "$E2E_DIR/iperf-down.json" 2>/dev/null &&
			grep -q '"end"' "$E2E_DIR/iperf-up.json" 2>/dev/null && break
		sleep 0.1
	done
	e2e_check "the churn ran $CHURN_RUNS times, every run set its sessions up and down ($CHURN_FAILED failed)" \
		test "$CHURN_RUNS" -gt 0 -a "$CHURN_FAILED" = 0
	e2e_wait 600 at_baseline
	e2e_ok $? "after the churn every gauge is back at its baseline ($(gauges))"
	sample
	rss0=$(head -1 "$OUT/$MODE-samples.jsonl" | e2e_jexpr "d['rss_kb']")
	rss1=$(tail -1 "$OUT/$MODE-samples.jsonl" | e2e_jexpr "d['rss_kb']")
	echo "# RSS: $rss0 kB at the first sample, $rss1 kB at the end ($((rss1 - rss0)) kB); $(js l2tp "d['sessions_opened']") sessions set up in all"
	e2e_check "RSS grew less than ${SOAK_RSS_SLACK_KB:-16384} kB over the soak ($((rss1 - rss0)) kB)" \
		test $((rss1 - rss0)) -lt "${SOAK_RSS_SLACK_KB:-16384}"
	for d in up down; do
		echo "# iperf3 $d: $(e2e_jexpr "'%.1f Mbit/s, %d of %d datagrams lost (%.3f %%)' % (d['end']['sum']['bits_per_second'] / 1e6, d['end']['sum']['lost_packets'], d['end']['sum']['packets'], d['end']['sum']['lost_percent'])" <"$E2E_DIR/iperf-$d.json" 2>/dev/null)"
	done
	e2e_check "the subscribers' traffic flowed all through the soak (iperf3 up and down)" \
		test "$(e2e_jexpr "d['end']['sum']['packets'] > 0" <"$E2E_DIR/iperf-up.json" 2>/dev/null):$(e2e_jexpr "d['end']['sum']['packets'] > 0" <"$E2E_DIR/iperf-down.json" 2>/dev/null)" = True:True
}

storm64k() {
	local t0 t_up b1 f0 f1 sup0 l
	echo "# storm64k: $N PPP sessions on $TUNNELS tunnels; lnsd's RSS before: $(rss_kb) kB"
	churn_run before 1000000
	b1=$LACGEN_PID
	t0=$(date +%s)
	for _ in $(seq 1200); do
		grep -qs 'phase=hold' "$E2E_DIR/before.log" && break
		kill -0 "$b1" 2>/dev/null || break
		sleep 0.5
	done
	t_up=$(($(date +%s) - t0))
	e2e_check "the LAC's $N sessions are up (in about $t_up s)" \
		e2e_json_is ppp "d['sessions_up']" $((N + 2))
	echo "# lnsd's RSS with every session up: $(rss_kb) kB"
	sample
	sup0=$(js stats "d['ctl_l2tp_tunnel_superseded']")
	f0=$(fwd)
	ip netns exec "$SUB" ping -q -n -i 0.05 -W 1 -w 600 -I "${SUB_ADDR[0]}" \
		203.0.113.2 >"$E2E_DIR/ping.txt" 2>&1 &
	PING=$!
	E2E_PIDS+=("$PING")
	kill -9 "$b1"
	disown "$b1"
	while kill -0 "$b1" 2>/dev/null; do sleep 0.05; done
	t0=$(date +%s%N)
	churn_run redial 1000000
	for _ in $(seq 1200); do
		grep -qs 'phase=hold' "$E2E_DIR/redial.log" && break
		kill -0 "$LACGEN_PID" 2>/dev/null || break
		sleep 0.5
	done
	t0=$((($(date +%s%N) - t0) / 1000000))
	kill -INT "$PING"
	wait "$PING"
	f1=$(fwd)
	sample
	l=$(grep -E 'packet loss|rtt' "$E2E_DIR/ping.txt" | tr '\n' ' ')
	echo "# re-dial of $N sessions: all up $t0 ms after the kill; the subscriber's ping meanwhile: $l; lnsd forwarded $((f1 - f0)) packets"
	e2e_check "every session of the re-dial is up, the stale ones are gone" \
		test "$(js l2tp "(d['tunnels'], d['sessions'])"):$(js ppp "d['sessions_up']")" = \
		"($((TUNNELS + 1)), $((N + 2))):$((N + 2))"
	e2e_check "each of the $TUNNELS stale tunnels was superseded" \
		test $(($(js stats "d['ctl_l2tp_tunnel_superseded']") - sup0)) = "$TUNNELS"
	e2e_check "the subscriber kept its session through it and pings" \
		ip netns exec "$SUB" ping -c 3 -i 0.2 -W 2 -I "${SUB_ADDR[0]}" 203.0.113.2
	kill -USR1 "$LACGEN_PID"
	wait "$LACGEN_PID"
	e2e_ok $? "the re-dialled LAC tears its sessions down cleanly"
	echo "# first dial: about $t_up s; re-dial: $(e2e_lacgen_json redial.json "'set up in %.1f s, %.0f sessions/s, %d retransmissions' % (d['setup_time_s'], d['sessions_per_s'], d['control']['retransmitted'])")"
	e2e_wait 1200 at_baseline
	e2e_ok $? "state back at the baseline ($(gauges))"
	sample
}

"$MODE"
e2e_check "the subscribers still hold their sessions" kill -0 "$SUBS_PID"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
