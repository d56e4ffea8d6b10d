#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Hostile and odd clients of lnsd's metrics endpoint (test_metrics.sh).
#   raw HOST PORT TEXT    send TEXT (Python escapes), print the status line
#   big HOST PORT N       a GET with N octets of headers, print the status
#   silent HOST PORT S    connect, send nothing; print how many seconds
#                         until lnsd closed (S at most)
#   flood HOST PORT N S   N connections at once, held S seconds silent;
#                         print "accepted refused": refused = answered 503
#                         or closed at once
import socket
import sys
import time


def status(s):
    data = b""
    s.settimeout(5)
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data.split(b"\r\n")[0].decode(errors="replace") or "closed"


def conn(host, port):
    return socket.create_connection((host, int(port)), timeout=5)


def main():
    mode, host, port = sys.argv[1:4]
    if mode == "raw":
        s = conn(host, port)
        s.sendall(sys.argv[4].encode().decode("unicode_escape").encode("latin-1"))
        print(status(s))
    elif mode == "big":
        s = conn(host, port)
        req = b"GET /metrics HTTP/1.1\r\n" + b"X-Pad: " + b"a" * int(sys.argv[4])
        try:
            s.sendall(req + b"\r\n\r\n")
        except OSError:
            pass
        print(status(s))
    elif mode == "silent":
        s = conn(host, port)
        s.settimeout(float(sys.argv[4]))
        t0 = time.monotonic()
        try:
            s.recv(1)
        except OSError:
            pass
        print("%.1f" % (time.monotonic() - t0))
    elif mode == "flood":
        n, hold = int(sys.argv[4]), float(sys.argv[5])
        socks = [conn(host, port) for _ in range(n)]
        time.sleep(0.5)
        refused = 0
        for s in socks:
            s.setblocking(False)
            try:
                if s.recv(4096, socket.MSG_PEEK) is not None:
                    refused += 1     # a 503 or an EOF: lnsd let it go
            except BlockingIOError:
                pass                 # still open, waiting for a request
            except OSError:
                refused += 1
        time.sleep(hold)
        for s in socks:
            s.close()
        print(n - refused, refused)


main()
