/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP IPv6 Control Protocol (RFC 5072) on the generic automaton: only the
 * Interface-Identifier option (§4.1). Ours is random and non-zero; a peer
 * asking for zero or for ours is Nak'd with a random suggestion, or with
 * conf.peer_ifid when the AAA assigned one (RADIUS Framed-Interface-Id,
 * RFC 3162 §2.2), which is then the only value Acked; a Nak of ours is
 * followed when the suggestion is usable. IPv6-Compression-
 * Protocol (§4.2) and unknown options are Rejected.
 */

#ifndef PPP_IPV6CP_H
#define PPP_IPV6CP_H

#include <stdint.h>

#include "ppp_fsm.h"

struct ppp_ipv6cp_conf {
	struct ppp_fsm_conf fsm;
	uint64_t peer_ifid;	/* the peer's, as assigned; 0: its choice */
};

struct ppp_ipv6cp {
	struct ppp_fsm fsm;
	struct ppp_ipv6cp_conf conf;
	uint64_t ifid;		/* ours; 0: not requested (rejected) */
	uint64_t peer_ifid;	/* acked */
	uint64_t collisions;
};

void ppp_ipv6cp_init(struct ppp_ipv6cp *v6, const struct ppp_ipv6cp_conf *conf);

#endif /* PPP_IPV6CP_H */
