#!/usr/bin/python3
"""ICMP errors lnsd sends into a subscriber's session (upstream TTL expiry).

usage: icmp_err_scenario.py [--seq] LNS_IP LOCAL_IP CORE_HOST MRU UP_FILE DONE_FILE
Brings a PPP session up asking for MRU (LCP option 1), writes the
subscriber's address to UP_FILE, then:
 - sends a UDP datagram with TTL 1 to CORE_HOST: lnsd must answer with
   ICMP Time Exceeded (11/0) inside the session, quoting the datagram;
 - sends an ICMP error message (Destination Unreachable) with TTL 1:
   lnsd must not answer it (RFC 1812 §4.3.2.7);
keeps the session up (answering LCP echoes) until DONE_FILE appears (the
core side runs its own checks meanwhile), hangs up, prints JSON.
Packets are built and parsed with scapy, independently of lnsd.
"""
import json
import os
import struct
import sys
import time

from scapy.all import ICMP, IP, UDP, Raw, checksum

from l2tp_peer import CDN, RESULT, Lac, avp, u16
from ppp_peer import LCP, CONFREQ, Subscriber, cp, opts_build

args = sys.argv[1:]
seq = "--seq" in args
args = [x for x in args if x != "--seq"]
lns, me, core, mru, up_file, done_file = args[0:6]


def time_exceeded(s, addr):
    sent = bytes(IP(src=addr, dst=core, ttl=1, id=0x7777) /
                 UDP(sport=40000, dport=33434) / Raw(b"lnsd-ttl" * 4))
    s.send_ppp(0x0021, sent)
    got = s.ipv4(2.0)
    res = {"frames": len(got)}
    for raw in got:
        ip = IP(raw)
        if ICMP not in ip:
            continue
        ic = ip[ICMP]
        ihl = ip.ihl * 4
        res.update({
            "src": ip.src, "dst": ip.dst, "ttl": ip.ttl,
            "df": bool(ip.flags.DF), "type": ic.type, "code": ic.code,
            "ip_cksum_ok": checksum(raw[:ihl]) == 0,
            "icmp_cksum_ok": checksum(raw[ihl:ip.len]) == 0,
            "quote_ok": raw[ihl + 8:ip.len] == sent,
        })
    return res


def no_answer_to_icmp_error(s, addr):
    inner = bytes(IP(src=core, dst=addr) / UDP(sport=53, dport=5353))
    sent = bytes(IP(src=addr, dst=core, ttl=1) / ICMP(type=3, code=3) / inner)
    s.send_ppp(0x0021, sent)
    return len(s.ipv4(1.0))


a = Lac(lns, me)
a.open_tunnel(43)
s = Subscriber(a, 4343, "user1", "pw1", "chap")
s.seq = seq
s.call()
# Our MRU is the session's: the core side sees it in Fragmentation Needed.
s.send_ppp(LCP, cp(CONFREQ, s.nid(), opts_build(
    [(1, struct.pack("!H", int(mru))), (5, struct.pack("!I", s.magic))])))
addr = s.negotiate(skip_lcp=True)
s.ipv4(0.3)		# the session reaches the dataplane
result = {"addr": addr, "up": time_exceeded(s, addr),
          "icmp_error_answers": no_answer_to_icmp_error(s, addr)}
with open(up_file, "w") as f:
    f.write(addr + "\n")
end = time.time() + 30
while time.time() < end and not os.path.exists(done_file):
    result.setdefault("down_frames", 0)
    result["down_frames"] += len(s.ipv4(0.2))
a.send(CDN, [avp(RESULT, u16(1))], sid=s.sid)
time.sleep(0.3)
result["ns"] = s.data_ns
print(json.dumps(result))
