#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Misbehaving control-socket clients for tests/e2e/test_lnsctl.sh.

usage: ctl_sock_abuse.py SOCKET malformed|oversized|stall|flood

Each case prints one line "CASE: RESULT" and exits 0 when lnsd reacted as
docs/operations.md says (else 1):
  malformed  a line that is not a request: an error line, then closed
  oversized  4097 octets without a newline: an error line, then closed
  stall      asks for every session (100 times) and never reads: closed by lnsd
             within CTL_SOCK_STALL_MS (5 s) + slack
  flood      33 clients at once: the 33rd gets "too many clients"
"""
import json
import socket
import sys
import time


def connect(path):
    """Connected, retrying while lnsd's listen backlog is full."""
    for _ in range(100):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            s.settimeout(10)
            return s
        except (BlockingIOError, InterruptedError):
            s.close()
            time.sleep(0.05)
    raise OSError(f"{path}: backlog full for 5 s")


def read_all(s):
    """Everything until lnsd closes (b'' at EOF)."""
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


def error_then_close(path, payload, want):
    s = connect(path)
    s.sendall(payload)
    data = read_all(s)
    s.close()
    lines = data.decode().splitlines()
    ok = (len(lines) == 1 and json.loads(lines[0]).get("ok") is False
          and want in json.loads(lines[0]).get("error", ""))
    return ok, lines[0] if lines else "(nothing)"


def stall(path):
    s = connect(path)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    # Requests queued without reading a reply: lnsd answers one after
    # the other until the socket and its own buffer are full, however
    # few sessions there are.
    s.sendall(b'{"cmd":"show sessions"}\n' * 100)
    start = time.time()
    # Never read; see when lnsd gives up on us: a send fails or a peek
    # sees EOF once lnsd closed (the kernel buffer holds what was sent).
    while time.time() - start < 15:
        time.sleep(0.5)
        try:
            s.send(b" ")
        except OSError:
            s.close()
            return True, f"cut off after {time.time() - start:.1f} s"
    s.close()
    return False, "still connected after 15 s"


def flood(path):
    socks = []
    for _ in range(32):
        socks.append(connect(path))
        time.sleep(0.01)
    time.sleep(0.5)	# lnsd has accepted them all (a few a loop pass)
    extra = connect(path)
    data = read_all(extra)
    extra.close()
    for s in socks:
        s.close()
    line = data.decode().strip()
    return "too many clients" in line, line or "(nothing)"


def main():
    path, case = sys.argv[1], sys.argv[2]
    if case == "malformed":
        ok, what = error_then_close(path, b"hello lnsd\n", "malformed request")
    elif case == "oversized":
        ok, what = error_then_close(path, b"x" * 4097, "too long")
    elif case == "stall":
        ok, what = stall(path)
    elif case == "flood":
        ok, what = flood(path)
    else:
        sys.exit(__doc__)
    print(f"{case}: {what}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
