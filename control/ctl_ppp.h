/* SPDX-License-Identifier: BSD-3-Clause
 *
 * PPP termination on the control lcore: one PPP context per established
 * L2TP session, running the phases of RFC 1661 §3.2 — link (LCP, or proxy
 * LCP from the ICCN), authentication (PAP, CHAP-MD5, MS-CHAPv2, or proxy
 * authentication), network (IPCP with an address from the local AAA,
 * IPv6CP) — until IPCP is open: the subscriber is up.
 *
 * Ownership: control lcore only. Telemetry reads the gauges.
 */
#ifndef LNS_CTL_PPP_H
#define LNS_CTL_PPP_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "cfg.h"

struct ctl_call;

enum ctl_ppp_phase {
	CTL_PPP_LINK = 0,	/* LCP negotiating */
	CTL_PPP_AUTH,		/* authenticating the subscriber */
	CTL_PPP_NETWORK,	/* IPCP / IPv6CP negotiating */
	CTL_PPP_UP,		/* IPCP open: subscriber up */
	CTL_PPP_CLOSING,	/* teardown decided, CDN pending */
	CTL_PPP_PHASES
};

struct ctl_ppp_gauges {
	uint64_t phase[CTL_PPP_PHASES];	/* sessions in each phase now */
	uint64_t up_total;		/* reached up, ever */
	uint64_t auth_failed;
	uint64_t proxy_lcp;		/* LCP taken from the LAC's AVPs */
	uint64_t proxy_auth;		/* authentication taken from the LAC */
	uint64_t proxy_auth_refused;	/* not trusted (ppp.proxy_auth): ours */
	uint64_t pool_exhausted;
	uint64_t setup_timeout;
	uint64_t unknown_session;	/* PPP frame for no session */
	uint64_t unknown_protocol;	/* answered by Protocol-Reject */
	uint64_t malformed;
};

/* Read by telemetry (plain 64-bit loads). */
const struct ctl_ppp_gauges *ctl_ppp_gauges_get(void);

int ctl_ppp_init(const struct cfg *cfg);
void ctl_ppp_fini(void);

const char *ctl_ppp_phase_name(enum ctl_ppp_phase p);

/* A punted PPP control frame (L2TP data message); consumes m. */
void ctl_ppp_input(struct rte_mbuf *m, uint64_t now);

/* The L2TP session is established: start PPP on it. */
void ctl_ppp_start(struct ctl_call *cs, uint64_t now);

/* The L2TP session is going away: free its PPP, return its address. */
void ctl_ppp_stop(struct ctl_call *cs);

/* lnsd stops: sessions that end from now on end with Admin-Reboot. */
void ctl_ppp_shutdown(void);

/* Restart timers, keepalives, setup deadlines. */
void ctl_ppp_timer(uint64_t now);

/* The MRU we ask for in LCP (ppp.mru, or derived from the access MTU). */
uint16_t ctl_ppp_our_mru(void);
/* Our IPv4 address on PPP links (host order, 0: none configured). */
uint32_t ctl_ppp_local_addr(void);
/*
 * The subscriber on call tid/sid from peer_ip (network order): its
 * dataplane session and our IPv6CP interface identifier on its link (0:
 * none agreed). 0, or -ENOENT when that call has no subscriber up.
 */
int ctl_ppp_lookup(uint16_t tid, uint16_t sid, uint32_t peer_ip,
		   uint32_t *session_index, uint64_t *ifid6);

#endif /* LNS_CTL_PPP_H */
