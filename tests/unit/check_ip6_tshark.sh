#!/usr/bin/env bash
# tshark's opinion of the packets lnsd's IPv6 builders write (ND and
# DHCPv6, control/ipv6/): test_nd6 and test_dhcp6 append every packet
# they build to a pcap (LNS_IP6_PCAP), and tshark must dissect each one
# with a good checksum and no malformed field or expert warning, and
# read in them the prefixes, DNS servers and statuses they were built
# with (the tests' scenario, in their order); scapy (Debian's, the
# system interpreter) must dissect each to the end, with no raw octets
# or unknown option, and rebuild it with its own checksums to the same
# octets. TAP.
# usage: tests/unit/check_ip6_tshark.sh BUILD_DIR
set -uo pipefail
BUILD=${1:?usage: check_ip6_tshark.sh BUILD_DIR}
# make test installs tshark (scripts/deps.sh): without it this is a
# failure, not a skip.
if ! command -v tshark >/dev/null; then
	echo "Bail out! tshark is not installed (scripts/deps.sh)"
	exit 1
fi
echo "1..5"
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
# Frame, DHCPv6 type, IA prefixes, RA prefix, RDNSS, option 23, statuses.
want='1   2001:db8:200:1:: 2001:4860:4860::8888,2001:4860:4860::8844  
2      
3      
4      
5 2 2001:db8:100:ab00::   2001:4860:4860::8888,2001:4860:4860::8844 
6 2 2001:db8:100:ab00::   2001:4860:4860::8888,2001:4860:4860::8844 
7 7 2001:db8:100:ab00::   2001:4860:4860::8888,2001:4860:4860::8844 
8 7 2001:db8:100:ab00::   2001:4860:4860::8888,2001:4860:4860::8844 
9 7 2001:db8:100:ab00::,2001:db8:100:cd00::   2001:4860:4860::8888,2001:4860:4860::8844 
10 7     0
11 7     3,0
12 7     0
13 7    2001:4860:4860::8888,2001:4860:4860::8844 '
got=$(tshark -r "$pcap" -T fields -E separator=' ' -E aggregator=',' \
	-e frame.number -e dhcpv6.msgtype -e dhcpv6.iaprefix.pref_addr \
	-e icmpv6.opt.prefix -e icmpv6.opt.rdnss -e dhcpv6.dns_server \
	-e dhcpv6.status_code 2>/dev/null)
if [ "$got" = "$want" ]; then
	echo "ok 4 - tshark reads the prefixes, servers and statuses built"
else
	echo "not ok 4 - tshark reads other fields than were built:"
	diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/# /'
fi
scapy=$(/usr/bin/python3 - "$pcap" 2>&1 <<'PY'
import sys
from scapy.all import rdpcap, Raw, Padding, IPv6, UDP
from scapy.layers.dhcp6 import DHCP6OptUnknown
for i, p in enumerate(rdpcap(sys.argv[1]), 1):
    raw = bytes(p)
    q = IPv6(raw)
    if q.haslayer(Raw) or q.haslayer(Padding) or q.haslayer(DHCP6OptUnknown):
        print("frame %d: not dissected to the end: %s" % (i, q.summary()))
    # Its own checksum: UDP's is chksum, the ICMPv6 messages' cksum.
    if isinstance(q.payload, UDP):
        q.payload.chksum = None
    else:
        q.payload.cksum = None
    if bytes(q) != raw:
        print("frame %d: scapy rebuilds other octets" % i)
PY
)
if ! command -v /usr/bin/python3 >/dev/null || [ -n "$scapy" ]; then
	echo "not ok 5 - scapy:"
	printf '%s\n' "$scapy" | sed 's/^/# /'
else
	echo "ok 5 - scapy dissects all $frames and rebuilds the same octets"
fi
