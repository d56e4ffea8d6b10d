#!/usr/bin/python3
"""The remote L2TP lockout: what one host that reaches UDP/1701 may try.

usage: l2tp_lockout.py LNS_IP LOCAL_IP SCENARIO [ARGS...]

Scenarios (each prints what it saw; exits non-zero when lnsd's answer is
not the one RFC 2661 asks for):
  sccrq-ns1 N     N SCCRQs with header Ns 1 (distinct Assigned Tunnel IDs):
                  never the first message of a control connection (§5.8)
  sccrq-ports N   one SCCRQ sent N times, each from another source UDP port
                  (scapy, no socket behind them): one request (§5.1, §8.1)

Crafted datagrams leave through scapy at layer 3 (the kernel resolves
lnsd's MAC); answers are read on kernel UDP sockets (l2tp_peer.py).
"""
import sys

from scapy.all import IP, UDP, Raw, conf, send

from l2tp_peer import (FRAMING, HOST, MSG_TYPE, PROTO_VER, SCCRQ, TUNNEL_ID,
                       avp, ctrl, u16, u32)

conf.verb = 0
lns, me, scenario = sys.argv[1:4]
args = sys.argv[4:]


def sccrq_body(my_tid, host=b"lockout"):
    return (avp(MSG_TYPE, u16(SCCRQ)) + avp(PROTO_VER, b"\x01\x00")
            + avp(HOST, host) + avp(FRAMING, u32(3))
            + avp(TUNNEL_ID, u16(my_tid)))


def udp(sport, payload):
    return IP(src=me, dst=lns) / UDP(sport=sport, dport=1701) / Raw(payload)


if scenario == "sccrq-ns1":
    n = int(args[0])
    send([udp(1701, ctrl(0, 0, 1, 0, sccrq_body(5000 + i))) for i in range(n)])
    print("sent %d SCCRQs with Ns 1" % n)
elif scenario == "sccrq-ports":
    n = int(args[0])
    dgram = ctrl(0, 0, 0, 0, sccrq_body(4242))
    send([udp(30000 + i, dgram) for i in range(n)])
    print("sent one SCCRQ from %d source ports" % n)
else:
    sys.exit("unknown scenario " + scenario)
