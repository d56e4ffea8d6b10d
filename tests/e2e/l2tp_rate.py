#!/usr/bin/python3
"""SCCRQ and ICRQ floods from one address, for lnsd's rate limits.

usage: l2tp_rate.py LNS_IP LOCAL_IP SCENARIO N

Scenarios (each prints one JSON line of what lnsd answered, for the
caller to hold against lnsd's counters; exits non-zero when an answer is
not one RFC 2661 allows for it):
  sccrq-flood N  N SCCRQs (distinct Assigned Tunnel IDs) at once, never
                 completed: "tunnels" is how many got an SCCRP (one per
                 Assigned Tunnel ID, retransmissions not counted),
                 "stopccn" how many were refused with a StopCCN; the rest
                 got nothing
  icrq-flood N   a tunnel, then N ICRQs at once: "icrp" calls accepted,
                 "cdn4" calls refused with a CDN result 4 naming our
                 session; every ICRQ gets exactly one of the two

A kernel UDP socket on LOCAL_IP:1701 (l2tp_peer.py).
"""
import json
import socket
import struct
import sys
import time

from l2tp_peer import (BEARER_TYPE, CDN, FRAMING, HOST, ICRP, ICRQ,
                       PROTO_VER, RESULT, RX_WINDOW, SCCRP, SCCRQ, SERIAL,
                       SESSION_ID, STOPCCN, TUNNEL_ID, Lac, avp, ctrl, parse,
                       sccrq_body, u16, u32)

lns, me, scenario, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def drain(s, quiet):
    """Every datagram until quiet seconds pass without one."""
    out = []
    s.settimeout(quiet)
    try:
        while True:
            out.append(s.recvfrom(4096)[0])
    except socket.timeout:
        pass
    return out


if scenario == "sccrq-flood":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((me, 1701))
    for i in range(n):
        s.sendto(ctrl(0, 0, 0, 0, sccrq_body(7000 + i, b"rate", 64)), (lns, 1701))
    sccrp, stop = set(), set()
    for pkt in drain(s, 1.5):
        m = parse(pkt)
        if m["type"] == SCCRP:
            sccrp.add(m["tid"])
        elif m["type"] == STOPCCN:
            stop.add(m["tid"])
        elif m["type"] != 0:
            sys.exit("unexpected message type %d" % m["type"])
    if sccrp & stop:
        sys.exit("an SCCRQ got both an SCCRP and a StopCCN")
    print(json.dumps({"tunnels": len(sccrp), "stopccn": len(stop)}))
elif scenario == "icrq-flood":
    a = Lac(lns, me, timeout=3)
    a.my_tid = 900
    a.send(SCCRQ, [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"rate"),
                   avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(900)),
                   avp(RX_WINDOW, u16(64))])
    m = a.recv(SCCRP)
    a.tid = struct.unpack("!H", m["avps"][TUNNEL_ID])[0]
    a.send(3, [])                        # SCCCN
    for i in range(n):
        a.send(ICRQ, [avp(SESSION_ID, u16(5000 + i)), avp(SERIAL, u32(i)),
                      avp(BEARER_TYPE, u32(1))])
    answers, seen = {}, set()
    deadline = time.monotonic() + 10
    while len(answers) < n and time.monotonic() < deadline:
        m = a.recv()
        a.zlb()                          # ack: lnsd's window stays open
        if m["ns"] in seen or m["type"] not in (ICRP, CDN):
            continue                     # a retransmission, or a HELLO
        seen.add(m["ns"])
        if m["sid"] in answers:
            sys.exit("call %d answered twice" % m["sid"])
        if m["type"] == CDN:
            res = m["avps"].get(RESULT, b"")
            if res[:2] != u16(4):
                sys.exit("call %d: CDN result %r, not 4" % (m["sid"], res))
        answers[m["sid"]] = m["type"]
    if sorted(answers) != list(range(5000, 5000 + n)):
        sys.exit("%d of %d ICRQs answered" % (len(answers), n))
    icrp = sum(1 for t in answers.values() if t == ICRP)
    print(json.dumps({"icrp": icrp, "cdn4": n - icrp}))
else:
    sys.exit("unknown scenario " + scenario)
