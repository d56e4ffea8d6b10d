#!/usr/bin/python3
"""The remote L2TP lockout: what one host that reaches UDP/1701 may try.

usage: l2tp_lockout.py LNS_IP LOCAL_IP SCENARIO [ARGS...]

Scenarios (each prints what it saw; exits non-zero when lnsd's answer is
not the one RFC 2661 asks for):
  sccrq-ns1 N     N SCCRQs with header Ns 1 (distinct Assigned Tunnel IDs):
                  never the first message of a control connection (§5.8)
  sccrq-ports N   one SCCRQ sent N times, each from another source UDP port
                  (scapy, no socket behind them): one request (§5.1, §8.1)
  icrq-no-iccn S  a tunnel, an ICRQ, never the ICCN: lnsd must clear the
                  call with a CDN about S seconds after the ICRQ (decoded:
                  result 2, Error Code 0, our session in the header)

Crafted datagrams leave through scapy at layer 3 (the kernel resolves
lnsd's MAC); answers are read on kernel UDP sockets (l2tp_peer.py).
"""
import struct
import sys
import time

from scapy.all import IP, UDP, Raw, conf, send

from l2tp_peer import (BEARER_TYPE, CDN, FRAMING, HOST, ICRP, ICRQ,
                       MSG_TYPE, PROTO_VER, RESULT, SCCRQ, SERIAL, SESSION_ID,
                       TUNNEL_ID, Lac, avp, ctrl, u16, u32)

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
elif scenario == "icrq-no-iccn":
    wait = float(args[0])
    a = Lac(lns, me, timeout=wait + 5)
    a.open_tunnel(200)
    a.send(ICRQ, [avp(SESSION_ID, u16(2001)), avp(SERIAL, u32(1)),
                  avp(BEARER_TYPE, u32(1))])
    t0 = time.monotonic()
    m = a.recv(ICRP)
    lns_sid = struct.unpack("!H", m["avps"][SESSION_ID])[0]
    a.zlb()             # a real LAC acks the ICRP: the CDN is not held back
    m = a.recv(CDN)
    dt = time.monotonic() - t0
    a.zlb()
    res = m["avps"].get(RESULT, b"")
    result, error = struct.unpack("!HH", res[:4]) if len(res) >= 4 else (-1, -1)
    sid = struct.unpack("!H", m["avps"].get(SESSION_ID, b"\0\0"))[0]
    print("CDN after %.2f s: header session %d, result %d error %d message %r,"
          " assigned session %d (ours %d)" % (dt, m["sid"], result, error,
                                              res[4:], sid, lns_sid))
    if (m["sid"], result, error, sid) != (2001, 2, 0, lns_sid):
        sys.exit("CDN is not result 2/0 for our call 2001")
    if not wait * 0.9 <= dt <= wait + 2:
        sys.exit("CDN after %.2f s, not about %.1f s" % (dt, wait))
else:
    sys.exit("unknown scenario " + scenario)
