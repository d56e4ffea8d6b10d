#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The software spread stage (dataplane.spread, docs/architecture.md): lnsd
# with two workers (EAL --lcores 0@0,1@1,2@1: three lcores on two CPUs is
# enough for correctness), af_packet ports with two queue pairs, and 256
# static sessions in ONE tunnel. af_packet's fanout hashes the outer
# header, so the whole tunnel reaches one RX queue: the case the stage is
# for. With spread: on, every upstream frame is forwarded exactly once
# (lnsd's counters and the core host's capture equal what was sent), both
# workers forward upstream frames, and what one hands over the other takes;
# downstream is not touched (exactly what was sent arrives at the LAC).
# With spread: off the same run shows one worker forwarding every upstream
# frame: the test can tell the difference. The sessions are sequenced:
# downstream, each session's Ns run has no gap and no duplicate. Then
# auto (the default) on a longer stream, and PPP subscribers of lacgen in
# one tunnel, whose per-session counters must add up to the totals.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology
e2e_core_topology
LAC_MAC=$(e2e_mac "$ACC" "ah$E2E_ID")
ACC_MAC=$(e2e_mac "$LNS" "a$E2E_ID")
CORE_MAC=$(e2e_mac "$LNS" "c$E2E_ID")
SESS=256
UP_REPLAYS=8
DOWN_REPLAYS=2
N=$((SESS * UP_REPLAYS))
M=$((SESS * DOWN_REPLAYS))

# The core host takes UDP port 9 (discard): no ICMP port unreachable goes
# back downstream to mix with the counted frames.
ip netns exec "$CORE" "$PY" -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9))
time.sleep(3600)' &
E2E_PIDS+=("$!")

# config MODE [ppp]: lnsd.yaml with dataplane.spread MODE, the static
# sessions or (ppp) CHAP subscribers user1..8 from the pool 100.64.1.0/24.
config() {
	e2e_yaml_mq "0@0,1@1,2@1"
	cat <<YAML
dataplane:
  spread: $1
metrics:
  address: 127.0.0.1
  port: 9101
  interval_ms: 200
YAML
	if [ "${2:-}" = ppp ]; then
		cat <<YAML
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users_file: $E2E_DIR/users
YAML
		return
	fi
	cat <<YAML
l2tp:
  max_tunnels: 64
  max_sessions_per_tunnel: 1024
static_sessions:
  tunnels: 1
  sessions_per_tunnel: $SESS
  lac_address: 198.51.100.2
  lac_port: 1701
  lac_mac: "$LAC_MAC"
  subscribers: 100.64.0.0/16
  mru: 1400
  sequencing: true
YAML
}

# metric FILE NAME LCORE: a worker counter of one lcore in a scrape.
metric() {
	sed -n "s/^$2{lcore=\"$3\"} \([0-9]*\)$/\1/p" "$1"
}

lcore_sum() {	# lcore_sum FILE FAMILY LCORE: the sum over FAMILY's reasons
	sed -n "s/^$2{lcore=\"$3\",[^}]*} \([0-9]*\)$/\1/p" "$1" |
		awk '{s += $1} END {print s + 0}'
}

# What lcore L received of the upstream frames: its RX less the downstream
# frames it forwarded, what it punted and what it dropped (af_packet's
# fanout may roll frames over to the other queue when one ring fills, so
# the receiving worker is not always just one: e2e_yaml_mq).
up_rx() {	# up_rx FILE LCORE
	echo $(($(metric "$1" lnsd_worker_rx_packets_total "$2") -
		$(metric "$1" lnsd_worker_forwarded_down_packets_total "$2") -
		$(lcore_sum "$1" lnsd_dataplane_punts_total "$2") -
		$(lcore_sum "$1" lnsd_dataplane_drops_total "$2")))
}

scrape() {	# scrape FILE: /metrics once the snapshot is fresh
	sleep 0.5
	ip netns exec "$LNS" curl -sS -m 5 -o "$1" http://127.0.0.1:9101/metrics
}

# run MODE [UP_PCAP]: lnsd with spread MODE; N frames up (UP_REPLAYS
# times the 256 of up-64.pcap, or UP_PCAP once), M down; captures and
# counters into $E2E_DIR/MODE-*.
run() {
	local mode=$1 up=${2:-} i
	config "$mode" >"$E2E_DIR/lnsd-$mode.yaml"
	e2e_lnsd "$LNS" "$E2E_DIR/lnsd-$mode.yaml"
	"$PY" "$E2E_ROOT/tools/lns-pktgen-assets" -c "$E2E_DIR/lnsd-$mode.yaml" \
		-o "$E2E_DIR/assets-$mode" --access-mac "$ACC_MAC" \
		--core-mac "$CORE_MAC" --gen-mac "$(e2e_mac "$CORE" "ch$E2E_ID")" \
		>"$E2E_DIR/assets-$mode.log" 2>&1 || e2e_bail "lns-pktgen-assets failed"
	# lnsd resolves the core gateway first (upstream needs its MAC).
	ip netns exec "$CORE" ping -c 1 -W 2 203.0.113.1 >/dev/null 2>&1
	e2e_wait 50 e2e_json_is stats "d['rx_packets'] > 0" True

	e2e_capture "$CORE" "ch$E2E_ID" "$E2E_DIR/$mode-core.pcapng"
	if [ -n "$up" ]; then
		ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" \
			send "ah$E2E_ID" "$up" >>"$E2E_DIR/$mode-up.sent"
	else
		for i in $(seq "$UP_REPLAYS"); do
			ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" \
				send "ah$E2E_ID" "$E2E_DIR/assets-$mode/up-64.pcap" >>"$E2E_DIR/$mode-up.sent"
		done
	fi
	e2e_wait 50 e2e_json_is stats "d['forwarded_up_packets'] >= $(awk '{s += $1} END {print s}' "$E2E_DIR/$mode-up.sent")" True
	sleep 1
	e2e_capture_stop
	e2e_json stats "d['forwarded_down_packets']" >"$E2E_DIR/$mode-down0"

	e2e_capture "$ACC" "ah$E2E_ID" "$E2E_DIR/$mode-acc.pcapng"
	for i in $(seq "$DOWN_REPLAYS"); do
		ip netns exec "$CORE" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" \
			send "ch$E2E_ID" "$E2E_DIR/assets-$mode/down-64.pcap" >>"$E2E_DIR/$mode-down.sent"
	done
	e2e_wait 50 e2e_json_is stats "d['forwarded_down_packets'] - $(cat "$E2E_DIR/$mode-down0") >= $M" True
	sleep 1
	e2e_capture_stop
	scrape "$E2E_DIR/$mode-metrics.txt"
	e2e_lnsctl --json stats >"$E2E_DIR/$mode-stats.json"
	cp "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-$mode.log"
	# A sanitizer build may take longer than e2e_stop_lnsd's 5 s to exit.
	e2e_stop_lnsd || e2e_wait 200 lnsd_gone ||
		e2e_bail "lnsd ($mode) did not stop"
}

lnsd_gone() { ! kill -0 "$LNSD_PID" 2>/dev/null; }

st() {	# st MODE EXPR: EXPR on MODE's lnsctl stats JSON
	e2e_jexpr "$2" <"$E2E_DIR/$1-stats.json"
}

# Inner upstream frames at the core host (from the subscribers to port 9),
# L2TP data frames at the LAC (to a subscriber).
up_seen() {
	tshark -r "$E2E_DIR/$1-core.pcapng" -Y 'ip.src == 100.64.0.0/16 && udp.dstport == 9' 2>/dev/null | wc -l
}
down_seen() {
	tshark -r "$E2E_DIR/$1-acc.pcapng" -Y 'l2tp && ppp && ip.dst == 100.64.0.0/16' 2>/dev/null | wc -l
}

run on
SENT_UP=$(awk '{s += $1} END {print s}' "$E2E_DIR/on-up.sent")
SENT_DOWN=$(awk '{s += $1} END {print s}' "$E2E_DIR/on-down.sent")
e2e_check "sent $N upstream and $M downstream frames ($SENT_UP, $SENT_DOWN)" \
	test "$SENT_UP:$SENT_DOWN" = "$N:$M"
e2e_check "spread on: lnsd logged the stage with two workers" \
	grep -q "event=spread mode=on workers=2 rings=2" "$E2E_DIR/lnsd-on.log"
echo "# on: $(st on "(d['rx_packets'], d['forwarded_up_packets'], d['forwarded_down_packets'], d['spread_out_packets'], d['spread_in_packets'], d['drop_spread_ring_full'], d['drop_l2tp_data_no_session'])")"
e2e_check "spread on: lnsd forwarded every upstream frame once, none dropped by the stage or unknown" \
	test "$(st on "(d['forwarded_up_packets'], d['drop_spread_ring_full'], d['drop_l2tp_data_no_session'], d['drop_spoofed_inner'])")" = "($N, 0, 0, 0)"
e2e_check "spread on: the core host received exactly $N upstream frames" \
	test "$(up_seen on)" = "$N"
e2e_check "spread on: $M downstream frames forwarded, exactly $M at the LAC" \
	test "$(($(st on "d['forwarded_down_packets']") - $(cat "$E2E_DIR/on-down0"))):$(down_seen on)" = "$M:$M"
# Per session, in capture order: Ns 0, 1, ... (the sessions start at 0).
tshark -r "$E2E_DIR/on-acc.pcapng" -Y 'l2tp && ppp && ip.dst == 100.64.0.0/16' \
	-T fields -e l2tp.tunnel -e l2tp.session -e l2tp.Ns 2>/dev/null >"$E2E_DIR/on-ns.txt"
NS_BAD=$("$PY" - "$E2E_DIR/on-ns.txt" <<'PY'
import sys
runs, bad = {}, 0
for line in open(sys.argv[1]):
    t, s, ns = line.split()
    runs.setdefault((t, s), []).append(int(ns))
for k, v in runs.items():
    bad += v != list(range(len(v)))
print("%d %d %d" % (len(runs), sum(map(len, runs.values())), bad))
PY
)
echo "# downstream Ns: sessions, frames, sessions with a gap or duplicate: $NS_BAD"
e2e_check "spread on: downstream Ns of all $SESS sequenced sessions run 0.. without gap or duplicate" \
	test "$NS_BAD" = "$SESS $M 0"
F1=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_forwarded_up_packets_total 1)
F2=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_forwarded_up_packets_total 2)
O1=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_spread_out_packets_total 1)
O2=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_spread_out_packets_total 2)
I1=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_spread_in_packets_total 1)
I2=$(metric "$E2E_DIR/on-metrics.txt" lnsd_worker_spread_in_packets_total 2)
echo "# on, per lcore: forwarded_up $F1 + $F2, spread_out $O1 + $O2, spread_in $I1 + $I2"
e2e_check "spread on: the per-lcore forwarded counters sum to $N" \
	test "$((F1 + F2))" = "$N"
e2e_check "spread on: both workers forwarded upstream frames of the one tunnel" \
	test "$F1" -gt 0 -a "$F2" -gt 0
e2e_check "spread on: one worker handed frames over, the other took exactly those" \
	test "$((O1 + O2))" -gt 0 -a "$O1" = "$I2" -a "$O2" = "$I1"
# A receiving worker keeps what it owns and hands the rest over: each
# forwarded what it received upstream, less what it handed over, plus
# what it took.
R1=$(up_rx "$E2E_DIR/on-metrics.txt" 1)
R2=$(up_rx "$E2E_DIR/on-metrics.txt" 2)
echo "# on, per lcore: received upstream $R1 + $R2"
e2e_check "spread on: each worker forwarded what it kept plus what it took" \
	test "$((R1 - O1 + I1)):$((R2 - O2 + I2))" = "$F1:$F2"

run off
e2e_check "spread off: lnsd forwarded every upstream frame, none handed over" \
	test "$(st off "(d['forwarded_up_packets'], d['spread_out_packets'], d['spread_in_packets'])")" = "($N, 0, 0)"
e2e_check "spread off: the core host received exactly $N upstream frames" \
	test "$(up_seen off)" = "$N"
F1=$(metric "$E2E_DIR/off-metrics.txt" lnsd_worker_forwarded_up_packets_total 1)
F2=$(metric "$E2E_DIR/off-metrics.txt" lnsd_worker_forwarded_up_packets_total 2)
echo "# off, per lcore: forwarded_up $F1 + $F2"
e2e_check "spread off: one worker forwarded all $N upstream frames (one tunnel, one queue)" \
	test "$F1:$F2" = "$N:0" -o "$F1:$F2" = "0:$N"

# auto (the default): one stream of 64 x 256 frames, well over 100 per
# 100 ms window for many windows: the receiving worker has all of the
# upstream traffic, starts spreading at a window's end, and the frames
# after it reach the other worker; none is lost or doubled on the way.
# (At this rate the kernel side of af_packet loses frames before lnsd's
# RX when the two workers share CPU 1: the checks count what lnsd
# received.)
"$PY" - "$E2E_DIR/assets-off/up-64.pcap" "$E2E_DIR/up-long.pcap" 64 <<'PY'
import sys
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
b = open(src, "rb").read()
open(dst, "wb").write(b[:24] + b[24:] * k)
PY
run auto "$E2E_DIR/up-long.pcap"
NA=$(awk '{s += $1} END {print s}' "$E2E_DIR/auto-up.sent")
echo "# auto: $(st auto "(d['forwarded_up_packets'], d['spread_out_packets'], d['spread_in_packets'], d['drop_spread_ring_full'])") of $NA sent"
e2e_check "spread auto: lnsd logged the stage in auto mode with two workers" \
	grep -q "event=spread mode=auto workers=2" "$E2E_DIR/lnsd-auto.log"
FA=$(st auto "d['forwarded_up_packets']")
e2e_check "spread auto: every upstream frame lnsd received ($FA) forwarded once, none dropped; the core host saw exactly those" \
	test "$(st auto "(d['rx_packets'] - d['forwarded_down_packets'] - sum(v for k, v in d.items() if k.startswith('punt_')) - d['forwarded_up_packets'], sum(v for k, v in d.items() if k.startswith('drop_')))"):$(up_seen auto)" = "(0, 0):$FA"
e2e_check "spread auto: the skewed worker started handing frames over, the other took them all" \
	test "$(st auto "d['spread_out_packets'] > 0 and d['spread_out_packets'] == d['spread_in_packets']")" = True

# PPP subscribers (lacgen: ONE tunnel of 8 CHAP sessions on TUN devices)
# with spread: on: each pings the core host; the sessions' own counters
# (show session) add up exactly to lnsd's forwarded totals, and both
# workers forwarded upstream.
if [ -x "$LACGEN" ]; then
	e2e_subscriber_netns
	for i in $(seq 8); do echo "user$i pw"; done >"$E2E_DIR/users"
	config on ppp >"$E2E_DIR/lnsd-ppp.yaml"
	e2e_lnsd "$LNS" "$E2E_DIR/lnsd-ppp.yaml"
	ip netns exec "$CORE" ping -c 1 -W 2 203.0.113.1 >/dev/null 2>&1
	e2e_lacgen -b ppp.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
		--ppp --auth chap --password pw --tunnels 1 --sessions 8 --tun 8 \
		--tun-netns "$SUB" --hold 120 --teardown --timeout 150 --json
	e2e_lacgen_hold ppp.json
	e2e_check "ppp: lacgen holds 8 sessions of one tunnel on TUN devices" \
		test "${#ADDR[@]}" = 8
	ids() { e2e_lnsctl --json show sessions | "$PY" -c "
import json, sys
print(' '.join(json.loads(l)['id'] for l in sys.stdin))"; }
	# sess_up: every session's up_packets, summed; and the global total.
	sess_up() {
		local id s=0
		for id in $(ids); do
			s=$((s + $(e2e_lnsctl --json show session "$id" | e2e_jexpr "d['ppp']['counters']['up_packets']")))
		done
		echo "$s"
	}
	scrape "$E2E_DIR/ppp-metrics0.txt"
	S0=$(sess_up)
	G0=$(e2e_json stats "d['forwarded_up_packets']")
	PINGS=()
	for a in "${ADDR[@]}"; do
		ip netns exec "$SUB" ping -q -c 20 -i 0.02 -W 2 -I "$a" 203.0.113.2 \
			>>"$E2E_DIR/ppp-ping.log" 2>&1 &
		PINGS+=("$!")
	done
	wait "${PINGS[@]}"
	sleep 1
	scrape "$E2E_DIR/ppp-metrics1.txt"
	S1=$(sess_up)
	G1=$(e2e_json stats "d['forwarded_up_packets']")
	SENT=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$E2E_DIR/ppp-ping.log" | awk '{s += $1} END {print s}')
	echo "# ppp: sessions' up_packets $S0 -> $S1, forwarded_up $G0 -> $G1, echo requests sent $SENT"
	e2e_check "ppp: the sessions' counters add up to lnsd's forwarded total ($((G1 - G0))), every echo request counted" \
		test "$((S1 - S0)):$((G1 - G0))" = "$((G1 - G0)):$SENT"
	d() { echo $(( $(metric "$E2E_DIR/ppp-metrics1.txt" "$1" "$2") - $(metric "$E2E_DIR/ppp-metrics0.txt" "$1" "$2") )); }
	echo "# ppp, per lcore: forwarded_up $(d lnsd_worker_forwarded_up_packets_total 1) + $(d lnsd_worker_forwarded_up_packets_total 2), spread_out $(d lnsd_worker_spread_out_packets_total 1) + $(d lnsd_worker_spread_out_packets_total 2)"
	e2e_check "ppp: both workers forwarded upstream frames of the one tunnel" \
		test "$(d lnsd_worker_forwarded_up_packets_total 1)" -gt 0 -a "$(d lnsd_worker_forwarded_up_packets_total 2)" -gt 0
else
	echo "# lns-lacgen not built: the PPP subscribers' part is skipped"
fi
e2e_done
