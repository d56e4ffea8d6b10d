#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Send one RADIUS request and check the answer's Response Authenticator
and Message-Authenticator (RFC 2865 section 3, RFC 3579 section 3.2) with
code of its own, not FreeRADIUS's (radclient accepts an answer without
Message-Authenticator, and says nothing about one).

  rad_probe.py PORT SECRET status            Status-Server (RFC 5997)
  rad_probe.py PORT SECRET pap USER PASSWORD Access-Request with PAP

Sends to 127.0.0.1:PORT, waits 2 s. Prints "code=N ma=valid|missing|invalid"
and exits 0 when an answer came whose Response Authenticator is right.
"""
import hashlib
import hmac
import os
import socket
import struct
import sys

ACCESS_REQUEST, STATUS_SERVER = 1, 12
A_USER_NAME, A_USER_PASSWORD, A_MA = 1, 2, 80


def attr(t, v):
    return bytes([t, 2 + len(v)]) + v


def pap_hide(password, secret, authenticator):
    """RFC 2865 5.2."""
    p = password.ljust(max(16, (len(password) + 15) // 16 * 16), b"\0")
    out, prev = b"", authenticator
    for i in range(0, len(p), 16):
        b = hashlib.md5(secret + prev).digest()
        prev = bytes(x ^ y for x, y in zip(p[i:i + 16], b))
        out += prev
    return out


def build(code, ident, req_auth, attrs, secret):
    """The request with a Message-Authenticator computed over it."""
    body = attrs + attr(A_MA, bytes(16))
    pkt = struct.pack("!BBH", code, ident, 20 + len(body)) + req_auth + body
    ma = hmac.new(secret, pkt, hashlib.md5).digest()
    return pkt[:-16] + ma


def check(reply, ident, req_auth, secret):
    if len(reply) < 20:
        return None, "short"
    code, rid, length = struct.unpack("!BBH", reply[:4])
    if rid != ident or length > len(reply) or length < 20:
        return None, "bad header"
    reply = reply[:length]
    want = hashlib.md5(reply[:4] + req_auth + reply[20:] + secret).digest()
    if reply[4:20] != want:
        return code, "bad Response Authenticator"
    # Message-Authenticator: HMAC-MD5 over the answer with the Request
    # Authenticator in its header and the attribute's value zeroed.
    off, ma = 20, "missing"
    while off + 2 <= length:
        t, alen = reply[off], reply[off + 1]
        if alen < 2 or off + alen > length:
            return code, "bad attribute"
        if t == A_MA:
            if alen != 18:
                return code, "bad Message-Authenticator length"
            z = reply[:4] + req_auth + reply[20:off + 2] + bytes(16) + \
                reply[off + 18:]
            ok = hmac.compare_digest(hmac.new(secret, z, hashlib.md5).digest(),
                                     reply[off + 2:off + 18])
            ma = "valid" if ok else "invalid"
        off += alen
    return code, ma


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    port, secret, kind = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
    ident, req_auth = os.urandom(1)[0], os.urandom(16)
    if kind == "status":
        code, attrs = STATUS_SERVER, b""
    elif kind == "pap" and len(sys.argv) == 6:
        code = ACCESS_REQUEST
        attrs = attr(A_USER_NAME, sys.argv[4].encode()) + attr(
            A_USER_PASSWORD, pap_hide(sys.argv[5].encode(), secret, req_auth))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.sendto(build(code, ident, req_auth, attrs, secret), ("127.0.0.1", port))
    try:
        reply = s.recv(4096)
    except socket.timeout:
        print("no answer")
        return 1
    rcode, ma = check(reply, ident, req_auth, secret)
    print(f"code={rcode} ma={ma}")
    return 0 if ma in ("valid", "missing", "invalid") else 1


if __name__ == "__main__":
    sys.exit(main())
