#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# A process's resident memory split by owner, from /proc/PID/smaps, for
# setup-rate.sh. Prints one JSON object of KiB: rss (the sum of every
# mapping's Rss), heap, dpdk, memif, rest (rss - heap - dpdk - memif).
#
# usage: setup-smaps.py PID [DPDK_MB]
#
# heap: glibc malloc's memory. The main arena is the brk heap, "[heap]".
#   Every other arena (a thread's malloc) lives in heaps glibc maps as
#   HEAP_MAX_SIZE (64 MiB on 64-bit) of anonymous memory aligned to
#   64 MiB, read-write up to what the arena uses and PROT_NONE beyond:
#   an anonymous mapping that starts on a 64 MiB boundary and, with the
#   PROT_NONE mapping right after it, spans exactly 64 MiB. Chunks
#   malloc serves with their own mmap() (>= M_MMAP_THRESHOLD, 128 KiB
#   and up: tables sized by max_sessions, not by sessions up) are
#   anonymous mappings like any other and count as rest.
# dpdk: EAL's memory. With --no-huge, DPDK 22.11's EAL backs it with a
#   memfd named "nohuge" (smaps: "/memfd:nohuge (deleted)"); with
#   hugepages, files named rtemap_N; its memseg and config files are
#   under the runtime directory (/var/run/dpdk/PREFIX/...). If memfd is
#   unavailable EAL maps the --no-huge memory anonymously, in one piece
#   of exactly -m MiB: DPDK_MB (setup-rate.sh's -m) names that size.
# memif: the memif PMD's shared packet buffers, a memfd it names
#   "memif_region_N": the benchmark's transport, touched as packets flow
#   (a NIC's lnsd has none of it), so apart from the rest.
import json
import re
import sys

ARENA = 64 << 20
HDR = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")


def mappings(pid):
    """[start, end, perms, name, rss KiB] of every mapping of pid."""
    maps = []
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = HDR.match(line)
            if m:
                maps.append([int(m[1], 16), int(m[2], 16), m[3],
                             m[4].strip(), 0])
            elif line.startswith("Rss:") and maps:
                maps[-1][4] = int(line.split()[1])
    return maps


def is_dpdk(name, size, dpdk_bytes):
    if "memfd:nohuge" in name or "rtemap_" in name:
        return True
    if name.startswith("/var/run/dpdk/") or name.startswith("/run/dpdk/"):
        return True
    return not name and dpdk_bytes and size == dpdk_bytes


def is_arena(maps, i):
    start, end, _, name, _ = maps[i]
    if name or start % ARENA:
        return False
    span = end - start
    if i + 1 < len(maps):
        nstart, nend, nperms, nname, _ = maps[i + 1]
        if nstart == end and not nname and nperms.startswith("---"):
            span += nend - nstart
    return span == ARENA


def split(pid, dpdk_mb=0):
    maps = mappings(pid)
    out = {"rss": 0, "heap": 0, "dpdk": 0, "memif": 0, "rest": 0}
    for i, (start, end, _, name, rss) in enumerate(maps):
        out["rss"] += rss
        if name == "[heap]" or is_arena(maps, i):
            out["heap"] += rss
        elif is_dpdk(name, end - start, dpdk_mb << 20):
            out["dpdk"] += rss
        elif "memfd:memif_region" in name:
            out["memif"] += rss
        else:
            out["rest"] += rss
    return out


if __name__ == "__main__":
    print(json.dumps(split(int(sys.argv[1]),
                           int(sys.argv[2]) if len(sys.argv) > 2 else 0)))
