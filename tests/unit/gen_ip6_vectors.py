#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write ip6_test_vectors.h: the golden ND and DHCPv6 frames the unit
tests (test_nd6.c, test_dhcp6.c) compare lnsd's builders with and feed to
its parsers, built by scapy, an implementation that is not lnsd's own.

usage: /usr/bin/python3 tests/unit/gen_ip6_vectors.py > tests/unit/ip6_test_vectors.h

The scenario constants below are repeated in the C tests (V6_*): change
both together. Regenerating must give the committed file unchanged.
"""
from scapy.all import (IPv6, UDP, ICMPv6ND_RA, ICMPv6ND_RS, ICMPv6ND_NS,
                       ICMPv6ND_NA, ICMPv6NDOptMTU, ICMPv6NDOptPrefixInfo,
                       ICMPv6NDOptRDNSS, ICMPv6NDOptSrcLLAddr,
                       ICMPv6NDOptDstLLAddr)
from scapy.layers.dhcp6 import (DHCP6_Solicit, DHCP6_Advertise,
    DHCP6_Request, DHCP6_Renew, DHCP6_Rebind, DHCP6_Release, DHCP6_Reply,
    DHCP6_Confirm, DHCP6_InfoRequest, DHCP6OptClientId, DHCP6OptServerId,
    DHCP6OptIA_NA, DHCP6OptIA_PD, DHCP6OptIAAddress, DHCP6OptIAPrefix,
    DHCP6OptOptReq, DHCP6OptElapsedTime, DHCP6OptRapidCommit, DHCP6OptPref,
    DHCP6OptDNSServers, DHCP6OptStatusCode, DUID_LL)

OUR_LL = "fe80::200:0:0:1"          # fe80:: + ifid 0x0200000000000001
CLIENT_LL = "fe80::1234:5678:9abc:def0"
SERVER_MAC = "02:00:5e:00:53:01"
CLIENT_MAC = "02:00:5e:00:53:aa"
PD = "2001:db8:100:ab00::"          # /56
PD_OLD = "2001:db8:100:cd00::"      # /56, before a restart
NA = "2001:db8:200:1::1"
ONLINK = "2001:db8:200:1::"         # /64
DNS = ["2001:4860:4860::8888", "2001:4860:4860::8844"]
PREF, VALID, T1, T2 = 3600, 7200, 1800, 2880
XID = 0x123456
CORE, CORE_PEER = "2001:db8:ff::1", "2001:db8:ff::fe"
PEER_MAC = "02:00:5e:00:53:fe"

cid = DHCP6OptClientId(duid=DUID_LL(lladdr=CLIENT_MAC))
sid = DHCP6OptServerId(duid=DUID_LL(lladdr=SERVER_MAC))
oro = DHCP6OptOptReq(reqopts=[23])
ela = DHCP6OptElapsedTime(elapsedtime=0)
dns = DHCP6OptDNSServers(dnsservers=DNS)


def ia_na(t1=0, t2=0, opts=None):
    return DHCP6OptIA_NA(iaid=2, T1=t1, T2=t2, ianaopts=opts or [])


def ia_pd(t1=0, t2=0, opts=None):
    return DHCP6OptIA_PD(iaid=1, T1=t1, T2=t2, iapdopt=opts or [])


def pfx(p, pref=PREF, valid=VALID):
    return DHCP6OptIAPrefix(preflft=pref, validlft=valid, plen=56, prefix=p)


na_grant = ia_na(T1, T2, [DHCP6OptIAAddress(addr=NA, preflft=PREF,
                                            validlft=VALID)])
pd_grant = ia_pd(T1, T2, [pfx(PD)])

vectors = {
    # DHCPv6 client messages (UDP payloads) and the server's answers.
    "c_solicit": DHCP6_Solicit(trid=XID) / cid / oro / ela / ia_na() /
                 ia_pd(),
    "s_advertise": DHCP6_Advertise(trid=XID) / sid / cid /
                   DHCP6OptPref(prefval=255) / na_grant / pd_grant / dns,
    "c_solicit_rc": DHCP6_Solicit(trid=XID) / cid / DHCP6OptRapidCommit() /
                    oro / ela / ia_pd(),
    "s_reply_rc": DHCP6_Reply(trid=XID) / sid / cid /
                  DHCP6OptRapidCommit() / pd_grant / dns,
    "c_request": DHCP6_Request(trid=XID) / cid / sid / oro / ela /
                 ia_na() / ia_pd(),
    "s_reply_request": DHCP6_Reply(trid=XID) / sid / cid / na_grant /
                       pd_grant / dns,
    "c_renew": DHCP6_Renew(trid=XID) / cid / sid / ela /
               ia_pd(T1, T2, [pfx(PD)]),
    "s_reply_renew": DHCP6_Reply(trid=XID) / sid / cid / pd_grant / dns,
    "s_reply_nobinding": DHCP6_Reply(trid=XID) / sid / cid /
        ia_pd(0, 0, [DHCP6OptStatusCode(statuscode=3,
                                        statusmsg="no binding")]) / dns,
    "c_rebind_old": DHCP6_Rebind(trid=XID) / cid / ela /
                    ia_pd(T1, T2, [pfx(PD_OLD)]),
    "s_reply_rebind_old": DHCP6_Reply(trid=XID) / sid / cid /
        ia_pd(T1, T2, [pfx(PD), pfx(PD_OLD, 0, 0)]) / dns,
    "c_release": DHCP6_Release(trid=XID) / cid / sid / ela /
                 ia_pd(0, 0, [pfx(PD)]),
    "s_reply_release": DHCP6_Reply(trid=XID) / sid / cid /
        DHCP6OptStatusCode(statuscode=0, statusmsg="success"),
    "c_confirm": DHCP6_Confirm(trid=XID) / cid / ela /
        ia_na(0, 0, [DHCP6OptIAAddress(addr=NA, preflft=0, validlft=0)]),
    "s_reply_confirm": DHCP6_Reply(trid=XID) / sid / cid /
        DHCP6OptStatusCode(statuscode=0, statusmsg="success"),
    "c_info": DHCP6_InfoRequest(trid=XID) / cid / oro / ela,
    "s_reply_info": DHCP6_Reply(trid=XID) / sid / cid / dns,
    # The same SOLICIT and ADVERTISE as whole IPv6 packets.
    "p_solicit": IPv6(src=CLIENT_LL, dst="ff02::1:2", hlim=1) /
                 UDP(sport=546, dport=547) /
                 (DHCP6_Solicit(trid=XID) / cid / oro / ela / ia_na() /
                  ia_pd()),
    "p_advertise": IPv6(src=OUR_LL, dst=CLIENT_LL, hlim=64) /
                   UDP(sport=547, dport=546) /
                   (DHCP6_Advertise(trid=XID) / sid / cid /
                    DHCP6OptPref(prefval=255) / na_grant / pd_grant / dns),
    # Router Advertisements lnsd builds.
    "ra_full": IPv6(src=OUR_LL, dst="ff02::1", hlim=255) /
               ICMPv6ND_RA(chlim=64, M=0, O=1, prf=0, routerlifetime=1800,
                           reachabletime=0, retranstimer=0) /
               ICMPv6NDOptMTU(mtu=1492) /
               ICMPv6NDOptPrefixInfo(prefixlen=64, L=1, A=1,
                                     validlifetime=86400,
                                     preferredlifetime=14400,
                                     prefix=ONLINK) /
               ICMPv6NDOptRDNSS(lifetime=1200, dns=DNS),
    "ra_pd_only": IPv6(src=OUR_LL, dst=CLIENT_LL, hlim=255) /
                  ICMPv6ND_RA(chlim=64, M=1, O=1, prf=0,
                              routerlifetime=1800, reachabletime=30000,
                              retranstimer=1000),
    # Router Solicitations a subscriber sends.
    "rs_slla": IPv6(src=CLIENT_LL, dst="ff02::2", hlim=255) /
               ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC),
    "rs_unspec": IPv6(src="::", dst="ff02::2", hlim=255) / ICMPv6ND_RS(),
    # The core side's neighbour discovery.
    "ns_core": IPv6(src=CORE, dst="ff02::1:ff00:fe", hlim=255) /
               ICMPv6ND_NS(tgt=CORE_PEER) /
               ICMPv6NDOptSrcLLAddr(lladdr=SERVER_MAC),
    "na_core": IPv6(src=CORE, dst=CORE_PEER, hlim=255) /
               ICMPv6ND_NA(R=0, S=1, O=1, tgt=CORE) /
               ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC),
    "na_peer": IPv6(src=CORE_PEER, dst=CORE, hlim=255) /
               ICMPv6ND_NA(R=1, S=1, O=0, tgt=CORE_PEER) /
               ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC),
}


def c_array(name, data):
    lines = ["static const uint8_t v6_%s[%d] = {" % (name, len(data))]
    for i in range(0, len(data), 12):
        lines.append("\t" + ", ".join("0x%02x" % b for b in data[i:i + 12])
                     + ",")
    lines.append("};")
    return "\n".join(lines)


def main():
    print("/* SPDX-License-Identifier: BSD-3-Clause */")
    print("/* Generated by tests/unit/gen_ip6_vectors.py (scapy): do not edit. */")
    print("#ifndef LNS_IP6_TEST_VECTORS_H")
    print("#define LNS_IP6_TEST_VECTORS_H\n")
    print("#include <stdint.h>\n")
    for n, p in vectors.items():
        print(c_array(n, bytes(p)))
        print()
    print("#endif /* LNS_IP6_TEST_VECTORS_H */")


if __name__ == "__main__":
    main()
