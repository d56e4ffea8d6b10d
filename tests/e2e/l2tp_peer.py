#!/usr/bin/python3
"""A minimal, independent L2TPv2 LAC over a kernel UDP socket, for tests.

Written from RFC 2661 directly (it shares no code with lnsd) so that it
checks lnsd's wire format rather than mirroring it. Unhidden AVPs only.
"""
import hashlib
import os
import socket
import struct

SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
ICRQ, ICRP, ICCN, CDN = 10, 11, 12, 14
MSG_TYPE, RESULT, PROTO_VER, FRAMING, HOST, TUNNEL_ID = 0, 1, 2, 3, 7, 9
RX_WINDOW = 10
CHALLENGE, CHALLENGE_RESPONSE = 11, 13
SESSION_ID, SERIAL, BEARER_TYPE, FRAMING_TYPE, TX_SPEED = 14, 15, 18, 19, 24
SEQUENCING_REQUIRED = 39


def avp(t, val, m=True, length=None):
    n = 6 + len(val) if length is None else length
    return struct.pack("!HHH", (0x8000 if m else 0) | n, 0, t) + val


def u16(v):
    return struct.pack("!H", v)


def u32(v):
    return struct.pack("!I", v)


def ctrl(tid, sid, ns, nr, body, flags=0xC802, length=None):
    n = 12 + len(body) if length is None else length
    return struct.pack("!HHHHHH", flags, n, tid, sid, ns, nr) + body


def sccrq_body(my_tid, host=b"pytest-lac", rx_window=None):
    """The AVPs of an SCCRQ (Message Type first) that asks for tunnel
    my_tid, without a Challenge; Receive Window Size when rx_window."""
    body = (avp(MSG_TYPE, u16(SCCRQ)) + avp(PROTO_VER, b"\x01\x00")
            + avp(HOST, host) + avp(FRAMING, u32(3))
            + avp(TUNNEL_ID, u16(my_tid)))
    if rx_window is not None:
        body += avp(RX_WINDOW, u16(rx_window))
    return body


def parse(pkt):
    flags, length, tid, sid, ns, nr = struct.unpack("!HHHHHH", pkt[:12])
    avps, off = {}, 12
    while off + 6 <= length:
        h, vendor, t = struct.unpack("!HHH", pkt[off:off + 6])
        n = h & 0x3FF
        avps[t] = pkt[off + 6:off + n]
        off += n
    mt = struct.unpack("!H", avps[MSG_TYPE])[0] if MSG_TYPE in avps else 0
    return {"type": mt, "tid": tid, "sid": sid, "ns": ns, "nr": nr, "avps": avps}


_sockets = {}
_pending = {}


def _socket(local, timeout):
    """One UDP socket per local address and port, shared by its tunnels
    (several sockets on one port would split the LNS's replies among
    them)."""
    if local not in _sockets:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(local)
        s.settimeout(timeout)
        _sockets[local] = s
        _pending[local] = []
    return _sockets[local]


class Lac:
    """One control connection from (local_ip, port) to the LNS."""

    def __init__(self, lns_ip, local_ip="0.0.0.0", timeout=2.0, port=1701):
        self.lns = (lns_ip, 1701)
        self.local = (local_ip, port)
        self.s = _socket(self.local, timeout)
        self.ns = 0
        self.nr = 0
        self.tid = 0          # LNS's tunnel ID
        self.my_tid = 0

    def raw(self, data):
        self.s.sendto(data, self.lns)

    def send(self, mtype, avps, sid=0):
        body = avp(MSG_TYPE, u16(mtype)) + b"".join(avps)
        self.raw(ctrl(self.tid, sid, self.ns, self.nr, body))
        self.ns = (self.ns + 1) & 0xFFFF

    def zlb(self):
        self.raw(ctrl(self.tid, 0, self.ns, self.nr, b""))

    def recv_raw(self):
        """Next datagram for this tunnel (header Tunnel ID = ours)."""
        pend = _pending[self.local]
        while True:
            for i, pkt in enumerate(pend):
                # Tunnel ID follows the Length field when L is set (§3.1).
                off = 4 if pkt[0] & 0x40 else 2
                if struct.unpack("!H", pkt[off:off + 2])[0] == self.my_tid:
                    return pend.pop(i)
            pkt, _ = self.s.recvfrom(4096)
            pend.append(pkt)

    def recv(self, want=None):
        """Next non-ZLB message of this tunnel; ZLBs are skipped."""
        while True:
            pkt = self.recv_raw()
            if not pkt[0] & 0x80:
                continue        # a data message (PPP from the LNS)
            m = parse(pkt)
            if m["type"] == 0:
                continue
            if m["ns"] == self.nr:
                self.nr = (self.nr + 1) & 0xFFFF
            if want is None or m["type"] == want:
                return m

    def open_tunnel(self, my_tid, host="pytest-lac", secret=None):
        """SCCRQ/SCCRP/SCCCN; with secret (bytes), tunnel authentication
        (§5.1.1): our Challenge, the LNS's Response checked, its Challenge
        answered. A Challenge Response is MD5(type || secret || challenge),
        type 2 in SCCRP and 3 in SCCCN (§4.4.3)."""
        self.my_tid = my_tid
        avps = [avp(PROTO_VER, b"\x01\x00"), avp(HOST, host.encode()),
                avp(FRAMING, u32(3)), avp(TUNNEL_ID, u16(my_tid))]
        if secret is not None:
            ours = os.urandom(16)
            avps.append(avp(CHALLENGE, ours))
        self.send(SCCRQ, avps)
        m = self.recv(SCCRP)
        self.tid = struct.unpack("!H", m["avps"][TUNNEL_ID])[0]
        if secret is None:
            self.send(SCCCN, [])
            return m
        want = hashlib.md5(bytes([SCCRP]) + secret + ours).digest()
        if m["avps"].get(CHALLENGE_RESPONSE) != want:
            raise AssertionError("the LNS's Challenge Response is wrong")
        resp = hashlib.md5(bytes([SCCCN]) + secret
                           + m["avps"][CHALLENGE]).digest()
        self.send(SCCCN, [avp(CHALLENGE_RESPONSE, resp)])
        return m

    def open_session(self, my_sid, serial=1):
        self.send(ICRQ, [avp(SESSION_ID, u16(my_sid)), avp(SERIAL, u32(serial)),
                         avp(BEARER_TYPE, u32(1))])
        m = self.recv(ICRP)
        sid = struct.unpack("!H", m["avps"][SESSION_ID])[0]
        self.send(ICCN, [avp(TX_SPEED, u32(100000000)), avp(FRAMING_TYPE, u32(1))],
                  sid=sid)
        return sid
