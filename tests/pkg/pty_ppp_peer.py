#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""pppd for xl2tpd on a host whose kernel has no PPP (no /dev/ppp, so the
real pppd cannot run): the subscriber's side of PPP in user space on the
pty xl2tpd gives pppd, then ICMP echoes to a host behind the LNS.

  pty_ppp_peer.py --user U --password P --ping ADDR --count N \\
                  --out FILE -- PPPD-ARGS...

xl2tpd execs it as pppd with the pty's device among its arguments (or as
its standard input). On the pty PPP runs in async HDLC-like framing
(RFC 1662: flags, escapes, FCS-16), which xl2tpd turns into L2TP data
messages. LCP, CHAP and IPCP are tests/e2e/ppp_peer.py's Subscriber (the
Python LAC's subscriber, written from the RFCs), here over the pty.
Results go to FILE as key=value lines (addr=, ping_sent=, ping_received=,
then done=); afterwards it keeps the link up (answers LCP echoes) until
xl2tpd closes the pty or it is killed.
"""
import argparse
import os
import select
import socket
import struct
import sys
import termios
import time
import tty

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "e2e"))
import ppp_peer  # noqa: E402
from ppp_peer import CONFREQ, Subscriber, CallCleared  # noqa: E402

try:
    import scapy.layers.ppp  # noqa: F401
except ImportError:
    # The Subscriber cross-checks lnsd's frames with scapy; the appliance
    # test needs no scapy on the host, so without it there is no
    # cross-check (the frames are still parsed and answered).
    ppp_peer.scapy_check = lambda proto, pkt, fields: None

IPV4 = 0x0021


def debug(msg):
    """PTY_PPP_DEBUG=1: every frame on stderr (xl2tpd's log)."""
    if os.environ.get("PTY_PPP_DEBUG"):
        print("pty_ppp_peer: " + msg, file=sys.stderr, flush=True)


def fcs16(data):
    """RFC 1662 appendix C.2, bit by bit (no table: a few frames only)."""
    fcs = 0xFFFF
    for b in data:
        fcs ^= b
        for _ in range(8):
            fcs = (fcs >> 1) ^ 0x8408 if fcs & 1 else fcs >> 1
    return fcs


def hdlc_encode(frame):
    body = frame + struct.pack("<H", fcs16(frame) ^ 0xFFFF)
    out = bytearray(b"\x7e")
    for b in body:
        # Every control character escaped: whatever ACCM was agreed.
        if b < 0x20 or b in (0x7D, 0x7E):
            out += bytes([0x7D, b ^ 0x20])
        else:
            out.append(b)
    out.append(0x7E)
    return bytes(out)


def hdlc_unescape(raw):
    out, esc = bytearray(), False
    for b in raw:
        if esc:
            out.append(b ^ 0x20)
            esc = False
        elif b == 0x7D:
            esc = True
        else:
            out.append(b)
    return bytes(out)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def icmp_echo(src, dst, ident, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"lnsd-image-test!" * 2
    icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1,
                      0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + icmp


class PtySubscriber(Subscriber):
    """Subscriber whose PPP frames go over a pty in HDLC framing."""

    def __init__(self, fd, user, password):
        super().__init__(None, 0, user, password, auth="chap")
        self.fd = fd
        self.buf = b""
        self.bad_fcs = 0

    def on_lcp(self, code, ident, data, pkt):
        # A Configure-Request once LCP is up: the LNS renegotiates (RFC
        # 1661, Opened + RCR), e.g. when its first request reached the pty
        # before we did. Everything starts over, our request included.
        if code == CONFREQ and self.lcp_up:
            debug("LCP renegotiation: starting over")
            self.lcp_up = self.our_lcp_acked = self.peer_lcp_acked = False
            self.auth_ok = self.ipcp_up = self.ipcp_peer_acked = False
            self.send_lcp_req()
        super().on_lcp(code, ident, data, pkt)

    def send_ppp(self, proto, pkt):
        debug("tx %04x %s" % (proto, pkt.hex()))
        os.write(self.fd, hdlc_encode(b"\xff\x03" + struct.pack("!H", proto)
                                      + pkt))

    def recv_ppp(self, timeout):
        """Next PPP frame (proto, payload); None when xl2tpd closed the
        pty (the call is gone); TimeoutError after timeout."""
        end = time.time() + timeout
        while True:
            while b"\x7e" in self.buf:
                raw, self.buf = self.buf.split(b"\x7e", 1)
                f = hdlc_unescape(raw)
                if len(f) < 4:
                    continue
                if fcs16(f) != 0xF0B8:     # RFC 1662 C.2: the good FCS
                    debug("bad FCS %s" % f.hex())
                    self.bad_fcs += 1
                    continue
                f = f[:-2]
                if f[:2] == b"\xff\x03":
                    f = f[2:]
                if f[0] & 1:               # a compressed protocol field
                    proto, f = f[0], f[1:]
                else:
                    proto, f = struct.unpack("!H", f[:2])[0], f[2:]
                debug("rx %04x %s" % (proto, f.hex()))
                return proto, f
            left = end - time.time()
            if left <= 0:
                raise TimeoutError()
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                data = b""
            if not data:
                return None
            self.buf += data


def open_pty(args):
    for a in args:
        if a.startswith("/dev/"):
            return os.open(a, os.O_RDWR | os.O_NOCTTY)
    return os.dup(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--ping", required=True)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--out", required=True)
    ap.add_argument("pppd_args", nargs="*")
    a = ap.parse_args()
    out = open(a.out, "a", buffering=1)
    out.write("pid=%d args=%s\n" % (os.getpid(), " ".join(a.pppd_args)))
    fd = open_pty(a.pppd_args)
    if os.isatty(fd):
        # Raw at once, keeping what already arrived (no TCSAFLUSH).
        tty.setraw(fd, termios.TCSANOW)
    s = PtySubscriber(fd, a.user, a.password)
    try:
        addr = s.negotiate(timeout=120)
    except (TimeoutError, CallCleared, AssertionError) as e:
        out.write("error=%s bad_fcs=%d\n" % (e, s.bad_fcs))
        return 1
    out.write("addr=%s\n" % addr)
    got = 0
    ident = os.getpid() & 0xFFFF
    for seq in range(1, a.count + 1):
        s.send_ppp(IPV4, icmp_echo(addr, a.ping, ident, seq))
        end = time.time() + 5
        while time.time() < end:
            try:
                r = s.recv_ppp(end - time.time())
            except TimeoutError:
                break
            if r is None:
                out.write("error=pty closed\n")
                return 1
            proto, pkt = r
            if proto != IPV4:
                s.handle(proto, pkt)
                continue
            # An echo reply (type 0) from the target with our id and seq.
            if (len(pkt) >= 28 and pkt[9] == 1 and pkt[20] == 0 and
                    socket.inet_ntoa(pkt[12:16]) == a.ping and
                    struct.unpack("!HH", pkt[24:28]) == (ident, seq)):
                got += 1
                break
        time.sleep(0.2)
    out.write("ping_sent=%d ping_received=%d\ndone=1\n" % (a.count, got))
    # Up until xl2tpd ends the call (or we are killed).
    while True:
        try:
            r = s.recv_ppp(60)
        except TimeoutError:
            continue
        if r is None:
            return 0
        if r[0] != IPV4:
            s.handle(*r)


if __name__ == "__main__":
    sys.exit(main())
