#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsctl and lnsd's control socket (docs/operations.md, "lnsctl" and "The
# control socket") against 16 tunnels x 1000 sessions of lns-lacgen, the
# first of them on a TUN device in $SUB (a real IP stack):
#  a. "lnsd is not running" before lnsd starts (exit 3, no traceback);
#  b. every show command, as a table and as JSON;
#  c. the session filters (tunnel, peer, user glob, ip prefix, state)
#     give the right counts; the listing piped into head: no traceback;
#  d. show session of the TUN subscriber: its live counters follow the
#     pings sent through it, with its LCP/IPCP/L2TP details;
#  e. log level at run time: lnsd logs the change and obeys it;
#  f. disconnect one session, one user (and one with two sessions, from a
#     second LAC), one address, one tunnel: gone from the listings,
#     Admin-Reset in the accounting lines, and lacgen's reports show the
#     CDNs (result 3) and the StopCCN (result 1);
#  h. QoS: the TUN subscriber's profile (the default), set by hand and
#     forgotten, show qos counting the sessions per profile;
#  g. misbehaving clients (malformed line, oversized line, a client that
#     never reads, one client too many) are cut off and counted while
#     lnsd keeps answering.
# TUNNELS / SESSIONS in the environment make it smaller for a quick run.
. "$(dirname "$0")/lib.sh"
e2e_require_root
e2e_require_lacgen
command -v ping >/dev/null || e2e_bail "ping not installed"

TUNNELS=${LNSCTL_TUNNELS:-16}
SESSIONS=${LNSCTL_SESSIONS:-1000}
TOTAL=$((TUNNELS * SESSIONS))
SOCK=/run/lnsd/$E2E_PREFIX.sock

ctl() { e2e_lnsctl "$@"; }
# fails CMD...: "EXIT-CODE:first stderr line" of an lnsctl command.
fails() { local err; err=$(ctl "$@" 2>&1 >/dev/null); echo "$?:${err%%$'\n'*}"; }
# count CMD...: the rows of a JSON listing.
count() { ctl --json "$@" | grep -c '^{'; }

# a. not running: the socket of this run's prefix does not exist yet.
ctl show summary >"$E2E_DIR/notrunning.out" 2>"$E2E_DIR/notrunning.err"
rc=$?
e2e_check "a. lnsctl before lnsd: exit 3, \"lnsd is not running (socket $SOCK: ...)\", no traceback" \
	test "$rc:$(grep -c "lnsd is not running (socket $SOCK: " "$E2E_DIR/notrunning.err"):$(grep -c Traceback "$E2E_DIR/notrunning.err")" = "3:1:0"

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns

for i in $(seq "$TOTAL"); do echo "user$i pw"; done >"$E2E_DIR/users"
{ e2e_yaml_access 2048; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
l2tp:
  max_tunnels: 64
  icrq_rate_per_peer: 0		# lacgen dials 16000 calls at once
  max_sessions: $((TOTAL + 1024))
  max_sessions_per_peer: $((TOTAL + 1024))
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.64.0.0/17 }
  users_file: $E2E_DIR/users
control_socket:
  mode: "0600"
qos:
  profiles:
    fast: { up: 1G, down: 1G }
    gold: { up: 500M, down: 1G, burst_up: 64k }
  default_profile: fast
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_check "the control socket exists with mode 0600 (control_socket.mode)" \
	test "$(stat -c %a "$SOCK" 2>&1)" = 600

e2e_lacgen -b lacgen.json --lns-ip 198.51.100.1 \
	--local-ip 198.51.100.2/24 --ppp --auth chap --password pw \
	--tunnels "$TUNNELS" --sessions "$SESSIONS" --tun 1 --tun-netns "$SUB" \
	--hold 600 --teardown --timeout 900 --json
e2e_lacgen_hold lacgen.json
[ "${#ADDR[@]}" -eq 1 ] || e2e_bail "no TUN subscriber: $(tail -5 "$E2E_DIR/lacgen.log")"
TUN_IP=${ADDR[0]}
e2e_check "lacgen holds all $TOTAL sessions (PPP up), none refused" \
	grep -q "phase=hold tunnels=$TUNNELS/$TUNNELS failed=0 sessions=$TOTAL/$TOTAL failed=0" "$E2E_DIR/lacgen.log"
echo "# $TOTAL sessions up; TUN subscriber $TUN_IP"

# b. every show command, table and JSON.
sum() { ctl --json show summary | e2e_jexpr "$1"; }
e2e_check "b. show summary --json: $TUNNELS tunnels established, $TOTAL PPP sessions up, version and workers" \
	test "$(sum "'%s %s %s %s' % (d['l2tp']['tunnels_established'], d['ppp']['sessions_up'], d['version'] != '', d['workers'])")" = "$TUNNELS $TOTAL True 1"
ctl show summary >"$E2E_DIR/summary.txt" 2>&1
e2e_check "b. show summary (table): the tunnel and pool lines" \
	grep -Eq "tunnels: +$TUNNELS .*pool subs: $TOTAL/" <(tr '\n' ' ' <"$E2E_DIR/summary.txt")
e2e_check "b. show tunnels --json: all $TUNNELS tunnels (not the telemetry's first 64 only), $SESSIONS sessions each" \
	test "$(ctl --json show tunnels | "$PY" -c "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
print(len(rows), all(r['sessions'] == $SESSIONS and r['state'] == 'established' and r['peer'] == '198.51.100.2' and r['peer_port'] == 1701 for r in rows), len({r['id'] for r in rows}))")" = "$TUNNELS True $TUNNELS"
ctl show tunnels >"$E2E_DIR/tunnels.txt" 2>&1
e2e_check "b. show tunnels (table): a header, $TUNNELS rows, the count" \
	test "$(head -1 "$E2E_DIR/tunnels.txt" | awk '{print $1, $2}'):$(grep -c ' established ' "$E2E_DIR/tunnels.txt"):$(tail -1 "$E2E_DIR/tunnels.txt")" = "ID PEER:$TUNNELS:($TUNNELS listed)"
for what in ports neighbors pools; do
	e2e_check "b. show $what --json and table" sh -c "
		$PY $E2E_ROOT/tools/lnsctl -p $E2E_PREFIX --json show $what | $PY -c 'import json,sys; d=json.load(sys.stdin); assert len(d[\"$what\"]) >= 1, d' &&
		test \$($PY $E2E_ROOT/tools/lnsctl -p $E2E_PREFIX show $what | wc -l) -ge 2"
done
e2e_check "b. show ports: access and core, with their addresses" \
	test "$(ctl --json show ports | e2e_jexpr "' '.join(p['name'] + '=' + p['ip'] for p in d['ports'])")" = "access=198.51.100.1 core=203.0.113.1"
e2e_check "b. show stats --json: dataplane counters and the socket's own" \
	test "$(ctl --json show stats | e2e_jexpr "(d['rx_packets'] > 0, d['socket']['clients_max'], d['socket']['requests'] > 0)")" = "(True, 32, True)"
e2e_check "b. show stats (table): non-zero counters, socket.* among them" \
	grep -q '^socket.accepted ' <(ctl show stats)
e2e_check "b. show drops: every reason of dataplane/dp_drop.def, JSON and table" \
	test "$(ctl --json show drops | e2e_jexpr "len(d)"):$(ctl show drops | wc -l)" = "$(grep -c '^DP_DROP(' "$E2E_ROOT/dataplane/dp_drop.def"):$(grep -c '^DP_DROP(' "$E2E_ROOT/dataplane/dp_drop.def")"
e2e_check "b. show radius: no RADIUS configured (JSON and table)" \
	test "$(ctl --json show radius | e2e_jexpr "d['configured']"):$(ctl show radius | awk '{print $1 $2}')" = "0:configured0"
for what in l2tp ppp dataplane; do
	e2e_check "b. show $what: the same read-out as lnsctl telemetry $what" \
		test "$(ctl --json show $what | e2e_jexpr "sorted(d)")" = "$(ctl --json telemetry $what | e2e_jexpr "sorted(d)")"
done

e2e_check "b. show dataplane: one directory block per /24 the sessions' addresses are in, none spilled" \
	test "$(ctl --json show dataplane | e2e_jexpr "(d['downstream_directory_blocks'], d['down_spill'], d['downstream_directory_bytes'] > 0)")" = "($(ctl --json show sessions | "$PY" -c "
import json, sys
print(len({json.loads(l)['ip'].rsplit('.', 1)[0] for l in sys.stdin}))"), 0, True)"

# c. filters.
e2e_check "c. show sessions: $TOTAL rows, JSON" test "$(count show sessions)" = "$TOTAL"
ctl show sessions >"$E2E_DIR/sessions.txt" 2>&1
e2e_check "c. show sessions (table): header, $TOTAL rows, the count" \
	test "$(head -1 "$E2E_DIR/sessions.txt" | awk '{print $1, $3}'):$(grep -c ' up ' "$E2E_DIR/sessions.txt"):$(tail -1 "$E2E_DIR/sessions.txt")" = "ID USER:$TOTAL:($TOTAL listed)"
e2e_check "c. show sessions tunnel 3: $SESSIONS" test "$(count show sessions tunnel 3)" = "$SESSIONS"
e2e_check "c. show sessions peer 198.51.100.2: $TOTAL; peer 198.51.100.9: 0" \
	test "$(count show sessions peer 198.51.100.2):$(count show sessions peer 198.51.100.9)" = "$TOTAL:0"
WANT_GLOB=$("$PY" -c "import fnmatch; print(sum(fnmatch.fnmatchcase('user%d' % i, 'user1*') for i in range(1, $TOTAL + 1)))")
e2e_check "c. show sessions user 'user1*': $WANT_GLOB (fnmatch)" \
	test "$(count show sessions user 'user1*')" = "$WANT_GLOB"
e2e_check "c. show sessions user 'user1?' tunnel 1: the users user10..user19 of tunnel 1" \
	test "$(ctl --json show sessions user 'user1?' tunnel 1 | "$PY" -c "
import json, sys
print(sorted(json.loads(l)['user'] for l in sys.stdin) == sorted('user%d' % i for i in range(10, min(20, $SESSIONS + 1))))")" = True
e2e_check "c. show sessions ip $TUN_IP: the TUN subscriber only; ip 100.64.0.0/17: $TOTAL" \
	test "$(ctl --json show sessions ip "$TUN_IP" | e2e_jexpr "d['ip']"):$(count show sessions ip 100.64.0.0/17)" = "$TUN_IP:$TOTAL"
e2e_check "c. show sessions state up: $TOTAL; state auth: 0" \
	test "$(count show sessions state up):$(count show sessions state auth)" = "$TOTAL:0"
e2e_check "c. a bad filter is refused (exit 1, lnsd's reason)" \
	test "$(fails show sessions ip 300.1.2.3)" = "1:lnsctl: show sessions: ip: ADDRESS or ADDRESS/PREFIX"
ctl show sessions 2>"$E2E_DIR/head.err" | head -3 >/dev/null
e2e_check "c. lnsctl show sessions | head -3: no traceback (BrokenPipe handled)" \
	test "$(wc -c <"$E2E_DIR/head.err")" = 0

# d. the TUN subscriber's detail and live counters.
TUN_ID=$(ctl --json show sessions ip "$TUN_IP" | e2e_jexpr "d['id']")
det() { ctl --json show session "$TUN_ID" | tee "$E2E_DIR/session.json" | e2e_jexpr "$1"; }
e2e_check "d. show session $TUN_ID: LCP (MRU, CHAP), IPCP opened, L2TP IDs, calling number, up" \
	test "$(det "(d['ppp']['lcp']['auth'], d['ppp']['lcp']['our_mru'] > 0, d['ppp']['lcp']['peer_magic'] != 0, d['ppp']['ipcp']['state'], d['ppp']['state'], d['l2tp']['peer'], d['l2tp']['peer_session'] > 0, d['ppp']['in_dataplane'], d['ppp']['ip'], d['l2tp']['calling_number'] != '')")" = "('chap-md5', True, True, 'Opened', 'up', '198.51.100.2', True, True, '$TUN_IP', True)"
B_UP=$(det "d['ppp']['counters']['up_packets']")
B_DOWN=$(det "d['ppp']['counters']['down_packets']")
ip netns exec "$CORE" ping -q -c 10 -i 0.1 -W 2 "$TUN_IP" >"$E2E_DIR/ping-core.log" 2>&1
ip netns exec "$SUB" ping -q -c 7 -i 0.1 -W 2 -I "$TUN_IP" 203.0.113.2 >"$E2E_DIR/ping-sub.log" 2>&1
A_UP=$(det "d['ppp']['counters']['up_packets']")
A_DOWN=$(det "d['ppp']['counters']['down_packets']")
# Sent and answered of each ping (a loaded machine may lose some: the
# counters then lie between what was answered and what was sent).
pings() { sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$1"; }
read -r T1 R1 < <(pings "$E2E_DIR/ping-core.log")
read -r T2 R2 < <(pings "$E2E_DIR/ping-sub.log")
echo "# TUN subscriber counters: up $B_UP -> $A_UP, down $B_DOWN -> $A_DOWN; pings core->sub $R1/$T1, sub->core $R2/$T2 answered"
e2e_check "d. live counters follow the pings: up and down each between the echoes answered ($((R1 + R2))) and sent ($((T1 + T2))) both ways (17 when none is lost)" \
	sh -c "[ ${R1:-0} -gt 0 ] && [ ${R2:-0} -gt 0 ] && [ $((A_UP - B_UP)) -ge $((R1 + R2)) ] && [ $((A_UP - B_UP)) -le $((T1 + T2)) ] && [ $((A_DOWN - B_DOWN)) -ge $((R1 + R2)) ] && [ $((A_DOWN - B_DOWN)) -le $((T1 + T2)) ]"
ctl show session "$TUN_ID" >"$E2E_DIR/session.txt" 2>&1
e2e_check "d. show session (table): dotted keys, e.g. ppp.lcp.auth" \
	grep -Eq '^ppp\.lcp\.auth +chap-md5' "$E2E_DIR/session.txt"
e2e_check "d. show session 63/1: no such session (exit 1)" \
	test "$(fails show session 63/1)" = "1:lnsctl: show session: no such session"

# h. QoS: the default profile, one set by hand, then forgotten.
qos() { ctl --json show session "$TUN_ID" | e2e_jexpr "(lambda q: $1)(d['ppp']['qos'])"; }
e2e_check "h. show session: ppp.qos is the default profile fast, 1G both ways" \
	test "$(qos "(q['source'], q['profile'], q['up_bps'], q['down_bps'], q['manual'])")" = "('default', 'fast', 1000000000, 1000000000, '')"
e2e_check "h. set session $TUN_ID profile gold: one session" \
	test "$(ctl --json set session "$TUN_ID" profile gold | e2e_jexpr "d['sessions']")" = 1
GOLD=$(qos "(q['source'], q['profile'], q['up_bps'], q['burst_up'])")
e2e_check "h. ... now manual gold: 500M up with a 64k burst" \
	test "$GOLD" = "('manual', 'gold', 500000000, 65536)"
e2e_check "h. ... and lnsd logged event=admin-qos" \
	e2e_wait 20 grep -q "event=admin-qos session=\"$TUN_ID\" profile=\"gold\"" "$E2E_DIR/lnsd.log"
e2e_check "h. show qos --json: gold 1 session, fast the other $((TOTAL - 1)), none unlimited" \
	test "$(ctl --json show qos | e2e_jexpr "(sorted((p['name'], p['sessions']) for p in d['profiles']), d['sessions_unlimited'])")" = "([('fast', $((TOTAL - 1))), ('gold', 1)], 0)"
ctl show qos >"$E2E_DIR/qos.txt" 2>&1
e2e_check "h. show qos (table): a PROFILE header and gold's row (500M up)" \
	sh -c "grep -q '^PROFILE' '$E2E_DIR/qos.txt' && grep -Eq '^gold +500M +1G' '$E2E_DIR/qos.txt'"
e2e_check "h. set session ... profile nosuch: refused (exit 1)" \
	test "$(fails set session "$TUN_ID" profile nosuch)" = "1:lnsctl: set session: profile: no such profile in qos.profiles"
ctl set session "$TUN_ID" profile "" >/dev/null 2>&1
e2e_check "h. set session ... profile \"\": back to the default" \
	test "$(qos "(q['source'], q['profile'], q['manual'])")" = "('default', 'fast', '')"

# e. log level at run time.
ctl log level ppp warning >"$E2E_DIR/loglevel.out" 2>&1
e2e_check "e. log level ppp warning: acknowledged and logged by lnsd" \
	e2e_wait 20 grep -q 'event=log-level module=ppp level=warning' "$E2E_DIR/lnsd.log"
MARK=$(wc -l <"$E2E_DIR/lnsd.log")

# f. disconnects (Admin-Reset), one of each. A second LAC (198.51.100.3)
# brings 3 sessions of users that exist already (user1..user3): a user
# with two sessions, both found through the user index.
LAC1_PID=$LACGEN_PID
e2e_lacgen -b dup.json --lns-ip 198.51.100.1 --local-ip 198.51.100.3/24 \
	--ppp --auth chap --password pw --tunnels 1 --sessions 3 \
	--hold 600 --teardown --timeout 900 --json
LAC2_PID=$LACGEN_PID
e2e_lacgen_hold dup.json
LACGEN_PID=$LAC1_PID
e2e_check "f. second LAC: 3 sessions of user1..user3, user2 has two sessions now" \
	test "$(count show sessions peer 198.51.100.3):$(count show sessions user user2)" = "3:2"
S1=2/5
U1=user$((2 * SESSIONS + 1))	# tunnel 3, session 1
IP1=$(ctl --json show sessions tunnel 3 | sed -n 2p | e2e_jexpr "d['ip']")	# 3/2
e2e_check "f. disconnect session $S1" test "$(ctl --json disconnect session "$S1" | e2e_jexpr "d['sessions']")" = 1
e2e_check "e. with ppp at warning, the session's PPP teardown logged no ppp: info line" \
	sh -c "sleep 1; ! tail -n +$((MARK + 1)) $E2E_DIR/lnsd.log | grep -Eq '(^| )ppp: tunnel='"
ctl log level ppp info >/dev/null 2>&1
MARK=$(wc -l <"$E2E_DIR/lnsd.log")
e2e_check "f. disconnect user $U1" test "$(ctl --json disconnect user "$U1" | e2e_jexpr "d['sessions']")" = 1
e2e_check "e. back at info, the next teardown logs ppp: lines again" \
	e2e_wait 20 sh -c "tail -n +$((MARK + 1)) $E2E_DIR/lnsd.log | grep -Eq '(^| )ppp: tunnel='"
e2e_check "f. disconnect user user2: both of its sessions" \
	test "$(ctl --json disconnect user user2 | e2e_jexpr "d['sessions']")" = 2
e2e_check "f. disconnect ip $IP1" test "$(ctl --json disconnect ip "$IP1" | e2e_jexpr "d['sessions']")" = 1
e2e_check "f. disconnect tunnel $TUNNELS" test "$(ctl --json disconnect tunnel "$TUNNELS" | e2e_jexpr "d['tunnels']")" = 1
e2e_check "f. disconnect user nobody: no session matched (exit 1)" \
	test "$(fails disconnect user nobody)" = "1:lnsctl: disconnect: no session matched"
LEFT=$((TOTAL - SESSIONS - 3 + 3 - 2))
# A cleared tunnel stays listed (closing) for the LAC's retransmissions.
e2e_check "f. $LEFT sessions left, $TUNNELS tunnels established (one gone, the second LAC's come)" \
	e2e_wait 100 sh -c "test \"\$($PY $E2E_ROOT/tools/lnsctl -p $E2E_PREFIX --json show summary | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d[\"l2tp\"][\"sessions\"], d[\"l2tp\"][\"tunnels_established\"])')\" = '$LEFT $TUNNELS'"
e2e_check "f. show sessions lists the $LEFT; tunnel $TUNNELS is closing or gone" \
	test "$(count show sessions):$(ctl --json show tunnels | "$PY" -c "
import json, sys
print([r['state'] for r in map(json.loads, sys.stdin) if r['id'] == $TUNNELS] in ([], ['closing']))")" = "$LEFT:True"
e2e_check "f. the disconnected sessions are gone from the listings" \
	test "$(count show sessions user "$U1"):$(count show sessions user user2):$(count show sessions ip "$IP1"):$(count show sessions tunnel 2 | tr -d ' ')" = "0:0:0:$((SESSIONS - 1))"
e2e_check "f. accounting: $((SESSIONS + 5)) Stops with cause=admin-reset (Admin-Reset)" \
	e2e_wait 50 sh -c "test \$(grep -c 'event=accounting.*cause=admin-reset' $E2E_DIR/lnsd.log) -eq $((SESSIONS + 5))"

# g. misbehaving clients, each cut off and counted; lnsd keeps serving.
abuse() { "$PY" "$E2E_ROOT/tests/e2e/ctl_sock_abuse.py" "$SOCK" "$1"; }
sock() { ctl --json show stats | e2e_jexpr "d['socket']['$1']"; }
for c in malformed:malformed oversized:oversized stall:stalled; do
	key=${c#*:} c=${c%:*}
	before=$(sock "$key")
	abuse "$c" >"$E2E_DIR/abuse-$c.txt" 2>&1
	rc=$?
	sed 's/^/# /' "$E2E_DIR/abuse-$c.txt"
	e2e_check "g. $c client: cut off (rc $rc) and counted (socket.$key)" \
		test "$rc:$(($(sock "$key") - before))" = "0:1"
done
before=$(sock refused)
abuse flood >"$E2E_DIR/abuse-flood.txt" 2>&1
rc=$?
e2e_check "g. the 33rd client at once: \"too many clients\" (rc $rc), counted (socket.refused)" \
	test "$rc:$(($(sock refused) - before))" = "0:1"
e2e_check "g. lnsd still answers: show summary after the abuse" \
	test "$(sum "d['l2tp']['tunnels_established']")" = "$TUNNELS"
# (test_reload.sh tries reloads that change things.)
e2e_check "reload of the unchanged file: applied, no change" \
	test "$(ctl reload 2>&1)" = "reload applied: no change"

# f. the LACs' view after their teardown: the CDNs and the StopCCN they got.
kill -USR1 "$LAC1_PID" "$LAC2_PID"
for pid in "$LAC1_PID" "$LAC2_PID"; do
	for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	wait "$pid"
done
e2e_check "f. first LAC: 4 CDNs with result 3 (administrative), 1 StopCCN with result 1 (general request)" \
	test "$(e2e_lacgen_json lacgen.json "(d['sessions']['cdn_result_codes'].get('3'), d['tunnels']['stopccn_result_codes'].get('1'))")" = "(4, 1)"
e2e_check "f. second LAC: 1 CDN with result 3 (user2's second session)" \
	test "$(e2e_lacgen_json dup.json "d['sessions']['cdn_result_codes'].get('3')")" = 1

e2e_stop_lnsd
e2e_check "lnsd removed its socket at exit" test ! -e "$SOCK"
e2e_done
