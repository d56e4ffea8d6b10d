#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd's RFC 5176 Dynamic Authorization server (radius.dae) driven by
# FreeRADIUS's radclient, in lnsd's namespace; FreeRADIUS 3.2
# (tests/interop/radius_lib.sh) authenticates and takes the accounting,
# lns-lacgen holds four subscribers d1..d4:
#  a. a Disconnect-Request by User-Name (d1) and one by Acct-Session-Id
#     (d2): Disconnect-ACK, the call cleared with CDN result 3
#     (administrative), an accounting Stop with Acct-Terminate-Cause
#     Admin-Reset;
#  b. a CoA-Request with Session-Timeout = 2 (d3): CoA-ACK, the session
#     ends within a few seconds with Acct-Terminate-Cause Session-Timeout;
#  c. a CoA-Request by Framed-IP-Address with Filter-Id and
#     Mikrotik-Rate-Limit (d4): CoA-ACK, d4 stays up;
#  d. a request for no session: NAK with Error-Cause
#     Session-Context-Not-Found (503);
#  e. refused silently and counted (/lnsd/dae, lnsd's log): a wrong
#     secret, a source that is no client, no Event-Timestamp (required
#     here), a stale one;
#  f. lacgen received three CDNs with result 3, d4 was cleared by lacgen.
# radclient checks every answer's Response Authenticator and
# Message-Authenticator itself (an independent implementation).
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
e2e_require_root
e2e_require_lacgen
command -v freeradius >/dev/null || e2e_bail "freeradius not installed"
command -v radclient >/dev/null || e2e_bail "radclient not installed"

e2e_access_topology
RAD_NETNS=$LNS
read -r AP CP DP < <(rad_ports 3 | tr '\n' ' ')
for u in 1 2 3 4; do rad_user "d$u" pw; done
rad_start r1 "$AP" "$CP" || e2e_bail "FreeRADIUS did not start"
DAE_SECRET=dae-test-secret

{ e2e_yaml_access; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap]
aaa:
  pools:
    - { name: subs, prefix: 100.65.0.0/24 }
qos:
  profiles:
    gold: { up: 10M, down: 50M }
radius:
  nas_identifier: lns-dae-test
  servers:
    - { address: 127.0.0.1, auth_port: $AP, acct_port: $CP, secret: "$RAD_SECRET" }
  accounting:
    spool_dir: $E2E_DIR/spool
  dae:
    address: 127.0.0.1
    port: $DP
    window_s: 60
    require_event_timestamp: true
    clients:
      - { address: 127.0.0.1, secret: "$DAE_SECRET" }
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"
e2e_check "lnsd listens for dynamic authorization" \
	grep -q "event=dae-listening address=127.0.0.1 port=$DP" "$E2E_DIR/lnsd.log"

# dae OUT CODE SECRET TS [ATTR = VALUE]...: one request from radclient
# (Message-Authenticator, and Event-Timestamp TS unless TS is "-"), its
# debug output in $E2E_DIR/OUT.
dae() {
	local out=$1 code=$2 secret=$3 ts=$4
	shift 4
	{
		echo "Message-Authenticator = 0x00"
		[ "$ts" = - ] || echo "Event-Timestamp = $ts"
		printf '%s\n' "$@"
	} | rad_ns radclient -x -r 1 -t 2 "127.0.0.1:$DP" "$code" "$secret" \
		>"$E2E_DIR/$out" 2>&1
}
got() { grep -q "$2" "$E2E_DIR/$1"; }
# acct FIELD USER: a field of the user's acct-start line in lnsd's log.
acct() { sed -n "s/.*event=acct-start user=\"$2\" .*$1=\([^ ]*\).*/\1/p" "$E2E_DIR/lnsd.log" | head -1; }
# stop_cause USER: Acct-Terminate-Cause of the user's Stop in the detail.
stop_cause() {
	awk -v u="\"$1\"" '/^[A-Z][a-z][a-z] /{rec=""} {rec=rec $0 "\n"}
		/Acct-Terminate-Cause/ && index(rec, "User-Name = " u) {sub(/.*= /, ""); print; exit}' \
		"$(rad_detail r1)"
}
tel() { e2e_lnsctl raw /lnsd/dae | e2e_jexpr "$1"; }

e2e_lacgen -b hold.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --password pw --json --tunnels 1 --sessions 4 \
	--user-prefix d --hold 45 --timeout 55
e2e_lacgen_hold hold.json
e2e_wait 50 sh -c "[ \$(grep -c 'event=acct-start' '$E2E_DIR/lnsd.log') -eq 4 ]" ||
	e2e_bail "the four subscribers are not up: $(tail -3 "$E2E_DIR/hold.log")"
SID2=$(acct acct_session_id d2)
IP4=$(acct ip d4)
[ -n "$SID2" ] && [ -n "$IP4" ] || e2e_bail "no Acct-Session-Id / address in lnsd's log"

# a. Disconnect by User-Name, then by Acct-Session-Id.
dae disc-user.out disconnect "$DAE_SECRET" "$(date +%s)" 'User-Name = "d1"'
e2e_check "a. Disconnect-Request User-Name = d1: Disconnect-ACK" \
	got disc-user.out "Received Disconnect-ACK"
dae disc-sid.out disconnect "$DAE_SECRET" "$(date +%s)" \
	"Acct-Session-Id = \"$SID2\"" 'NAS-Identifier = "lns-dae-test"'
e2e_check "a. Disconnect-Request Acct-Session-Id = $SID2 (d2): Disconnect-ACK" \
	got disc-sid.out "Received Disconnect-ACK"
e2e_wait 50 sh -c "[ \$(grep -c 'Acct-Terminate-Cause = Admin-Reset' '$(rad_detail r1)') -ge 2 ]"
e2e_check "a. d1's Stop has Acct-Terminate-Cause Admin-Reset" \
	test "$(stop_cause d1)" = Admin-Reset
e2e_check "a. d2's Stop has Acct-Terminate-Cause Admin-Reset" \
	test "$(stop_cause d2)" = Admin-Reset
e2e_check "a. lnsd cleared both calls with result 3 and logged the requests" \
	sh -c "[ \$(grep -c 'reason=\"administrative disconnect\" result=3' '$E2E_DIR/lnsd.log') -eq 2 ] &&
		grep -q 'event=dae-ack code=Disconnect-Request .*sessions=1 user=\"d1\"' '$E2E_DIR/lnsd.log'"

# b. CoA Session-Timeout = 2 on d3, by user name.
T0=$(date +%s%N)
dae coa-st.out coa "$DAE_SECRET" "$(date +%s)" 'User-Name = "d3"' 'Session-Timeout = 2'
e2e_check "b. CoA-Request Session-Timeout = 2 (d3): CoA-ACK" \
	got coa-st.out "Received CoA-ACK"
e2e_wait 80 sh -c "grep -q 'user=\"d3\" .*cause=session-timeout' '$E2E_DIR/lnsd.log'"
T1=$(date +%s%N)
e2e_check "b. d3 ended by Session-Timeout 2-6 s after the CoA (took $(((T1 - T0) / 1000000)) ms)" \
	test $(((T1 - T0) / 1000000)) -ge 1500 -a $(((T1 - T0) / 1000000)) -le 6000
e2e_wait 50 sh -c "grep -q 'Acct-Terminate-Cause = Session-Timeout' '$(rad_detail r1)'"
e2e_check "b. d3's Stop has Acct-Terminate-Cause Session-Timeout" \
	test "$(stop_cause d3)" = Session-Timeout

# c. CoA by address with a QoS profile and a rate limit (the rate string
# comes first, docs/qos.md): applied, ACKed.
dae coa-ip.out coa "$DAE_SECRET" "$(date +%s)" "Framed-IP-Address = $IP4" \
	'Filter-Id = "gold"' 'Mikrotik-Rate-Limit = "10M/20M"' \
	'Acct-Interim-Interval = 600'
e2e_check "c. CoA-Request Framed-IP-Address = $IP4 (d4), Filter-Id, Mikrotik-Rate-Limit: CoA-ACK" \
	got coa-ip.out "Received CoA-ACK"
e2e_check "c. lnsd logged the change and the session it changed" \
	sh -c "grep -q 'event=dae-ack code=CoA-Request .*sessions=1 ip=$IP4 interim=600 filter_id=\"gold\" rate_limit=\"10M/20M\"' '$E2E_DIR/lnsd.log' &&
		grep -q 'event=dae-coa user=\"d4\" ip=$IP4 acct_session_id=' '$E2E_DIR/lnsd.log'"

D4=$(e2e_lnsctl --json show sessions ip "$IP4" | e2e_jexpr "d['id']")
e2e_check "c. d4 is rated by the CoA's Mikrotik-Rate-Limit: 10M up, 20M down (lnsctl)" \
	test "$(e2e_lnsctl --json show session "$D4" | e2e_jexpr "(lambda q: (q['source'], q['up_bps'], q['down_bps']))(d['ppp']['qos'])")" = "('radius', 10000000, 20000000)"

# d. no such session.
dae nak.out disconnect "$DAE_SECRET" "$(date +%s)" 'User-Name = "nobody"'
e2e_check "d. Disconnect-Request for no session: Disconnect-NAK" \
	got nak.out "Received Disconnect-NAK"
e2e_check "d. ... with Error-Cause Session-Context-Not-Found" \
	got nak.out "Error-Cause = Session-Context-Not-Found"
dae nak-coa.out coa "$DAE_SECRET" "$(date +%s)" 'User-Name = "d1"' 'Session-Timeout = 5'
e2e_check "d. CoA-Request for d1, disconnected: CoA-NAK, Session-Context-Not-Found" \
	sh -c "grep -q 'Received CoA-NAK' '$E2E_DIR/nak-coa.out' && grep -q 'Error-Cause = Session-Context-Not-Found' '$E2E_DIR/nak-coa.out'"

# e. refusals: no answer, counted.
dae wrong-secret.out disconnect not-the-secret "$(date +%s)" 'User-Name = "d4"'
e2e_check "e. a wrong secret: no answer" got wrong-secret.out "No reply from server"
rad_ns "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.2", 0))
s.sendto(bytes([40, 1, 0, 20]) + bytes(16), ("127.0.0.1", int(sys.argv[1])))' "$DP"
dae no-ts.out disconnect "$DAE_SECRET" - 'User-Name = "d4"'
e2e_check "e. no Event-Timestamp (required): no answer" got no-ts.out "No reply from server"
dae stale.out disconnect "$DAE_SECRET" "$(($(date +%s) - 3600))" 'User-Name = "d4"'
e2e_check "e. an Event-Timestamp an hour old: no answer" got stale.out "No reply from server"
e2e_lnsctl raw /lnsd/dae >"$E2E_DIR/dae.json" 2>&1
e2e_check "e. /lnsd/dae counts the wrong secret, the stranger, the missing and the stale Event-Timestamp" \
	test "$(tel "(d['bad_authenticator'], d['unknown_client'], d['missing_event_timestamp'], d['stale_event_timestamp'])")" = "(1, 1, 1, 1)"
e2e_check "e. /lnsd/dae counts the answers: 4 ACKs, 2 NAKs 503, per client too" \
	test "$(tel "(d['acks'], d['nak_session_not_found'], d['c0']['acks'], d['c0']['address'], d['disconnect_requests'], d['coa_requests'])")" = "(4, 2, 4, '127.0.0.1', 3, 3)"
e2e_check "e. lnsd logged a refusal (rate-limited)" \
	grep -Eq 'event=dae-dropped code=Disconnect-Request id=[0-9]+ reason=bad_authenticator' "$E2E_DIR/lnsd.log"
e2e_check "e. d4 is still up, the only one" \
	test "$(e2e_lnsctl --json ppp | e2e_jexpr "d['sessions_up']")" = 1

# f. what the LAC saw.
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
e2e_check "f. lacgen received three CDNs with result 3 (administrative)" \
	test "$(e2e_lacgen_json hold.json "d['sessions']['cdn_result_codes'].get('3')" 2>/dev/null)" = 3
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_done
