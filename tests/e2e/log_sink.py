#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A syslog and journal sink for test_log_output.sh.

usage: log_sink.py DIR
Binds DIR/log.sock and DIR/journal.sock (datagram sockets, as /dev/log
and journald's native socket are) and appends every datagram, as one
line, to DIR/syslog.out or DIR/journal.out: syslog datagrams as they
are, journal datagrams (KEY=VALUE lines, or a KEY, a newline, a 64-bit
little-endian length and the value) as KEY=VALUE fields joined by " | ".
"""
import os
import select
import socket
import struct
import sys


def journal_fields(d):
    out, i = [], 0
    while i < len(d):
        nl = d.find(b"\n", i)
        if nl < 0:
            nl = len(d)
        line = d[i:nl]
        if b"=" in line:
            out.append(line)
            i = nl + 1
            continue
        # Binary-safe form: KEY \n le64 length, value \n.
        (n,) = struct.unpack_from("<Q", d, nl + 1)
        out.append(line + b"=" + d[nl + 9:nl + 9 + n])
        i = nl + 9 + n + 1
    return b" | ".join(out)


def main():
    d = sys.argv[1]
    socks = {}
    for name, out in (("log.sock", "syslog.out"), ("journal.sock", "journal.out")):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(os.path.join(d, name))
        socks[s] = open(os.path.join(d, out), "ab", buffering=0)
    open(os.path.join(d, "sink.ready"), "w").close()
    while True:
        for s in select.select(list(socks), [], [])[0]:
            data = s.recv(1 << 20)
            if socks[s].name.endswith("journal.out"):
                data = journal_fields(data)
            socks[s].write(data.replace(b"\n", b"\\n") + b"\n")


main()
