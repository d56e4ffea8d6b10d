/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP IP Control Protocol (RFC 1332) with the DNS extensions of RFC 1877,
 * LNS side, on the generic automaton (structure after npppd ipcp.c).
 *
 * Addresses are IPv4 in host byte order. The caller (AAA / pool) gives
 * the subscriber's address in peer_addr before the FSM is opened; our own
 * IP-Address option carries local_addr (the LNS's address).
 *
 * Peer's IP-Address: 0.0.0.0 or anything but peer_addr is Nak'd with
 * peer_addr; a request without the option is Nak'd with it too (§5.3 of
 * RFC 1661 lets a Nak carry options the peer did not send).
 * Primary/Secondary DNS (129/131): Nak'd with the configured servers,
 * Rejected when none is configured. IP-Compression-Protocol, NBNS
 * (130/132), IP-Addresses (1) and unknown options: Rejected.
 *
 * Client mode (conf.client, the subscriber side, e.g. lns-lacgen): we
 * request IP-Address local_addr (0.0.0.0: "assign me one") and, with
 * conf.want_dns, Primary/Secondary DNS 0.0.0.0; the values of the peer's
 * Nak are taken and requested again (RFC 1332 §3.3, RFC 1877 §1); an
 * option the peer Rejects is no longer requested. The peer's non-zero
 * IP-Address is Acked (kept in peer_addr), 0.0.0.0 and anything else is
 * Rejected (we have no address to give).
 */

#ifndef PPP_IPCP_H
#define PPP_IPCP_H

#include <stdbool.h>
#include <stdint.h>

#include "ppp_fsm.h"

struct ppp_ipcp_conf {
	struct ppp_fsm_conf fsm;
	uint32_t local_addr;	/* ours; 0: not requested */
	uint32_t peer_addr;	/* the subscriber's (from AAA / pool) */
	uint32_t dns[2];	/* primary, secondary; 0: none */
	bool client;		/* client mode (see above) */
	bool want_dns;		/* client: request DNS 1 and 2 */
};

struct ppp_ipcp {
	struct ppp_fsm fsm;
	struct ppp_ipcp_conf conf;
	uint32_t peer_addr;	/* acked for the peer, 0 until then */
	bool req_addr;		/* still requesting local_addr */
	bool addr_seen;		/* the request being checked has one */
	/* Client mode: what we request, final once Opened. */
	bool req_dns[2];
	uint32_t addr;		/* our address (assigned by the peer) */
	uint32_t dns[2];	/* from the peer's Nak, 0: none */
};

void ppp_ipcp_init(struct ppp_ipcp *ipcp, const struct ppp_ipcp_conf *conf);
/* Change the subscriber's address (before open). */
void ppp_ipcp_set_peer_addr(struct ppp_ipcp *ipcp, uint32_t addr);

#endif /* PPP_IPCP_H */
