#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Interop with xl2tpd (Debian) as an independent LAC: tunnel with
# authentication, a session, HELLO keepalives, teardown from each side,
# and a tshark capture of it all that decodes without malformed frames.
#
# xl2tpd starts pppd after ICCN; without /dev/ppp pppd would fail and the
# call would be cleared, so pppd is replaced (in a private mount namespace)
# by a stand-in that just holds the pty: killing it clears the call.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/xl2tpd_lib.sh"
e2e_require_root
command -v xl2tpd >/dev/null || e2e_bail "xl2tpd is not installed"

e2e_access_topology 198.51.100.2/24

{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
log:
  modules: { l2tp: debug }
l2tp:
  host_name: lnsd-interop
  secret: tunnelpass
  hello_ms: 1000
  retransmit_ms: 200       # short close hold (about 3 s) for the test
  max_retransmits: 3
  peers:
    - address: 198.51.100.0/24
YAML

xl2tpd_conf "$E2E_DIR" 198.51.100.1 "auth file = $E2E_DIR/l2tp-secrets" \
	"$(printf '%s\n' "challenge = yes" "redial = no" "autodial = no")"
echo "* * tunnelpass" >"$E2E_DIR/l2tp-secrets"
xl2tpd_standin "$E2E_DIR"

e2e_capture "$ACC" "ah$E2E_ID" "$E2E_DIR/cap.pcapng"

e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
xl2tpd_start "$ACC" "$E2E_DIR" "$E2E_DIR/pppd"
E2E_PIDS+=("$XL2TPD_PID")
e2e_wait 50 test -p "$E2E_DIR/l2tp-control"

# wait_l2tp EXPR: poll /lnsd/l2tp until the Python expression on d holds.
wait_l2tp() { e2e_wait 100 e2e_json_is l2tp "$1" True; }

echo "c lns" >"$E2E_DIR/l2tp-control"
e2e_check "tunnel with challenge authentication and a session come up" \
	wait_l2tp "d['tunnels_established']==1 and d['sessions_established']==1"
e2e_check "xl2tpd reports the tunnel established" \
	grep -q "Connection established to 198.51.100.1" "$E2E_DIR/xl2tpd.log"
e2e_check "xl2tpd reports the call established" \
	grep -q "Call established with 198.51.100.1" "$E2E_DIR/xl2tpd.log"
e2e_check "lnsd knows the peer by its Host Name" \
	test "$(e2e_json tunnels "[t['host'] for t in d.values()]")" = "['$(hostname)']"

sleep 2.5
e2e_check "HELLOs are acknowledged (tunnel up, nothing retransmitted)" \
	test "$(e2e_json tunnels "[(t['state'],t['retransmitted']) for t in d.values()]")" = "[('established', 0)]"

kill "$(tail -1 "$E2E_DIR/standin.pids")"
e2e_check "session torn down from the LAC side (CDN) leaves no session" \
	wait_l2tp "d['sessions']==0 and d['tunnels_established']==1"

# (xl2tpd 1.3.18 refuses a second "c lns" on a LAC whose call it cleared:
# "Session 'lns' already active!", so the tunnel is torn down next.)
echo "d lns" >"$E2E_DIR/l2tp-control"
e2e_check "tunnel torn down from the LAC side (StopCCN): closing" \
	wait_l2tp "d['tunnels_established']==0 and d['tunnels_closing']==1"
no_tunnel_left() { sleep 3; e2e_wait 60 e2e_json_is l2tp "d['tunnels']" 0; }
e2e_check "after the hold period no tunnel state is left" no_tunnel_left

echo "c lns" >"$E2E_DIR/l2tp-control"
e2e_check "a new tunnel and session come up again" \
	wait_l2tp "d['tunnels_established']==1 and d['sessions_established']==1"
e2e_stop_lnsd
e2e_ok $? "lnsd stops on SIGTERM after closing its tunnel"
sleep 0.5
e2e_check "xl2tpd saw the LNS close the tunnel (StopCCN)" \
	grep -qiE "StopCCN|Connection closed|Result code" "$E2E_DIR/xl2tpd.log"

e2e_capture_stop
tshark -r "$E2E_DIR/cap.pcapng" -Y l2tp -T fields -e l2tp.avp.message_type 2>/dev/null |
	tr ',' '\n' | sort -u >"$E2E_DIR/types"
e2e_check "the capture holds SCCRQ SCCRP SCCCN StopCCN HELLO ICRQ ICRP ICCN CDN" \
	sh -c "for t in 1 2 3 4 6 10 11 12 14; do grep -qx \$t $E2E_DIR/types || exit 1; done"
e2e_check "tshark decodes the capture with no malformed frames" \
	test "$(tshark -r "$E2E_DIR/cap.pcapng" -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null | wc -l)" = 0

e2e_done
