#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed corpus of fuzz_dhcp6 (tests/fuzz/fuzz_dhcp6.c): the unit tests'
scapy messages (tests/unit/gen_ip6_vectors.py), each behind a control
octet and a 16-bit answer room: every client message in the bindings
that reach its paths, the whole SOLICIT packet, and the ND packets.
usage: /usr/bin/python3 tests/fuzz/gen_dhcp6_seeds.py OUTDIR"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "unit"))
import gen_ip6_vectors as v  # noqa: E402

RAPID, PD, NA, PACKET, BOUND, NO_DNS = 1, 2, 4, 8, 16, 32
CAP = 2048


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {}
    for name, pkt in v.vectors.items():
        raw = bytes(pkt)
        if name.startswith("c_"):
            for ctl in (PD | NA, RAPID | PD, PD | BOUND, NA | NO_DNS, 0):
                seeds["%s-%02x" % (name, ctl)] = (ctl, CAP, raw)
        elif name == "p_solicit":
            seeds[name] = (PACKET | PD | NA, CAP, raw)
        elif name[:3] in ("rs_", "ns_", "na_"):
            seeds[name] = (PACKET, CAP, raw)
    # An answer that does not fit.
    seeds["c_request-small"] = (PD | NA, 60, bytes(v.vectors["c_request"]))
    for name, (ctl, cap, raw) in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(struct.pack("!BH", ctl, cap) + raw)


if __name__ == "__main__":
    main()
