#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A LAC that vanishes (killed with SIGKILL: no StopCCN, no CDN, no more
# answers) with 200 subscribers up. lnsd's HELLO goes unanswered, the
# transport gives up (RFC 2661 §5.8, §6.5) and lnsd must free everything
# the LAC held: tunnels, calls, PPP links, addresses, dataplane sessions,
# timers - and write each subscriber's accounting line. Then a new LAC
# gets every address of the pool: none was kept.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology
for i in $(seq 254); do echo "user$i pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access 1024; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  hello_ms: 1000
  retransmit_ms: 200
  max_retransmits: 3
ppp:
  auth: [chap]
  echo_interval_ms: 0
aaa:
  default_pool: subs
  pools:
    - { name: subs, prefix: 100.67.0.0/24 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

# lacgen [-b] NAME ARGS...: one lacgen run (-b: in the background).
lacgen() {
	local bg=()
	[ "$1" = -b ] && { bg=(-b); shift; }
	local name=$1; shift
	e2e_lacgen "${bg[@]}" "$name.json" --lns-ip 198.51.100.1 \
		--local-ip 198.51.100.2/24 --ppp --auth chap --password pw --json \
		--timeout 120 "$@"
}
sum_phases() { e2e_json ppp "sum(v for k, v in d.items() if k.startswith('sessions_'))"; }

lacgen -b up --tunnels 4 --sessions 50 --hold 600
e2e_lacgen_hold up.json
e2e_check "200 subscribers up on 4 tunnels" \
	test "$(e2e_json ppp "d['sessions_up']"),$(e2e_json dataplane "d['sessions']"),$(e2e_json l2tp "d['tunnels_established']")" = "200,200,4"

kill -9 "$LACGEN_PID"
wait "$LACGEN_PID" 2>/dev/null
t0=$(date +%s.%N)
e2e_wait 300 e2e_json_is l2tp "d['tunnels']" 0
t1=$(date +%s.%N)
echo "# tunnels freed $(echo "$t1 - $t0" | bc) s after the LAC vanished (HELLO at 1 s, 3 retransmissions from 200 ms)"
e2e_check "every tunnel and call of the vanished LAC freed" \
	test "$(e2e_json l2tp "(d['tunnels'], d['sessions'])")" = "(0, 0)"
e2e_check "every PPP link freed (no session in any phase)" test "$(sum_phases)" = 0
e2e_check "every dataplane session deleted (200 added, 200 deleted, none left)" \
	test "$(e2e_json dataplane "(d['sessions'], d['added'], d['deleted'], d['del_unknown'])")" = "(0, 200, 200, 0)"
e2e_check "an accounting line for each of the 200 subscribers" \
	test "$(grep -c 'event=accounting' "$E2E_DIR/lnsd.log")" = 200

# The pool holds 254 addresses: all of them must be free again.
lacgen again --tunnels 2 --sessions 127 --teardown
e2e_ok $? "a new LAC brings 254 subscribers up (the whole pool) and down"
e2e_check "the new LAC's 254 subscribers got 254 distinct addresses" \
	test "$(e2e_lacgen_json again.json "(d['ppp']['up'], d['ppp']['addresses']['distinct'])")" = "(254, 254)"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
