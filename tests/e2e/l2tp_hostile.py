#!/usr/bin/python3
"""The hostile LAC: a table of broken, misplaced and forged L2TP input.

usage: l2tp_hostile.py LNS_IP FILE_PREFIX LNSCTL

Each case sets up what it needs (tunnels, calls), then sends its hostile
input; the harness then waits until lnsd has handled it (a HELLO on a
probe tunnel, answered only after everything sent before it: one worker,
one punt ring, one control lcore) and compares
  - lnsd's answers: every control message but ZLB acks that came back for
    the case's tunnels (or for no tunnel of ours), as "StopCCN 2/3",
    "CDN 4", "ICRP"..., plus what the case itself observed;
  - lnsd's counters (telemetry: every ctl_l2tp_* but l2tp_rx/l2tp_tx,
    every dataplane drop_*, and PPP's unknown_session and malformed):
    exactly the ones the case names must move, by exactly that much.
Prints one line per case, "ok<TAB>NAME<TAB>what" or "not ok<TAB>NAME<TAB>why",
for tests/e2e/test_l2tp_hostile.sh.

Peers, kernel UDP sockets on port 1701 of this host's addresses:
  198.51.100.2    its l2tp.peers entry has the secret "hostile-secret"
                  (tunnel authentication, hidden AVPs)
  198.51.100.3    an entry without a secret: most cases, the probe tunnel
  198.51.100.4    allowed, owns no tunnel: another source of a tunnel's ID
  198.51.100.200  not in l2tp.peers (a forged source, raw socket)
Independent of lnsd's code: messages are built here from RFC 2661.
"""
import hashlib
import importlib.machinery
import importlib.util
import os
import socket
import struct
import sys
import time

from l2tp_peer import (BEARER_TYPE, CDN, CHALLENGE, CHALLENGE_RESPONSE,
                       FRAMING, FRAMING_TYPE, HELLO, HOST, ICCN, ICRP, ICRQ,
                       MSG_TYPE, PROTO_VER, RESULT, SCCCN, SCCRP, SCCRQ,
                       SERIAL, SESSION_ID, STOPCCN, TUNNEL_ID, TX_SPEED, u16,
                       u32)

OCRQ, OCRP, OCCN, WEN, SLI = 7, 8, 9, 15, 16
RX_WINDOW, MIN_BPS, MAX_BPS, CALLED = 10, 16, 17, 21
CALLING, CALL_ERRORS, ACCM, RANDOM_VECTOR, VENDOR_NAME = 22, 34, 35, 36, 8
NAMES = {1: "SCCRQ", 2: "SCCRP", 3: "SCCCN", 4: "StopCCN", 6: "HELLO",
         7: "OCRQ", 8: "OCRP", 9: "OCCN", 10: "ICRQ", 11: "ICRP",
         12: "ICCN", 14: "CDN", 15: "WEN", 16: "SLI"}
SECRET = b"hostile-secret"
AUTH, PLAIN, OTHER, FORGED = ("198.51.100.2", "198.51.100.3",
                              "198.51.100.4", "198.51.100.200")
WAIT = 10.0                 # longest wait for an answer lnsd owes

lns, prefix, lnsctl_path = sys.argv[1:4]
_loader = importlib.machinery.SourceFileLoader("lnsctl", lnsctl_path)
_spec = importlib.util.spec_from_loader("lnsctl", _loader)
lnsctl = importlib.util.module_from_spec(_spec)
_loader.exec_module(lnsctl)


# ---- wire -----------------------------------------------------------------

def avp(t, val=b"", m=True, h=False, vendor=0, length=None, rsvd=0):
    n = 6 + len(val) if length is None else length
    flags = (0x8000 if m else 0) | (0x4000 if h else 0) | rsvd
    return struct.pack("!HHH", flags | (n & 0x3FF), vendor, t) + val


def md5(*parts):
    return hashlib.md5(b"".join(parts)).digest()


def hide(t, secret, rv, value, orig_len=None):
    """RFC 2661 §4.3: the Hidden AVP Subformat of value, hidden."""
    n = len(value) if orig_len is None else orig_len
    sub = struct.pack("!H", n) + value
    out = b""
    for i in range(0, len(sub), 16):
        b = (md5(struct.pack("!H", t), secret, rv) if i == 0
             else md5(secret, out[i - 16:i]))
        out += bytes(x ^ y for x, y in zip(sub[i:i + 16], b))
    return out


def unhidden_len(t, secret, rv, cipher):
    """The original length lnsd will read unhiding cipher with secret."""
    b = md5(struct.pack("!H", t), secret, rv)
    return (cipher[0] ^ b[0]) << 8 | (cipher[1] ^ b[1])


def hdr(tid, sid, ns, nr, body, flags=0xC802, length=None):
    n = 12 + len(body) if length is None else length
    return struct.pack("!HHHHHH", flags, n, tid, sid, ns, nr) + body


def parse(pkt):
    flags, length, tid, sid, ns, nr = struct.unpack("!HHHHHH", pkt[:12])
    avps, off = {}, 12
    while off + 6 <= min(length, len(pkt)):
        w, _, t = struct.unpack("!HHH", pkt[off:off + 6])
        n = w & 0x3FF
        if n < 6:
            break
        avps.setdefault(t, pkt[off + 6:off + n])
        off += n
    mt = struct.unpack("!H", avps[MSG_TYPE])[0] if MSG_TYPE in avps else 0
    return {"type": mt, "tid": tid, "sid": sid, "ns": ns, "nr": nr,
            "avps": avps, "zlb": length == 12}


def describe(m):
    name = NAMES.get(m["type"], "type %d" % m["type"])
    if m["type"] in (STOPCCN, CDN):
        res = m["avps"].get(RESULT, b"")
        if len(res) < 2:
            return name + " without Result Code"
        name += " %d" % struct.unpack("!H", res[:2])[0]
        if len(res) >= 4:
            name += "/%d" % struct.unpack("!H", res[2:4])[0]
    return name


# Minimal bodies of every message type (§6), by type.
def body(mtype, sid_avp=1234):
    return {
        SCCRQ: [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"hostile"),
                avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(9999))],
        SCCRP: [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"hostile"),
                avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(9999))],
        SCCCN: [],
        STOPCCN: [avp(TUNNEL_ID, u16(9999)), avp(RESULT, u16(1))],
        HELLO: [],
        OCRQ: [avp(SESSION_ID, u16(sid_avp)), avp(SERIAL, u32(1)),
               avp(MIN_BPS, u32(1)), avp(MAX_BPS, u32(1000000)),
               avp(BEARER_TYPE, u32(1)), avp(FRAMING_TYPE, u32(1)),
               avp(CALLED, b"123")],
        OCRP: [avp(SESSION_ID, u16(sid_avp))],
        OCCN: [avp(TX_SPEED, u32(1000000)), avp(FRAMING_TYPE, u32(1))],
        ICRQ: [avp(SESSION_ID, u16(sid_avp)), avp(SERIAL, u32(1))],
        ICRP: [avp(SESSION_ID, u16(sid_avp))],
        ICCN: [avp(TX_SPEED, u32(1000000)), avp(FRAMING_TYPE, u32(1))],
        CDN: [avp(RESULT, u16(3)), avp(SESSION_ID, u16(sid_avp))],
        WEN: [avp(CALL_ERRORS, bytes(26))],
        SLI: [avp(ACCM, bytes(10))],
    }[mtype]


ALL_TYPES = [SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO, OCRQ, OCRP, OCCN, ICRQ,
             ICRP, ICCN, CDN, WEN, SLI]
CALL_TYPES = [OCRQ, OCRP, OCCN, ICRQ, ICRP, ICCN, CDN, WEN, SLI]


# ---- peers and tunnels ------------------------------------------------------

class Peer:
    """One local address, one socket on port 1701, its tunnels by our ID."""

    def __init__(self, ip):
        self.ip = ip
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind((ip, 1701))
        self.s.setblocking(False)
        self.tuns = {}
        self.stray = []
        self.next_tid = 1000

    def sendto(self, data):
        self.s.sendto(data, (lns, 1701))

    def pump(self):
        """Dispatch every datagram waiting on the socket."""
        while True:
            try:
                pkt = self.s.recv(4096)
            except BlockingIOError:
                return
            if len(pkt) < 12 or not pkt[0] & 0x80:
                continue        # a data message (lnsd's PPP), or junk
            m = parse(pkt)
            t = self.tuns.get(m["tid"])
            if t is None:
                self.stray.append(m)
            else:
                t.rx(m)


PEERS = {}


def peer(ip):
    if ip not in PEERS:
        PEERS[ip] = Peer(ip)
    return PEERS[ip]


def pump_all():
    for p in PEERS.values():
        p.pump()


def wait_for(cond, what, timeout=WAIT):
    end = time.monotonic() + timeout
    while True:
        pump_all()
        if cond():
            return
        if time.monotonic() > end:
            raise AssertionError("no " + what)
        time.sleep(0.005)


class Tun:
    """A control connection as a LAC sees it: our ID, lnsd's, Ns, Nr."""

    def __init__(self, ip=PLAIN):
        self.p = peer(ip)
        self.my_tid = self.p.next_tid
        self.p.next_tid += 1
        self.p.tuns[self.my_tid] = self
        self.tid = 0
        self.ns = self.nr = 0
        self.msgs = []          # lnsd's messages, each once, in order
        self.owe_ack = False
        self.highest_nr = 0     # lnsd's latest Nr: what it has taken
        self.zlbs = 0

    def rx(self, m):
        # The latest Nr in sequence-number order: a late retransmission
        # carries an older one.
        if (m["nr"] - self.highest_nr) & 0xFFFF < 0x8000:
            self.highest_nr = m["nr"]
        if m["zlb"]:
            self.zlbs += 1
            return
        self.owe_ack = True
        if m["ns"] == self.nr:
            self.nr = (self.nr + 1) & 0xFFFF
            self.msgs.append(m)
            if m["type"] == SCCRP and not self.tid and TUNNEL_ID in m["avps"]:
                self.tid = struct.unpack("!H", m["avps"][TUNNEL_ID])[0]

    def raw(self, data):
        self.p.sendto(data)

    def send(self, mtype, avps=(), sid=0, ns=None, nr=None, mt_avp=None,
             flags=0xC802, length=None, tid=None):
        """A control message; Ns is ours and advances unless given."""
        b = (avp(MSG_TYPE, u16(mtype)) if mt_avp is None else mt_avp)
        b += b"".join(avps)
        if ns is None:
            ns = self.ns
            self.ns = (self.ns + 1) & 0xFFFF
        self.raw(hdr(self.tid if tid is None else tid, sid, ns,
                     self.nr if nr is None else nr, b, flags, length))
        self.owe_ack = False

    def ack(self):
        pump_all()
        if self.owe_ack and self.tid:
            self.raw(hdr(self.tid, 0, self.ns, self.nr, b""))
            self.owe_ack = False

    def expect(self, mtype):
        """Wait for lnsd's next message, which must be of type mtype."""
        n = len(self.msgs)
        wait_for(lambda: len(self.msgs) > n, NAMES.get(mtype, "") + " from lnsd")
        m = self.msgs[n]
        if m["type"] != mtype:
            raise AssertionError("got %s, not %s" % (describe(m),
                                                     NAMES[mtype]))
        return m

    def sccrq(self, avps=None, extra=(), window=64):
        if avps is None:
            avps = [avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"hostile"),
                    avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(self.my_tid)),
                    avp(RX_WINDOW, u16(window))]
        self.send(SCCRQ, list(avps) + list(extra), tid=0)

    def sccrp(self, extra=(), chal=None):
        """SCCRQ (with our Challenge when chal), lnsd's SCCRP."""
        self.sccrq(extra=([avp(CHALLENGE, chal)] if chal else []) +
                   list(extra))
        return self.expect(SCCRP)

    def open(self, secret=None):
        """A whole set-up; with secret, §5.1.1 both ways."""
        chal = os.urandom(16) if secret else None
        m = self.sccrp(chal=chal)
        resp = []
        if secret:
            if m["avps"].get(CHALLENGE_RESPONSE) != md5(bytes([SCCRP]),
                                                         secret, chal):
                raise AssertionError("lnsd's Challenge Response is wrong")
            resp = [avp(CHALLENGE_RESPONSE,
                        md5(bytes([SCCCN]), secret,
                            m["avps"][CHALLENGE]))]
        self.send(SCCCN, resp)
        return self

    def call(self, establish=False, sid=None):
        """ICRQ, lnsd's ICRP (and our ICCN): lnsd's session ID."""
        sid = sid or (2000 + len(self.msgs))
        self.send(ICRQ, body(ICRQ, sid))
        m = self.expect(ICRP)
        lns_sid = struct.unpack("!H", m["avps"][SESSION_ID])[0]
        if establish:
            self.send(ICCN, body(ICCN), sid=lns_sid)
        return lns_sid

    def close(self):
        """Our StopCCN, to leave nothing for lnsd to time out."""
        if self.tid:
            self.send(STOPCCN, [avp(TUNNEL_ID, u16(self.my_tid)),
                                avp(RESULT, u16(1))])


def forged(src, payload, sport=1701):
    """A UDP datagram to lnsd from an address not ours (IP_HDRINCL)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    udp = struct.pack("!HHHH", sport, 1701, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, socket.inet_aton(src), socket.inet_aton(lns))
    s.sendto(ip + udp, (lns, 0))
    s.close()


# ---- counters ---------------------------------------------------------------

def counters():
    st = lnsctl.query(prefix, "/lnsd/stats")
    ppp = lnsctl.query(prefix, "/lnsd/ppp")
    c = {k: v for k, v in st.items()
         if (k.startswith("ctl_l2tp_") and k not in
             ("ctl_l2tp_rx", "ctl_l2tp_tx")) or k.startswith("drop_")}
    c["ppp_unknown_session"] = ppp["unknown_session"]
    c["ppp_malformed"] = ppp["malformed"]
    return c


def full_name(k):
    return k if k.startswith(("drop_", "ppp_")) else "ctl_l2tp_" + k


def short_name(k):
    return k[len("ctl_l2tp_"):] if k.startswith("ctl_l2tp_") else k


# ---- the harness -------------------------------------------------------------

class Case:
    def __init__(self):
        self.watch = []         # tunnels whose answers count
        self.obs = []           # what the case saw itself
        self.before = None
        self.cleanup = []

    def tun(self, ip=PLAIN):
        t = Tun(ip)
        self.watch.append(t)
        self.cleanup.append(t)
        return t

    def taken(self, t):
        """lnsd acknowledged everything t sent (it took the message)."""
        wait_for(lambda: t.highest_nr == t.ns, "ack from lnsd")
        self.obs.append("acked")

    def mark(self):
        """Set-up done: answers and counters count from here."""
        probe()
        for t in self.watch:
            t.ack()
            t.mark = len(t.msgs)
        for p in PEERS.values():
            p.stray.clear()
        self.before = counters()

    def answers(self):
        out = []
        for t in self.watch:
            out += [describe(m) for m in t.msgs[getattr(t, "mark", 0):]]
        for p in PEERS.values():
            out += ["stray to tunnel %d: %s" % (m["tid"], describe(m))
                    for m in p.stray if not m["zlb"]]
        return out + self.obs


CASES = []


def case(name, answer, **deltas):
    """A case: its name, lnsd's answers, the counters that move."""
    def deco(fn):
        CASES.append((name, answer, deltas, fn))
        return fn
    return deco


PROBE = None


def probe():
    """Returns once lnsd has handled everything sent before."""
    PROBE.send(HELLO)
    want = PROBE.ns
    wait_for(lambda: PROBE.highest_nr == want, "ack of the probe")
    pump_all()


def run(name, answer, deltas, fn):
    c = Case()
    try:
        fn(c)
        if c.before is None:
            raise AssertionError("the case never marked its start")
        probe()
        moved = {short_name(k): v - c.before[k]
                 for k, v in counters().items() if v != c.before[k]}
        want = {short_name(full_name(k)): v for k, v in deltas.items()}
        got = c.answers()
        why = []
        if got != answer:
            why.append("answers %s, expected %s" % (got, answer))
        if moved != want:
            why.append("counters moved %s, expected %s" % (moved, want))
        what = "%s; %s" % (", ".join(answer) or "no answer",
                           ", ".join("%s +%d" % kv for kv in want.items())
                           or "no counter")
        print(("not ok\t%s\t%s" if why else "ok\t%s\t%s")
              % (name, "; ".join(why) if why else what), flush=True)
    except Exception as e:          # a case that cannot run is a failure
        print("not ok\t%s\t%s: %s" % (name, type(e).__name__, e),
              flush=True)
    finally:
        for t in c.cleanup:
            t.ack()
            t.close()


# ---- the cases ---------------------------------------------------------------
# Counter names are ctl_l2tp_* without the prefix, or drop_* / ppp_*.

# Messages in a wrong state. Tunnel ID 0 is for an SCCRQ only (§5.1):
# anything else there is dropped, no tunnel is made, nothing answered.
for _t in ALL_TYPES[1:]:
    def _f(c, t=_t):
        a = c.tun()
        c.mark()
        a.send(t, body(t), tid=0, ns=0, nr=0)
    case("tunnel-0-%s" % NAMES[_t], [], tunnel0_not_sccrq=1)(_f)

for _m, _n in ((True, "M"), (False, "no-M")):
    def _f(c, m=_m):
        a = c.tun()
        c.mark()
        a.send(0, mt_avp=avp(MSG_TYPE, u16(200), m=m), tid=0, ns=0, nr=0)
    case("tunnel-0-unknown-type-%s" % _n, [], tunnel0_not_sccrq=1)(_f)

# Waiting for the SCCCN (§7.2): anything but SCCCN, StopCCN and HELLO is
# an FSM error: StopCCN result 7.
for _t in [SCCRQ, SCCRP] + CALL_TYPES:
    def _f(c, t=_t):
        a = c.tun()
        a.sccrp()
        c.mark()
        a.send(t, body(t))
    case("wait-ctl-conn-%s" % NAMES[_t], ["StopCCN 7/0"], stopccn_tx=1)(_f)


@case("wait-ctl-conn-HELLO", ["acked"])
def _(c):
    a = c.tun()
    a.sccrp()
    c.mark()
    a.send(HELLO)
    c.taken(a)


@case("wait-ctl-conn-StopCCN", [], stopccn_rx=1)
def _(c):
    a = c.tun()
    a.sccrp()
    c.mark()
    a.send(STOPCCN, body(STOPCCN))


# Established: the set-up messages again are FSM errors.
for _t in (SCCRQ, SCCRP, SCCCN):
    def _f(c, t=_t):
        a = c.tun().open()
        c.mark()
        a.send(t, body(t))
    case("established-%s" % NAMES[_t], ["StopCCN 7/0"], stopccn_tx=1)(_f)

# A call-level message for session 0 that does not start a call: no call
# to give it to (counted), the transport's ack only.
for _t in (ICRP, ICCN, CDN, OCRP, OCCN, WEN, SLI):
    def _f(c, t=_t):
        a = c.tun().open()
        c.mark()
        a.send(t, body(t), sid=0)
    case("session-0-%s" % NAMES[_t], [], unknown_session=1)(_f)


@case("session-0-OCRQ", ["CDN 5/0"], cdn_tx=1)
def _(c):
    # §5.4.2: we place no outgoing calls.
    a = c.tun().open()
    c.mark()
    a.send(OCRQ, body(OCRQ), sid=0)


# A call waiting for its ICCN, or established: any other message is a
# call FSM error, CDN 2/6 (no CDN result says "FSM error", §4.4.2).
for _est in (False, True):
    for _t in (ICRQ, ICRP, OCRQ, OCRP, OCCN) + ((ICCN,) if _est else ()):
        def _f(c, t=_t, est=_est):
            a = c.tun().open()
            s = a.call(establish=est)
            c.mark()
            a.send(t, body(t), sid=s)
        case("call-%s-%s" % ("established" if _est else "waiting",
                             NAMES[_t]), ["CDN 2/6"], cdn_tx=1)(_f)


for _t, _n in ((WEN, "Call-Errors"), (SLI, "ACCM")):
    def _f(c, t=_t):
        # Kept for statistics and PPP when there; ignored when not.
        a = c.tun().open()
        s = a.call(establish=True)
        c.mark()
        a.send(t, [], sid=s)
        c.taken(a)
    case("%s-without-%s" % (NAMES[_t], _n), ["acked"])(_f)


@case("call-waiting-WEN-SLI", ["acked"])
def _(c):
    # Early, harmless: ignored.
    a = c.tun().open()
    s = a.call()
    c.mark()
    a.send(WEN, body(WEN), sid=s)
    a.send(SLI, body(SLI), sid=s)
    c.taken(a)


@case("closing-anything", ["acked"])
def _(c):
    # §5.7: after a StopCCN only acks; the call went with the tunnel.
    a = c.tun().open()
    s = a.call(establish=True)
    a.send(STOPCCN, body(STOPCCN))
    c.mark()
    a.send(ICRQ, body(ICRQ))
    a.send(HELLO)
    a.send(CDN, body(CDN), sid=s)
    a.send(SCCCN)
    c.taken(a)


for _m, _n, _a, _d in ((True, "M", ["StopCCN 2/3"], {"stopccn_tx": 1}),
                       (False, "no-M", ["acked"],
                        {"unknown_message_ignored": 1})):
    for _type in (200, 5, 13):
        def _f(c, m=_m, t=_type):
            a = c.tun().open()
            c.mark()
            a.send(0, mt_avp=avp(MSG_TYPE, u16(t), m=m))
            if not m:
                c.taken(a)
        case("unknown-type-%d-%s" % (_type, _n), _a, **_d)(_f)


# Missing mandatory AVPs (§6): the SCCRQ's own are answered with StopCCN
# 2/3 (there is a tunnel to answer from); without an Assigned Tunnel ID
# there is no one to answer.
def avp_type(a):
    return struct.unpack("!H", a[4:6])[0]


def sccrq_without(t):
    """An SCCRQ (our Assigned Tunnel ID) without the AVP of type t."""
    def f(c):
        a = c.tun()
        c.mark()
        avps = [x for x in body(SCCRQ) if avp_type(x) != TUNNEL_ID]
        if t != TUNNEL_ID:
            avps.append(avp(TUNNEL_ID, u16(a.my_tid)))
        a.sccrq([x for x in avps if avp_type(x) != t])
    return f


case("SCCRQ-without-Assigned-Tunnel-ID", [], tunnel0_not_sccrq=1)(
    sccrq_without(TUNNEL_ID))
for _t, _n in ((PROTO_VER, "Protocol-Version"), (HOST, "Host-Name"),
               (FRAMING, "Framing-Capabilities")):
    case("SCCRQ-without-%s" % _n, ["StopCCN 2/3"], stopccn_tx=1)(
        sccrq_without(_t))


@case("SCCRQ-version-2.0", ["StopCCN 5/256"], stopccn_tx=1)
def _(c):
    # §4.4.2: result 5, the Error Code says which version we speak (1.0).
    a = c.tun()
    c.mark()
    a.sccrq([avp(PROTO_VER, b"\x02\x00"), avp(HOST, b"v2"),
             avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(a.my_tid))])


@case("SCCRQ-receive-window-0", ["StopCCN 2/3"], stopccn_tx=1)
def _(c):
    a = c.tun()
    c.mark()
    a.sccrq(window=0)


def call_without(mtype, t):
    def f(c):
        a = c.tun().open()
        s = a.call() if mtype == ICCN else 0
        c.mark()
        a.send(mtype, [x for x in body(mtype) if avp_type(x) != t], sid=s)
    return f


for _m, _t, _n in ((ICRQ, SESSION_ID, "Assigned-Session-ID"),
                   (ICRQ, SERIAL, "Call-Serial-Number"),
                   (ICCN, TX_SPEED, "Tx-Connect-Speed"),
                   (ICCN, FRAMING_TYPE, "Framing-Type")):
    case("%s-without-%s" % (NAMES[_m], _n), ["CDN 2/3"], cdn_tx=1)(
        call_without(_m, _t))


@case("StopCCN-without-Result-Code", [], stopccn_rx=1)
def _(c):
    # A broken StopCCN still ends the tunnel; nothing is answered.
    a = c.tun().open()
    c.mark()
    a.send(STOPCCN, [avp(TUNNEL_ID, u16(a.my_tid))])


@case("CDN-without-Result-Code", [], cdn_rx=1)
def _(c):
    a = c.tun().open()
    s = a.call()
    c.mark()
    a.send(CDN, [avp(SESSION_ID, u16(2001))], sid=s)


# Duplicated and contradictory AVPs: the first one counts, everywhere.
@case("SCCRQ-two-Assigned-Tunnel-IDs", ["SCCRP"])
def _(c):
    a = c.tun()
    c.mark()
    # The SCCRP goes to the first ID (ours); a second one would be stray.
    a.sccrq(extra=[avp(TUNNEL_ID, u16(a.my_tid + 5000))])
    a.expect(SCCRP)


@case("SCCRQ-Assigned-Tunnel-ID-0", [], tunnel0_not_sccrq=1)
def _(c):
    # §4.4.3: non-zero. Nobody to answer: dropped before any state.
    a = c.tun()
    c.mark()
    a.sccrq([avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"zero"),
             avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(0))])


@case("ICRQ-two-Assigned-Session-IDs", ["ICRP"])
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(ICRQ, body(ICRQ, 3001) + [avp(SESSION_ID, u16(3002))])
    m = a.expect(ICRP)
    if m["sid"] != 3001:
        c.obs.append("ICRP to session %d, not the first ID" % m["sid"])


@case("ICRQ-Assigned-Session-ID-0", ["CDN 2/3"], cdn_tx=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(ICRQ, body(ICRQ, 0))


@case("Message-Type-not-first", ["StopCCN 2/3"], avp_error=1,
      stopccn_tx=1)
def _(c):
    # §4.1: the Message Type AVP MUST be the first; without it first the
    # message is not one lnsd can place.
    a = c.tun().open()
    c.mark()
    a.send(0, mt_avp=avp(VENDOR_NAME, b"first", m=False) +
           avp(MSG_TYPE, u16(HELLO)))


@case("StopCCN-Result-Code-3-octets", [], avp_error=1, stopccn_rx=1)
def _(c):
    # §4.4.2: 2 octets, or 4 and more; a broken StopCCN still ends it.
    a = c.tun().open()
    c.mark()
    a.send(STOPCCN, [avp(TUNNEL_ID, u16(a.my_tid)),
                     avp(RESULT, b"\0\1\0")])


@case("HELLO-then-second-Message-Type-SCCRQ", ["acked"])
def _(c):
    # The first AVP is the Message Type (§4.1): a HELLO, acked.
    a = c.tun().open()
    c.mark()
    a.send(HELLO, [avp(MSG_TYPE, u16(SCCRQ))])
    c.taken(a)


# AVP lengths 0..5 (shorter than the AVP header) and past the message's
# end: StopCCN 2/2 "length is wrong" for a tunnel message, CDN 2/2 for a
# call, nothing for an SCCRQ (there is no tunnel yet).
for _n in list(range(6)) + [100]:
    def _f(c, n=_n):
        a = c.tun().open()
        c.mark()
        a.send(HELLO, [avp(VENDOR_NAME, b"abcd", m=False, length=n)])
    case("HELLO-AVP-length-%d" % _n, ["StopCCN 2/2"], avp_error=1,
         stopccn_tx=1)(_f)


@case("Message-Type-AVP-length-7", ["StopCCN 2/2"], avp_error=1,
      stopccn_tx=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(HELLO, mt_avp=avp(MSG_TYPE, u16(HELLO) + b"\0"))


@case("ICCN-AVP-length-3", ["CDN 2/2"], avp_error=1, cdn_tx=1)
def _(c):
    a = c.tun().open()
    s = a.call()
    c.mark()
    a.send(ICCN, body(ICCN) + [avp(CALLING, b"x", length=3)], sid=s)


@case("ICRQ-Assigned-Session-ID-3-octets", ["CDN 2/2"], avp_error=1,
      cdn_tx=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(ICRQ, [avp(SESSION_ID, b"\x01\x02\x03"), avp(SERIAL, u32(1))])


@case("SCCRQ-AVP-past-the-end", [], tunnel0_not_sccrq=1)
def _(c):
    a = c.tun()
    c.mark()
    a.sccrq(extra=[avp(VENDOR_NAME, b"ab", m=False, length=40)])


for _flags, _n in ((dict(vendor=9), "vendor"), (dict(rsvd=0x0400), "rsvd-bit"),
                   (dict(), "unknown-type")):
    def _f(c, kw=_flags):
        a = c.tun().open()
        c.mark()
        a.send(HELLO, [avp(4242 if not kw else 7, b"xy", **kw)])
    case("HELLO-mandatory-%s-AVP" % _n, ["StopCCN 2/8"], avp_error=1,
         stopccn_tx=1)(_f)

    def _f2(c, kw=_flags):
        a = c.tun().open()
        c.mark()
        a.send(HELLO, [avp(4242 if not kw else 7, b"xy", m=False, **kw)])
        c.taken(a)
    case("HELLO-optional-%s-AVP" % _n, ["acked"])(_f2)


# Every message type truncated: the header's Length ends inside its last
# AVP. SCCRQ: no tunnel; tunnel messages: StopCCN 2/2 (even a StopCCN
# ends the tunnel, unanswered); a call request: a call is made to answer
# CDN 2/2; other call messages for session 0: no call to clear.
def truncated(t, c):
    a = c.tun()
    if t != SCCRQ:
        a.open()
    s = a.call() if t in (ICCN, CDN) else 0
    c.mark()
    b = avp(MSG_TYPE, u16(t)) + b"".join(body(t)) + avp(VENDOR_NAME,
                                                        b"truncated", m=False)
    ns = a.ns
    a.ns += 1
    a.raw(hdr(a.tid, s, ns, a.nr, b, length=12 + len(b) - 4))


for _t, _a, _d in (
        (SCCRQ, [], {"tunnel0_not_sccrq": 1}),
        (SCCRP, ["StopCCN 2/2"], {"avp_error": 1, "stopccn_tx": 1}),
        (SCCCN, ["StopCCN 2/2"], {"avp_error": 1, "stopccn_tx": 1}),
        (STOPCCN, [], {"avp_error": 1, "stopccn_rx": 1}),
        (HELLO, ["StopCCN 2/2"], {"avp_error": 1, "stopccn_tx": 1}),
        (OCRQ, ["CDN 2/2"], {"avp_error": 1, "cdn_tx": 1}),
        (OCRP, [], {"avp_error": 1, "unknown_session": 1}),
        (OCCN, [], {"avp_error": 1, "unknown_session": 1}),
        (ICRQ, ["CDN 2/2"], {"avp_error": 1, "cdn_tx": 1}),
        (ICRP, [], {"avp_error": 1, "unknown_session": 1}),
        (ICCN, ["CDN 2/2"], {"avp_error": 1, "cdn_tx": 1}),
        (CDN, [], {"avp_error": 1, "cdn_rx": 1}),
        (WEN, [], {"avp_error": 1, "unknown_session": 1}),
        (SLI, [], {"avp_error": 1, "unknown_session": 1})):
    case("truncated-%s" % NAMES[_t], _a, **_d)(
        lambda c, t=_t: truncated(t, c))


@case("trailing-octets-after-Length", ["acked"])
def _(c):
    # Link padding after the message is not the message (§3.1): acked.
    a = c.tun().open()
    c.mark()
    m = hdr(a.tid, 0, a.ns, a.nr, avp(MSG_TYPE, u16(HELLO)))
    a.ns += 1
    a.raw(m + b"\xff" * 40)
    c.taken(a)


@case("header-Length-past-the-datagram", [], malformed_header=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(hdr(a.tid, 0, a.ns, a.nr, avp(MSG_TYPE, u16(HELLO)), length=300))


@case("control-without-L-bit", [], malformed_header=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(struct.pack("!HHHHH", 0x8802, a.tid, 0, a.ns, a.nr)
          + avp(MSG_TYPE, u16(HELLO)))


@case("control-without-S-bit", [], malformed_header=1)
def _(c):
    a = c.tun().open()
    c.mark()
    m = avp(MSG_TYPE, u16(HELLO))
    a.raw(struct.pack("!HHHH", 0xC002, 8 + len(m), a.tid, 0) + m)


@case("control-version-3", [], malformed_header=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(hdr(a.tid, 0, a.ns, a.nr, avp(MSG_TYPE, u16(HELLO)),
              flags=0xC803))


@case("control-with-offset-padding", ["acked"])
def _(c):
    # §3.1 wants O clear on control messages; lnsd is a liberal receiver
    # (l2tp_hdr.h): the padding is skipped and the HELLO acked.
    a = c.tun().open()
    c.mark()
    m = avp(MSG_TYPE, u16(HELLO))
    a.raw(struct.pack("!HHHHHHH", 0xCA02, 14 + 4 + len(m), a.tid, 0, a.ns,
                      a.nr, 4) + b"\0" * 4 + m)
    a.ns += 1
    c.taken(a)


# Oversized: more than the access link's MTU, so sent in IPv4 fragments.
# On a NIC lnsd drops each fragment (drop_outer_ipv4_fragment, unit
# tested in test_dp_classify). The e2e ports are net_af_packet, whose
# socket has the kernel reassemble first (PACKET_FANOUT_FLAG_DEFRAG): a
# message that then fits the PMD's frame reaches lnsd whole and is taken
# like any other; a longer one is cut by the PMD and dropped as a
# truncated IPv4 packet. Either way nothing past the frame is read.
def oversized(a, body_octets):
    pad = avp(VENDOR_NAME, b"v" * 1000, m=False)
    pad += avp(CALLING, b"c" * (body_octets - len(pad) - 14), m=False)
    # The socket's default (IP_PMTUDISC_WANT) fragments what the MTU
    # cannot carry.
    a.raw(hdr(a.tid, 0, a.ns, a.nr, avp(MSG_TYPE, u16(HELLO)) + pad))


@case("oversized-HELLO-1700-octets", ["acked"])
def _(c):
    a = c.tun().open()
    c.mark()
    oversized(a, 1700)
    a.ns += 1
    c.taken(a)


@case("oversized-HELLO-2100-octets", [], drop_truncated_ipv4=1)
def _(c):
    a = c.tun().open()
    c.mark()
    oversized(a, 2100)


@case("SCCRQ-longest-Host-Name", ["SCCRP"])
def _(c):
    # 1017 octets, the most an AVP holds: taken (and cut for the logs).
    a = c.tun()
    c.mark()
    a.sccrq([avp(PROTO_VER, b"\x01\x00"), avp(HOST, b"h" * 1017),
             avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(a.my_tid))])
    a.expect(SCCRP)


# Hidden AVPs (§4.3). 198.51.100.3 shares no secret; 198.51.100.2 does.
@case("hidden-no-secret", ["StopCCN 2/3"], avp_error=1, stopccn_tx=1)
def _(c):
    a = c.tun().open()
    c.mark()
    rv = os.urandom(16)
    a.send(HELLO, [avp(RANDOM_VECTOR, rv),
                   avp(VENDOR_NAME, hide(VENDOR_NAME, SECRET, rv, b"x"),
                       m=False, h=True)])


@case("hidden-no-rv-in-HELLO", ["StopCCN 2/3"], avp_error=1, stopccn_tx=1)
def _(c):
    a = c.tun(AUTH).open(SECRET)
    c.mark()
    a.send(HELLO, [avp(VENDOR_NAME, hide(VENDOR_NAME, SECRET, b"r", b"x"),
                       m=False, h=True)])


@case("hidden-no-rv-in-ICCN", ["CDN 2/3", "ICRP"], avp_error=1, cdn_tx=1)
def _(c):
    # A call-level message: its call only; the tunnel takes a new call.
    a = c.tun(AUTH).open(SECRET)
    s = a.call()
    c.mark()
    a.send(ICCN, body(ICCN) + [avp(CALLING, hide(CALLING, SECRET, b"r",
                                                   b"0123"), h=True)], sid=s)
    a.expect(CDN)
    a.call()


def wrong_secret_cipher(t, value):
    """value hidden with the wrong secret, such that lnsd, unhiding with
    the right one, reads an original length longer than the AVP."""
    while True:
        rv = os.urandom(16)
        cipher = hide(t, b"wrong-secret", rv, value)
        if unhidden_len(t, SECRET, rv, cipher) > len(cipher) - 2:
            return rv, cipher


@case("hidden-wrong-secret-in-HELLO", ["StopCCN 2/2"], avp_error=1,
      stopccn_tx=1)
def _(c):
    a = c.tun(AUTH).open(SECRET)
    rv, cipher = wrong_secret_cipher(VENDOR_NAME, b"vendor")
    c.mark()
    a.send(HELLO, [avp(RANDOM_VECTOR, rv),
                   avp(VENDOR_NAME, cipher, m=False, h=True)])


@case("hidden-wrong-secret-in-ICRQ", ["CDN 2/2"], avp_error=1, cdn_tx=1)
def _(c):
    a = c.tun(AUTH).open(SECRET)
    rv, cipher = wrong_secret_cipher(CALLING, b"0123456")
    c.mark()
    a.send(ICRQ, body(ICRQ) + [avp(RANDOM_VECTOR, rv),
                               avp(CALLING, cipher, h=True)])


@case("hidden-length-overflow", ["StopCCN 2/2"], avp_error=1, stopccn_tx=1)
def _(c):
    # The right secret, an original length past the subformat.
    a = c.tun(AUTH).open(SECRET)
    rv = os.urandom(16)
    c.mark()
    a.send(HELLO, [avp(RANDOM_VECTOR, rv),
                   avp(VENDOR_NAME, hide(VENDOR_NAME, SECRET, rv, b"abc",
                                         orig_len=40), m=False, h=True)])


@case("hidden-Message-Type", ["StopCCN 2/2"], avp_error=1, stopccn_tx=1)
def _(c):
    a = c.tun(AUTH).open(SECRET)
    rv = os.urandom(16)
    c.mark()
    a.send(HELLO, mt_avp=avp(MSG_TYPE, hide(MSG_TYPE, SECRET, rv,
                                            u16(HELLO)), h=True))


@case("hidden-Random-Vector", ["StopCCN 2/2"], avp_error=1, stopccn_tx=1)
def _(c):
    a = c.tun(AUTH).open(SECRET)
    c.mark()
    a.send(HELLO, [avp(RANDOM_VECTOR, hide(RANDOM_VECTOR, SECRET, b"r",
                                           os.urandom(16)), h=True)])


@case("hidden-right-secret-in-ICRQ", ["ICRP"])
def _(c):
    # The control: hidden Assigned Session ID and Calling Number decode.
    a = c.tun(AUTH).open(SECRET)
    rv = os.urandom(16)
    c.mark()
    a.send(ICRQ, [avp(RANDOM_VECTOR, rv),
                  avp(SESSION_ID, hide(SESSION_ID, SECRET, rv, u16(4321)),
                      h=True), avp(SERIAL, u32(9)),
                  avp(CALLING, hide(CALLING, SECRET, rv, b"555"), h=True)])
    m = a.expect(ICRP)
    if m["sid"] != 4321:
        c.obs.append("ICRP to session %d, not 4321" % m["sid"])


@case("hidden-no-rv-in-SCCRQ", [], tunnel0_not_sccrq=1)
def _(c):
    a = c.tun(AUTH)
    c.mark()
    a.sccrq([avp(PROTO_VER, b"\x01\x00"),
             avp(HOST, hide(HOST, SECRET, b"r", b"lac"), h=True),
             avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(a.my_tid)),
             avp(CHALLENGE, os.urandom(16))])


# Tunnel authentication (§5.1.1): result 4, counted.
@case("SCCCN-wrong-Challenge-Response", ["StopCCN 4/0"], stopccn_tx=1,
      tunnel_unauthorized=1)
def _(c):
    a = c.tun(AUTH)
    a.sccrp(chal=os.urandom(16))
    c.mark()
    a.send(SCCCN, [avp(CHALLENGE_RESPONSE, os.urandom(16))])


@case("SCCCN-without-Challenge-Response", ["StopCCN 4/0"], stopccn_tx=1,
      tunnel_unauthorized=1)
def _(c):
    a = c.tun(AUTH)
    a.sccrp(chal=os.urandom(16))
    c.mark()
    a.send(SCCCN)


@case("SCCCN-Challenge-Response-15-octets", ["StopCCN 2/2"], avp_error=1,
      stopccn_tx=1)
def _(c):
    a = c.tun(AUTH)
    a.sccrp(chal=os.urandom(16))
    c.mark()
    a.send(SCCCN, [avp(CHALLENGE_RESPONSE, os.urandom(15))])


@case("SCCCN-wrong-then-right-Challenge-Response", ["StopCCN 4/0"],
      stopccn_tx=1, tunnel_unauthorized=1)
def _(c):
    a = c.tun(AUTH)
    m = a.sccrp(chal=os.urandom(16))
    right = md5(bytes([SCCCN]), SECRET, m["avps"][CHALLENGE])
    c.mark()
    a.send(SCCCN, [avp(CHALLENGE_RESPONSE, os.urandom(16)),
                   avp(CHALLENGE_RESPONSE, right)])


@case("SCCCN-right-then-wrong-Challenge-Response", ["ICRP"])
def _(c):
    a = c.tun(AUTH)
    m = a.sccrp(chal=os.urandom(16))
    right = md5(bytes([SCCCN]), SECRET, m["avps"][CHALLENGE])
    c.mark()
    a.send(SCCCN, [avp(CHALLENGE_RESPONSE, right),
                   avp(CHALLENGE_RESPONSE, os.urandom(16))])
    a.call()            # established: it takes a call


@case("SCCRQ-no-Challenge-to-a-secret", ["StopCCN 4/0"], stopccn_tx=1,
      tunnel_unauthorized=1)
def _(c):
    a = c.tun(AUTH)
    c.mark()
    a.sccrq()


@case("SCCRQ-Challenge-without-a-secret", ["StopCCN 4/0"], stopccn_tx=1,
      tunnel_unauthorized=1)
def _(c):
    a = c.tun(PLAIN)
    c.mark()
    a.sccrq(extra=[avp(CHALLENGE, os.urandom(16))])


# Ns/Nr games (§5.8).
@case("SCCRQ-Ns-1", [], tunnel0_bad_sequence=1)
def _(c):
    a = c.tun()
    c.mark()
    a.send(SCCRQ, body(SCCRQ), tid=0, ns=1, nr=0)


@case("Ns-far-ahead", [], out_of_window=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(HELLO, ns=(a.ns + 1000) & 0xFFFF)


@case("Ns-ahead-in-window-then-gap-filled", ["CDN 2/6"], out_of_order=1,
      cdn_tx=1)
def _(c):
    # Held (§5.8), then delivered in order once the gap is filled: an ICRP
    # for the call, an FSM error only seen after the ICCN before it.
    a = c.tun().open()
    s = a.call()
    c.mark()
    a.send(ICRP, body(ICRP), sid=s, ns=(a.ns + 1) & 0xFFFF)
    a.send(ICCN, body(ICCN), sid=s)
    a.ns += 1


@case("Ns-behind-duplicate", ["ZLB Nr=2"], duplicate=1)
def _(c):
    # §5.8: acknowledged at once, not processed again (an FSM error).
    a = c.tun().open()
    c.mark()
    z = a.zlbs
    a.send(SCCCN, ns=1)
    wait_for(lambda: a.zlbs > z, "ZLB for the duplicate")
    c.obs.append("ZLB Nr=%d" % a.highest_nr)


@case("Ns-32768-ahead", ["ZLB Nr=2"], duplicate=1)
def _(c):
    # Half the sequence space away counts as behind (§5.8): a duplicate.
    a = c.tun().open()
    c.mark()
    z = a.zlbs
    a.send(HELLO, ns=(a.ns + 32768) & 0xFFFF)
    wait_for(lambda: a.zlbs > z, "ZLB for the duplicate")
    c.obs.append("ZLB Nr=%d" % a.highest_nr)


@case("Nr-acknowledges-unsent", ["acked"], bad_nr=1)
def _(c):
    # The HELLO is taken, its Nr ignored (and counted, logged).
    a = c.tun().open()
    c.mark()
    a.send(HELLO, nr=(a.nr + 100) & 0xFFFF)
    c.taken(a)


@case("ZLB-Nr-acknowledges-unsent", [], bad_nr=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(hdr(a.tid, 0, a.ns, (a.nr + 50) & 0xFFFF, b""))


@case("Nr-stale", ["acked"])
def _(c):
    a = c.tun().open()
    c.mark()
    a.send(HELLO, nr=(a.nr - 3000) & 0xFFFF)
    c.taken(a)


# Sessions of other tunnels: IDs are per tunnel (1, 2...), so B's second
# call's ID is no call of A's.
# B then completes its call with an ICCN: had A's message reached it, the
# ICCN would find no call (one more unknown_session) or an FSM error.
for _t in (CDN, ICCN):
    def _f(c, t=_t):
        a, b = c.tun().open(), c.tun().open()
        a.call()
        b.call()
        s2 = b.call()
        c.mark()
        a.send(t, body(t), sid=s2)
        b.send(ICCN, body(ICCN), sid=s2)
    case("%s-for-a-call-of-another-tunnel" % NAMES[_t], [],
         unknown_session=1)(_f)


# A known tunnel ID from another address (in l2tp.peers, or not), from
# another port of its own address.
@case("tunnel-ID-from-another-address", [], wrong_peer_address=1)
def _(c):
    a = c.tun().open()
    w = Tun(OTHER)
    w.tid, w.ns, w.nr = a.tid, a.ns, a.nr
    c.mark()
    w.send(STOPCCN, body(STOPCCN))


@case("tunnel-ID-from-a-forged-address", [], wrong_peer_address=1)
def _(c):
    a = c.tun().open()
    c.mark()
    forged(FORGED, hdr(a.tid, 0, a.ns, a.nr, avp(MSG_TYPE, u16(STOPCCN))
                       + b"".join(body(STOPCCN))))


@case("SCCRQ-from-an-address-not-in-peers", [], peer_refused=1)
def _(c):
    c.tun()
    c.mark()
    forged(FORGED, hdr(0, 0, 0, 0, avp(MSG_TYPE, u16(SCCRQ))
                       + b"".join(body(SCCRQ))))


@case("duplicate-from-another-port", ["ZLB to port 1701"], duplicate=1)
def _(c):
    # Acked where the tunnel's path is, not where the copy came from.
    a = c.tun().open()
    o = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    o.bind((PLAIN, 41701))
    o.setblocking(False)
    c.mark()
    z = a.zlbs
    o.sendto(hdr(a.tid, 0, 1, a.nr, avp(MSG_TYPE, u16(SCCCN))), (lns, 1701))
    wait_for(lambda: a.zlbs > z, "ZLB for the copy")
    c.obs.append("ZLB to port 1701")
    try:
        o.recv(4096)
        c.obs.append("and something to port 41701")
    except BlockingIOError:
        pass
    o.close()


# Data messages (T=0) where there is no session: the dataplane drops IP,
# the PPP glue counts the rest.
def data(tid, sid, ppp, flags=0x0002):
    return struct.pack("!HHH", flags, tid, sid) + ppp


IPV4 = (b"\xff\x03\x00\x21" + bytes.fromhex("4500001c00000000401100000a000001"
                                           "0a0000020035003500080000"))
LCP = b"\xff\x03\xc0\x21" + bytes.fromhex("010100080506cafe")


@case("data-IP-unknown-tunnel", [], drop_l2tp_data_no_session=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(data(4000, 1, IPV4))


@case("data-IP-unknown-session", [], drop_l2tp_data_no_session=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(data(a.tid, 77, IPV4))


@case("data-LCP-unknown-session", [], ppp_unknown_session=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(data(a.tid, 77, LCP))


@case("data-LCP-call-without-PPP", [], ppp_unknown_session=1)
def _(c):
    # A call waiting for its ICCN has no PPP yet.
    a = c.tun().open()
    s = a.call()
    c.mark()
    a.raw(data(a.tid, s, LCP))


@case("data-LCP-session-from-another-address", [], ppp_unknown_session=1)
def _(c):
    a = c.tun().open()
    s = a.call(establish=True)
    c.mark()
    peer(OTHER).sendto(data(a.tid, s, LCP))


@case("data-version-3", [], drop_l2tp_bad_version=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(data(a.tid, 1, IPV4, flags=0x0003))


@case("data-truncated", [], drop_truncated_l2tp_data=1)
def _(c):
    a = c.tun().open()
    c.mark()
    a.raw(b"\x40\x02\x00")


def main():
    global PROBE
    PROBE = Tun(PLAIN)
    PROBE.open()    # the probe tunnel: established, no call, kept open
    only = set(os.environ.get("HOSTILE_CASES", "").split()) - {""}
    for name, answer, deltas, fn in CASES:
        if not only or name in only:
            run(name, answer, deltas, fn)
    PROBE.close()
    pump_all()


if __name__ == "__main__":
    main()
