#!/usr/bin/env python3
"""Seed corpus of fuzz_rad_dae (tests/fuzz/fuzz_rad_dae.c): a configuration
octet, then either a code octet, an Identifier and attributes that the
harness signs (bit 4), or a whole datagram signed here with the harness's
secret of client 0 (raw form), one per path of the DAE server.
usage: gen_rad_dae_seeds.py OUTDIR"""
import hashlib
import hmac
import os
import struct
import sys

WALL = 1700000000
SECRET0 = b"fuzz-secret-0"
SIGNED, WITH_MA, TWICE, NAK = 0x10, 0x20, 0x80, 0x40
DISC, COA = 0, 1


def attr(t, v):
    return bytes([t, len(v) + 2]) + v


def u32(t, v):
    return attr(t, struct.pack("!I", v))


def vsa(vendor, vt, v):
    return attr(26, struct.pack("!IBB", vendor, vt, len(v) + 2) + v)


TS = u32(55, WALL)
USER = attr(1, b"alice")


def signed(cfg, code, ident, attrs):
    return bytes([cfg | SIGNED, code, ident]) + attrs


def raw(cfg, code, ident, attrs, secret=SECRET0):
    """A whole request as a DAS sends it: MA first, then the RFC 5176 §3
    Request Authenticator (as for an Accounting-Request)."""
    body = attr(80, bytes(16)) + attrs
    length = 20 + len(body)
    hdr = struct.pack("!BBH", code, ident, length)
    ma = hmac.new(secret, hdr + bytes(16) + body, hashlib.md5).digest()
    body = attr(80, ma) + attrs
    auth = hashlib.md5(hdr + bytes(16) + body + secret).digest()
    return bytes([cfg]) + hdr + auth + body


SEEDS = {
    "disconnect-user": signed(WITH_MA, DISC, 1, TS + USER),
    "disconnect-session-ip": signed(WITH_MA, DISC, 2, TS +
                                    attr(44, b"0018c0ffee00000001") +
                                    attr(8, bytes([100, 64, 1, 2]))),
    "disconnect-nas": signed(WITH_MA, DISC, 3, TS + USER +
                             attr(4, bytes([198, 51, 100, 1])) +
                             attr(32, b"lns") + u32(49, 6)),
    "disconnect-twice": signed(WITH_MA | TWICE, DISC, 4, TS + USER),
    "disconnect-nak": signed(WITH_MA | NAK, DISC, 5, TS + USER),
    "coa-changes": signed(WITH_MA, COA, 6, TS + USER + u32(27, 3600) +
                          u32(28, 600) + u32(85, 300) + attr(11, b"gold") +
                          vsa(14988, 8, b"10M/20M")),
    "coa-proxy-state": signed(WITH_MA, COA, 7, attr(33, b"ps1") + TS +
                              USER + attr(33, b"ps2")),
    "coa-unsupported": signed(WITH_MA, COA, 8, TS + USER + u32(12, 1400) +
                              vsa(9, 1, b"avpair")),
    "coa-service-type": signed(WITH_MA, COA, 9, TS + USER + u32(6, 17)),
    "no-ma": signed(0x02, DISC, 10, TS + USER),
    "ts-required": signed(WITH_MA | 0x01, DISC, 11, USER),
    "stranger": signed(WITH_MA | 0x08, DISC, 12, TS + USER),
    "client1": signed(WITH_MA | 0x04, COA, 13, TS + USER),
    "access-request": signed(WITH_MA, 2, 14, USER),
    "raw-disconnect": raw(0, 40, 15, TS + USER),
    "raw-coa-twice": raw(TWICE, 43, 16, TS + attr(44, b"abc") +
                         u32(27, 2)),
    "raw-wrong-secret": raw(0, 40, 17, TS + USER, b"not the secret"),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
