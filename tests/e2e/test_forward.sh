#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Subscriber traffic through lnsd's fast path: a PPP subscriber (the
# independent Python LAC/subscriber) pings a Linux host on the core side.
# Upstream: L2TP/PPP decapsulated by a worker, TTL decremented, sent to
# the gateway's MAC (resolved by lnsd's ARP). Downstream: the host's reply
# found in the FIB, encapsulated from the session template, sent to the LAC.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_subscriber_lnsd

R=$(ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/fwd_scenario.py" 198.51.100.1 198.51.100.2 203.0.113.2 2>"$E2E_DIR/fwd.log" | tail -1)
echo "# forwarding: $R"
r() { echo "$R" | e2e_jexpr "$1" 2>/dev/null; }
e2e_check "the subscriber got its address" test "$(r "d['addr']")" = 100.64.1.1
e2e_check "5 echo requests through the session, 5 replies back through it" \
	test "$(r "d['replies']")" = 5
e2e_check "the core host's replies (TTL 64) arrive decremented by lnsd (63)" \
	test "$(r "set(d['ttls'])")" = "{63}"
e2e_check "lnsd forwarded without unknown-session or next-hop drops" \
	test "$(e2e_json stats "(d['drop_l2tp_data_no_session'], d['drop_core_nexthop_unresolved'])")" = "(0, 0)"
e2e_check "per-session counters: 5 packets each way (60-octet IPv4 echoes) in the accounting line" \
	grep -q 'event=accounting user="user1" ip=100.64.1.1 up_pkts=5 up_bytes=300 down_pkts=5 down_bytes=300' "$E2E_DIR/lnsd.log"
e2e_check "the session left the dataplane tables after the CDN" \
	test "$(e2e_json dataplane "(d['added'], d['deleted'], d['sessions'])")" = "(1, 1, 0)"

# Sequencing Required (RFC 2661 §5.4): the PPP frames lnsd's control lcore
# sends and the replies its workers forward share one Ns sequence.
R=$(ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/fwd_scenario.py" --seq 198.51.100.1 198.51.100.2 203.0.113.2 2>"$E2E_DIR/fwd-seq.log" | tail -1)
echo "# sequenced: $R"
e2e_check "sequenced session: 5 echo replies through it" test "$(r "d['replies']")" = 5
e2e_check "sequenced session: every data message from lnsd has Ns, 0, 1, 2, ... without gaps" \
	test "$(r "len(d['ns']) >= 8 and d['ns'] == list(range(len(d['ns'])))")" = True
e2e_done
