#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ICMP errors from lnsd (control/ctl_icmp_err.c) through a real session:
# upstream, a subscriber's TTL-1 datagram gets Time Exceeded inside its
# session; downstream, a core host's TTL-1 ping gets Time Exceeded and its
# `ping -M do` larger than the session MRU gets Fragmentation Needed with
# the MRU (RFC 1191); no error about an ICMP error; a burst is paced by
# the token bucket; in a sequenced session the error takes the next Ns. Every outcome shows in the stats.
. "$(dirname "$0")/lib.sh"
e2e_require_root

MRU=1400
e2e_subscriber_lnsd

UP=$E2E_DIR/up DONE=$E2E_DIR/done
(cd "$E2E_ROOT/tests/e2e" && ip netns exec "$ACC" "$PY" icmp_err_scenario.py \
	198.51.100.1 198.51.100.2 203.0.113.2 "$MRU" "$UP" "$DONE" \
	>"$E2E_DIR/sub.json" 2>"$E2E_DIR/sub.log") &
SUB_PID=$!
E2E_PIDS+=("$SUB_PID")
e2e_wait 150 test -s "$UP"
[ -s "$UP" ] || e2e_bail "the subscriber did not come up: $(tail -3 "$E2E_DIR/sub.log")"
ADDR=$(cat "$UP")

# The core host, with the kernel's own ping: what an operator would see.
ip netns exec "$CORE" ping -n -c 1 -W 2 -t 1 "$ADDR" >"$E2E_DIR/ping-ttl.log" 2>&1
ip netns exec "$CORE" ping -n -c 1 -W 2 -M do -s 1472 "$ADDR" >"$E2E_DIR/ping-df.log" 2>&1
ip netns exec "$CORE" "$PY" "$E2E_ROOT/tests/e2e/icmp_err_core.py" "ch$E2E_ID" \
	"$ADDR" 203.0.113.1 "$MRU" >"$E2E_DIR/core.json" 2>"$E2E_DIR/core.log"
touch "$DONE"
wait "$SUB_PID"
e2e_lnsctl --json stats >"$E2E_DIR/stats.json" 2>&1
echo "# subscriber: $(cat "$E2E_DIR/sub.json")"
echo "# core host: $(cat "$E2E_DIR/core.json")"
j() { e2e_jexpr "$2" <"$1" 2>/dev/null; }
S=$E2E_DIR/sub.json C=$E2E_DIR/core.json

e2e_check "upstream: TTL 1 from the subscriber gets ICMP Time Exceeded (11/0) inside its session" \
	test "$(j "$S" "(d['up']['type'], d['up']['code'], d['up']['dst'] == d['addr'])")" = "(11, 0, True)"
e2e_check "upstream: from lnsd's PPP address, TTL 64, DF clear, checksums right, the datagram quoted whole" \
	test "$(j "$S" "(d['up']['src'], d['up']['ttl'], d['up']['df'], d['up']['ip_cksum_ok'], d['up']['icmp_cksum_ok'], d['up']['quote_ok'])")" = "('203.0.113.1', 64, False, True, True, True)"
e2e_check "upstream: no answer to an ICMP error message with TTL 1 (RFC 1812 §4.3.2.7)" \
	test "$(j "$S" "d['icmp_error_answers']")" = 0
e2e_check "downstream: ping -t 1 from the core host gets Time to live exceeded from 203.0.113.1" \
	grep -q "From 203.0.113.1 .*Time to live exceeded" "$E2E_DIR/ping-ttl.log"
e2e_check "downstream: ping -M do -s 1472 gets Frag needed with mtu = $MRU (the session MRU)" \
	grep -q "From 203.0.113.1 .*Frag needed and DF set (mtu = $MRU)" "$E2E_DIR/ping-df.log"
e2e_check "downstream (scapy): Time Exceeded 11/0 to the sender's MAC, checksums right, header + payload quoted" \
	test "$(j "$C" "(d['ttl']['type'], d['ttl']['code'], d['ttl']['to_my_mac'], d['ttl']['ip_cksum_ok'], d['ttl']['icmp_cksum_ok'], d['ttl']['quote_ok'], d['ttl']['quoted'])")" = "(11, 0, True, True, True, True, 60)"
e2e_check "downstream (scapy): Fragmentation Needed 3/4 with Next-Hop MTU $MRU, 576 octets in all, TTL 64, DF clear" \
	test "$(j "$C" "(d['frag']['type'], d['frag']['code'], d['frag']['mtu'], d['frag']['quoted'] + 28, d['frag']['ttl'], d['frag']['df'], d['frag']['quote_ok'], d['frag']['icmp_cksum_ok'])")" = "(3, 4, $MRU, 576, 64, False, True, True)"
e2e_check "downstream: no error about an ICMP error (a non-first fragment: unit tests)" \
	test "$(j "$C" "d['icmp_error']")" = 0
e2e_check "a burst of 120 TTL-1 datagrams gets about the bucket's burst (50, plus 100/s refill)" \
	test "$(j "$C" "50 <= d['flood'] <= 50 + 100 * d['flood_seconds'] + 5")" = True
e2e_check "stats: Time Exceeded and Frag Needed sent, suppressions and rate limiting counted" \
	test "$(e2e_json stats "(d['ctl_icmp_time_exceeded_tx'] >= 52, d['ctl_icmp_frag_needed_tx'] >= 2, d['ctl_icmp_err_suppressed_icmp_error'] >= 2, d['ctl_icmp_err_rate_limited'] >= 1)")" = "(True, True, True, True)"

# Sequencing Required: the error lnsd puts into the session carries the
# next Ns of the session's one sequence (dp_seq.h), not a gap or a repeat.
(cd "$E2E_ROOT/tests/e2e" && ip netns exec "$ACC" "$PY" icmp_err_scenario.py --seq \
	198.51.100.1 198.51.100.2 203.0.113.2 "$MRU" "$UP.seq" "$DONE" \
	>"$E2E_DIR/seq.json" 2>"$E2E_DIR/seq.log")
echo "# sequenced: $(cat "$E2E_DIR/seq.json")"
e2e_check "sequenced session: Time Exceeded inside it, and lnsd's Ns run 0, 1, 2, ... without gaps" \
	test "$(j "$E2E_DIR/seq.json" "(d['up']['type'], len(d['ns']) >= 6 and d['ns'] == list(range(len(d['ns']))))")" = "(11, True)"
e2e_done
