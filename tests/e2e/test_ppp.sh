#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# PPP termination end to end, against an independent Python subscriber
# (tests/e2e/ppp_peer.py) behind an independent Python LAC: CHAP and PAP
# to IPCP-open with addresses from the pool / static, LCP options as
# configured, wrong password -> CDN, pool exhaustion -> CDN result 4,
# proxy LCP + proxy CHAP skipping renegotiation from a LAC that proved the
# tunnel secret, while from a tunnel without one (the default
# ppp.proxy_auth: authenticated) a replayed proxy CHAP exchange logs
# nobody in: lnsd challenges the subscriber itself; dead-peer detection
# by LCP echo. Then, against an lnsd with a 3 s ppp.setup_timeout_ms: a
# subscriber renegotiating LCP without ever authenticating is cleared at
# that deadline; one that was up gets a fresh one when it renegotiates.
# lnsd's frames are parsed by scapy's PPP layers too, and a capture of
# the whole run must decode in tshark without malformed frames.
. "$(dirname "$0")/lib.sh"
e2e_require_root

# .2: a LAC without a tunnel secret; .3: one with (RFC 2661 §5.1.1).
e2e_access_topology 198.51.100.2/24 198.51.100.3/24

{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
log:
  modules: { ppp: debug }
l2tp:
  peers:
    - { address: 198.51.100.3/32, secret: e2e-tunnel-secret }
    - { address: 0.0.0.0/0 }
ppp:
  auth: [chap, pap]
  echo_interval_ms: 500
  echo_failures: 2
  dns1: 192.0.2.53
  local_address: 100.64.0.1
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/30 }
    - { name: mgmt, prefix: 100.64.0.0/30 }   # holds local_address: never handed out
  users:
    - { name: user1, password: pw1 }
    - { name: user2, password: pw2 }
    - { name: user3, password: pw3 }
    - { name: bob, password: bobpw, address: 100.64.9.9 }
    - { name: m1, password: m, pool: mgmt }
YAML

e2e_capture "$ACC" "ah$E2E_ID" "$E2E_DIR/cap.pcapng"
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/ppp_scenarios.py" 198.51.100.1 198.51.100.2 \
	main 198.51.100.3 e2e-tunnel-secret >"$E2E_DIR/ppp.json" 2>"$E2E_DIR/ppp.log"
R=$(tail -1 "$E2E_DIR/ppp.json")
echo "# scenarios: $R"
r() { echo "$R" | e2e_jexpr "$1" 2>/dev/null; }

e2e_check "CHAP: IPCP open with the first pool address" test "$(r "d['chap']['addr']")" = 100.64.1.1
e2e_check "CHAP: DNS offered by Nak as configured" test "$(r "d['chap']['dns']")" = 192.0.2.53
e2e_check "LCP request: MRU 1452 from the 1500 MTU, CHAP-MD5, Magic-Number" \
	test "$(r "(d['chap']['lcp_mru'], d['chap']['lcp_auth'], d['chap']['lcp_magic'])")" = "(1452, 'c22305', True)"
e2e_check "IPCP request carries lnsd's local address" test "$(r "d['chap']['ipcp_local']")" = 100.64.0.1
e2e_check "PAP after a Nak of CHAP: up with the user's static address" \
	test "$(r "d['pap']['addr']")" = 100.64.9.9
e2e_check "wrong password: CHAP Failure, then CDN result 2 error 6" \
	test "$(r "d['wrongpw']['cleared']")" = "[2, 6]"
e2e_check "pool exhaustion: the second address is given, the third call gets CDN result 4" \
	test "$(r "(d['exhaust']['addr2'], d['exhaust']['cleared3'][0])")" = "('100.64.1.2', 4)"
e2e_check "proxy LCP + proxy CHAP from the authenticated tunnel: lnsd starts with IPCP, no LCP or CHAP request" \
	test "$(r "(d['proxy']['addr'], d['proxy']['first'][0], d['proxy']['lcp_or_auth_seen'])")" = "('100.64.9.9', 32801, False)"
e2e_check "replayed proxy CHAP from a tunnel without a secret: lnsd challenges, the wrong answer gets CDN 2/6" \
	test "$(r "(d['proxy_replay']['challenged'], d['proxy_replay']['up'], d['proxy_replay']['cleared'])")" = "(True, False, [2, 6])"
e2e_check "proxy CHAP from a tunnel without a secret, the real subscriber: up after lnsd's own Challenge, no LCP renegotiation" \
	test "$(r "(d['proxy_challenged']['addr'], d['proxy_challenged']['challenged'], d['proxy_challenged']['lcp_seen'])")" = "('100.64.9.9', True, False)"
e2e_check "the refused proxy authentications were logged" \
	test "$(grep -c 'event=proxy-auth-refused user="[^"]*" reason="tunnel not authenticated with a secret"' "$E2E_DIR/lnsd.log")" = 2
e2e_check "lnsd warned at start-up that any address may open tunnels without a secret" \
	grep -q 'main: event=config-warning .*any address may open tunnels without a shared secret' "$E2E_DIR/lnsd.log"
e2e_check "unknown PPP protocol 0x1234 answered by LCP Protocol-Reject" \
	test "$(r "d['bad_input']['protrej']")" = 4660
e2e_check "lying LCP/IPCP lengths counted as malformed (3), unknown protocol counted" \
	test "$(e2e_json ppp "(d['malformed'], d['unknown_protocol'])")" = "(3, 1)"
e2e_check "the malformed PPP packets were logged with the peer address" \
	grep -q "peer=198.51.100.2 event=dropped reason=malformed" "$E2E_DIR/lnsd.log"
e2e_check "the pool holding lnsd's local address (.1) hands out .2 first" \
	test "$(r "d['mgmt']['addr']")" = 100.64.0.2
e2e_check "LCP renegotiation by the subscriber: LCP, PAP and IPCP run again, session kept" \
	test "$(r "(d['renegotiate']['again'], d['renegotiate']['reauth'], d['renegotiate']['lcp_again'])")" = "('100.64.9.9', True, True)"
e2e_check "dead peer: unanswered LCP echoes clear the call with CDN result 1" \
	test "$(r "d['echo_dead']['cleared'][0]")" = 1
e2e_check "lnsd counted auth failures, exhaustion, proxy LCP, proxy auth taken and refused" \
	test "$(e2e_json ppp "(d['auth_failed'], d['pool_exhausted'], d['proxy_lcp'], d['proxy_auth'], d['proxy_auth_refused'])")" = "(2, 1, 3, 1, 2)"
e2e_check "lnsd logged the subscriber up with user and address" \
	grep -q 'event=up user="user1" ip=100.64.1.1' "$E2E_DIR/lnsd.log"

# The set-up deadline (ctl_ppp_setup.h), against an lnsd with a short one.
e2e_stop_lnsd
e2e_ok $? "lnsd exits 0 on SIGTERM"
mv "$E2E_DIR/lnsd.log" "$E2E_DIR/lnsd-main.log"
{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd-setup.yaml"
log:
  modules: { ppp: debug }
ppp:
  auth: [chap, pap]
  setup_timeout_ms: 3000
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/30 }
  users:
    - { name: user1, password: pw1 }
    - { name: bob, password: bobpw, address: 100.64.9.9 }
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd-setup.yaml"
ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/ppp_scenarios.py" 198.51.100.1 198.51.100.2 setup \
	>"$E2E_DIR/ppp-setup.json" 2>"$E2E_DIR/ppp-setup.log"
R=$(tail -1 "$E2E_DIR/ppp-setup.json")
echo "# setup scenarios: $R"
e2e_check "LCP renegotiated every 0.7 s, never authenticated: CDN result 2 at the 3 s set-up deadline" \
	test "$(r "(d['reneg_forever']['cleared'], 2.5 <= d['reneg_forever']['after_s'] < 5.5, d['reneg_forever']['rounds'] >= 3, d['reneg_forever']['challenges'] >= 2)")" = "([2, 6], True, True, True)"
e2e_check "counted as a set-up timeout (lnsctl ppp)" \
	test "$(e2e_json ppp "d['setup_timeout']")" = 1
e2e_check "logged with its reason" grep -q 'reason="PPP setup timeout"' "$E2E_DIR/lnsd.log"
e2e_check "up for longer than the set-up timeout, then LCP renegotiation: up again, stays up" \
	test "$(r "(d['reneg_after_up']['first'], d['reneg_after_up']['again'])")" = "('100.64.9.9', '100.64.9.9')"
e2e_check "up for longer than the set-up timeout, then IPCP renegotiation (slow Ack): up again, stays up" \
	test "$(r "(d['ipcp_reneg_after_up']['first'], d['ipcp_reneg_after_up']['again'])")" = "('100.64.9.9', '100.64.9.9')"

e2e_capture_stop
e2e_check "the capture decodes as PPP (LCP, CHAP, PAP, IPCP) inside L2TP" \
	test "$(tshark -r "$E2E_DIR/cap.pcapng" -Y 'lcp || chap || pap || ipcp' 2>/dev/null | wc -l)" -gt 20
# (The test's own deliberately malformed frames come from .2.)
e2e_check "tshark finds no malformed frame from lnsd in the capture" \
	test "$(tshark -r "$E2E_DIR/cap.pcapng" -Y 'ip.src == 198.51.100.1 && (_ws.malformed || _ws.expert.severity >= error)' 2>/dev/null | wc -l)" = 0
e2e_done
