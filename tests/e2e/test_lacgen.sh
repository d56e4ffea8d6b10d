#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Scale and loss: lns-lacgen opens 16 tunnels x 1000 sessions against lnsd
# with 5% of control frames dropped in each direction (and some duplicated
# and reordered), with tunnel authentication and hidden AVPs. Every session
# must reach established; after the teardown no tunnel or session state
# may be left in lnsd. Every session is also a PPP subscriber (CHAP) up to
# IPCP-open, since lnsd clears calls whose PPP never comes up.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology

# lnsd runs PPP in every session (and clears a call whose LCP never
# answers): the sessions are PPP subscribers, user1..user16000.
for i in $(seq 16000); do echo "user$i scale-pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
dataplane:
  mbufs: 16383
l2tp:
  secret: scale-secret
  retransmit_ms: 200        # faster recovery from the loss; hold about 13 s
  max_sessions: 20000
  max_sessions_per_peer: 20000  # one address carries all 16000
  icrq_rate_per_peer: 0         # ... as fast as it can
  peers:
    - address: 198.51.100.0/24
ppp:
  local_address: 100.64.0.1
aaa:
  pools:
    - { name: subs, prefix: 100.65.0.0/16 }
  default_pool: subs
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

e2e_lacgen lacgen.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--secret scale-secret --hide --tunnels 16 --sessions 1000 \
	--loss 0.05 --dup 0.01 --reorder 0.01 --rx-chaos --seed 2661 \
	--rto-ms 200 --ppp --password scale-pw --teardown --timeout 240 --json
rc=$?
echo "# lacgen: $(tail -1 "$E2E_DIR/lacgen.json")"
# Where control frames were lost besides lacgen's injected loss: lnsd's
# punt ring (a slow control lcore) and its control TX.
echo "# lnsd: $(e2e_json stats "'punt_l2tp_control=%d drop_punt_ring_full=%d drop_tx_queue_full=%d' % (d['punt_l2tp_control'], d['drop_punt_ring_full'], d['drop_tx_queue_full'])")"
grep -h 'dead after' "$E2E_DIR"/lacgen*.log 2>/dev/null | sed 's/^/# /'
e2e_ok "$rc" "lacgen exits 0: every tunnel and session established, PPP up, then closed cleanly"

jq_() { e2e_lacgen_json lacgen.json "$1"; }
e2e_check "16 tunnels and 16000 sessions established" \
	test "$(jq_ "(d['tunnels']['established'], d['sessions']['established'])")" = "(16, 16000)"
e2e_check "loss was really injected (retransmissions happened)" \
	test "$(jq_ "d['control']['retransmitted'] > 0 and d['chaos']['tx']['dropped'] > 0")" = True
e2e_check "lnsd saw every tunnel and session reach established" \
	test "$(e2e_json l2tp "(d['tunnels_opened'], d['sessions_opened'])")" = "(16, 16000)"
e2e_check "after teardown and the hold period lnsd has no tunnel or session left" \
	e2e_wait 300 e2e_json_is l2tp "d['tunnels'] + d['sessions']" 0
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
