#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Stop one thread of a process for a while, the others running on.

usage: stall_thread.py TID SECONDS

ptrace works per thread: PTRACE_SEIZE + PTRACE_INTERRUPT stop exactly the
thread TID (a SIGSTOP would stop the whole process), PTRACE_DETACH lets
it go. For the worker-stall test: lnsd's control lcore must notice.
"""
import ctypes
import os
import sys
import time

PTRACE_DETACH = 17
PTRACE_SEIZE = 0x4206
PTRACE_INTERRUPT = 0x4207
WALL = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p,
                        ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long


def ptrace(req, tid):
    if libc.ptrace(req, tid, None, None) != 0:
        err = ctypes.get_errno()
        sys.exit("ptrace(%#x, %d): %s" % (req, tid, os.strerror(err)))


def main():
    tid, secs = int(sys.argv[1]), float(sys.argv[2])
    ptrace(PTRACE_SEIZE, tid)
    ptrace(PTRACE_INTERRUPT, tid)
    os.waitpid(tid, WALL)          # the thread is stopped now
    print("stopped %d" % tid, flush=True)
    time.sleep(secs)
    ptrace(PTRACE_DETACH, tid)
    print("released %d" % tid, flush=True)


if __name__ == "__main__":
    main()
