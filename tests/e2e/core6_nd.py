#!/usr/bin/python3
"""Core-side ND and ICMPv6 edge cases against lnsd, checked with scapy.

usage: core6_nd.py IFACE LNS_IP6 LNS_MAC
From a host on lnsd's core link: a duplicate address detection probe for
lnsd's address (lnsd must defend it: an NA to ff02::1 with its MAC, not
Solicited), then frames that must each be counted and dropped, never
answered: an NS with hop limit 254, an NS with a bad checksum, an NA
claiming lnsd's own address, an NS for an address that is not lnsd's,
an Echo Request with a bad checksum, a Router Advertisement. Prints
JSON.
"""
import json
import sys
import threading
import time

from scapy.all import (ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                       ICMPv6ND_RA, ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr,
                       IPv6, AsyncSniffer, Ether, conf, get_if_hwaddr, sendp)
from scapy.utils6 import in6_getnsma, in6_getnsmac, inet_pton, inet_ntop
import socket

conf.verb = 0
iface, lns6, lns_mac = sys.argv[1:4]
me = get_if_hwaddr(iface)
host6 = "2001:db8:c0::2"
sn = inet_ntop(socket.AF_INET6, in6_getnsma(inet_pton(socket.AF_INET6, lns6)))
sn_mac = in6_getnsmac(inet_pton(socket.AF_INET6, sn))


def from_lnsd(frames, wait=1.0):
    ready = threading.Event()
    sn_ = AsyncSniffer(iface=iface, lfilter=lambda p: p[Ether].src == lns_mac
                       and IPv6 in p, started_callback=ready.set)
    sn_.start()
    ready.wait(10)
    time.sleep(0.2)
    sendp(frames, iface=iface)
    time.sleep(wait)
    sn_.stop()
    return list(sn_.results)


res = {}
# RFC 4862 §5.4.2: from ::, to the solicited-node group, no SLLA.
dad = Ether(src=me, dst=sn_mac) / IPv6(src="::", dst=sn, hlim=255) / \
    ICMPv6ND_NS(tgt=lns6)
got = [p for p in from_lnsd([dad]) if ICMPv6ND_NA in p]
res["dad"] = [{"dst": p[IPv6].dst, "eth_dst": p[Ether].dst,
               "tgt": p[ICMPv6ND_NA].tgt, "S": p[ICMPv6ND_NA].S,
               "O": p[ICMPv6ND_NA].O, "R": p[ICMPv6ND_NA].R,
               "tlla": p[ICMPv6NDOptDstLLAddr].lladdr
               if ICMPv6NDOptDstLLAddr in p else None} for p in got]

eth = Ether(src=me, dst=lns_mac)
ns = IPv6(src=host6, dst=lns6, hlim=255) / ICMPv6ND_NS(tgt=lns6) / \
    ICMPv6NDOptSrcLLAddr(lladdr=me)
bad = [
    # forwarded by a router: hop limit 254 (RFC 4861 §7.1.1)
    eth / IPv6(src=host6, dst=lns6, hlim=254) / ICMPv6ND_NS(tgt=lns6) /
    ICMPv6NDOptSrcLLAddr(lladdr=me),
    # a bad ICMPv6 checksum
    eth / IPv6(src=host6, dst=lns6, hlim=255) /
    ICMPv6ND_NS(tgt=lns6, cksum=0x1234) / ICMPv6NDOptSrcLLAddr(lladdr=me),
    # someone else claims lnsd's address
    Ether(src=me, dst="33:33:00:00:00:01") /
    IPv6(src=host6, dst="ff02::1", hlim=255) /
    ICMPv6ND_NA(tgt=lns6, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=me),
    # an NS for an address that is not lnsd's, sent to lnsd's MAC
    eth / IPv6(src=host6, dst=lns6, hlim=255) /
    ICMPv6ND_NS(tgt="2001:db8:c0::77") / ICMPv6NDOptSrcLLAddr(lladdr=me),
    # an Echo Request with a bad checksum
    eth / IPv6(src=host6, dst=lns6) / ICMPv6EchoRequest(id=1, seq=1,
                                                        cksum=0x1234),
    # a Router Advertisement: not lnsd's business on the core side
    Ether(src=me, dst="33:33:00:00:00:01") /
    IPv6(src="fe80::2", dst="ff02::1", hlim=255) / ICMPv6ND_RA(),
]
res["bad_answers"] = len(from_lnsd(bad))
# and lnsd still answers a good NS
got = [p for p in from_lnsd([eth / ns]) if ICMPv6ND_NA in p]
res["ns_after"] = len(got)
print(json.dumps(res))
