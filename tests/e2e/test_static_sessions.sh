#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# static_sessions (test beds) and the traffic-generator assets made for
# them: lnsd installs 4 tunnels x 64 sessions at start-up;
# tools/lns-pktgen-assets writes pcaps for exactly those sessions; tshark
# decodes them as L2TP/PPP/IP without malformed frames; replayed into
# lnsd, every upstream frame is forwarded to the core side and every
# downstream frame leaves encapsulated for its own session, with zero
# unknown-session drops.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology
e2e_core_topology
LAC_MAC=$(e2e_mac "$ACC" "ah$E2E_ID")

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  max_tunnels: 64
  max_sessions_per_tunnel: 1024
static_sessions:
  tunnels: 4
  sessions_per_tunnel: 64
  lac_address: 198.51.100.2
  lac_port: 1701
  lac_port_step: 1
  lac_mac: "$LAC_MAC"
  subscribers: 100.64.0.0/16
  mru: 1400
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
N=256

e2e_check "lnsd installed the 256 static sessions at start-up" \
	test "$(e2e_json dataplane "(d['sessions'], d['added'])")" = "($N, $N)"
e2e_check "lnsd logged that static sessions are a test-bed feature" \
	grep -q "event=static-sessions tunnels=4 sessions=256" "$E2E_DIR/lnsd.log"

ACC_MAC=$(e2e_mac "$LNS" "a$E2E_ID")
CORE_MAC=$(e2e_mac "$LNS" "c$E2E_ID")
OUT=$E2E_DIR/assets
"$PY" "$E2E_ROOT/tools/lns-pktgen-assets" -c "$E2E_DIR/lnsd.yaml" -o "$OUT" \
	--access-mac "$ACC_MAC" --core-mac "$CORE_MAC" \
	--gen-mac "$(e2e_mac "$CORE" "ch$E2E_ID")" >"$E2E_DIR/assets.log" 2>&1
e2e_check "lns-pktgen-assets wrote the pcaps, pktgen command files and the Lua sweep" \
	test -s "$OUT/up-64.pcap" -a -s "$OUT/up-imix.pcap" -a -s "$OUT/down-64.pcap" \
	-a -s "$OUT/lns-up.pkt" -a -s "$OUT/lns-down.pkt" -a -s "$OUT/lns-sweep.lua"

decoded() {	# frames of $1 that tshark decodes as L2TP / PPP / inner IPv4 UDP
	tshark -r "$1" -Y 'l2tp && ppp && ip.src == 198.51.100.2 && udp.dstport == 9 && !_ws.malformed' 2>/dev/null | wc -l
}
e2e_check "tshark decodes all $N upstream 64-octet frames as L2TP/PPP/IPv4/UDP" \
	test "$(decoded "$OUT/up-64.pcap")" = "$N"
e2e_check "tshark decodes all $N upstream IMIX frames the same way" \
	test "$(decoded "$OUT/up-imix.pcap")" = "$N"
e2e_check "no malformed frame in any pcap" \
	test "$(for f in "$OUT"/*.pcap; do tshark -r "$f" -Y _ws.malformed 2>/dev/null; done | wc -l)" = 0
e2e_check "the downstream range covers the subscriber pool 100.64.0.1 .. 100.64.1.0" \
	grep -q "range 1 dst ip max 100.64.1.0" "$OUT/lns-down.pkt"

# lnsd resolves the core gateway first (upstream needs its MAC).
ip netns exec "$CORE" ping -c 1 -W 2 203.0.113.1 >/dev/null 2>&1

# sniff_ready ERRFILE: pcap_replay.py's sniffer is bound (at most 20 s).
sniff_ready() { e2e_wait 200 grep -q ready "$1"; }

# Upstream: replay from the LAC side, count on the core host.
ip netns exec "$CORE" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" sniff "ch$E2E_ID" 4 \
	>"$E2E_DIR/core-sniff.json" 2>"$E2E_DIR/core-sniff.err" &
SNIFF=$!
sniff_ready "$E2E_DIR/core-sniff.err"
SENT=$(ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" send "ah$E2E_ID" "$OUT/up-64.pcap")
SENT2=$(ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" send "ah$E2E_ID" "$OUT/up-imix.pcap")
wait "$SNIFF"
echo "# upstream: sent $SENT + $SENT2, lnsd: $(e2e_json stats "(d['forwarded_up_packets'], d['drop_l2tp_data_no_session'], d['drop_spoofed_outer'], d['drop_spoofed_inner'])")"
e2e_check "upstream: all $((2 * N)) replayed frames forwarded by lnsd, none dropped as unknown or spoofed" \
	test "$(e2e_json stats "(d['forwarded_up_packets'], d['drop_l2tp_data_no_session'], d['drop_spoofed_outer'], d['drop_spoofed_inner'])")" = "($((2 * N)), 0, 0, 0)"
e2e_check "upstream: the core host saw subscriber traffic decapsulated" \
	"$PY" -c "import json; d=json.load(open('$E2E_DIR/core-sniff.json')); exit(d['frames'] < $((2 * N)))"

# Downstream: replay from the core side, decode on the LAC side.
ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" sniff "ah$E2E_ID" 3 \
	>"$E2E_DIR/acc-sniff.json" 2>"$E2E_DIR/acc-sniff.err" &
SNIFF=$!
sniff_ready "$E2E_DIR/acc-sniff.err"
# (The core host's ICMP port-unreachables for the upstream UDP went down too.)
DOWN0=$(e2e_json stats "d['forwarded_down_packets']")
ip netns exec "$CORE" "$PY" "$E2E_ROOT/tests/e2e/pcap_replay.py" send "ch$E2E_ID" "$OUT/down-64.pcap" >/dev/null
wait "$SNIFF"
echo "# downstream at the LAC: $(cat "$E2E_DIR/acc-sniff.json")"
e2e_check "downstream: $N frames forwarded, no FIB miss" \
	test "$(e2e_json stats "(d['forwarded_down_packets'] - $DOWN0, d['drop_no_route'])")" = "($N, 0)"
e2e_check "downstream: $N L2TP frames at the LAC, one per (tunnel, session, LAC port), each to its own subscriber" \
	"$PY" -c "import json; d=json.load(open('$E2E_DIR/acc-sniff.json')); exit(not (d['l2tp'] == $N and d['keys'] == $N and d['inner_dst'] == $N))"
e2e_done
