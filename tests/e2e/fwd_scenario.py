#!/usr/bin/python3
"""A subscriber pings a core-side host through lnsd.

usage: fwd_scenario.py [--seq] LNS_IP LOCAL_IP CORE_HOST [USER PASSWORD]
Brings a PPP session up (CHAP), then sends ICMP echo requests inside the
L2TP/PPP session to CORE_HOST and waits for the replies coming back the
same way. Prints JSON: the address, how many replies, their TTL, and the
Ns of every data message from lnsd (--seq: the ICCN carries Sequencing
Required, so lnsd numbers its PPP control frames and the forwarded
replies in one sequence).
"""
import json
import socket
import struct
import sys
import time

from l2tp_peer import CDN, RESULT, Lac, avp, u16
from ppp_peer import Subscriber

args = sys.argv[1:]
seq = "--seq" in args
args = [x for x in args if x != "--seq"]
lns, me, core = args[0:3]
user, password = (args[3:5] + ["user1", "pw1"][len(args[3:5]):])[:2]


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo(src, dst, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4C4E, seq) + b"lnsd-fwd" * 4
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + icmp


a = Lac(lns, me)
a.open_tunnel(42)
s = Subscriber(a, 4242, user, password, "chap")
s.seq = seq
addr = s.run()
# Our final IPCP Configure-Ack and a packet sent right behind it can reach
# lnsd's worker in one burst, before the control lcore has processed the
# Ack and installed the session (as with any LNS, that first packet is
# lost). A host takes longer than this to configure its interface.
s.serve(0.2)
replies, ttls = 0, []
for seq in range(1, 6):
    s.send_ppp(0x0021, echo(addr, core, seq))
    for proto, pkt in s.frames(2):
        if proto == 0x0021 and pkt[9] == 1 and pkt[20] == 0:
            if socket.inet_ntoa(pkt[12:16]) == core and \
                    socket.inet_ntoa(pkt[16:20]) == addr:
                replies += 1
                ttls.append(pkt[8])
                break
        else:
            s.handle(proto, pkt)
# Hang up (CDN): lnsd withdraws the session and logs its accounting.
a.send(CDN, [avp(RESULT, u16(1))], sid=s.sid)
time.sleep(0.5)
print(json.dumps({"addr": addr, "replies": replies, "ttls": ttls,
                  "ns": s.data_ns}))
