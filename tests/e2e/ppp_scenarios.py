#!/usr/bin/python3
"""PPP scenarios against lnsd; prints one JSON object with the outcome of
each, for tests/e2e/test_ppp.sh to assert on.

usage: ppp_scenarios.py LNS_IP LOCAL_IP
"""
import hashlib
import json
import struct
import sys
import time

from l2tp_peer import Lac, avp, u16
from ppp_peer import (CallCleared, AuthFailed, Subscriber, IPCP, LCP, CHAP,
                      opts_build)

lns, me = sys.argv[1:3]
out = {}


def result_of(cdn):
    res = cdn["avps"].get(1, b"")
    return list(struct.unpack("!HH", res[:4])) if len(res) >= 4 else \
        [struct.unpack("!H", res[:2])[0]] if len(res) >= 2 else []


def scenario(name, fn):
    try:
        out[name] = fn()
    except CallCleared as e:
        out[name] = {"cleared": result_of(e.cdn)}
    except (AuthFailed, TimeoutError, AssertionError, OSError) as e:
        out[name] = {"error": "%s: %s" % (type(e).__name__, e)}


a = Lac(lns, me)
a.open_tunnel(10)


def chap():
    s = Subscriber(a, 101, "user1", "pw1", "chap")
    addr = s.run()
    lcp = dict(s.lns_lcp_opts)
    ipcp = dict(s.lns_ipcp_opts)
    return {"addr": addr, "dns": s.dns,
            "lcp_mru": struct.unpack("!H", lcp[1])[0] if 1 in lcp else None,
            "lcp_auth": lcp.get(3, b"").hex(), "lcp_magic": 5 in lcp,
            "ipcp_local": ".".join(str(b) for b in ipcp.get(3, b"")),
            "first": s.seen[0]}


def bad_input():
    # An unknown protocol gets an LCP Protocol-Reject naming it (RFC 1661
    # §5.7); LCP and IPCP packets whose lengths lie are dropped and
    # counted; the session stays up (it still answers an Echo-Request).
    s = Subscriber(a, 108, "bob", "bobpw", "pap")
    s.run()
    s.send_ppp(0x1234, b"hello")
    s.send_ppp(LCP, struct.pack("!BBH", 1, 99, 200) + b"\x01\x04")   # Length 200
    s.send_ppp(LCP, struct.pack("!BBH", 1, 98, 8) + b"\x05\x01\x00\x00")  # option len 1
    s.send_ppp(IPCP, b"\x01")                                        # truncated
    rej = None
    end = time.time() + 3
    while time.time() < end and rej is None:
        proto, pkt = s.recv_ppp(3)
        if proto == LCP and pkt[0] == 8:
            rej = struct.unpack("!H", pkt[4:6])[0]
        else:
            s.handle(proto, pkt)
    return {"protrej": rej}


def renegotiate():
    s = Subscriber(a, 110, "bob", "bobpw", "pap")
    first = s.run()
    again = s.renegotiate()
    return {"first": first, "again": again,
            "reauth": (0xC023, 2) in s.seen, "lcp_again": (0xC021, 1) in s.seen}


def pap():
    s = Subscriber(a, 102, "bob", "bobpw", "pap")
    return {"addr": s.run(), "protos": sorted({p for p, _ in s.seen})}


def wrongpw():
    s = Subscriber(a, 103, "user2", "not-the-password", "chap")
    try:
        s.run()
    except AuthFailed:
        s.serve(3)          # the CDN follows
    return {"cleared": result_of(s.cdn) if s.cdn else None}


def exhaust():
    s2 = Subscriber(a, 104, "user2", "pw2", "chap")
    addr2 = s2.run()
    s3 = Subscriber(a, 105, "user3", "pw3", "chap")
    try:
        s3.run()
    except CallCleared as e:
        return {"addr2": addr2, "cleared3": result_of(e.cdn)}
    return {"addr2": addr2, "cleared3": None}


def proxy():
    # The LAC negotiated LCP and CHAP with the subscriber already (AVPs
    # 27/28 and 29-33): lnsd should start with IPCP straight away.
    s = Subscriber(a, 106, "bob", "bobpw", "chap")
    sent = opts_build([(1, struct.pack("!H", 1452)), (3, b"\xc2\x23\x05"),
                       (5, struct.pack("!I", 0x11223344))])
    rcvd = opts_build([(5, struct.pack("!I", s.magic))])
    challenge, ident = b"0123456789abcdef", 7
    response = hashlib.md5(bytes([ident]) + b"bobpw" + challenge).digest()
    px = [avp(27, sent), avp(28, rcvd), avp(29, u16(2)), avp(30, b"bob"),
          avp(31, challenge), avp(32, u16(ident)), avp(33, response)]
    s.auth_ok = True
    addr = s.run(proxy=px, skip_lcp=True)
    return {"addr": addr, "first": s.seen[0],
            "lcp_or_auth_seen": any(p in (LCP, CHAP) and c == 1
                                    for p, c in s.seen)}


def echo_dead():
    s = Subscriber(a, 107, "bob", "bobpw", "pap", answer_echo=True)
    s.run()
    s.serve(1.5)                      # echoes answered: stays up
    s.answer_echo = False
    t0 = time.time()
    try:
        s.serve(6)
    except CallCleared as e:
        return {"cleared": result_of(e.cdn), "after_s": round(time.time() - t0, 1)}
    return {"cleared": None}


scenario("chap", chap)
scenario("pap", pap)
scenario("wrongpw", wrongpw)
scenario("exhaust", exhaust)
scenario("proxy", proxy)
# The pool is full by now: echo_dead uses bob (static address).
scenario("bad_input", bad_input)
scenario("renegotiate", renegotiate)
scenario("mgmt", lambda: {"addr": Subscriber(a, 109, "m1", "m", "chap").run()})
scenario("echo_dead", echo_dead)
print(json.dumps(out))
