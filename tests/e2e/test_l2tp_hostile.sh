#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The hostile LAC (tests/e2e/l2tp_hostile.py): every control message type
# in a wrong state, missing and duplicated AVPs, AVP lengths 0..5 and past
# the end, truncated and oversized messages, hidden AVPs that cannot be
# unhidden, wrong tunnel authentication, Ns/Nr games, sessions of other
# tunnels, tunnel IDs from other sources, data for no session. Each case
# checks lnsd's answer (nothing, StopCCN or CDN with its result and error
# codes...) and exactly which counters moved. Then a well-behaved LAC
# (lns-lacgen) still opens a tunnel and sessions, from the same lnsd.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology 198.51.100.2/24 198.51.100.3/24 198.51.100.4/24

# Nothing may time out during the suite (only the cases' own input moves
# counters); receive_window 2 makes lnsd acknowledge every message at once
# (it acks when half its window is owed), so the suite never waits for the
# delayed ack. 198.51.100.200 is in no l2tp.peers entry.
{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  receive_window: 2
  hello_ms: 600000
  setup_timeout_ms: 600000
  call_setup_timeout_ms: 600000
  max_tunnels: 1024
  max_tunnels_per_peer: 1024
  sccrq_rate_per_peer: 0
  peers:
    - address: 198.51.100.2/32
      secret: hostile-secret
    - address: 198.51.100.0/25
ppp:
  setup_timeout_ms: 600000
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_hostile.py" \
	198.51.100.1 "$E2E_PREFIX" "$E2E_ROOT/tools/lnsctl" \
	>"$E2E_DIR/hostile.out" 2>"$E2E_DIR/hostile.err"
e2e_ok $? "the hostile suite ran to its end"
n=0
while IFS=$'\t' read -r verdict name what; do
	n=$((n + 1))
	e2e_ok "$([ "$verdict" = ok ]; echo $?)" "$name: $what"
done <"$E2E_DIR/hostile.out"
e2e_check "it ran more than 100 cases ($n)" test "$n" -gt 100
sed 's/^/# /' "$E2E_DIR/hostile.err" | head -20

e2e_check "lnsd logged the out-of-window Ns and the Nr for nothing sent" \
	sh -c "grep -q 'reason=out-of-window' '$E2E_DIR/lnsd.log' && grep -q 'reason=nr-beyond-sent' '$E2E_DIR/lnsd.log'"

# Afterwards a well-behaved LAC still gets a tunnel and sessions.
e2e_lacgen legit.json --lns-ip 198.51.100.1 --local-ip 198.51.100.9/24 \
	--tunnels 1 --sessions 2 --teardown --timeout 60 --json
e2e_ok $? "after the suite lacgen opens a tunnel and its sessions (and closes them)"
e2e_check "lacgen saw 1 tunnel and 2 sessions established" \
	test "$(e2e_lacgen_json legit.json "(d['tunnels']['established'], d['sessions']['established'])")" = "(1, 2)"
e2e_check "lnsd is still running, never restarted" \
	sh -c "kill -0 $LNSD_PID && test \$(grep -c 'event=running' '$E2E_DIR/lnsd.log') = 1"
e2e_done
