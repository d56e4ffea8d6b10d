#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The FreeRADIUS harness (radius_lib.sh) against FreeRADIUS's own clients
# (radclient, radtest) and two small independent checkers: PAP accept and
# reject with reply attributes, CHAP, MS-CHAP (v1, radtest) and MS-CHAPv2,
# Message-Authenticator required in requests and present and valid in
# answers, the Access-Request and accounting detail files, two servers at
# once, stop by PID. It keeps the harness honest for lnsd's RADIUS tests.
. "$(dirname "$0")/../e2e/lib.sh"
. "$(dirname "$0")/radius_lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
command -v freeradius >/dev/null && command -v radclient >/dev/null ||
	e2e_bail "freeradius and freeradius-utils are not installed (scripts/deps.sh)"

mapfile -t PORTS < <(rad_ports 4)
A_AUTH=${PORTS[0]} A_ACCT=${PORTS[1]} B_AUTH=${PORTS[2]} B_ACCT=${PORTS[3]}

rad_user alice alicepw "Framed-IP-Address = 100.64.7.7" \
	"Session-Timeout = 3600" "Framed-Pool = \"subs\""
rad_user bob "b0b pass"

# rc CMD...: CMD's output in $E2E_DIR/out (for the checks that follow).
rc() { "$@" >"$E2E_DIR/out" 2>&1; }
out_has() { grep -q -- "$1" "$E2E_DIR/out"; }
out_lacks() { ! grep -q -- "$1" "$E2E_DIR/out"; }
# pap PORT USER PASSWORD [ATTR...]: an Access-Request through radclient.
pap() {
	local port=$1 user=$2 pw=$3
	shift 3
	{
		echo "User-Name = \"$user\""
		echo "User-Password = \"$pw\""
		echo "Message-Authenticator = 0x00"
		printf '%s\n' "$@"
	} | radclient -x -r 1 -t 2 "127.0.0.1:$port" auth "$RAD_SECRET"
}
# acct PORT ATTR...: an Accounting-Request.
acct() {
	local port=$1
	shift
	printf '%s\n' "$@" | radclient -x -r 1 -t 2 "127.0.0.1:$port" acct "$RAD_SECRET"
}

e2e_check "the MS-CHAPv2 helper reproduces RFC 2759 section 9.2" \
	/usr/bin/python3 "$HERE/rad_mschapv2.py" --selftest

rad_start a "$A_AUTH" "$A_ACCT" || e2e_bail "server a did not start"
echo "# server a started in ${RAD_START_MS[a]} ms"
e2e_check "server a answers Status-Server in under 1 s" test "${RAD_START_MS[a]}" -lt 1000
listening() {	# PID: its UDP sockets, "addr:port" sorted
	ss -Hulnp | grep "pid=$1," | awk '{print $4}' | sort
}
e2e_check "server a listens on 127.0.0.1 at its two ports and nowhere else" \
	test "$(listening "${RAD_PID[a]}" | tr '\n' ' ')" = \
	"$(printf '127.0.0.1:%s\n' "$A_AUTH" "$A_ACCT" | sort | tr '\n' ' ')"

rc pap "$A_AUTH" alice alicepw "NAS-Port-Type = Virtual" \
	"Calling-Station-Id = \"lac-1/42\""
e2e_ok $? "PAP: radclient gets an answer"
e2e_check "PAP: Access-Accept with the user's reply attributes" \
	sh -c "grep -q 'Received Access-Accept' $E2E_DIR/out &&
		grep -q 'Framed-IP-Address = 100.64.7.7' $E2E_DIR/out &&
		grep -q 'Session-Timeout = 3600' $E2E_DIR/out &&
		grep -q 'Framed-Pool = \"subs\"' $E2E_DIR/out"
e2e_check "the Access-Request detail shows the attributes sent" \
	sh -c "grep -q 'Calling-Station-Id = \"lac-1/42\"' $(rad_auth_detail a) &&
		grep -q 'NAS-Port-Type = Virtual' $(rad_auth_detail a) &&
		grep -q 'User-Password = \"alicepw\"' $(rad_auth_detail a) &&
		grep -q 'Message-Authenticator = 0x' $(rad_auth_detail a)"
e2e_check "the reply detail shows the Access-Accept sent" \
	sh -c "grep -q 'Packet-Type = Access-Accept' $(rad_reply_detail a) &&
		grep -q 'Framed-IP-Address = 100.64.7.7' $(rad_reply_detail a)"

rc pap "$A_AUTH" alice wrong
e2e_check "PAP, wrong password: Access-Reject without the reply attributes" \
	sh -c "grep -q 'Received Access-Reject' $E2E_DIR/out &&
		! grep -q 'Framed-IP-Address' $E2E_DIR/out"
rc pap "$A_AUTH" nobody x
e2e_check "PAP, unknown user: Access-Reject" out_has "Received Access-Reject"
rc pap "$A_AUTH" bob "b0b pass"
e2e_check "PAP, a password with a space, no reply attributes: Access-Accept" \
	out_has "Received Access-Accept"

rc radtest -t chap alice alicepw "127.0.0.1:$A_AUTH" 0 "$RAD_SECRET"
e2e_check "CHAP (radtest -t chap): Access-Accept" \
	sh -c "grep -q 'Received Access-Accept' $E2E_DIR/out && grep -q 'CHAP-Password' $E2E_DIR/out"
rc radtest -t chap alice wrong "127.0.0.1:$A_AUTH" 0 "$RAD_SECRET"
e2e_check "CHAP, wrong password: Access-Reject" out_has "Received Access-Reject"

rc radtest -t mschap alice alicepw "127.0.0.1:$A_AUTH" 0 "$RAD_SECRET"
e2e_check "MS-CHAP (radtest -t mschap sends v1): Access-Accept" \
	sh -c "grep -q 'Received Access-Accept' $E2E_DIR/out && grep -q 'MS-CHAP-Response' $E2E_DIR/out"

/usr/bin/python3 "$HERE/rad_mschapv2.py" alice alicepw "$E2E_DIR/expect" \
	>"$E2E_DIR/ms2.req"
rc radclient -x -r 1 -t 2 "127.0.0.1:$A_AUTH" auth "$RAD_SECRET" <"$E2E_DIR/ms2.req"
# MS-CHAP2-Success = 0x<ident><"S=" and 40 hex digits, in hex>
success_hex=$(sed -n 's/.*MS-CHAP2-Success = 0x01\([0-9a-f]*\).*/\1/p' "$E2E_DIR/out")
e2e_check "MS-CHAPv2: Access-Accept, MS-CHAP2-Success with the right AuthenticatorResponse" \
	test -n "$success_hex" -a \
	"$(echo "$success_hex" | xxd -r -p)" = "$(cat "$E2E_DIR/expect")"
e2e_check "MS-CHAPv2: MPPE keys in the Access-Accept" \
	sh -c "grep -q 'MS-MPPE-Send-Key' $E2E_DIR/out && grep -q 'MS-MPPE-Recv-Key' $E2E_DIR/out"
/usr/bin/python3 "$HERE/rad_mschapv2.py" alice wrong "$E2E_DIR/expect" >"$E2E_DIR/ms2.req"
rc radclient -x -r 1 -t 2 "127.0.0.1:$A_AUTH" auth "$RAD_SECRET" <"$E2E_DIR/ms2.req"
e2e_check "MS-CHAPv2, wrong password: Access-Reject with MS-CHAP-Error E=691" \
	sh -c "grep -q 'Received Access-Reject' $E2E_DIR/out && grep -q 'E=691' $E2E_DIR/out"

rc sh -c "printf 'User-Name = \"alice\"\nUser-Password = \"alicepw\"\n' |
	radclient -x -r 1 -t 1 127.0.0.1:$A_AUTH auth $RAD_SECRET"
e2e_check "an Access-Request without Message-Authenticator is dropped" \
	sh -c "grep -q 'No reply from server' $E2E_DIR/out && ! grep -q 'Received' $E2E_DIR/out"
e2e_check "the Status-Server answer carries a valid Message-Authenticator" \
	test "$(/usr/bin/python3 "$HERE/rad_probe.py" "$A_AUTH" "$RAD_SECRET" status)" = "code=2 ma=valid"
e2e_check "Access-Accept and Access-Reject carry a valid Message-Authenticator" \
	test "$(/usr/bin/python3 "$HERE/rad_probe.py" "$A_AUTH" "$RAD_SECRET" pap alice alicepw) $(/usr/bin/python3 "$HERE/rad_probe.py" "$A_AUTH" "$RAD_SECRET" pap alice no)" = \
	"code=2 ma=valid code=3 ma=valid"
e2e_check "a request under another secret gets no answer" \
	sh -c "! /usr/bin/python3 $HERE/rad_probe.py $A_AUTH not-the-secret status"

acct_attrs=(
	'User-Name = "alice"'
	'Acct-Session-Id = "0000a1b2"'
	'NAS-Port-Type = Virtual'
	'Framed-IP-Address = 100.64.7.7'
)
rc acct "$A_ACCT" "Acct-Status-Type = Start" "${acct_attrs[@]}"
e2e_check "Accounting-Request Start: Accounting-Response" out_has "Received Accounting-Response"
rc acct "$A_ACCT" "Acct-Status-Type = Stop" "${acct_attrs[@]}" \
	"Acct-Session-Time = 61" "Acct-Input-Octets = 1234" \
	"Acct-Output-Octets = 5678" "Acct-Terminate-Cause = User-Request"
e2e_check "Accounting-Request Stop: Accounting-Response" out_has "Received Accounting-Response"
# The detail file: records separated by blank lines; Start then Stop.
detail_seq() {	# FILE: the Acct-Status-Type of each record, in order
	sed -n 's/^\tAcct-Status-Type = //p' "$1" | tr '\n' ' '
}
e2e_check "the accounting detail holds Start then Stop" \
	test "$(detail_seq "$(rad_detail a)")" = "Start Stop "
e2e_check "the accounting detail holds the attributes sent" \
	sh -c "grep -q 'Acct-Session-Id = \"0000a1b2\"' $(rad_detail a) &&
		grep -q 'Acct-Input-Octets = 1234' $(rad_detail a) &&
		grep -q 'Acct-Output-Octets = 5678' $(rad_detail a) &&
		grep -q 'Acct-Terminate-Cause = User-Request' $(rad_detail a) &&
		grep -q 'Framed-IP-Address = 100.64.7.7' $(rad_detail a)"

rad_start b "$B_AUTH" "$B_ACCT" || e2e_bail "server b did not start"
e2e_check "a second server b starts in under 1 s while a runs" test "${RAD_START_MS[b]}" -lt 1000
rc pap "$B_AUTH" alice alicepw
e2e_check "b authenticates the same users" out_has "Received Access-Accept"
rc pap "$A_AUTH" alice alicepw
e2e_check "a still answers" out_has "Received Access-Accept"
rc acct "$B_ACCT" "Acct-Status-Type = Start" "${acct_attrs[@]}"
b_only() {
	[ "$(detail_seq "$(rad_detail b)")" = "Start " ] &&
		[ "$(detail_seq "$(rad_detail a)")" = "Start Stop " ]
}
e2e_check "b's accounting goes to b's detail file, not a's" b_only

b_pid=${RAD_PID[b]}
rad_stop b
e2e_check "rad_stop b: its process is gone" sh -c "! kill -0 $b_pid 2>/dev/null"
e2e_check "rad_stop b: its ports are closed" test -z "$(listening "$b_pid")"
rc pap "$B_AUTH" alice alicepw
e2e_check "b no longer answers" out_has "No reply from server"
rc pap "$A_AUTH" alice alicepw
e2e_check "a answers after b stopped" out_has "Received Access-Accept"
our_servers() {	# freeradius processes running from this test's directory
	local p
	for p in $(pgrep -x freeradius); do
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "$RAD_TMP/" &&
			echo "$p"
	done
}
a_pid=${RAD_PID[a]}
e2e_check "server a is found among the processes" test "$(our_servers)" = "$a_pid"
rad_stop a
e2e_check "rad_stop a: no server of this test is left" \
	sh -c "! kill -0 $a_pid 2>/dev/null && test -z '$(our_servers)'"

e2e_done
