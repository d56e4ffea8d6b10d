#!/usr/bin/python3
"""Send malformed frames to lnsd (each must be counted, none may crash it).

usage: scapy_malformed.py IFACE LNS_IP LNS_MAC
"""
import sys

from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, get_if_hwaddr, sendp

conf.verb = 0
iface, lns_ip, lns_mac = sys.argv[1:4]
me = get_if_hwaddr(iface)
src = lns_ip.rsplit(".", 1)[0] + ".2"
eth = Ether(src=me, dst=lns_mac)

frames = [
    # ARP truncated after the fixed part
    Ether(src=me, dst=lns_mac, type=0x0806) / Raw(b"\x00\x01\x08\x00\x06\x04"),
    # ARP with a hardware length that lies
    eth / ARP(op=1, hwlen=8, psrc=src, pdst=lns_ip),
    # ARP with an unknown opcode
    eth / ARP(op=9, hwsrc=me, psrc=src, pdst=lns_ip),
    # IPv4 header length below 20 bytes
    eth / IP(src=src, dst=lns_ip, ihl=4) / ICMP(),
    # IPv4 total length beyond the frame
    eth / IP(src=src, dst=lns_ip, len=1400) / ICMP(),
    # IPv4 version 5
    eth / IP(src=src, dst=lns_ip, version=5) / ICMP(),
    # ICMP with a wrong checksum
    eth / IP(src=src, dst=lns_ip) / ICMP(chksum=0x1234) / b"bad",
    # IPv4 with a wrong header checksum
    eth / IP(src=src, dst=lns_ip, chksum=0x1234) / ICMP(),
    # ICMP header cut short
    eth / IP(src=src, dst=lns_ip, proto=1) / Raw(b"\x08\x00"),
]
for f in frames:
    sendp(f, iface=iface)
# and a burst of garbage of every length
for n in range(0, 64):
    sendp(Ether(src=me, dst=lns_mac, type=0x0800) / Raw(bytes(range(n))), iface=iface)
print("sent", len(frames) + 64, "malformed frames")
