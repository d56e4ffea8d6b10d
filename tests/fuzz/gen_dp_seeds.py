#!/usr/bin/env python3
"""Seed corpus of fuzz_dp (tests/fuzz/fuzz_dp.c): raw frames behind its two
configuration octets, one per path of dp_classify/dp_decap/dp_encap.
usage: gen_dp_seeds.py OUTDIR"""
import os
import struct
import sys

LNS = bytes([198, 51, 100, 1])
LAC = bytes([203, 0, 113, 7])
SUB = bytes([100, 64, 0, 10])
NET = bytes([192, 0, 2, 80])
MAC = bytes([2, 0, 0, 0, 0, 9]) + bytes([2, 0, 0, 0, 0, 8])


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def tcp_sum(pseudo, seg):
    """seg with its TCP checksum filled in (RFC 793 pseudo-header)."""
    if len(seg) < 20:
        return seg
    seg = seg[:16] + b'\0\0' + seg[18:]
    return seg[:16] + struct.pack('!H', csum(pseudo + seg)) + seg[18:]


def ipv4(src, dst, proto, payload, ttl=64, df=False):
    if proto == 6:
        payload = tcp_sum(src + dst + struct.pack('!BBH', 0, 6, len(payload)),
                          payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 0x1111,
                    0x4000 if df else 0, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


SUB6 = bytes.fromhex('20010db8000100020000000000000033')	# in the /64
NET6 = bytes.fromhex('20010db8ffff00000000000000000001')	# a core host
LL6 = bytes.fromhex('fe800000000000000000000000000033')
ALLNODES6 = bytes.fromhex('ff020000000000000000000000000001')


def ipv6(src, dst, nh, payload, hlim=64):
    if nh == 6:
        payload = tcp_sum(src + dst + struct.pack('!I3xB', len(payload), 6),
                          payload)
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), nh, hlim,
                       src, dst) + payload


def tcp_syn(mss=1460, nop_first=False):
    opts = struct.pack('!BBH', 2, 4, mss) + b'\x01\x01\x04\x02'
    if nop_first:   # the MSS value at an odd offset
        opts = b'\x01' + struct.pack('!BBH', 2, 4, mss) + b'\x01\x04\x02'
    return struct.pack('!HHIIBBHHH', 1234, 80, 1, 0, (20 + len(opts)) << 2,
                       0x02, 65535, 0, 0) + opts


def eth(payload, etype=0x0800, vlan=0):
    if vlan:
        return MAC + struct.pack('!HHH', 0x8100, vlan, etype) + payload
    return MAC + struct.pack('!H', etype) + payload


def l2tp(ppp, lbit=True, sbit=False, obit=False, tbit=False, tid=5, sid=9):
    flags = 0x0002 | (0x8000 if tbit else 0) | (0x4000 if lbit else 0) | \
        (0x0800 if sbit else 0) | (0x0200 if obit else 0)
    rest = struct.pack('!HH', tid, sid)
    if sbit:
        rest += struct.pack('!HH', 0x1234, 0x5678)
    if obit:
        rest += struct.pack('!H', 3) + b'\xee' * 3
    n = 2 + (2 if lbit else 0) + len(rest) + len(ppp)
    return struct.pack('!H', flags) + (struct.pack('!H', n) if lbit else b'') \
        + rest + ppp


def udp_up(l2, sport=50000):
    return ipv4(LAC, LNS, 17, struct.pack('!HHHH', sport, 1701, 8 + len(l2), 0)
                + l2)


def ppp(proto, payload, acf=True, pfc=False):
    p = bytes([proto & 0xff]) if pfc else struct.pack('!H', proto)
    return (b'\xff\x03' if acf else b'') + p + payload


def main(out):
    os.makedirs(out, exist_ok=True)
    ping = ipv4(SUB, NET, 1, b'\x08\x00\xf7\xff\0\0\0\0')
    seeds = {
        # c0, c1, frame
        'up-ipv4': (0x00, 0x04, eth(udp_up(l2tp(ppp(0x21, ping))))),
        'up-fixed-session': (0x00, 0x00, eth(udp_up(l2tp(ppp(0x21, ping))))),
        'up-seq-offset-vlan': (0x09, 0x04, eth(udp_up(l2tp(
            ppp(0x21, ping, acf=False, pfc=True), lbit=False, sbit=True,
            obit=True)), vlan=100)),
        'up-ttl1': (0x00, 0x04, eth(udp_up(l2tp(ppp(
            0x21, ipv4(SUB, NET, 1, b'\x08\0\0\0\0\0\0\0', ttl=1)))))),
        'up-tcp-mss': (0x20, 0x04, eth(udp_up(l2tp(ppp(
            0x21, ipv4(SUB, NET, 6, tcp_syn())))))),
        'up-tcp-mss-odd-pfc': (0x20, 0x04, eth(udp_up(l2tp(ppp(
            0x21, ipv4(SUB, NET, 6, tcp_syn(1500, True)), acf=False,
            pfc=True))))),
        'down-mss-odd': (0x22, 0x00, eth(ipv4(NET, SUB, 6,
                                             tcp_syn(1452, True)))),
        'up-ipv6': (0x10, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            bytes.fromhex('20010db8000100020000000000000033'),
            bytes.fromhex('20010db8ffff00000000000000000001'), 6,
            tcp_syn())))))),
        'up-two-segments': (0x80, 0x04 | (4 << 3), eth(udp_up(l2tp(
            ppp(0x21, ipv4(SUB, NET, 17, b'\0' * 200)))))),
        'up-stripped-vlan': (0x05, 0x44, eth(udp_up(l2tp(ppp(0x21, ping))))),
        'ctrl-punt': (0x00, 0x00, eth(udp_up(l2tp(b'\x80\x08\0\0\0\0\0\0',
                                                  tbit=True, sbit=True)))),
        'lcp-punt': (0x00, 0x00, eth(udp_up(l2tp(ppp(
            0xc021, b'\x01\x01\x00\x08\x05\x06\x01\x02\x03\x04'[:8]))))),
        'arp': (0x00, 0x00, eth(b'\0\1\x08\0\6\4\0\1' + b'\0' * 20, 0x0806)),
        'icmp-local': (0x00, 0x00, eth(ipv4(LAC, LNS, 1, b'\x08' + b'\0' * 7))),
        'down-ipv4': (0x02, 0x00, eth(ipv4(NET, SUB, 17, b'\0' * 64))),
        'down-seq-vlan': (0x4a, 0x00, eth(ipv4(NET, SUB, 6, tcp_syn()))),
        'down-mss': (0x22, 0x00, eth(ipv4(NET, SUB, 6, tcp_syn(1460)))),
        'down-big-df': (0x02, 0x00, eth(ipv4(NET, SUB, 17, b'\0' * 1600,
                                             df=True))),
        'down-big': (0x02, 0x00, eth(ipv4(NET, SUB, 17, b'\0' * 1600))),
        'down-no-headroom': (0x02, 0x01, eth(ipv4(NET, SUB, 17, b'\0' * 8))),
        'down-ipv6': (0x12, 0x00, eth(ipv6(
            bytes.fromhex('20010db8ffff00000000000000000001'),
            bytes.fromhex('20010db8000100020000000000000033'), 6,
            tcp_syn()), 0x86dd)),
        # IPv6 fast path: a host of the delegated /56, what a subscriber
        # may not send (RA, DHCPv6 from port 547), what it punts (RS),
        # core-side ND and multicast, too big (Packet Too Big), hop limit 1.
        'up-ipv6-pd': (0x30, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            bytes.fromhex('20010db8010042120000000000000009'), NET6,
            6, tcp_syn())))))),
        'up-ipv6-ra': (0x10, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            LL6, ALLNODES6, 58, b'\x86\0\0\0\x40\0\x07\x08' +
            b'\0' * 8, hlim=255)))))),
        'up-ipv6-rs': (0x10, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            LL6, bytes.fromhex('ff020000000000000000000000000002'), 58,
            b'\x85\0\0\0\0\0\0\0', hlim=255)))))),
        'up-ipv6-dhcp-server': (0x10, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            SUB6, NET6, 17, b'\x02\x23\x02\x22\0\x0c\0\0' +
            b'\x02\0\0\x01')))))),
        'up-ipv6-hlim1': (0x10, 0x04, eth(udp_up(l2tp(ppp(0x57, ipv6(
            SUB6, NET6, 17, b'\0' * 8, hlim=1)))))),
        'down-ipv6-ns': (0x02, 0x00, eth(ipv6(
            LL6, bytes.fromhex('ff0200000000000000000001ff000001'), 58,
            b'\x87\0\0\0\0\0\0\0' + NET6, hlim=255), 0x86dd)),
        'down-ipv6-mcast': (0x03, 0x00, eth(ipv6(
            NET6, ALLNODES6, 17, b'\0' * 8), 0x86dd, vlan=100)),
        'down-ipv6-big': (0x12, 0x00, eth(ipv6(
            NET6, SUB6, 17, b'\0' * 1500), 0x86dd)),
        'down-ipv6-hlim1': (0x12, 0x00, eth(ipv6(
            NET6, SUB6, 17, b'\0' * 8, hlim=1), 0x86dd)),
    }
    for name, (c0, c1, frame) in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes([c0, c1]) + frame)


if __name__ == '__main__':
    main(sys.argv[1])
