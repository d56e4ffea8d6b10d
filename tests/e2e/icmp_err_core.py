#!/usr/bin/python3
"""ICMP errors lnsd sends to the core side (downstream), checked with scapy.

usage: icmp_err_core.py IFACE SUB_ADDR LNS_IP MRU
From a core host towards a subscriber: a datagram with TTL 1 (Time
Exceeded expected), one of 1500 octets with DF set through a session of a
smaller MRU (Fragmentation Needed with the MRU), an ICMP error with TTL 1
(no answer), then a burst of 120 with TTL 1 (the token bucket answers
about its burst). Prints JSON. Not a lone non-first fragment: the
net_af_packet PMD's fanout socket (PACKET_FANOUT_FLAG_DEFRAG) holds it in
the kernel for reassembly, so lnsd never sees it; the unit tests cover it.
"""
import json
import sys
import threading
import time

from scapy.all import (ICMP, IP, UDP, AsyncSniffer, Ether, Raw, checksum, conf,
                       get_if_hwaddr, getmacbyip, sendp)

conf.verb = 0
iface, sub, lns, mru = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
me = get_if_hwaddr(iface)
lns_mac = getmacbyip(lns)
my_ip = lns.rsplit(".", 1)[0] + ".2"


def errors(pkts, wait=1.0):
    # Sent only once the sniffer's socket is open: on a loaded machine its
    # thread can take longer to start than the sleep below.
    ready = threading.Event()
    sn = AsyncSniffer(iface=iface, lfilter=lambda p: p[Ether].src != me and
                      ICMP in p and p[IP].src == lns,
                      started_callback=ready.set)
    sn.start()
    ready.wait(10)
    time.sleep(0.2)
    sendp([Ether(src=me, dst=lns_mac) / p for p in pkts], iface=iface)
    time.sleep(wait)
    sn.stop()
    return list(sn.results)


def describe(p, sent):
    raw = bytes(p[IP])
    ihl = p[IP].ihl * 4
    ic = p[ICMP]
    return {"type": ic.type, "code": ic.code, "dst": p[IP].dst,
            "to_my_mac": p[Ether].dst == me, "ttl": p[IP].ttl,
            "df": bool(p[IP].flags.DF),
            "mtu": ic.nexthopmtu if ic.type == 3 else None,
            "ip_cksum_ok": checksum(raw[:ihl]) == 0,
            "icmp_cksum_ok": checksum(raw[ihl:p[IP].len]) == 0,
            "quoted": p[IP].len - ihl - 8,
            "quote_ok": raw[ihl + 8:p[IP].len] == sent[:p[IP].len - ihl - 8]}


def one(pkt):
    got = errors([pkt])
    return describe(got[0], bytes(pkt)) if len(got) == 1 else len(got)


udp = UDP(sport=40001, dport=33434)
res = {
    "ttl": one(IP(src=my_ip, dst=sub, ttl=1) / udp / Raw(b"x" * 32)),
    "frag": one(IP(src=my_ip, dst=sub, flags="DF") / udp / Raw(b"y" * 1472)),
    "icmp_error": len(errors([IP(src=my_ip, dst=sub, ttl=1) /
                              ICMP(type=11) / IP(dst=my_ip) / udp])),
}
time.sleep(1.0)		# the bucket refills to its burst
flood = [IP(src=my_ip, dst=sub, ttl=1, id=i) / udp for i in range(120)]
t0 = time.time()
res["flood"] = len(errors(flood, wait=0.5))
res["flood_seconds"] = round(time.time() - t0 - 0.7, 2)
res["mru"] = mru
print(json.dumps(res))
