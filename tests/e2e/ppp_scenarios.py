#!/usr/bin/python3
"""PPP scenarios against lnsd; prints one JSON object with the outcome of
each, for tests/e2e/test_ppp.sh to assert on.

usage: ppp_scenarios.py LNS_IP LOCAL_IP [SET [AUTH_IP SECRET]]
SET: main (default), or setup (against an lnsd whose ppp.setup_timeout_ms
is SETUP_TIMEOUT_S). AUTH_IP, SECRET: main's second LAC, whose tunnel is
authenticated with SECRET (RFC 2661 §5.1.1); LOCAL_IP's has no secret.
"""
import hashlib
import json
import struct
import sys
import time

# scapy's first import takes seconds on a loaded machine: not inside a
# call's set-up time (ppp_peer.scapy_check imports it at the first frame).
import scapy.layers.ppp  # noqa: F401

from l2tp_peer import Lac, avp, u16
from ppp_peer import (CallCleared, AuthFailed, Subscriber, IPCP, LCP, CHAP,
                      CONFREQ, CONFACK, TERMREQ, TERMACK, cp, opts_build)

lns, me = sys.argv[1:3]
which = sys.argv[3] if len(sys.argv) > 3 else "main"
SETUP_TIMEOUT_S = 3.0
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


def proxy_avps(s, user, password):
    """ICCN AVPs saying the LAC negotiated LCP and CHAP-MD5 with s already
    (27/28 and 29-33, RFC 2661 §4.4.5); the exchange checks out with
    password (a captured one, replayed, does too)."""
    sent = opts_build([(1, struct.pack("!H", 1452)), (3, b"\xc2\x23\x05"),
                       (5, struct.pack("!I", 0x11223344))])
    rcvd = opts_build([(5, struct.pack("!I", s.magic))])
    challenge, ident = b"0123456789abcdef", 7
    response = hashlib.md5(bytes([ident]) + password + challenge).digest()
    return [avp(27, sent), avp(28, rcvd), avp(29, u16(2)),
            avp(30, user.encode()), avp(31, challenge), avp(32, u16(ident)),
            avp(33, response)]


def proxy():
    # From a LAC that proved the tunnel secret: lnsd takes the proxy LCP
    # and CHAP and starts with IPCP straight away.
    s = Subscriber(b, 106, "bob", "bobpw", "chap")
    s.auth_ok = True
    addr = s.run(proxy=proxy_avps(s, "bob", b"bobpw"), skip_lcp=True)
    return {"addr": addr, "first": s.seen[0],
            "lcp_or_auth_seen": any(p in (LCP, CHAP) and c == 1
                                    for p, c in s.seen)}


def proxy_replay():
    # The same AVPs (a captured exchange of bob's) from a tunnel without a
    # secret, by someone who does not know bob's password: lnsd takes the
    # proxy LCP but challenges the subscriber itself, and the answer fails.
    s = Subscriber(a, 111, "bob", "not-bobpw", "chap")
    s.auth_ok = True        # as in proxy(): IPCP at once if lnsd takes it
    try:
        s.run(proxy=proxy_avps(s, "bob", b"bobpw"), skip_lcp=True)
    except AuthFailed:
        try:
            s.serve(3)      # the CDN follows
        except CallCleared:
            pass
    return {"challenged": (CHAP, 1) in s.seen, "up": s.ipcp_up,
            "cleared": result_of(s.cdn) if s.cdn else None}


def proxy_challenged():
    # The real bob through that tunnel: up, after lnsd's own Challenge.
    s = Subscriber(a, 112, "bob", "bobpw", "chap")
    addr = s.run(proxy=proxy_avps(s, "bob", b"bobpw"), skip_lcp=True)
    return {"addr": addr, "challenged": (CHAP, 1) in s.seen,
            "lcp_seen": any(p == LCP and c == 1 for p, c in s.seen)}


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


def reneg_forever():
    # A subscriber that never authenticates and restarts LCP every 0.7 s
    # (each time lnsd is Opened and has sent its CHAP Challenge): the
    # deadline set when PPP started stands, the call is cleared at it.
    s = Subscriber(a, 201, "user1", "unknown", "chap")
    s.call()
    t0 = time.time()
    rounds = challenges = 0
    try:
        while time.time() - t0 < 3 * SETUP_TIMEOUT_S:
            s.send_ppp(LCP, cp(CONFREQ, s.nid(),
                               opts_build([(5, struct.pack("!I", s.magic))])))
            rounds += 1
            for r in s.frames(0.7):
                if r is None:
                    raise CallCleared(s.cdn)
                proto, pkt = r
                code, ident, length = struct.unpack("!BBH", pkt[:4])
                if proto == LCP and code == CONFREQ:
                    s.send_ppp(LCP, cp(CONFACK, ident, pkt[4:length]))
                elif proto == LCP and code == TERMREQ:
                    s.send_ppp(LCP, cp(TERMACK, ident, b""))
                elif proto == CHAP and code == 1:
                    challenges += 1
    except CallCleared as e:
        return {"cleared": result_of(e.cdn), "after_s": round(time.time() - t0, 1),
                "rounds": rounds, "challenges": challenges}
    return {"cleared": None, "rounds": rounds, "challenges": challenges}


def reneg_after_up():
    # Up for longer than the set-up timeout, then LCP renegotiates: a
    # subscriber that was up gets one fresh deadline.
    s = Subscriber(a, 202, "bob", "bobpw", "pap")
    first = s.run()
    s.serve(SETUP_TIMEOUT_S + 0.6)
    again = s.renegotiate()
    s.serve(1)                      # and stays up (no CDN follows)
    return {"first": first, "again": again}


def ipcp_reneg_after_up():
    # The same with IPCP alone (a Configure-Request while Opened), from a
    # peer slow to Ack: lnsd spends many timer ticks in the network phase.
    s = Subscriber(a, 203, "bob", "bobpw", "pap")
    first = s.run()
    s.serve(SETUP_TIMEOUT_S + 0.6)
    again = s.renegotiate_ipcp(slow=0.5)
    s.serve(1)
    return {"first": first, "again": again}


if which == "setup":
    scenario("reneg_forever", reneg_forever)
    scenario("reneg_after_up", reneg_after_up)
    scenario("ipcp_reneg_after_up", ipcp_reneg_after_up)
    print(json.dumps(out))
    sys.exit(0)

b = Lac(lns, sys.argv[4])
b.open_tunnel(11, secret=sys.argv[5].encode())

scenario("chap", chap)
scenario("pap", pap)
scenario("wrongpw", wrongpw)
scenario("exhaust", exhaust)
scenario("proxy", proxy)
scenario("proxy_replay", proxy_replay)
scenario("proxy_challenged", proxy_challenged)
# The pool is full by now: echo_dead uses bob (static address).
scenario("bad_input", bad_input)
scenario("renegotiate", renegotiate)
scenario("mgmt", lambda: {"addr": Subscriber(a, 109, "m1", "m", "chap").run()})
scenario("echo_dead", echo_dead)
print(json.dumps(out))
