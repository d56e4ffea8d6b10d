#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The remote L2TP lockout: one host that reaches UDP/1701 (198.51.100.2,
# scapy and kernel sockets, tests/e2e/l2tp_lockout.py) must not lock the
# other LACs out. A legitimate LAC (lns-lacgen, 198.51.100.3) still opens
# tunnels and sessions afterwards, and lnsd counts what it refused.
#  a. SCCRQs with header Ns 1 make no tunnel (RFC 2661 §5.8);
#  b. one SCCRQ sent from 200 source UDP ports is one tunnel (§5.1, §8.1),
#     cleared at l2tp.setup_timeout_ms since it never completes (the
#     copies over l2tp.sccrq_burst_per_peer are dropped before);
#  c. a call whose ICCN never comes is cleared with a CDN at
#     l2tp.call_setup_timeout_ms, captured and decoded;
#  d. the (N+1)th tunnel from one address (198.51.100.4) gets a StopCCN
#     with result 2, error 4 (l2tp.max_tunnels_per_peer); a call over
#     l2tp.max_half_open_calls_per_tunnel or l2tp.max_sessions_per_peer
#     (198.51.100.5) gets a CDN with result 4;
#  e. the return path (UDP port) of a tunnel (198.51.100.6) moves only
#     with the peer's next message in order on an established tunnel:
#     not with its SCCCN from another port, a duplicate or an
#     out-of-window datagram (RFC 2661 §5.8, §8.1);
#  f. a LAC (198.51.100.7) that restarted opens a tunnel with the
#     Assigned Tunnel ID of one still established, from the same address
#     and UDP port: lnsd clears the stale one and its call, silently; the
#     same ID from another port (another LAC behind a NAT) clears nothing.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology 198.51.100.2/24 198.51.100.4/24 198.51.100.5/24 \
	198.51.100.6/24 198.51.100.7/24

# A small table: 200 datagrams would fill it if each made a tunnel.
{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  max_tunnels: 64
  setup_timeout_ms: 2000
  call_setup_timeout_ms: 3000
  max_tunnels_per_peer: 4
  max_sessions_per_peer: 4
  max_half_open_calls_per_tunnel: 2
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

lockout() {
	lockout_from 198.51.100.2 "$@"
}
lockout_from() {
	local from=$1; shift
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_lockout.py" \
		198.51.100.1 "$from" "$@"
}
stats() { e2e_json stats "$1"; }

# a.
e2e_check "a: 200 SCCRQs with Ns 1 sent" lockout sccrq-ns1 200
sleep 0.5
e2e_check "a: no tunnel made for them, each dropped and counted" \
	test "$(e2e_json l2tp "d['tunnels']"):$(stats "d['ctl_l2tp_tunnel0_bad_sequence']")" = "0:200"

# b.
e2e_check "b: one SCCRQ sent from 200 source ports" lockout sccrq-ports 200
sleep 0.5
# Each copy is charged to the address's SCCRQ rate (burst 64): the copies
# over it are dropped before they are matched, the others are duplicates.
e2e_check "b: one tunnel for them; each other copy is its duplicate or over the address's SCCRQ rate" \
	test "$(e2e_json tunnels "[(t['peer_id'], t['peer_port']) for t in d.values()]"):$(($(e2e_json tunnels "sum(t['duplicates'] for t in d.values())") + $(stats "d['ctl_l2tp_sccrq_rate_limit_per_peer']")))" = "[(4242, 30000)]:199"

e2e_check "b: /lnsd/l2tp counts it half open, waiting for its SCCCN or closing from there" \
	test "$(e2e_json l2tp "(d['tunnels'], d['tunnels_wait_ctl_conn'] + d['tunnels_closing'])")" = "(1, 1)"

# The legitimate LAC is not locked out.
e2e_lacgen legit.json --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 \
	--tunnels 2 --sessions 2 --teardown --timeout 60 --json
e2e_ok $? "a, b: afterwards lacgen opens its tunnels and sessions (and closes them)"
e2e_check "a, b: lacgen saw 2 tunnels and 4 sessions established" \
	test "$(e2e_lacgen_json legit.json "(d['tunnels']['established'], d['sessions']['established'])")" = "(2, 4)"

e2e_check "b: the half-open tunnel is cleared at its set-up deadline and counted" \
	e2e_wait 50 e2e_json_is stats "d['ctl_l2tp_tunnel_setup_timeout']" 1
e2e_check "b: it is closing (holding state for retransmissions, RFC 2661 §5.7)" \
	test "$(e2e_json tunnels "[t['state'] for t in d.values() if t['peer_id'] == 4242]")" = "['closing']"

# c.
e2e_check "c: ICRQ without ICCN: CDN result 2 / error 0 for our call about 1 s later" \
	lockout icrq-no-iccn 3
e2e_check "c: the call is gone, counted; its tunnel stays up" \
	test "$(stats "d['ctl_l2tp_call_setup_timeout']"):$(e2e_json tunnels "[(t['state'], t['sessions']) for t in d.values() if t['peer_id'] == 200]")" = "1:[('established', 0)]"

# d.
e2e_check "d: 4 tunnels from one address; the 5th gets StopCCN 2/4 acknowledging its SCCRQ" \
	lockout_from 198.51.100.4 peer-limit 4
e2e_check "d: no 5th tunnel was made, the refusal counted" \
	test "$(e2e_json tunnels "len([t for t in d.values() if t['peer'] == '198.51.100.4'])"):$(stats "d['ctl_l2tp_tunnel_limit_per_peer']")" = "4:1"

e2e_check "d: a 3rd call waiting for ICCN in a tunnel, and a 5th session of one address, get CDN 4" \
	lockout_from 198.51.100.5 call-limits
e2e_check "d: both refusals counted; the address holds 4 sessions" \
	test "$(stats "(d['ctl_l2tp_half_open_call_limit'], d['ctl_l2tp_session_limit_per_peer'])"):$(e2e_json tunnels "[t['sessions'] for t in d.values() if t['peer'] == '198.51.100.5']")" = "(1, 1):[4]"

# e.
e2e_check "e: SCCCN, duplicate, out-of-window from other ports: lnsd's ZLBs and CDN still go to 1701; an in-order HELLO from 40002 moves them" \
	lockout_from 198.51.100.6 return-path
e2e_check "e: the tunnel's return port is the in-order HELLO's, and lnsd logged the move" \
	test "$(e2e_json tunnels "[t['peer_port'] for t in d.values() if t['peer_id'] == 600]"):$(grep -c 'event=peer-moved udp_port=1701->40002' "$E2E_DIR/lnsd.log")" = "[40002]:1"

# f.
sent_before=$(stats "(d['ctl_l2tp_stopccn_tx'], d['ctl_l2tp_cdn_tx'])")
lockout_from 198.51.100.7 restart >"$E2E_DIR/restart.json"
e2e_ok $? "f: tunnels 700 (with a call) and 701, then a restarted LAC's 700 (same port) and 701 (another port)"
ids() { e2e_jexpr "$1" <"$E2E_DIR/restart.json"; }
tunnels_of_7() {
	e2e_json tunnels "sorted((t['id'], t['peer_id'], t['peer_port'], t['sessions']) for t in d.values() if t['peer'] == '198.51.100.7')"
}
want="[($(ids "d['old701']"), 701, 40005, 0), ($(ids "d['new700']"), 700, 1701, 0), ($(ids "d['new701']"), 701, 40006, 0)]"
want=$(echo "$want" | "$PY" -c "import ast,sys; print(sorted(ast.literal_eval(sys.stdin.read())))")
e2e_check "f: the stale tunnel 700 and its call are gone; both 701 stay" \
	e2e_wait 50 eval '[ "$(tunnels_of_7)" = "$want" ]'
e2e_check "f: counted as superseded once, logged, with nothing sent to the LAC (no StopCCN, no CDN)" \
	test "$(stats "d['ctl_l2tp_tunnel_superseded']"):$(stats "(d['ctl_l2tp_stopccn_tx'], d['ctl_l2tp_cdn_tx'])"):$(grep -c "tunnel=$(ids "d['old700']") peer_tunnel=700 peer=198.51.100.7:1701 event=superseded by=$(ids "d['new700']") sessions=1" "$E2E_DIR/lnsd.log")" = "1:$sent_before:1"

e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
