#!/usr/bin/python3
"""A minimal PPP subscriber behind the Python LAC (l2tp_peer.py), for tests.

Written from RFC 1661/1332/1334/1994 directly, sharing no code with lnsd.
Every frame lnsd sends is also parsed with scapy's independent PPP layers
and the fields compared with ours (scapy_check).
"""
import hashlib
import os
import socket
import struct
import time

from l2tp_peer import (CDN, ICCN, ICRP, ICRQ, SESSION_ID, SERIAL, BEARER_TYPE,
                       FRAMING_TYPE, TX_SPEED, SEQUENCING_REQUIRED, Lac, avp,
                       u16, u32, parse)

LCP, PAP, CHAP, IPCP, IPV6CP = 0xC021, 0xC023, 0xC223, 0x8021, 0x8057
CONFREQ, CONFACK, CONFNAK, CONFREJ, TERMREQ, TERMACK = 1, 2, 3, 4, 5, 6
PROTREJ, ECHOREQ, ECHOREP = 8, 9, 10


def opts_parse(data):
    out, i = [], 0
    while i + 2 <= len(data):
        t, n = data[i], data[i + 1]
        if n < 2:
            raise ValueError("option length < 2")
        out.append((t, data[i + 2:i + n]))
        i += n
    return out


def opts_build(opts):
    return b"".join(bytes([t, 2 + len(v)]) + v for t, v in opts)


def cp(code, ident, data):
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


def scapy_check(proto, pkt, fields):
    """Parse pkt with scapy's PPP layers; compare with what we decoded."""
    from scapy.layers.ppp import PPP
    p = PPP(struct.pack("!H", proto) + pkt)
    layer = p.payload
    for name, want in fields.items():
        got = getattr(layer, name)
        if got != want:
            raise AssertionError("scapy %s.%s = %r, we decoded %r"
                                 % (layer.__class__.__name__, name, got, want))
    return p


class Subscriber:
    """One PPP session over tunnel lac (a Lac with an open tunnel)."""

    def __init__(self, lac, my_sid, user, password, auth="chap",
                 answer_echo=True):
        self.lac, self.my_sid = lac, my_sid
        self.user, self.password, self.auth = user, password, auth
        self.answer_echo = answer_echo
        self.sid = None
        self.magic = struct.unpack("!I", os.urandom(4))[0] | 1
        self.ident = 0
        self.lcp_up = self.auth_ok = self.ipcp_up = False
        self.our_lcp_acked = self.peer_lcp_acked = False
        self.addr = "0.0.0.0"
        self.dns = "0.0.0.0"     # RFC 1877: ask for a DNS server
        self.seen = []          # (proto, code) of every frame from lnsd
        self.lns_lcp_opts = None
        self.lns_ipcp_opts = None
        self.cdn = None
        self.seq = False         # ICCN asks for Sequencing Required
        self.data_ns = []        # Ns of the data messages from lnsd (S bit)

    def nid(self):
        self.ident = (self.ident + 1) & 0xFF
        return self.ident

    def call(self, proxy=None, serial=1):
        """ICRQ/ICRP/ICCN; proxy: extra ICCN AVPs (proxy LCP/auth)."""
        a = self.lac
        a.send(ICRQ, [avp(SESSION_ID, u16(self.my_sid)), avp(SERIAL, u32(serial)),
                      avp(BEARER_TYPE, u32(1))])
        m = a.recv(ICRP)
        self.sid = struct.unpack("!H", m["avps"][SESSION_ID])[0]
        seq = [avp(SEQUENCING_REQUIRED, b"")] if self.seq else []
        a.send(ICCN, [avp(TX_SPEED, u32(100000000)), avp(FRAMING_TYPE, u32(1))]
               + seq + (proxy or []), sid=self.sid)

    def send_ppp(self, proto, pkt):
        hdr = struct.pack("!HHH", 0x0002, self.lac.tid, self.sid)
        self.lac.raw(hdr + b"\xff\x03" + struct.pack("!H", proto) + pkt)

    def recv_ppp(self, timeout):
        """Next PPP frame for our session; handles control messages."""
        a = self.lac
        a.s.settimeout(timeout)
        while True:
            pkt = a.recv_raw()
            flags = struct.unpack("!H", pkt[:2])[0]
            if flags & 0x8000:
                m = parse(pkt)
                if m["type"] == 0:
                    continue
                if m["ns"] == a.nr:
                    a.nr = (a.nr + 1) & 0xFFFF
                a.zlb()
                if m["type"] == CDN and m["sid"] == self.my_sid:
                    self.cdn = m
                    return None
                continue
            off = 2 + (2 if flags & 0x4000 else 0)
            tid, sid = struct.unpack("!HH", pkt[off:off + 4])
            if flags & 0x0800 and sid == self.my_sid:
                self.data_ns.append(struct.unpack("!H", pkt[off + 4:off + 6])[0])
            off += 4 + (4 if flags & 0x0800 else 0)
            if flags & 0x0200:
                off += 2 + struct.unpack("!H", pkt[off:off + 2])[0]
            if sid != self.my_sid:
                continue
            if pkt[off:off + 2] != b"\xff\x03":
                raise AssertionError("LCP-family frame without FF 03")
            proto = struct.unpack("!H", pkt[off + 2:off + 4])[0]
            return proto, pkt[off + 4:]

    def handle(self, proto, pkt):
        code, ident, length = struct.unpack("!BBH", pkt[:4])
        data = pkt[4:length]
        self.seen.append((proto, code))
        if proto == LCP:
            self.on_lcp(code, ident, data, pkt)
        elif proto == CHAP:
            self.on_chap(code, ident, data, pkt)
        elif proto == PAP:
            scapy_check(PAP, pkt, {"code": code, "id": ident})
            self.auth_ok = code == 2
            if code == 3:
                raise AuthFailed("PAP Nak")
        elif proto == IPCP:
            self.on_ipcp(code, ident, data, pkt)
        elif proto == IPV6CP:
            # No IPv6 here: Protocol-Reject it (RFC 1661 §5.7).
            self.send_ppp(LCP, cp(PROTREJ, self.nid(), struct.pack("!H", IPV6CP) + pkt))

    def on_lcp(self, code, ident, data, pkt):
        if code == CONFREQ:
            opts = opts_parse(data)
            self.lns_lcp_opts = opts
            scapy_check(LCP, pkt, {"code": code, "id": ident, "len": len(pkt)})
            want = {"chap": b"\xc2\x23\x05", "pap": b"\xc0\x23"}[self.auth]
            auth = [v for t, v in opts if t == 3]
            if auth and auth[0] != want:
                self.send_ppp(LCP, cp(CONFNAK, ident, opts_build([(3, want)])))
                return
            self.send_ppp(LCP, cp(CONFACK, ident, data))
            self.peer_lcp_acked = True
        elif code == CONFACK:
            self.our_lcp_acked = True
        elif code == ECHOREQ:
            if self.answer_echo:
                self.send_ppp(LCP, cp(ECHOREP, ident, struct.pack("!I", self.magic)
                                      + data[4:]))
        elif code == TERMREQ:
            self.send_ppp(LCP, cp(TERMACK, ident, b""))
        if not self.lcp_up and self.our_lcp_acked and self.peer_lcp_acked:
            self.lcp_up = True
            if self.auth == "pap":
                self.send_pap_req()

    def send_pap_req(self):
        u, p = self.user.encode(), self.password.encode()
        self.send_ppp(PAP, cp(1, self.nid(), bytes([len(u)]) + u +
                              bytes([len(p)]) + p))

    def send_lcp_req(self):
        self.send_ppp(LCP, cp(CONFREQ, self.nid(),
                              opts_build([(5, struct.pack("!I", self.magic))])))

    def restart(self):
        """RFC 1661 §4.6 Restart timer expired: send again what we wait an
        answer for (a frame may be lost on a loaded machine's af_packet
        rings; the LNS resends only its own requests)."""
        if not self.our_lcp_acked:
            self.send_lcp_req()
        elif self.lcp_up and self.auth == "pap" and not self.auth_ok:
            self.send_pap_req()
        elif self.auth_ok and not self.ipcp_up:
            self.send_ipcp_req()

    def on_chap(self, code, ident, data, pkt):
        if code == 1:
            n = data[0]
            challenge = data[1:1 + n]
            scapy_check(CHAP, pkt, {"code": 1, "id": ident, "value": challenge})
            digest = hashlib.md5(bytes([ident]) + self.password.encode()
                                 + challenge).digest()
            self.send_ppp(CHAP, cp(2, ident, bytes([16]) + digest +
                                   self.user.encode()))
        elif code == 3:
            self.auth_ok = True
        elif code == 4:
            raise AuthFailed("CHAP Failure")

    def on_ipcp(self, code, ident, data, pkt):
        opts = opts_parse(data)
        if code == CONFREQ:
            self.lns_ipcp_opts = opts
            scapy_check(IPCP, pkt, {"code": code, "id": ident})
            self.send_ppp(IPCP, cp(CONFACK, ident, data))
            self.ipcp_peer_acked = True
        elif code == CONFNAK:
            for t, v in opts:
                if t == 3:
                    self.addr = socket.inet_ntoa(v)
                if t == 129:
                    self.dns = socket.inet_ntoa(v)
            self.send_ipcp_req()
        elif code == CONFREJ:
            # RFC 1661 §5.4: stop asking for what was rejected (DNS here).
            if any(t == 129 for t, _ in opts):
                self.dns = None
            self.send_ipcp_req()
        elif code == CONFACK:
            self.ipcp_up = getattr(self, "ipcp_peer_acked", False) or True

    def send_ipcp_req(self):
        opts = [(3, socket.inet_aton(self.addr))]
        if self.dns is not None:
            opts.append((129, socket.inet_aton(self.dns)))
        self.send_ppp(IPCP, cp(CONFREQ, self.nid(), opts_build(opts)))

    def run(self, timeout=10.0, proxy=None, skip_lcp=False):
        """Dial and negotiate until IPCP is up; returns the address."""
        self.call(proxy=proxy)
        return self.negotiate(timeout, skip_lcp)

    def renegotiate(self, timeout=10.0):
        """A new LCP Configure-Request while up: everything runs again."""
        self.lcp_up = self.auth_ok = self.ipcp_up = False
        self.our_lcp_acked = self.peer_lcp_acked = False
        self.ipcp_peer_acked = False
        self.addr, self.seen = "0.0.0.0", []
        return self.negotiate(timeout)

    def renegotiate_ipcp(self, timeout=10.0, slow=0.0):
        """A new IPCP Configure-Request while up (RFC 1661 §4: Opened +
        RCR): IPCP runs again; returns the address. slow: seconds before
        we look at (and Ack) the LNS's answer, as a slow CPE would."""
        self.ipcp_up = self.ipcp_peer_acked = False
        self.send_ipcp_req()
        time.sleep(slow)
        end = time.time() + timeout
        while time.time() < end:
            r = self.recv_ppp(max(0.05, end - time.time()))
            if r is None:
                raise CallCleared(self.cdn)
            self.handle(*r)
            if self.ipcp_up and self.ipcp_peer_acked:
                return self.addr
        raise TimeoutError("IPCP did not come up again; saw %r" % self.seen)

    def negotiate(self, timeout=10.0, skip_lcp=False):
        if not skip_lcp:
            self.send_lcp_req()
        else:
            self.lcp_up = self.our_lcp_acked = True
        end = time.time() + timeout
        ipcp_sent = False
        while time.time() < end:
            try:
                r = self.recv_ppp(max(0.05, min(3.0, end - time.time())))
            except (socket.timeout, TimeoutError):
                self.restart()
                continue
            if r is None:
                raise CallCleared(self.cdn)
            self.handle(*r)
            if self.auth_ok and not ipcp_sent:
                self.send_ipcp_req()
                ipcp_sent = True
            if self.ipcp_up and getattr(self, "ipcp_peer_acked", False):
                return self.addr
        raise TimeoutError("PPP did not come up; saw %r" % self.seen)

    def frames(self, seconds):
        """The PPP frames for us, (proto, payload), as they come within
        seconds; None, last, when the LNS clears the call."""
        end = time.time() + seconds
        while time.time() < end:
            try:
                r = self.recv_ppp(max(0.05, end - time.time()))
            except (socket.timeout, TimeoutError):
                return
            yield r
            if r is None:
                return

    def serve(self, seconds):
        """Keep answering (echoes, ...) for a while."""
        for r in self.frames(seconds):
            if r is None:
                raise CallCleared(self.cdn)
            self.handle(*r)

    def ipv4(self, seconds):
        """The IPv4 packets for us within seconds (or until the call is
        cleared); control frames are answered meanwhile."""
        out = []
        for r in self.frames(seconds):
            if r is None:
                break
            if r[0] == 0x0021:
                out.append(r[1])
            else:
                self.handle(*r)
        return out


class AuthFailed(Exception):
    pass


class CallCleared(Exception):
    def __init__(self, cdn):
        super().__init__("call cleared by the LNS")
        self.cdn = cdn
