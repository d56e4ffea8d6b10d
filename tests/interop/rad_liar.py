#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A RADIUS server that answers every request, badly: for each datagram on
its authentication or accounting port it sends back, in this order,

  1. 10 octets (shorter than a RADIUS header): malformed;
  2. a 20-octet answer whose Identifier is the request's plus 128: an
     identifier the client has no request for on that server;
  3. the answer the request asks for (Access-Accept, Accounting-Response)
     with the Response Authenticator and the Message-Authenticator
     computed with SECRET, which is meant to be the wrong one.

FreeRADIUS itself cannot play this part: it checks the Message-
Authenticator every lnsd request carries with its own secret and drops
the request silently, so a FreeRADIUS with the wrong secret is only a dead
server. A client must count each of these answers and keep waiting for a
good one; none may complete a request.

  rad_liar.py AUTH_PORT ACCT_PORT SECRET

Listens on 127.0.0.1, prints "ready" once both sockets are bound, runs
until killed.
"""
import hashlib
import hmac
import select
import socket
import struct
import sys

ACCESS_REQUEST, ACCESS_ACCEPT = 1, 2
ACCOUNTING_REQUEST, ACCOUNTING_RESPONSE = 4, 5
STATUS_SERVER = 12
A_MA = 80
ANSWER = {ACCESS_REQUEST: ACCESS_ACCEPT, STATUS_SERVER: ACCESS_ACCEPT,
          ACCOUNTING_REQUEST: ACCOUNTING_RESPONSE}


def answer(code, ident, req_auth, secret):
    """code's answer with a Message-Authenticator, signed with secret
    (RFC 2865 section 3, RFC 3579 section 3.2)."""
    body = bytes([A_MA, 18]) + bytes(16)
    hdr = struct.pack("!BBH", code, ident, 20 + len(body))
    ma = hmac.new(secret, hdr + req_auth + body, hashlib.md5).digest()
    body = bytes([A_MA, 18]) + ma
    auth = hashlib.md5(hdr + req_auth + body + secret).digest()
    return hdr + auth + body


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    secret = sys.argv[3].encode()
    socks = []
    for port in sys.argv[1:3]:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", int(port)))
        socks.append(s)
    print("ready", flush=True)
    while True:
        for s in select.select(socks, [], [])[0]:
            req, peer = s.recvfrom(4096)
            if len(req) < 20 or req[0] not in ANSWER:
                continue
            code, ident, req_auth = ANSWER[req[0]], req[1], req[4:20]
            s.sendto(b"\x02" * 10, peer)
            s.sendto(struct.pack("!BBH", code, (ident + 128) % 256, 20) +
                     bytes(16), peer)
            s.sendto(answer(code, ident, req_auth, secret), peer)


if __name__ == "__main__":
    sys.exit(main())
