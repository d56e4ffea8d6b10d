#!/usr/bin/python3
"""Per-session counters of test_tun_traffic.sh: lnsd against lns-lacgen.

usage: tun_counters.py DIR EXACT_ADDR UP_ADDR DOWN_ADDR

DIR holds lacgen.json (lacgen's --json summary: per-TUN counters and its
port's frame count), lnsd.log (the event=accounting lines), stats.json
(lnsd's /lnsd/stats), ethdev0.json (lnsd's access port, /ethdev/stats,0)
and veth-a.json / veth-ah.json (`ip -j -s link` of lnsd's and lacgen's
ends of the access veth). Prints "ok NAME" / "not ok NAME" per check and
"# " lines with the numbers.

Checks:
  exact  the ping-only subscriber: 10 packets of 84 octets each way, in
         lnsd's accounting line and in lacgen's TUN counters alike.
  up     subscriber->core: lnsd counts a packet (up_pkts) once it is
         decapsulated, so what lacgen sent is up_pkts plus what was lost
         before: lnsd's upstream drop counters, and frames the kernel
         delivered to lnsd's access veth that lnsd's af_packet ring did
         not take (veth RX - ethdev ipackets; DPDK 22.11's af_packet
         PMD does not report the ring's drops as imissed):
           0 <= tx_pkts - up_pkts <= drops_up + ring_lost(lnsd)
  down   core->subscriber: lnsd counts down_pkts before its TX; lacgen
         counts what its PPP dispatch got (written to the TUN, or a
         failed write). In between: lnsd's TX errors and lacgen's
         af_packet ring (veth RX - lacgen's port rx):
           0 <= down_pkts - (rx_pkts + rx_drops) <= tx_lost(lnsd)
                                                   + ring_lost(lacgen)
  Losses in the rings are not per session, so the bound is on the sum;
  without losses both relations are equalities.
"""
import json
import os
import re
import sys

d, exact_addr, up_addr, down_addr = sys.argv[1:5]


def load(name):
    with open(os.path.join(d, name)) as f:
        text = f.read()
    if name == "lacgen.json":
        text = text.strip().splitlines()[-1]
    return json.loads(text)


def veth_rx(name):
    return load(name)[0]["stats64"]["rx"]["packets"]


lg = load("lacgen.json")
stats = load("stats.json")
eth0 = load("ethdev0.json")
tuns = {t["addr"]: t for t in lg["tun"]["devices"]}
acct = {}
with open(os.path.join(d, "lnsd.log")) as f:
    for line in f:
        m = re.search(r"event=accounting .* ip=([0-9.]+) up_pkts=(\d+) "
                      r"up_bytes=(\d+) down_pkts=(\d+) down_bytes=(\d+)", line)
        if m:
            acct[m.group(1)] = tuple(int(x) for x in m.group(2, 3, 4, 5))

ring_lnsd = veth_rx("veth-a.json") - eth0["ipackets"]
ring_lacgen = veth_rx("veth-ah.json") - lg["port"]["rx"]
up_drops = sum(v for k, v in stats.items()
               if k.startswith("drop_") and k not in
               ("drop_no_route", "drop_tx_queue_full"))
tx_lost = stats.get("drop_tx_queue_full", 0) + eth0.get("oerrors", 0)
print(f"# ring losses (not seen by DPDK): lnsd access {ring_lnsd}, "
      f"lacgen {ring_lacgen}; lnsd drops upstream {up_drops}, TX lost {tx_lost}")


def result(name, ok):
    print(("ok " if ok else "not ok ") + name)


t = tuns.get(exact_addr, {})
a = acct.get(exact_addr)
print(f"# ping-only {exact_addr}: lnsd {a}, lacgen tx {t.get('tx_pkts')}/"
      f"{t.get('tx_bytes')} rx {t.get('rx_pkts')}/{t.get('rx_bytes')}")
result("exact", a == (10, 840, 10, 840) and
       (t.get("tx_pkts"), t.get("tx_bytes"), t.get("rx_pkts"),
        t.get("rx_bytes")) == (10, 840, 10, 840))

t, a = tuns.get(up_addr, {}), acct.get(up_addr)
ok = a is not None and "tx_pkts" in t
if ok:
    diff = t["tx_pkts"] - a[0]
    print(f"# iperf3 up {up_addr}: lacgen sent {t['tx_pkts']}, lnsd up_pkts "
          f"{a[0]} (lost {diff}, bound {up_drops + ring_lnsd})")
    ok = t["tx_pkts"] > 1000 and 0 <= diff <= up_drops + ring_lnsd
result("up", ok)

t, a = tuns.get(down_addr, {}), acct.get(down_addr)
ok = a is not None and "rx_pkts" in t
if ok:
    got = t["rx_pkts"] + t["rx_drops"]
    diff = a[2] - got
    print(f"# iperf3 down {down_addr}: lnsd down_pkts {a[2]}, lacgen got "
          f"{got} (rx_drops {t['rx_drops']}; lost {diff}, bound "
          f"{tx_lost + ring_lacgen})")
    ok = got > 1000 and 0 <= diff <= tx_lost + ring_lacgen
result("down", ok)
