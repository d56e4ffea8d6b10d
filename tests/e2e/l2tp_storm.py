#!/usr/bin/python3
"""Control-plane storms against lnsd, at a given rate, for the storm tests.

usage: l2tp_storm.py SCENARIO ARGS...

  sccrq IFACE LNS_MAC LNS_IP SRC RATE COUNT
        COUNT SCCRQs (each its own Assigned Tunnel ID), RATE a second,
        never completed. SRC is one address, or a prefix A.B.C.D/LEN: then
        each SCCRQ comes from the next host address of it (forged sources,
        a flood from many addresses).
  lcp-echo IFACE LNS_MAC LNS_IP SRC TARGETS RATE COUNT
        COUNT LCP Echo-Requests, RATE a second, into lnsd's sessions
        TARGETS ("TID:SID1-SID2[,TID:...]", lnsd's IDs) from their LAC's
        address SRC; lnsd's Echo-Replies seen on IFACE are counted.
  icrq LNS_IP LOCAL_IP RATE SECONDS
        A LAC on a kernel UDP socket (LOCAL_IP:1701) that opens a tunnel
        and then asks for calls as fast as RATE a second for SECONDS,
        within lnsd's receive window (a LAC that floods, not one that
        breaks the transport), never sending an ICCN; then it closes its
        tunnel (StopCCN). lnsd's answers are counted by kind.

Raw frames (sccrq, lcp-echo) leave through an AF_PACKET socket on IFACE,
built once before the clock starts: Python is the limit, not scapy. Each
scenario prints one JSON line: what was sent, how fast, what came back.
"""
import json
import socket
import struct
import sys
import time

from l2tp_peer import (BEARER_TYPE, CDN, HELLO, ICRP, ICRQ, MSG_TYPE, RESULT,
                       RX_WINDOW, SCCCN, SCCRP, SERIAL, SESSION_ID, STOPCCN,
                       TUNNEL_ID, avp, ctrl, parse, sccrq_body, u16, u32)

ETH_P_ALL = 0x0003
LCP = 0xC021
ECHO_REQ, ECHO_REP = 9, 10


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def frame(dst_mac, src_mac, src, dst, payload, sport=1701):
    """Ethernet / IPv4 / UDP to port 1701 (UDP checksum 0: RFC 768)."""
    udp = struct.pack("!HHHH", sport, 1701, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                      0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return dst_mac + src_mac + b"\x08\x00" + hdr + udp


def sources(src):
    """SRC's addresses: itself, or every host address of a prefix."""
    if "/" not in src:
        return [src]
    net, plen = src.split("/")
    base = struct.unpack("!I", socket.inet_aton(net))[0]
    n = 1 << (32 - int(plen))
    return [socket.inet_ntoa(struct.pack("!I", base + i)) for i in range(1, n - 1)]


def paced(frames, rate, count, sock, on_idle=None):
    """Send count frames (cycling through frames) at rate a second; returns
    (sent, seconds). on_idle() runs whenever the sender is ahead."""
    t0 = time.monotonic()
    sent = 0
    while sent < count:
        due = min(count, int((time.monotonic() - t0) * rate) + 1)
        while sent < due:
            sock.send(frames[sent % len(frames)])
            sent += 1
        if on_idle is not None:
            on_idle()
        else:
            time.sleep(0.0005)
    return sent, time.monotonic() - t0


def raw_socket(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    return s


def our_mac(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return mac(f.read().strip())


def scenario_sccrq(iface, lns_mac, lns, src, rate, count):
    me, dst = our_mac(iface), mac(lns_mac)
    addrs = sources(src)
    n = min(count, 65535)
    frames = [frame(dst, me, addrs[i % len(addrs)], lns,
                    ctrl(0, 0, 0, 0, sccrq_body(1 + i, b"storm")))
              for i in range(n)]
    sent, secs = paced(frames, rate, count, raw_socket(iface))
    return {"sent": sent, "seconds": round(secs, 3), "rate": round(sent / secs),
            "sources": len(addrs)}


def l2tp_ppp_payload(pkt):
    """(tunnel, session, PPP protocol, PPP payload) of an L2TP data message,
    or None (RFC 2661 §3.1: L, S, O bits; PPP with or without FF 03)."""
    if len(pkt) < 6:
        return None
    flags = struct.unpack("!H", pkt[:2])[0]
    if flags & 0x8000 or flags & 0xF != 2:
        return None
    off = 2 + (2 if flags & 0x4000 else 0)
    if len(pkt) < off + 4:
        return None
    tid, sid = struct.unpack("!HH", pkt[off:off + 4])
    off += 4
    if flags & 0x0800:
        off += 4
    if flags & 0x0200:
        if len(pkt) < off + 2:
            return None
        off += 2 + struct.unpack("!H", pkt[off:off + 2])[0]
    if pkt[off:off + 2] == b"\xff\x03":
        off += 2
    if len(pkt) < off + 2:
        return None
    return tid, sid, struct.unpack("!H", pkt[off:off + 2])[0], pkt[off + 2:]


def targets(text):
    out = []
    for part in text.split(","):
        tid, sids = part.split(":")
        lo, _, hi = sids.partition("-")
        out += [(int(tid), sid) for sid in range(int(lo), int(hi or lo) + 1)]
    return out


def scenario_lcp_echo(iface, lns_mac, lns, src, tgt, rate, count):
    me, dst = our_mac(iface), mac(lns_mac)
    frames = []
    for i, (tid, sid) in enumerate(targets(tgt)):
        lcp = struct.pack("!BBHI", ECHO_REQ, i & 0xFF, 8, 0x57041234)
        data = struct.pack("!HHH", 0x0002, tid, sid) + b"\xff\x03\xc0\x21" + lcp
        frames.append(frame(dst, me, src, lns, data))
    lns_ip, src_ip = socket.inet_aton(lns), socket.inet_aton(src)
    rx = raw_socket(iface)
    rx.setblocking(False)
    replies = 0

    def count_replies():
        nonlocal replies
        while True:
            try:
                pkt = rx.recv(2048)
            except BlockingIOError:
                return
            # Ethernet, IPv4 from lnsd to SRC, UDP from 1701.
            if (len(pkt) < 42 or pkt[12:14] != b"\x08\x00" or pkt[23] != 17
                    or pkt[26:30] != lns_ip or pkt[30:34] != src_ip):
                continue
            ihl = (pkt[14] & 0xF) * 4
            udp = pkt[14 + ihl:]
            if len(udp) < 8 or udp[:2] != b"\x06\xa5":
                continue
            d = l2tp_ppp_payload(udp[8:])
            if d and d[2] == LCP and d[3][:1] == bytes([ECHO_REP]):
                replies += 1

    sent, secs = paced(frames, rate, count, raw_socket(iface), count_replies)
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        count_replies()
        time.sleep(0.01)
    return {"sent": sent, "seconds": round(secs, 3), "rate": round(sent / secs),
            "sessions": len(frames), "replies": replies}


class FloodLac:
    """One tunnel from LOCAL_IP:1701 whose calls are asked for at a rate,
    with the transport kept (Ns in order within lnsd's window, every
    message of lnsd acknowledged by the Nr of the next ICRQ or a ZLB)."""

    def __init__(self, lns, me):
        self.lns = (lns, 1701)
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind((me, 1701))
        self.ns = self.nr = self.acked = 0
        self.tid = 0
        self.window = 4
        self.my_tid = 1000 + int(me.rsplit(".", 1)[1])
        self.counts = {"icrp": 0, "cdn": {}, "hello": 0, "stopccn": 0}

    def send_body(self, body, sid=0):
        self.s.sendto(ctrl(self.tid, sid, self.ns, self.nr, body), self.lns)
        self.ns = (self.ns + 1) & 0xFFFF

    def send(self, mtype, avps=b"", sid=0):
        self.send_body(avp(MSG_TYPE, u16(mtype)) + avps, sid)

    def zlb(self):
        self.s.sendto(ctrl(self.tid, 0, self.ns, self.nr, b""), self.lns)

    def take(self, pkt):
        """One datagram of lnsd: its ack, and the message if in order."""
        if not pkt[0] & 0x80:
            return None
        m = parse(pkt)
        if (m["nr"] - self.acked) & 0xFFFF <= (self.ns - self.acked) & 0xFFFF:
            self.acked = m["nr"]
        if m["type"] == 0 or m["ns"] != self.nr:
            return None             # a ZLB, a duplicate or out of order
        self.nr = (self.nr + 1) & 0xFFFF
        return m

    def count(self, m):
        if m["type"] == ICRP:
            self.counts["icrp"] += 1
        elif m["type"] == CDN:
            res = m["avps"].get(RESULT, b"")
            code = str(struct.unpack("!H", res[:2])[0]) if len(res) >= 2 else "?"
            self.counts["cdn"][code] = self.counts["cdn"].get(code, 0) + 1
        elif m["type"] == HELLO:
            self.counts["hello"] += 1
        elif m["type"] == STOPCCN:
            self.counts["stopccn"] += 1

    def drain(self):
        self.s.setblocking(False)
        try:
            while True:
                m = self.take(self.s.recv(4096))
                if m is not None:
                    self.count(m)
        except BlockingIOError:
            pass

    def open(self):
        self.s.settimeout(5)
        self.send_body(sccrq_body(self.my_tid, b"storm", 1024))
        while True:
            m = self.take(self.s.recv(4096))
            if m is not None and m["type"] == SCCRP:
                break
        self.tid = struct.unpack("!H", m["avps"][TUNNEL_ID])[0]
        win = m["avps"].get(RX_WINDOW)
        self.window = struct.unpack("!H", win)[0] if win else 4
        self.send(SCCCN)

    def flood(self, rate, seconds):
        sid, sent, t0 = 0, 0, time.monotonic()
        while True:
            now = time.monotonic() - t0
            if now >= seconds:
                break
            due = int(now * rate) + 1
            while sent < due and (self.ns - self.acked) & 0xFFFF < self.window:
                sid = sid % 65535 + 1
                self.send(ICRQ, avp(SESSION_ID, u16(sid)) + avp(SERIAL, u32(sent))
                          + avp(BEARER_TYPE, u32(1)))
                sent += 1
            self.drain()
            time.sleep(0.0002)
        secs = time.monotonic() - t0
        self.zlb()
        return sent, secs

    def close(self):
        """StopCCN (result 1), then lnsd's ack (or 3 s)."""
        self.send(STOPCCN, avp(TUNNEL_ID, u16(self.my_tid)) + avp(RESULT, u16(1)))
        end = time.monotonic() + 3
        while time.monotonic() < end and self.acked != self.ns:
            self.drain()
            time.sleep(0.01)
        self.zlb()


def scenario_icrq(lns, me, rate, seconds):
    lac = FloodLac(lns, me)
    lac.open()
    sent, secs = lac.flood(rate, seconds)
    end = time.monotonic() + 1
    while time.monotonic() < end:     # the answers still in flight
        lac.drain()
        lac.zlb()
        time.sleep(0.05)
    lac.close()
    out = {"sent": sent, "seconds": round(secs, 3), "rate": round(sent / secs),
           "window": lac.window}
    out.update(lac.counts)
    return out


def main():
    sc, a = sys.argv[1], sys.argv[2:]
    if sc == "sccrq" and len(a) == 6:
        out = scenario_sccrq(a[0], a[1], a[2], a[3], float(a[4]), int(a[5]))
    elif sc == "lcp-echo" and len(a) == 7:
        out = scenario_lcp_echo(a[0], a[1], a[2], a[3], a[4], float(a[5]),
                                int(a[6]))
    elif sc == "icrq" and len(a) == 4:
        out = scenario_icrq(a[0], a[1], float(a[2]), float(a[3]))
    else:
        sys.exit(__doc__)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
