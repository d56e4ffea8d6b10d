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
  peer-limit N    N tunnels from LOCAL_IP, then one more SCCRQ: it must get
                  a StopCCN (result 2, Error Code 4 "insufficient
                  resources", §4.4.2) acknowledging it, and no tunnel
  call-limits     with 2 calls per tunnel waiting for ICCN and 4 sessions per
                  address at most: a 3rd waiting call, then a 5th session,
                  each get a CDN result 4 naming our call
  return-path     a tunnel from LOCAL_IP:1701 whose SCCCN, then a duplicate
                  and an out-of-window datagram come from other UDP ports:
                  lnsd's next control messages (ZLBs, the CDN of a call
                  without ICCN) still go to 1701; an in-order message from
                  port 40002 moves them there (§5.8, §8.1)
  restart         tunnels with Assigned Tunnel IDs 700 (and a call) from
                  LOCAL_IP:1701 and 701 from port 40005; then, as a LAC
                  that restarted, a new 700 from 1701, and a new 701 from
                  port 40006 (another LAC behind the same NAT). Prints
                  lnsd's tunnel IDs (JSON) for the caller to look for in
                  /lnsd/tunnels: the old 700 must go, the rest stay

Crafted datagrams leave through scapy at layer 3 (the kernel resolves
lnsd's MAC); answers are read on kernel UDP sockets (l2tp_peer.py).
"""
import json
import select
import socket
import struct
import sys
import time

from scapy.all import IP, UDP, Raw, conf, send

from l2tp_peer import (BEARER_TYPE, CDN, FRAMING, FRAMING_TYPE, HELLO, HOST,
                       ICCN, ICRP, ICRQ, SCCCN, TX_SPEED, parse,
                       MSG_TYPE, PROTO_VER, RESULT, SCCRP, SCCRQ, SERIAL,
                       SESSION_ID, STOPCCN, TUNNEL_ID, Lac, avp, ctrl,
                       sccrq_body, u16, u32)

conf.verb = 0
lns, me, scenario = sys.argv[1:4]
args = sys.argv[4:]


def udp(sport, payload):
    return IP(src=me, dst=lns) / UDP(sport=sport, dport=1701) / Raw(payload)


if scenario == "sccrq-ns1":
    n = int(args[0])
    send([udp(1701, ctrl(0, 0, 1, 0, sccrq_body(5000 + i, b"lockout"))) for i in range(n)])
    print("sent %d SCCRQs with Ns 1" % n)
elif scenario == "sccrq-ports":
    n = int(args[0])
    dgram = ctrl(0, 0, 0, 0, sccrq_body(4242, b"lockout"))
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
elif scenario == "peer-limit":
    n = int(args[0])
    for i in range(n):
        Lac(lns, me).open_tunnel(300 + i)
    t = Lac(lns, me)
    t.my_tid = 300 + n
    t.send(SCCRQ, [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"lockout"),
                   avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(t.my_tid))])
    m = t.recv()
    res = m["avps"].get(RESULT, b"")
    result, error = struct.unpack("!HH", res[:4]) if len(res) >= 4 else (-1, -1)
    assigned = struct.unpack("!H", m["avps"].get(TUNNEL_ID, b"\xff\xff"))[0]
    print("tunnel %d: message type %d, Ns %d Nr %d, result %d error %d %r,"
          " Assigned Tunnel ID %d" % (n + 1, m["type"], m["ns"], m["nr"],
                                       result, error, res[4:], assigned))
    if m["type"] == SCCRP:
        sys.exit("tunnel %d from one address was accepted" % (n + 1))
    if (m["type"], result, error, m["nr"], assigned) != (STOPCCN, 2, 4, 1, 0):
        sys.exit("not a StopCCN 2/4 acknowledging our SCCRQ")
    t.zlb()
elif scenario == "call-limits":
    a = Lac(lns, me)
    a.open_tunnel(400)

    def icrq(sid):
        a.send(ICRQ, [avp(SESSION_ID, u16(sid)), avp(SERIAL, u32(sid)),
                      avp(BEARER_TYPE, u32(1))])
        m = a.recv()
        if m["type"] == ICRP:
            return struct.unpack("!H", m["avps"][SESSION_ID])[0]
        res = m["avps"].get(RESULT, b"")
        print("call %d: message type %d, header session %d, result %r"
              % (sid, m["type"], m["sid"], res))
        if m["type"] != CDN or m["sid"] != sid or res[:2] != u16(4):
            sys.exit("call %d: not refused with CDN result 4" % sid)
        a.zlb()
        return None

    def iccn(lns_sid):
        a.send(ICCN, [avp(TX_SPEED, u32(100000000)),
                      avp(FRAMING_TYPE, u32(1))], sid=lns_sid)

    waiting = [icrq(1001), icrq(1002)]
    if None in waiting or icrq(1003) is not None:
        sys.exit("2 waiting calls not accepted, or the 3rd not refused")
    for sid in waiting:
        iccn(sid)
    later = [icrq(1004), icrq(1005)]
    if None in later or icrq(1006) is not None:
        sys.exit("4 sessions not accepted, or the 5th not refused")
    # Connected too: left waiting, they would meet their set-up deadline
    # (3 s) before a slow caller counted the address's 4 sessions.
    for sid in later:
        iccn(sid)
    print("3rd waiting call and 5th session refused with CDN 4")
elif scenario == "return-path":
    a = Lac(lns, me, timeout=8)
    a.my_tid = 600
    a.send(SCCRQ, [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"lockout"),
                   avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(600))])
    m = a.recv(SCCRP)
    a.tid = struct.unpack("!H", m["avps"][TUNNEL_ID])[0]
    other = {}
    for port in (40000, 40001, 40002, 40003):
        other[port] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        other[port].bind((me, port))

    def from_port(port, ns, body):
        other[port].sendto(ctrl(a.tid, 0, ns, a.nr, body), (lns, 1701))

    def expect_zlb(where, nr):
        pkt = a.recv_raw()
        h = parse(pkt)
        print("%s: lnsd sent %s Nr %d to port 1701" % (
            where, "a ZLB" if len(pkt) == 12 else "type %d" % h["type"], h["nr"]))
        if len(pkt) != 12 or h["nr"] != nr:
            sys.exit("%s: not the ZLB acknowledging Ns %d" % (where, nr - 1))

    hello = avp(MSG_TYPE, u16(HELLO))
    # Set-up: the SCCCN (in order) from another port brings the tunnel up
    # but teaches nothing: its ack goes where the SCCRQ came from.
    from_port(40003, a.ns, avp(MSG_TYPE, u16(SCCCN)))
    a.ns += 1
    expect_zlb("SCCCN from port 40003", a.ns)
    # A call that will never get its ICCN: its CDN comes later.
    a.send(ICRQ, [avp(SESSION_ID, u16(3001)), avp(SERIAL, u32(1)),
                  avp(BEARER_TYPE, u32(1))])
    a.recv(ICRP)
    a.zlb()
    # A duplicate (Ns behind) from port 40000: re-acknowledged at once.
    from_port(40000, a.ns - 1, hello)
    expect_zlb("duplicate from port 40000", a.ns)
    # Out of the window from port 40001: dropped.
    from_port(40001, (a.ns + 1000) & 0xFFFF, hello)
    # lnsd's next control message, the CDN at the call's deadline.
    m = a.recv(CDN)
    a.zlb()
    print("the CDN of call 3001 came to port 1701")
    for port in (40000, 40001, 40003):
        other[port].setblocking(False)
        try:
            other[port].recvfrom(4096)
            sys.exit("lnsd sent something to port %d" % port)
        except BlockingIOError:
            pass
    # The peer's next message in order, from port 40002, moves the path.
    from_port(40002, a.ns, hello)
    a.ns += 1
    if not select.select([other[40002]], [], [], 3)[0]:
        sys.exit("nothing came to port 40002 after an in-order HELLO from it")
    pkt, _ = other[40002].recvfrom(4096)
    h = parse(pkt)
    print("in-order HELLO from port 40002: lnsd answered there (Nr %d)" % h["nr"])
    if len(pkt) != 12 or h["nr"] != a.ns:
        sys.exit("not the ZLB acknowledging the HELLO")
elif scenario == "restart":
    def tunnel(my_tid, port):
        t = Lac(lns, me, port=port)
        t.open_tunnel(my_tid)
        return t

    old700 = tunnel(700, 1701)
    old700.open_session(7001)
    old701 = tunnel(701, 40005)
    new700 = tunnel(700, 1701)
    new701 = tunnel(701, 40006)
    print(json.dumps({"old700": old700.tid, "old701": old701.tid,
                      "new700": new700.tid, "new701": new701.tid}))
else:
    sys.exit("unknown scenario " + scenario)
