#!/usr/bin/python3
"""Hostile and broken input against lnsd's L2TP control plane.

usage: l2tp_bad.py LNS_IP LOCAL_IP OTHER_LOCAL_IP
Opens tunnel A with one session, then sends malformed and misdirected
messages, an unknown mandatory AVP on tunnel B (expects StopCCN result 2,
error 8), and an SCCRQ flood. Prints 'A <lns tunnel id>' for the caller,
who checks lnsd's counters and that tunnel A is still up. Exits non-zero if
an expected answer does not come.
"""
import struct
import sys

from l2tp_peer import (BEARER_TYPE, CDN, HOST, ICCN, ICRP, ICRQ, MSG_TYPE,
                       PROTO_VER, FRAMING, RESULT, SCCRQ, SERIAL, SESSION_ID,
                       STOPCCN, TUNNEL_ID, Lac, avp, ctrl, u16, u32)

lns, me, other = sys.argv[1:4]

a = Lac(lns, me)
a.open_tunnel(100)
sid = a.open_session(1000)
print("A", a.tid, "session", sid)

# max_sessions_per_tunnel is 2: a second call is accepted, a third refused
# with CDN result 4 (temporary lack of resources) naming our session ID.
a.send(ICRQ, [avp(SESSION_ID, u16(1001)), avp(SERIAL, u32(2)), avp(BEARER_TYPE, u32(1))])
a.recv(ICRP)
a.send(ICRQ, [avp(SESSION_ID, u16(1002)), avp(SERIAL, u32(3)), avp(BEARER_TYPE, u32(1))])
m = a.recv(CDN)
res = m["avps"].get(RESULT, b"")
if m["sid"] != 1002 or len(res) < 2 or struct.unpack("!H", res[:2])[0] != 4:
    sys.exit("A: third call not refused with CDN result 4 to session 1002: %r" % m)
print("A third call refused:", res.hex())

# Malformed headers: version 3; Length beyond the datagram; no L bit.
a.raw(ctrl(a.tid, 0, a.ns, a.nr, b"", flags=0xC803))
a.raw(ctrl(a.tid, 0, a.ns, a.nr, b"", length=200))
a.raw(struct.pack("!HHHHH", 0x8802, a.tid, 0, a.ns, a.nr))
# A control message too short to hold its header.
a.raw(b"\xc8\x02\x00")
# Unknown tunnel.
a.raw(ctrl(999, 0, 0, 0, avp(MSG_TYPE, u16(6))))
# Ns far outside the receive window: dropped by the transport.
a.raw(ctrl(a.tid, 0, (a.ns + 5000) & 0xFFFF, a.nr, avp(MSG_TYPE, u16(6))))
# An in-sequence ICCN for a session that does not exist.
a.send(ICCN, [], sid=777)
# A CDN for the unknown session too (never answered).
a.send(CDN, [avp(RESULT, u16(1))], sid=778)

# Misdirected: tunnel A's ID from another address.
w = Lac(lns, other)
w.tid = a.tid
w.send(6, [])


def bad_avp(name, my_tid, bad, error, why):
    """A HELLO with the AVP bad on a new tunnel: StopCCN result 2 (general
    error) with this error code must answer it."""
    t = Lac(lns, me)
    t.open_tunnel(my_tid)
    t.send(6, [bad])
    m = t.recv(STOPCCN)
    res = m["avps"].get(RESULT, b"")
    print(name, "StopCCN result", res.hex())
    if len(res) < 4 or struct.unpack("!HH", res[:4]) != (2, error):
        sys.exit("%s: expected StopCCN result 2 error %d (%s)" % (name, error, why))


# Tunnel B: an AVP with a bad length; tunnel C: an unknown mandatory AVP.
bad_avp("B", 200, avp(PROTO_VER, b"\x01\x00", length=3), 2, "length is wrong")
bad_avp("C", 300, avp(4242, b"xyz", m=True), 8, "unknown mandatory AVP")

# SCCRQ flood: distinct Assigned Tunnel IDs, never completed.
f = Lac(lns, me)
for i in range(400):
    f.raw(ctrl(0, 0, 0, 0, avp(MSG_TYPE, u16(SCCRQ)) + avp(PROTO_VER, b"\x01\x00")
               + avp(HOST, b"flood") + avp(FRAMING, u32(3))
               + avp(TUNNEL_ID, u16(1000 + i))))

# Tunnel A is still usable: a HELLO is acknowledged (a ZLB with our Ns).
a.send(6, [])
pkt = a.recv_raw()
while not pkt[0] & 0x80:        # skip PPP data messages from the LNS
    pkt = a.recv_raw()
flags, length, tid, sid_, ns, nr = struct.unpack("!HHHHHH", pkt[:12])
if tid != 100 or nr != a.ns:
    sys.exit("A: HELLO not acknowledged after the bad input (nr=%d ns=%d)" % (nr, a.ns))
print("A still acknowledges")
