#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# PPP at scale with lns-lacgen as LAC and subscribers, over af_packet
# (several lacgen runs: over memif a peer that disconnects while lnsd
# polls can crash DPDK 22.11's memif PMD, see docs/lacgen.md):
#  - 16 tunnels x 1000 sessions to IPCP-open with CHAP, 16000 distinct
#    pool addresses, then teardown;
#  - PAP with proxy LCP + proxy authentication (its tunnels have no
#    secret: ppp.proxy_auth: always is set for it), MS-CHAPv2 without;
#  - a wrong password: every call cleared with CDN result 2;
#  - a pool of 2 addresses for 4 subscribers: 2 up, 2 cleared with
#    CDN result 4 (pool exhaustion). The runs reuse tunnel ID 1 from the
#    same address while the previous run's tunnel is still up (no
#    teardown): a restarted LAC, which must get a new tunnel.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology
for i in $(seq 16000); do echo "user$i pw"; done >"$E2E_DIR/users"
for i in 1 2 3 4; do echo "tiny$i pw - tiny"; done >>"$E2E_DIR/users"
{ e2e_yaml_access 1024; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  retransmit_ms: 200
  icrq_rate_per_peer: 0     # one address carries all 16000, as fast as it can
ppp:
  auth: [chap, mschapv2, pap]
  # lacgen's tunnels have no secret: proxy authentication from them needs
  # the explicit opt-in (the default takes it from authenticated tunnels).
  proxy_auth: always
aaa:
  default_pool: subs
  pools:
    - { name: subs, prefix: 100.65.0.0/16 }
    - { name: tiny, prefix: 100.66.0.0/30 }
  users_file: $E2E_DIR/users
YAML
e2e_check "lnsd --check loads the 16004-user file" \
	sh -c "'$E2E_BIN/lnsd' --config '$E2E_DIR/lnsd.yaml' --check | grep -q '16004 users'"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# lacgen NAME ARGS...: one run; its JSON summary in $E2E_DIR/NAME.json.
lacgen() {
	local name=$1; shift
	e2e_lacgen "$name.json" --lns-ip 198.51.100.1 \
		--local-ip 198.51.100.2/24 --ppp --password pw --json "$@"
}
j() { e2e_lacgen_json "$1.json" "$2" 2>/dev/null; }

lacgen chap --tunnels 16 --sessions 1000 --auth chap --teardown --timeout 120
e2e_ok $? "CHAP: lacgen exits 0 (16 x 1000 up to IPCP, then torn down)"
echo "# chap: $(j chap "(d['sessions']['ppp_up'], d['ppp']['addresses'], d['setup_time_s'], d['sessions_per_s'])")"
e2e_check "CHAP: 16000 sessions at IPCP-open with 16000 distinct addresses" \
	test "$(j chap "(d['ppp']['up'], d['ppp']['addresses']['distinct'])")" = "(16000, 16000)"
# (Under load a subscriber may renegotiate LCP/IPCP — a Configure-Request
# retransmitted after lnsd's Ack went out — and come up twice: counts
# are at least 16000, and every ADD is matched by a DELETE.)
e2e_check "lnsd saw at least 16000 PPP sessions up" test "$(e2e_json ppp "d['up_total'] >= 16000")" = True
echo "# dataplane: ADD refused $(e2e_json dataplane "d['descriptors_add_failed']") times, DELETE of no session $(e2e_json dataplane "d['descriptors_delete_failed']")"
e2e_check "each up session was installed in the dataplane tables and removed at teardown" \
	test "$(e2e_json dataplane "(d['descriptors_add'] >= 16000, d['added'] == d['descriptors_add'] == d['deleted'], d['sessions'], d['dup_add'], d['del_unknown'], d['descriptors_add_failed'] + d['descriptors_delete_failed'])")" = "(True, True, 0, 0, 0, 0)"

lacgen pap --tunnels 2 --sessions 100 --auth pap --proxy-lcp --teardown --timeout 60
e2e_ok $? "PAP with proxy LCP + proxy authentication: all 200 up"
e2e_check "lnsd took LCP and authentication from the proxy AVPs (200 each)" \
	test "$(e2e_json ppp "(d['proxy_lcp'], d['proxy_auth'])")" = "(200, 200)"

lacgen mschap --tunnels 2 --sessions 100 --auth mschapv2 --teardown --timeout 60
e2e_ok $? "MS-CHAPv2 (after Naks of CHAP): all 200 up"

lacgen wrong --tunnels 1 --sessions 5 --auth chap --password wrong --timeout 30
e2e_check "wrong password: 5 authentication failures, each call cleared with CDN result 2" \
	test "$(j wrong "(d['ppp']['auth_failed'], d['sessions']['cdn_result_codes'].get('2'))")" = "(5, 5)"

lacgen tiny --tunnels 1 --sessions 4 --user-prefix tiny --auth chap --timeout 30
e2e_check "pool of 2 for 4 subscribers: 2 up, 2 cleared with CDN result 4" \
	test "$(j tiny "(d['ppp']['up'], d['sessions']['cdn_result_codes'].get('4'))")" = "(2, 2)"
e2e_check "lnsd counted the exhaustion" test "$(e2e_json ppp "d['pool_exhausted']")" = 2
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
