/* SPDX-License-Identifier: BSD-3-Clause
 * Internals of the PPP glue: ctl_ppp.c (phases, frames, timers) and
 * ctl_ppp_auth.c (authentication and network phases). Control lcore only.
 */
#ifndef LNS_CTL_PPP_PRIV_H
#define LNS_CTL_PPP_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_tailq.h>

#include "aaa_local.h"
#include "aaa_pool.h"
#include "cfg.h"
#include "ctl_ppp.h"
#include "ctl_ppp_setup.h"
#include "ctl_l2tp.h"
#include "dp_api.h"
#include "ppp_chap.h"
#include "ppp_ipcp.h"
#include "ppp_ipv6cp.h"
#include "ppp_lcp.h"
#include "ppp_pap.h"

#define CTL_PPP_HDR	10	/* L2TP data header (6) + FF 03 + protocol */
#define CTL_PPP_TICK_MS	50
#define CTL_PPP_QUIET_SCAN_MS	1000	/* echo timers: 1 s granularity */
#define CTL_PPP_OUT_MAX	512	/* largest auth packet we build */

/* The authenticator of the method LCP negotiated (pp->lcp.auth). */
union ctl_ppp_auth {
	struct ppp_pap_server pap;
	struct ppp_chap_server chap;
};

/* One per session: fields grouped by size, no holes. */
struct ctl_ppp {
	TAILQ_ENTRY(ctl_ppp) next;
	struct ctl_call *cs;
	struct ppp_lcp lcp;
	/* Allocated in the authentication phase only (ctl_ppp_set_phase). */
	union ctl_ppp_auth *auth;
	struct ppp_ipcp ipcp;
	struct ppp_ipv6cp ipv6cp;
	/* Never NULL: ctl_ppp_no_user, or allocated to the name's length. */
	char *user;
	struct dp_session_counters ctr_base;	/* of the index at ADD */
	uint64_t up_since;		/* ms, at ADD */
	struct aaa_pool *pool;		/* to release addr to; NULL: none */
	struct ctl_ppp_setup setup;	/* deadline, authentication budget */
	/* Teardown decided in a callback, done by ctl_ppp_reap(). */
	const char *close_why;
	int close_error;
	uint16_t close_result;
	bool close_pending;
	enum ctl_ppp_phase phase;
	uint32_t addr;			/* subscriber's, host order; 0: none */
	uint32_t session_index;		/* dataplane session (ctl_push) */
	uint16_t tid;			/* our tunnel and session IDs (logs) */
	uint16_t sid;
	uint16_t data_ns;		/* next data Ns while not pushed */
	bool pushed;			/* an ADD went to the dataplane */
	bool quiet;			/* on ctl_ppp_ctx.quiet, not .list */
	bool chap_id_set;		/* chap_id: a CHAP Challenge went out */
	uint8_t chap_id;		/* Identifier of our first Challenge */
	bool renegotiating;		/* LCP restarting: NCP downs expected */
	bool lcp_down;			/* LCP tld seen, not yet settled */
	bool ipcp_down;			/* IPCP tld seen, not yet settled */
};

TAILQ_HEAD(ctl_ppp_list, ctl_ppp);

/* Shared by all sessions; set once by ctl_ppp_init(). */
struct ctl_ppp_ctx {
	struct ppp_lcp_conf lcp;
	bool proxy_lcp;
	enum cfg_ppp_proxy_auth proxy_auth;
	bool ipv6cp;
	uint32_t setup_timeout_ms;
	const char *host_name;		/* our CHAP Name */
	uint32_t local_addr;		/* host order */
	uint32_t dns[2];		/* host order */
	/*
	 * Sessions with a timer that must fire on time (negotiating,
	 * authenticating, closing: walked every tick) and quiet ones (up,
	 * no restart timer running: only LCP echo, walked a slice per tick
	 * so each is seen every CTL_PPP_QUIET_SCAN_MS). 1M quiet sessions
	 * then cost 1M timer checks a second, not 20M.
	 */
	struct ctl_ppp_list list;
	struct ctl_ppp_list quiet;
	struct ctl_ppp *cursor;		/* next quiet session to visit */
	uint32_t nb_quiet;
	uint64_t next_timer;
};

extern struct ctl_ppp_ctx ctl_ppp_ctx;
extern struct ctl_ppp_gauges ctl_ppp_gauges;
extern char ctl_ppp_no_user[];		/* "": no name known yet */
extern int lns_logtype_ppp;

void ctl_ppp_set_phase(struct ctl_ppp *pp, enum ctl_ppp_phase phase);
/* The subscriber is up: its dataplane session (ctl_ppp_dp.c). */
int ctl_ppp_dp_up(struct ctl_ppp *pp);
/* ... and gone: accounting line, DELETE (no-op when not up). */
void ctl_ppp_dp_down(struct ctl_ppp *pp);
void ctl_ppp_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len);
void ctl_ppp_close_later(struct ctl_ppp *pp, uint16_t result, int error,
			 const char *why);

enum ppp_auth ctl_ppp_auth_from_cfg(enum cfg_ppp_auth a);
/* The user name of pp (a copy of name[0..len), at most AAA_NAME_MAX). */
int ctl_ppp_set_user(struct ctl_ppp *pp, const uint8_t *name, size_t len);
void ctl_ppp_free_user(struct ctl_ppp *pp);
/* LCP is open: authenticate (or take the LAC's proxy authentication). */
void ctl_ppp_auth_start(struct ctl_ppp *pp, uint64_t now);
/* Returns the number of malformed packets seen (0 or 1). */
unsigned int ctl_ppp_auth_input(struct ctl_ppp *pp, uint16_t proto,
				const uint8_t *pkt, size_t len, uint64_t now);
void ctl_ppp_auth_timer(struct ctl_ppp *pp, uint64_t now);
void ctl_ppp_ncp_input(struct ctl_ppp *pp, uint16_t proto,
		       const uint8_t *pkt, size_t len, uint64_t now);
void ctl_ppp_ncp_timer(struct ctl_ppp *pp, uint64_t now);

#endif /* LNS_CTL_PPP_PRIV_H */
