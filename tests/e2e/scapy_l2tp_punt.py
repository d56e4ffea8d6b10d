#!/usr/bin/python3
"""Send L2TP frames to lnsd's access address: one control message (SCCRQ
header + Message Type AVP), one data message and one truncated UDP datagram.
(Outer fragments cannot be shown here: net_af_packet's fanout socket asks
the kernel to reassemble, so a lone fragment never reaches lnsd. The unit
test of the classifier covers them.)

usage: scapy_l2tp_punt.py IFACE LNS_IP LNS_MAC
"""
import struct
import sys

from scapy.all import IP, UDP, Ether, Raw, conf, get_if_hwaddr, sendp

conf.verb = 0
iface, lns_ip, lns_mac = sys.argv[1:4]
me = get_if_hwaddr(iface)
src = lns_ip.rsplit(".", 1)[0] + ".2"
base = Ether(src=me, dst=lns_mac) / IP(src=src, dst=lns_ip)

# Control: T=1 L=1 S=1 ver 2, tunnel 0, session 0, Ns 0, Nr 0,
# AVP: M=1 len 8 vendor 0 type 0 (Message Type) value 1 (SCCRQ).
avp = struct.pack("!HHHH", 0x8008, 0, 0, 1)
ctrl = struct.pack("!HHHHHH", 0xC802, 12 + len(avp), 0, 0, 0, 0) + avp
# Data: T=0 ver 2, tunnel 1, session 1, PPP IPv4 (0x0021) + 20 bytes
data = struct.pack("!HHH", 0x0002, 1, 1) + b"\xff\x03\x00\x21" + bytes(20)

sendp(base / UDP(sport=1701, dport=1701) / Raw(ctrl), iface=iface)
sendp(base / UDP(sport=1701, dport=1701) / Raw(data), iface=iface)
sendp(Ether(src=me, dst=lns_mac) / IP(src=src, dst=lns_ip, proto=17) /
      Raw(b"\x06\xa5\x06"), iface=iface)
print("sent 3 L2TP frames")
