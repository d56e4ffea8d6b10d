#!/usr/bin/python3
"""VLAN checks against lnsd, with scapy as an independent peer.

usage: scapy_vlan.py IFACE LNS_IP VID
Sends 802.1Q-tagged ARP and ICMP echo requests and expects tagged replies
from LNS_IP; sends an untagged ARP request and expects no reply.
"""
import sys
import time

from scapy.all import ARP, ICMP, IP, AsyncSniffer, Dot1Q, Ether, conf, get_if_hwaddr, sendp

conf.verb = 0
iface, lns_ip, vid = sys.argv[1], sys.argv[2], int(sys.argv[3])
me = get_if_hwaddr(iface)
my_ip = lns_ip.rsplit(".", 1)[0] + ".2"


def exchange(frame, match, timeout=2.0):
    sn = AsyncSniffer(iface=iface, lfilter=lambda p: p[Ether].src != me and match(p))
    sn.start()
    time.sleep(0.2)
    sendp(frame, iface=iface)
    deadline = time.time() + timeout
    while time.time() < deadline and not sn.results:
        time.sleep(0.05)
    sn.stop()
    return sn.results[0] if sn.results else None


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


arp = exchange(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=vid) /
               ARP(op=1, hwsrc=me, psrc=my_ip, pdst=lns_ip),
               lambda p: ARP in p and p[ARP].op == 2 and p[ARP].psrc == lns_ip)
if arp is None:
    fail("no ARP reply to a tagged request")
if Dot1Q not in arp or arp[Dot1Q].vlan != vid:
    fail("ARP reply not tagged with VLAN %d: %r" % (vid, arp))
if arp[ARP].pdst != my_ip or arp[ARP].hwdst != me:
    fail("ARP reply addressed wrongly: %r" % arp)
lns_mac = arp[ARP].hwsrc
print("tagged ARP reply ok, lnsd mac", lns_mac)

echo = exchange(Ether(src=me, dst=lns_mac) / Dot1Q(vlan=vid) /
                IP(src=my_ip, dst=lns_ip) / ICMP(id=0x4242, seq=7) / (b"x" * 32),
                lambda p: ICMP in p and p[ICMP].type == 0 and p[ICMP].id == 0x4242)
if echo is None:
    fail("no ICMP echo reply on the VLAN")
if Dot1Q not in echo or echo[Dot1Q].vlan != vid:
    fail("ICMP echo reply not tagged: %r" % echo)
if echo[IP].src != lns_ip or echo[IP].dst != my_ip or bytes(echo[ICMP].payload) != b"x" * 32:
    fail("ICMP echo reply fields wrong: %r" % echo)
print("tagged ICMP echo reply ok")

untagged = exchange(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") /
                    ARP(op=1, hwsrc=me, psrc=my_ip, pdst=lns_ip),
                    lambda p: ARP in p and p[ARP].op == 2, timeout=1.0)
if untagged is not None:
    fail("untagged ARP request was answered on a VLAN port")
print("untagged request ignored")
