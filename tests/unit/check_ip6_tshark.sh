#!/usr/bin/env bash
# tshark's opinion of the packets lnsd's IPv6 builders write (ND and
# DHCPv6, control/ipv6/): test_nd6 and test_dhcp6 append every packet
# they build to a pcap (LNS_IP6_PCAP), and tshark must dissect each one
# with a good checksum and no malformed field or expert warning. TAP.
# usage: tests/unit/check_ip6_tshark.sh BUILD_DIR
set -uo pipefail
BUILD=${1:?usage: check_ip6_tshark.sh BUILD_DIR}
echo "1..3"
if ! command -v tshark >/dev/null; then
	for i in 1 2 3; do echo "ok $i # SKIP tshark is not installed"; done
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pcap=$work/ip6.pcap
LNS_IP6_PCAP=$pcap "$BUILD/tests/unit/test_nd6" >/dev/null 2>&1 &&
	LNS_IP6_PCAP=$pcap "$BUILD/tests/unit/test_dhcp6" >/dev/null 2>&1
rc=$?
frames=$(tshark -r "$pcap" 2>/dev/null | wc -l)
if [ "$rc" -eq 0 ] && [ "$frames" -ge 13 ]; then
	echo "ok 1 - the tests wrote $frames packets"
else
	echo "not ok 1 - the tests wrote $frames packets (rc=$rc)"
fi
good=$(tshark -r "$pcap" -o udp.check_checksum:TRUE -V 2>/dev/null |
	grep -c "Checksum Status: Good")
if [ "$good" -eq "$frames" ]; then
	echo "ok 2 - $good of $frames checksums good"
else
	echo "not ok 2 - $good of $frames checksums good"
fi
bad=$(tshark -r "$pcap" -o udp.check_checksum:TRUE -V 2>/dev/null |
	grep -iE "malformed|expert info|bad checksum" | head -5)
if [ -z "$bad" ] && [ "$frames" -gt 0 ]; then
	echo "ok 3 - no malformed field and no expert warning"
else
	echo "not ok 3 - tshark complains:"
	printf '%s\n' "$bad" | sed 's/^/# /'
fi
