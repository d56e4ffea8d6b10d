#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# lnsd against FreeRADIUS 3.2 (tests/interop/radius_lib.sh, in lnsd's
# namespace) with lns-lacgen as LAC and subscribers:
#  a. PAP, CHAP-MD5 and MS-CHAPv2 accepted by RADIUS, and rejected with a
#     wrong password (CDN result 2, counted);
#  b. Framed-IP-Address and Framed-Pool from the Access-Accept honoured;
#  c. the Access-Requests FreeRADIUS received carry NAS-IP-Address,
#     NAS-Identifier, NAS-Port-Type, Calling-Station-Id, Connect-Info and
#     the RFC 2868 Tunnel-* attributes, and a Message-Authenticator;
#  d. Session-Timeout and Idle-Timeout end sessions with those
#     Acct-Terminate-Causes;
#  e. accounting Start/Stop for a real Linux subscriber on a TUN device:
#     the Stop's octet and packet counts equal the pings sent through it,
#     Class echoed, Accounting-On at start;
#  f. per-realm servers: users @wh.example go to the server group
#     "wholesale" (a second FreeRADIUS), authentication and accounting,
#     with the realm stripped; the default group never sees them.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
e2e_require_root
e2e_require_lacgen
command -v freeradius >/dev/null || e2e_bail "freeradius not installed"

e2e_access_topology
e2e_core_topology
e2e_subscriber_netns
# The pools of this test, routed via lnsd by the core host.
ip -n "$CORE" route add 100.65.0.0/16 via 203.0.113.1
ip -n "$CORE" route add 100.66.0.0/16 via 203.0.113.1
RAD_NETNS=$LNS
read -r AP CP < <(rad_ports 2 | tr '\n' ' ')
rad_user pap1 pw "Framed-IP-Address = 100.64.9.9"
rad_user chap1 pw "Framed-Pool = \"gold\""
rad_user ms1 pw
rad_user to1 pw "Session-Timeout = 2"
rad_user to2 pw "Idle-Timeout = 2"
rad_user tun1 pw "Class = \"billing-42\""
rad_user wh1 pw "Framed-IP-Address = 100.64.7.7"
rad_start r1 "$AP" "$CP" || e2e_bail "FreeRADIUS did not start"
read -r AP2 CP2 < <(rad_ports 2 | tr '\n' ' ')
rad_start r2 "$AP2" "$CP2" || e2e_bail "FreeRADIUS (wholesale) did not start"

{ e2e_yaml_access; e2e_yaml_core; cat <<YAML; } >"$E2E_DIR/lnsd.yaml"
ppp:
  auth: [chap, mschapv2, pap]
aaa:
  default_pool: subs
  pools:
    - { name: subs, prefix: 100.65.0.0/24 }
    - { name: gold, prefix: 100.66.0.0/24 }
  realms:
    - { name: "", backend: radius }
    - { name: wh.example, backend: radius, radius_group: wholesale, strip: true }
radius:
  nas_identifier: lns-under-test
  servers:
    - { address: 127.0.0.1, auth_port: $AP, acct_port: $CP, secret: "$RAD_SECRET" }
    - { address: 127.0.0.1, auth_port: $AP2, acct_port: $CP2, secret: "$RAD_SECRET", group: wholesale }
  accounting:
    spool_dir: $E2E_DIR/spool
YAML
e2e_lnsd "$LNS" "$E2E_DIR/lnsd.yaml"

lacgen() {
	local name=$1; shift
	e2e_lacgen "$name.json" --lns-ip 198.51.100.1 \
		--local-ip 198.51.100.2/24 --ppp --password pw --json "$@"
}
j() { e2e_lacgen_json "$1.json" "$2" 2>/dev/null; }
# acct_start USER: the ip= of the user's acct-start line in lnsd's log.
acct_ip() { sed -n "s/.*event=acct-start user=\"$1\" ip=\([0-9.]*\) .*/\1/p" "$E2E_DIR/lnsd.log" | head -1; }
# stop_cause USER: Acct-Terminate-Cause of the user's Stop in the detail.
stop_cause() {
	awk -v u="\"$1\"" '/^[A-Z][a-z][a-z] /{rec=""} {rec=rec $0 "\n"}
		/Acct-Terminate-Cause/ && index(rec, "User-Name = " u) {sub(/.*= /, ""); print; exit}' \
		"$(rad_detail r1)"
}

# a. + b.
lacgen pap --tunnels 1 --sessions 1 --user-prefix pap --auth pap --teardown --timeout 30
e2e_ok $? "a. PAP through RADIUS: the session comes up"
e2e_check "b. Framed-IP-Address 100.64.9.9 (outside every pool) given to pap1" \
	test "$(acct_ip pap1)" = 100.64.9.9
lacgen chap --tunnels 1 --sessions 1 --user-prefix chap --auth chap --teardown --timeout 30
e2e_ok $? "a. CHAP-MD5 through RADIUS: the session comes up"
e2e_check "b. Framed-Pool gold: chap1's address is from 100.66.0.0/24" \
	sh -c "echo '$(acct_ip chap1)' | grep -q '^100\.66\.0\.'"
lacgen ms --tunnels 1 --sessions 1 --user-prefix ms --auth mschapv2 --teardown --timeout 30
e2e_ok $? "a. MS-CHAPv2 through RADIUS (lacgen checked the authenticator response from MS-CHAP2-Success)"
lacgen bad --tunnels 1 --sessions 2 --user-prefix chap --auth chap --password wrong --timeout 20
e2e_check "a. wrong password: Access-Reject, both calls cleared with CDN result 2" \
	test "$(j bad "(d['ppp']['auth_failed'], d['sessions']['cdn_result_codes'].get('2'))")" = "(2, 2)"
lacgen badpap --tunnels 1 --sessions 1 --user-prefix pap --auth pap --password wrong --timeout 20
e2e_check "a. wrong PAP password: refused too" \
	test "$(j badpap "d['ppp']['auth_failed']")" = 1

# c. what FreeRADIUS received.
AD=$(rad_auth_detail r1)
for a in 'NAS-IP-Address = 203.0.113.1' 'NAS-Identifier = "lns-under-test"' \
	'NAS-Port-Type = Virtual' 'Service-Type = Framed-User' \
	'Framed-Protocol = PPP' 'Calling-Station-Id = "lacgen-1-1"' \
	'Connect-Info = ' 'Tunnel-Type:1 = L2TP' 'Tunnel-Medium-Type:1 = IPv4' \
	'Tunnel-Client-Endpoint:1 = "198.51.100.2"' \
	'Tunnel-Server-Endpoint:1 = "198.51.100.1"' \
	'Tunnel-Client-Auth-Id:1 = ' 'Tunnel-Assignment-Id:1 = ' \
	'Acct-Session-Id = ' 'Message-Authenticator = ' 'CHAP-Challenge = ' \
	'MS-CHAP2-Response = ' 'User-Password = "pw"'; do
	e2e_check "c. the Access-Requests carry $a" grep -qF "$a" "$AD"
done

# d. Session-Timeout (to1) and Idle-Timeout (to2): held sessions of one
# lacgen run (two runs at once would share the LAC's address and IDs), no
# traffic.
e2e_lacgen -b to.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --password pw --json --tunnels 1 --sessions 2 --user-prefix to \
	--auth chap --hold 30 --timeout 40
e2e_wait 150 sh -c "grep -q 'Terminate-Cause = Session-Timeout' '$(rad_detail r1)' && grep -q 'Terminate-Cause = Idle-Timeout' '$(rad_detail r1)'"
e2e_check "d. Session-Timeout = 2: to1's Stop has Acct-Terminate-Cause Session-Timeout" \
	test "$(stop_cause to1)" = Session-Timeout
e2e_check "d. Idle-Timeout = 2: to2's Stop has Acct-Terminate-Cause Idle-Timeout" \
	test "$(stop_cause to2)" = Idle-Timeout
e2e_check "d. lnsd logged both causes, after about 2 s" \
	sh -c "grep -Eq 'user=\"to1\" .*seconds=[23] cause=session-timeout' '$E2E_DIR/lnsd.log' && grep -Eq 'user=\"to2\" .*seconds=[23] cause=idle-timeout' '$E2E_DIR/lnsd.log'"
kill -USR1 "$LACGEN_PID" 2>/dev/null
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
# Gone for sure before the next LAC uses the same address and IDs.
kill -KILL "$LACGEN_PID" 2>/dev/null; wait "$LACGEN_PID" 2>/dev/null

# e. a real subscriber on a TUN device: 5 pings each way (84 octets).
e2e_lacgen -b tun.json --lns-ip 198.51.100.1 --local-ip 198.51.100.2/24 \
	--ppp --auth chap --password pw --user-prefix tun --tunnels 1 \
	--sessions 1 --tun 1 --tun-netns "$SUB" --hold 60 --teardown \
	--timeout 80 --json
e2e_lacgen_hold tun.json
[ "${#ADDR[@]}" -eq 1 ] || e2e_bail "no TUN subscriber: $(tail -5 "$E2E_DIR/tun.log")"
# The subscriber's routes and lnsd's dataplane session settle (a loaded
# machine): the pings below must all be counted.
e2e_wait 50 sh -c "ip -n '$SUB' -o addr show | grep -q '${ADDR[0]}/32'"
sleep 1
ip netns exec "$CORE" ping -q -c 5 -i 0.1 -W 2 "${ADDR[0]}" >"$E2E_DIR/ping-core.log" 2>&1
ip netns exec "$SUB" ping -q -c 5 -i 0.1 -W 2 -I "${ADDR[0]}" 203.0.113.2 >"$E2E_DIR/ping-sub.log" 2>&1
e2e_check "e. ping both ways through the RADIUS subscriber, 0% loss" \
	sh -c "grep -q ' 0% packet loss' '$E2E_DIR/ping-core.log' && grep -q ' 0% packet loss' '$E2E_DIR/ping-sub.log'"
E_PING=$?
# On a loss, what each hop saw (kept in the test's output for CI).
[ "$E_PING" -eq 0 ] || {
	e2e_lnsctl --json dataplane >"$E2E_DIR/e-dataplane.json" 2>&1
	e2e_lnsctl --json ppp >"$E2E_DIR/e-ppp.json" 2>&1
	{ cat "$E2E_DIR/ping-core.log" "$E2E_DIR/ping-sub.log"
	  ip -n "$SUB" addr; ip -n "$SUB" rule; ip -n "$SUB" route show table all
	  grep -v '^TELEMETRY' "$E2E_DIR/tun.log"
	  sed -n '/tunnel=/p' "$E2E_DIR/lnsd.log" | tail -12
	  cat "$E2E_DIR/e-dataplane.json"; cat "$E2E_DIR/e-ppp.json"; } |
		sed 's/^/# e-diag: /'
}
kill -USR1 "$LACGEN_PID"
for _ in $(seq 100); do kill -0 "$LACGEN_PID" 2>/dev/null || break; sleep 0.1; done
[ "$E_PING" -eq 0 ] || python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['tun']))" \
	"$E2E_DIR/tun.json" 2>&1 | sed 's/^/# e-diag: lacgen tun: /'
e2e_wait 100 grep -q 'User-Name = "tun1"' "$(rad_detail r1)"
e2e_wait 100 sh -c "grep -A40 'User-Name = \"tun1\"' '$(rad_detail r1)' | grep -q 'Acct-Status-Type = Stop'"
# The tun1 Stop record, as FreeRADIUS wrote it.
awk '/^[A-Z][a-z][a-z] /{if (rec ~ /User-Name = "tun1"/ && rec ~ /Status-Type = Stop/) print rec; rec=""} {rec=rec $0 "\n"}
	END {if (rec ~ /User-Name = "tun1"/ && rec ~ /Status-Type = Stop/) print rec}' \
	"$(rad_detail r1)" >"$E2E_DIR/tun1-stop.txt"
sed 's/^/# /' "$E2E_DIR/tun1-stop.txt" | grep -E 'Acct-(In|Out)put|Class|Session-Time'
# 5 echo requests + 5 replies each way, 84 octets each: 10 packets, 840.
for a in 'Acct-Input-Packets = 10' 'Acct-Output-Packets = 10' \
	'Acct-Input-Octets = 840' 'Acct-Output-Octets = 840' \
	'Class = 0x62696c6c696e672d3432' 'Acct-Terminate-Cause = Lost-Carrier' \
	'Framed-IP-Address = '"${ADDR[0]}"; do
	e2e_check "e. tun1's Stop: $a" grep -qF "$a" "$E2E_DIR/tun1-stop.txt"
done
e2e_check "e. Accounting-On at lnsd's start" \
	grep -q 'Acct-Status-Type = Accounting-On' "$(rad_detail r1)"
e2e_check "every Start has its Stop" sh -c "
	s=\$(grep -c 'Acct-Status-Type = Start' '$(rad_detail r1)')
	t=\$(grep -c 'Acct-Status-Type = Stop' '$(rad_detail r1)'); [ \$s -ge 6 ] && [ \$s -eq \$t ]"
# f. the wholesale realm: its own servers, realm stripped.
lacgen wh --tunnels 1 --sessions 1 --user-prefix wh --user-suffix @wh.example \
	--auth chap --teardown --timeout 30
e2e_ok $? "f. wh1@wh.example comes up through the wholesale group's server"
e2e_check "f. its Access-Request reached the wholesale server as User-Name wh1 (stripped)" \
	grep -q 'User-Name = "wh1"' "$(rad_auth_detail r2)"
e2e_check "f. the default group's server never saw it" \
	sh -c "! grep -q 'wh1' '$(rad_auth_detail r1)'"
e2e_wait 50 grep -q 'Acct-Status-Type = Stop' "$(rad_detail r2)"
e2e_check "f. its Start and Stop went to the wholesale server, stripped" \
	test "$(grep -c 'User-Name = "wh1"' "$(rad_detail r2)")" = 2
e2e_check "f. lnsd gave it the wholesale server's Framed-IP-Address" \
	test "$(acct_ip 'wh1@wh.example')" = 100.64.7.7
e2e_check "f. /lnsd/radius shows the group wholesale with its answer" \
	test "$(e2e_json radius "d['group_wholesale']['accepts']")" = 1
e2e_check "lnsd is still running" kill -0 "$LNSD_PID"
e2e_stop_lnsd
e2e_wait 50 grep -q 'Acct-Status-Type = Accounting-Off' "$(rad_detail r1)"
e2e_check "Accounting-Off at lnsd's clean stop" \
	grep -q 'Acct-Status-Type = Accounting-Off' "$(rad_detail r1)"
e2e_done
