#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The Prometheus endpoint (metrics:, docs/operations.md "Metrics"): lnsd
# with three lacgen sessions, one a TUN subscriber pinging the core host.
# The page passes promtool; its counters agree with telemetry's
# /lnsd/stats, /lnsd/l2tp and /lnsd/dataplane; a malformed request, an
# oversized one, a client that never sends and 200 connections at once
# are each refused or cut and counted, while lnsd keeps forwarding.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen
command -v promtool >/dev/null || e2e_bail "promtool missing (scripts/deps.sh: prometheus)"

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
for i in $(seq 3); do echo "user$i pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.1.0/24 }
  users_file: $E2E_DIR/users
metrics:
  address: 127.0.0.1
  port: 9101
  interval_ms: 200
  max_connections: 8
  timeout_ms: 1000
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_check "lnsd says where the endpoint listens" \
	grep -q "event=metrics-listening address=127.0.0.1 port=9101 path=/metrics" "$E2E_DIR/lnsd.log"

e2e_lacgen -b sub.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --password pw --tunnels 1 --sessions 3 --tun 1 \
	--tun-netns "$SUB" --hold 600 --teardown --timeout 900 --json
e2e_lacgen_hold sub.json
[ "${#ADDR[@]}" -ge 1 ] || e2e_bail "no TUN subscriber: $(tail -5 "$E2E_DIR/sub.log")"
e2e_check "the subscriber pings the core host (50 packets)" \
	ip netns exec "$SUB" ping -q -n -i 0.02 -W 1 -c 50 -I "${ADDR[0]}" 203.0.113.2

MC() { ip netns exec "$LNS" "$PY" "$E2E_ROOT/tests/e2e/metrics_client.py" "$1" 127.0.0.1 9101 "${@:2}"; }
scrape() { ip netns exec "$LNS" curl -sS -m 5 -o "$E2E_DIR/$1" -w '%{http_code} %{content_type}' http://127.0.0.1:9101/metrics; }
# m FILE NAME [LABEL=VALUE...]: the sum of NAME's samples with those labels.
m() {
	"$PY" - "$@" <<'PY'
import re, sys
f, name, want = sys.argv[1], sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:])
tot = 0.0
for line in open(f):
    mm = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line.strip())
    if not mm or mm.group(1) != name:
        continue
    labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', mm.group(3) or ""))
    if all(labels.get(k) == v for k, v in want.items()):
        tot += float(mm.group(4))
print(int(tot) if tot == int(tot) else tot)
PY
}
tel() { e2e_lnsctl --json "$1" >"$E2E_DIR/$2"; }
tj() { e2e_jexpr "$2" <"$E2E_DIR/$1"; }

sleep 0.5		# a snapshot after the sessions came up
tel stats st0.json; tel l2tp l0.json; tel dataplane dp0.json
r=$(scrape page.txt)
tel stats st1.json; tel dataplane dp1.json
e2e_check "GET /metrics answers 200 in the 0.0.4 text format ($r)" \
	test "$r" = "200 text/plain; version=0.0.4; charset=utf-8"
e2e_check "promtool check metrics accepts the page" \
	sh -c "promtool check metrics <'$E2E_DIR/page.txt'"
# between A B X: A <= X <= B (telemetry before and after the scrape).
between() { [ "$1" -le "$3" ] && [ "$3" -le "$2" ]; }
for f in rx_packets tx_packets forwarded_up_packets forwarded_down_packets; do
	a=$(tj st0.json "d['$f']") b=$(tj st1.json "d['$f']") v=$(m "$E2E_DIR/page.txt" "lnsd_worker_${f}_total")
	e2e_check "workers' $f: telemetry $a..$b, metrics $v" between "$a" "$b" "$v"
done
a=$(tj st0.json "d['forwarded_up_packets']")
e2e_check "the subscriber's 50 pings went up the session ($a >= 50)" test "$a" -ge 50
a=$(tj st0.json "sum(v for k, v in d.items() if k.startswith('drop_'))")
b=$(tj st1.json "sum(v for k, v in d.items() if k.startswith('drop_'))")
v=$(m "$E2E_DIR/page.txt" lnsd_dataplane_drops_total)
e2e_check "drops by reason, summed: telemetry $a..$b, metrics $v" between "$a" "$b" "$v"
a=$(tj st0.json "d['punt_l2tp_control']") b=$(tj st1.json "d['punt_l2tp_control']")
v=$(m "$E2E_DIR/page.txt" lnsd_dataplane_punts_total reason=l2tp_control)
e2e_check "L2TP control punts: telemetry $a..$b, metrics $v" between "$a" "$b" "$v"
a=$(tj st0.json "d['ctl_l2tp_rx']") b=$(tj st1.json "d['ctl_l2tp_rx']")
v=$(m "$E2E_DIR/page.txt" lnsd_control_events_total event=l2tp_rx)
e2e_check "control event l2tp_rx: telemetry $a..$b, metrics $v" between "$a" "$b" "$v"
e2e_check "sessions established: telemetry $(tj l0.json "d['sessions_established']"), metrics $(m "$E2E_DIR/page.txt" lnsd_l2tp_sessions state=established)" \
	test "$(tj l0.json "d['sessions_established']")" = "$(m "$E2E_DIR/page.txt" lnsd_l2tp_sessions state=established)" -a "$(tj l0.json "d['sessions_established']")" = 3
e2e_check "dataplane sessions: telemetry $(tj dp0.json "d['sessions']"), metrics $(m "$E2E_DIR/page.txt" lnsd_dataplane_sessions)" \
	test "$(tj dp0.json "d['sessions']")" = "$(m "$E2E_DIR/page.txt" lnsd_dataplane_sessions)"
e2e_check "punt ring capacity: telemetry $(tj dp0.json "d['punt_ring_capacity']"), metrics $(m "$E2E_DIR/page.txt" lnsd_punt_ring_capacity)" \
	test "$(tj dp0.json "d['punt_ring_capacity']")" = "$(m "$E2E_DIR/page.txt" lnsd_punt_ring_capacity)"
e2e_check "pool subs: 3 addresses in use of 254" \
	test "$(m "$E2E_DIR/page.txt" lnsd_pool_addresses_in_use pool=subs) $(m "$E2E_DIR/page.txt" lnsd_pool_addresses pool=subs)" = "3 254"
e2e_check "ethdev counters of the access port are there and moving" \
	test "$(m "$E2E_DIR/page.txt" lnsd_port_rx_packets_total port=access)" -gt 50
e2e_check "the control loop's histogram counted passes" \
	test "$(m "$E2E_DIR/page.txt" lnsd_control_loop_pass_seconds_count)" -gt 0

# Refusals, each counted.
e2e_check "a malformed request gets 400" \
	test "$(MC raw 'GARBAGE\r\n\r\n')" = "HTTP/1.1 400 Bad Request"
e2e_check "a POST gets 405" \
	test "$(MC raw 'POST /metrics HTTP/1.1\r\n\r\n')" = "HTTP/1.1 405 Method Not Allowed"
e2e_check "another path gets 404" \
	test "$(MC raw 'GET /x HTTP/1.1\r\n\r\n')" = "HTTP/1.1 404 Not Found"
e2e_check "an oversized request (8 KiB of headers) gets 431" \
	test "$(MC big 8192)" = "HTTP/1.1 431 Request Header Fields Too Large"
t=$(MC silent 5)
e2e_check "a client that never sends is cut after timeout_ms (${t}s)" \
	"$PY" -c "import sys; sys.exit(not 0.8 <= $t <= 2.5)"
ip netns exec "$SUB" ping -q -n -i 0.02 -W 1 -c 100 -I "${ADDR[0]}" 203.0.113.2 \
	>"$E2E_DIR/ping.txt" 2>&1 &
PING_PID=$!
E2E_PIDS+=("$PING_PID")
flood=$(MC flood 200 1.5)
echo "# 200 connections at once: still open, let go (503 or EOF) = $flood"
# Slowly served (a sanitizer build), the 64-deep backlog overflows, some
# connects wait for a SYN retransmission, held ones time out meanwhile and
# later ones take their slots: what holds whatever the timing is below.
held=${flood%% *}
e2e_check "200 connections at once: at most 8 held ($flood)" \
	test "$held" -ge 1 -a "$held" -le 8
wait "$PING_PID"
e2e_check "the subscriber's 100 pings meanwhile: no loss" grep -q ' 0% packet loss' "$E2E_DIR/ping.txt"
r=$(scrape page2.txt)
e2e_check "a scrape after all that still works ($r)" test "${r%% *}" = 200
P2=$E2E_DIR/page2.txt
e2e_check "refusals counted: 400=1 404=1 405=1 431=1" test \
	"$(m "$P2" lnsd_metrics_http_errors_total code=400) $(m "$P2" lnsd_metrics_http_errors_total code=404) $(m "$P2" lnsd_metrics_http_errors_total code=405) $(m "$P2" lnsd_metrics_http_errors_total code=431)" = "1 1 1 1"
refused=$(m "$P2" lnsd_metrics_connections_refused_total)
tmo=$(m "$P2" lnsd_metrics_timeouts_total)
conns=$(m "$P2" lnsd_metrics_connections_total)
# Accepted in the flood = its connections that timed out (all silent), the
# other timeout being the silent client's; before and after the flood lnsd
# accepted 7: 2 scrapes, 3 raw, 1 oversized, 1 silent.
fa=$((tmo - 1))
echo "# lnsd: accepted $conns, refused $refused, timed out $tmo: $fa of the flood held"
e2e_check "every flood connection held or refused, counted: $fa + $refused = 200, >= 8 held" \
	test $((fa + refused)) = 200 -a "$fa" -ge 8
e2e_check "every accepted connection counted: $conns = 7 + $fa" test "$conns" = $((7 + fa))
e2e_check "scrapes counted (2)" test "$(m "$P2" lnsd_metrics_scrapes_total)" = 2
e2e_check "promtool accepts the second page too" sh -c "promtool check metrics <'$P2'"
echo "# render time per scrape: $(m "$P2" lnsd_metrics_render_seconds_total) s for 1 page before this one, page $(wc -c <"$P2") octets"
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_check "lnsd stops cleanly" e2e_stop_lnsd
e2e_done
