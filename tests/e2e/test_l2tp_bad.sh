#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Bad L2TP input: malformed headers and AVPs, wrong Ns, unknown tunnels and
# sessions, a wrong source address, unknown mandatory AVPs, an SCCRQ
# flood, a call over the per-tunnel session limit. Each is dropped or answered per RFC 2661 and counted; the good
# tunnel stays up and lnsd keeps running. The peer is an independent
# Python LAC (tests/e2e/l2tp_peer.py) on a kernel UDP socket.
. "$(dirname "$0")/lib.sh"
e2e_require_root

e2e_access_topology 198.51.100.2/24 198.51.100.3/24

{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  max_tunnels: 64
  max_sessions_per_tunnel: 2
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

e2e_check "hostile sequence runs; malformed AVPs get StopCCN 2/2 and 2/8; tunnel A still acks" \
	ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_bad.py" 198.51.100.1 198.51.100.2 198.51.100.3
sleep 0.3
stats() { e2e_json stats "$1"; }
e2e_check "malformed headers counted (4)" test "$(stats "d['ctl_l2tp_malformed_header']")" = 4
e2e_check "unknown tunnel counted" test "$(stats "d['ctl_l2tp_unknown_tunnel']")" = 1
e2e_check "wrong source address counted" test "$(stats "d['ctl_l2tp_wrong_peer_address']")" = 1
e2e_check "messages for unknown sessions counted (2)" test "$(stats "d['ctl_l2tp_unknown_session']")" = 2
e2e_check "bad AVPs counted (2)" test "$(stats "d['ctl_l2tp_avp_error']")" = 2
# From one address: its SCCRQ burst (l2tp.sccrq_burst_per_peer, 64) and
# max_tunnels_per_peer (64) bind with max_tunnels; a refusal over a limit
# is a StopCCN, one over the rate a silent drop.
e2e_check "SCCRQ flood capped at 64 tunnels and counted" \
	test "$(stats "d['ctl_l2tp_tunnel_limit'] + d['ctl_l2tp_tunnel_limit_per_peer'] + d['ctl_l2tp_sccrq_rate_limit_per_peer'] >= 400 - 61")" = True
e2e_check "the flood found its address's SCCRQ rate" \
	test "$(stats "d['ctl_l2tp_sccrq_rate_limit_per_peer'] > 0")" = True
e2e_check "the call over max_sessions_per_tunnel was refused and counted" \
	test "$(stats "d['ctl_l2tp_session_limit']")" = 1
e2e_check "tunnel A and its two sessions are still there" \
	test "$(e2e_json tunnels "[(t['peer_id'],t['state'],t['sessions']) for t in d.values() if t['peer_id']==100]")" = "[(100, 'established', 2)]"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_check "lnsd logged the misdirected message with its source address" \
	grep -q "peer=198.51.100.3 event=dropped reason=wrong-peer-address" "$E2E_DIR/lnsd.log"
e2e_check "lnsd logged the malformed headers with the peer address" \
	grep -q "peer=198.51.100.2 event=dropped reason=malformed-header" "$E2E_DIR/lnsd.log"

e2e_done
