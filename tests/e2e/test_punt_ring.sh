#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A full punt ring (dataplane.punt_ring: 64, which holds 63 frames). The
# control lcore is stopped for 3 s (ptrace stops lnsd's main thread alone,
# tests/e2e/stall_thread.py: a control plane busy elsewhere, or a stolen
# CPU) while 1000 LCP Echo-Requests arrive for a subscriber's session.
# The worker punts them: 63 fill the ring, every other one is dropped at
# once and counted as drop_punt_ring_full (dataplane/dp_worker.c; the
# worker never waits for the control lcore). Meanwhile the worker keeps
# forwarding the subscriber's traffic (a TUN subscriber pings the core
# host through it). Once the control lcore runs again it drains the ring,
# and lnsd recovers: the ring is empty, the subscriber still pings, new
# sessions come up.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
for i in $(seq 21); do echo "user$i pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
dataplane:
  punt_ring: 64
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users_file: $E2E_DIR/users
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
LNS_MAC=$(e2e_mac "$LNS" "a$E2E_ID")

e2e_lacgen -b sub.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --password pw --tunnels 1 --sessions 1 --tun 1 \
	--tun-netns "$SUB" --hold 600 --teardown --timeout 900 --json
SUB_PID=$LACGEN_PID
e2e_lacgen_hold sub.json
[ "${#ADDR[@]}" -eq 1 ] || e2e_bail "no TUN subscriber: $(tail -5 "$E2E_DIR/sub.log")"
TID=$(e2e_json tunnels "[t['id'] for t in d.values()][0]")

stat() { e2e_json stats "d['$1']"; }
ring() { e2e_json dataplane "(d['punt_ring_used'], d['punt_ring_capacity'])"; }
e2e_check "the punt ring holds 63 frames and is empty" test "$(ring)" = "(0, 63)"

drop0=$(stat drop_punt_ring_full) punt0=$(stat punt_ppp_control)
ip netns exec "$SUB" ping -q -n -i 0.05 -W 1 -c 80 -I "${ADDR[0]}" 203.0.113.2 \
	>"$E2E_DIR/ping.txt" 2>&1 &
PING_PID=$!
"$PY" "$E2E_ROOT/tests/e2e/stall_thread.py" "$LNSD_PID" 3 \
	>"$E2E_DIR/stall.txt" 2>&1 &
STALL_PID=$!
E2E_PIDS+=("$PING_PID" "$STALL_PID")
e2e_wait 50 grep -q stopped "$E2E_DIR/stall.txt" ||
	e2e_bail "lnsd's control lcore was not stopped: $(cat "$E2E_DIR/stall.txt")"
ip netns exec "$ACC" "$PY" "$E2E_ROOT/tests/e2e/l2tp_storm.py" lcp-echo \
	"ah$E2E_ID" "$LNS_MAC" 198.51.100.1 198.51.100.2 "$TID:1" 10000 1000 \
	>"$E2E_DIR/flood.json"
e2e_ok $? "1000 LCP Echo-Requests sent while the control lcore is stopped ($(cat "$E2E_DIR/flood.json"))"
full=$(ring)
wait "$STALL_PID"
e2e_ok $? "the control lcore was stopped for 3 s and let go"
e2e_check "while it was stopped the ring was full ($full)" test "$full" = "(63, 63)"
e2e_check "the ring drains once it runs again" e2e_wait 50 e2e_json_is dataplane "d['punt_ring_used']" 0
drops=$(($(stat drop_punt_ring_full) - drop0)) punts=$(($(stat punt_ppp_control) - punt0))
echo "# punted $punts PPP control frames, $drops dropped for a full ring"
e2e_check "every Echo-Request was punted, and counted ($punts >= 1000)" test "$punts" -ge 1000
e2e_check "the ones over the ring's 63 were dropped and counted ($drops >= 937)" \
	test "$drops" -ge 937 -a "$drops" -le "$punts"
wait "$PING_PID"
echo "# the subscriber's ping through the stall: $(grep -E 'packet loss|rtt' "$E2E_DIR/ping.txt" | tr '\n' ' ')"
e2e_check "the worker forwarded the subscriber's pings all along (0% loss)" \
	grep -q ' 0% packet loss' "$E2E_DIR/ping.txt"

# Recovery.
e2e_lacgen new.json --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 --ppp \
	--auth chap --password pw --user-prefix user --tunnels 2 --sessions 10 \
	--teardown --timeout 60 --json
e2e_ok $? "afterwards 20 new sessions come up (PPP) and close cleanly"
e2e_check "the subscriber still pings the core host" \
	ip netns exec "$SUB" ping -c 3 -i 0.2 -W 2 -I "${ADDR[0]}" 203.0.113.2
e2e_check "and still holds its session" \
	test "$(kill -0 "$SUB_PID" && e2e_json l2tp "(d['tunnels_established'], d['sessions'])")" = "(1, 1)"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
