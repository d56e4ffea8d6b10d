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

#include "aaa.h"
#include "aaa_pool.h"
#include "cfg.h"
#include "ctl_ppp.h"
#include "ctl_ppp_setup.h"
#include "ctl_l2tp.h"
#include "ctl_push.h"
#include "ctl_qos.h"
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

/*
 * A subscriber's accounting session and the limits its authorisation set
 * (ctl_ppp_acct.c): from the first time it is up to its end or an LCP
 * renegotiation (which authenticates again: a new accounting session).
 */
struct ctl_ppp_acct {
	/*
	 * The accept's authorisation, kept while it holds something the
	 * session still needs (Class, IPv6, QoS); NULL otherwise.
	 */
	struct aaa_attrs *attrs;
	/* Acct-Session-Id, as ctl_aaa_session_id_str() spells it; 0: none. */
	uint64_t session_id;
	struct dp_session_counters sum;	/* earlier dataplane presences */
	uint64_t start_ms;		/* up, monotonic */
	uint64_t start_wall;		/* up, s since the epoch */
	uint64_t next_interim_ms;	/* 0: no interims */
	uint64_t next_idle_check_ms;
	uint64_t last_active_ms;	/* upstream packets last moved */
	uint64_t last_up_pkts;
	uint32_t session_timeout;	/* s, 0: none */
	uint32_t idle_timeout;		/* s, 0: none */
	uint32_t interim;		/* s, 0: none */
	enum aaa_term_cause cause;	/* 0: not decided yet */
	bool started;			/* a Start went out, a Stop is owed */
	bool radius;			/* authenticated by RADIUS */
};

/*
 * A link's place in one index of ctl_ppp_index.c (a chain per key);
 * whether it is in is a bool of struct ctl_ppp (no padding to 32 B).
 */
struct ctl_ppp_idx_link {
	struct ctl_ppp *prev;
	struct ctl_ppp *next;
	uint64_t key;
};

/* One per session: fields grouped by size, no holes. */
struct ctl_ppp {
	TAILQ_ENTRY(ctl_ppp) next;
	struct ctl_call *cs;
	struct ppp_lcp lcp;
	/* Allocated in the authentication phase only (ctl_ppp_set_phase). */
	union ctl_ppp_auth *auth;
	struct aaa_req *aaa_req;	/* an answer is awaited; NULL: none */
	struct ctl_ppp_acct acct;
	struct ppp_ipcp ipcp;
	/*
	 * Allocated by the network phase when ppp.ipv6cp is on (a session
	 * of an IPv4-only lnsd does without it), freed with pp or while it
	 * is idle (ctl_ppp_v6cp.c); read through ctl_ppp_ipv6cp_state() and
	 * ctl_ppp_ifid() where it may be NULL.
	 */
	struct ppp_ipv6cp *ipv6cp;
	struct ctl_ppp_ip6 *ip6;	/* IPv6CP open: its IPv6 (ctl_ppp_ip6.c) */
	/* Never NULL: ctl_ppp_no_user, or allocated to the name's length. */
	char *user;
	struct dp_session_counters ctr_base;	/* of the index at ADD */
	/* Its rates and where they came from (ctl_ppp_qos.c); counted in
	 * ctl_qos_count() while pushed. */
	struct ctl_qos_out qos;
	/* Profile names, interned (ctl_qos_name_set()); NULL: none. */
	const char *qos_manual;		/* lnsctl's profile */
	/* The local user's profile, kept from its authorisation, which is
	 * freed once the subscriber is up (ctl_ppp_acct.c). */
	const char *qos_user;
	struct aaa_pool *pool;		/* to release addr to; NULL: none */
	struct ctl_ppp_setup setup;	/* deadline, authentication budget */
	struct ctl_ppp_idx_link by_user;	/* ctl_ppp_index.c */
	struct ctl_ppp_idx_link by_addr;
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
	/* IPv6CP idle, its state freed: that state (0: not idle), last id. */
	uint8_t ipv6cp_idle;
	uint8_t ipv6cp_idle_id;
	bool renegotiating;		/* LCP restarting: NCP downs expected */
	bool proxy_pending;		/* aaa_req is the LAC's proxy auth */
	bool lcp_down;			/* LCP tld seen, not yet settled */
	bool ipcp_down;			/* IPCP tld seen, not yet settled */
	bool by_user_in;		/* in its index (ctl_ppp_index.c) */
	bool by_addr_in;
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
	uint32_t interim_default;	/* s, aaa.interim_interval; 0: none */
	bool stopping;			/* lnsd shuts down: Admin-Reboot */
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

/* pp's IPv6CP state: Initial while it has none (never ran). */
static inline enum ppp_fsm_state
ctl_ppp_ipv6cp_state(const struct ctl_ppp *pp)
{
	if (pp->ipv6cp != NULL)
		return pp->ipv6cp->fsm.state;
	return pp->ipv6cp_idle != 0 ? (enum ppp_fsm_state)pp->ipv6cp_idle :
	       PPP_FSM_INITIAL;
}

/* Our IPv6CP Interface-Identifier, 0 while there is none. */
static inline uint64_t
ctl_ppp_ifid(const struct ctl_ppp *pp)
{
	return pp->ipv6cp != NULL ? pp->ipv6cp->ifid : 0;
}
/* The subscriber is up: its dataplane session (ctl_ppp_dp.c). */
int ctl_ppp_dp_up(struct ctl_ppp *pp);
/* ... and gone: accounting line, DELETE (no-op when not up). */
void ctl_ppp_dp_down(struct ctl_ppp *pp);
/* The descriptor of pp as ctl_push takes it, rates included. */
void ctl_ppp_dp_sub(const struct ctl_ppp *pp, struct ctl_push_sub *sub);

/*
 * QoS (ctl_ppp_qos.c). ctl_ppp_qos_pick(): the session's rates from its
 * authorisation and manual choice into pp->qos (at ADD).
 * ctl_ppp_qos_apply(): pick again, and MODIFY the dataplane session if
 * it is pushed and its rates changed; manual: a profile the operator
 * chose (NULL: keep the current choice; "": forget it).
 */
void ctl_ppp_qos_pick(struct ctl_ppp *pp, uint64_t now);
int ctl_ppp_qos_apply(struct ctl_ppp *pp, const char *manual, uint64_t now);
/* The running profiles are new's: every session up picked again. */
struct ctl_reload_sum;
void ctl_ppp_qos_reload(const struct cfg *new, struct ctl_reload_sum *sum);
/* pp is freed: the profile names it holds released. */
void ctl_ppp_qos_forget(struct ctl_ppp *pp);
void ctl_ppp_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len);
void ctl_ppp_close_later(struct ctl_ppp *pp, uint16_t result, int error,
			 const char *why);
/* The same, with the accounting's Acct-Terminate-Cause. */
void ctl_ppp_close_cause(struct ctl_ppp *pp, enum aaa_term_cause cause,
			 uint16_t result, const char *why);
/* Settle layer downs and carry out a decided teardown (may free pp). */
void ctl_ppp_reap(struct ctl_ppp *pp, uint64_t now);

/*
 * IPv6 (ctl_ppp_ip6.c): IPv6CP opened (prefixes, MODIFY, first RA) and
 * went down or the session ends (prefixes back, MODIFY); its RA timer;
 * what it adds to the dataplane descriptor.
 */
/*
 * pp's IPv6CP state (ctl_ppp_v6cp.c). wake: the state, brought back as
 * it was if it is idle; NULL if it never ran. get: the same, or a zeroed
 * one (Initial, as if it never ran) if it has none. settle: free it if
 * it is idle (after an event, ctl_ppp_reap()). Out of memory: NULL,
 * counted in ipv6_no_memory.
 */
struct ppp_ipv6cp *ctl_ppp_ipv6cp_wake(struct ctl_ppp *pp);
struct ppp_ipv6cp *ctl_ppp_ipv6cp_get(struct ctl_ppp *pp);
void ctl_ppp_ipv6cp_settle(struct ctl_ppp *pp);
void ctl_ppp_ip6_up(struct ctl_ppp *pp, uint64_t now);
void ctl_ppp_ip6_down(struct ctl_ppp *pp);
void ctl_ppp_ip6_timer(struct ctl_ppp *pp, uint64_t now);
void ctl_ppp_ip6_sub(const struct ctl_ppp *pp, struct ctl_push_sub *sub);
int ctl_ppp_ip6_info(const struct ctl_ppp *pp, struct ctl_ppp_ip6_info *info);
/* Its prefixes in an accounting record (none while IPv6CP is not open). */
void ctl_ppp_ip6_acct(const struct ctl_ppp *pp, struct aaa_acct_rec *rec);

/* Accounting (ctl_ppp_acct.c). */
/* The accept's authorisation: limits and what the session keeps. */
int ctl_ppp_acct_authorise(struct ctl_ppp *pp, const struct aaa_result *res);
/* The subscriber is up: Start (once per accounting session). */
void ctl_ppp_acct_up(struct ctl_ppp *pp, uint64_t now);
/* The accounting session ends: Stop with its cause (no-op before Start). */
void ctl_ppp_acct_end(struct ctl_ppp *pp, enum aaa_term_cause cause);
/* Timers of an up session: interims, Session-Timeout, Idle-Timeout. */
void ctl_ppp_acct_timer(struct ctl_ppp *pp, uint64_t now);
/* The session's counters so far: earlier presences plus the current one. */
void ctl_ppp_acct_counters(const struct ctl_ppp *pp,
			   struct dp_session_counters *c);
/* Forget the authorisation (session gone or authenticating again). */
void ctl_ppp_acct_reset(struct ctl_ppp *pp);
/* The call as the AAA sees it (RADIUS attributes, accounting). */
void ctl_ppp_acct_call(const struct ctl_ppp *pp, struct aaa_call *call);

/*
 * Indexes by user name and by address (ctl_ppp_index.c), for
 * ctl_ppp_admin.c. Add where the name or the address is set, delete
 * before either changes or the link is freed (both are idempotent).
 * find: false when the index cannot answer (walk instead); else *first
 * is the first of the links under that key (NULL: none), chained by
 * by_user.next / by_addr.next, which the caller still compares.
 */
int ctl_ppp_index_init(uint32_t max_sessions);
void ctl_ppp_index_fini(void);
void ctl_ppp_index_user_add(struct ctl_ppp *pp);
void ctl_ppp_index_user_del(struct ctl_ppp *pp);
void ctl_ppp_index_addr_add(struct ctl_ppp *pp);
void ctl_ppp_index_addr_del(struct ctl_ppp *pp);
bool ctl_ppp_index_user_find(const char *user, struct ctl_ppp **first);
bool ctl_ppp_index_addr_find(uint32_t addr, struct ctl_ppp **first);

enum ppp_auth ctl_ppp_auth_from_cfg(enum cfg_ppp_auth a);
/* The user name of pp (a copy of name[0..len), at most AAA_NAME_MAX). */
int ctl_ppp_set_user(struct ctl_ppp *pp, const uint8_t *name, size_t len);
void ctl_ppp_free_user(struct ctl_ppp *pp);
/* Drop an unanswered AAA request (no answer will come). */
void ctl_ppp_aaa_cancel(struct ctl_ppp *pp);
/* LCP is open: authenticate (or take the LAC's proxy authentication). */
void ctl_ppp_auth_start(struct ctl_ppp *pp, uint64_t now);
/* Returns the number of malformed packets seen (0 or 1). */
unsigned int ctl_ppp_auth_input(struct ctl_ppp *pp, uint16_t proto,
				const uint8_t *pkt, size_t len, uint64_t now);
void ctl_ppp_auth_timer(struct ctl_ppp *pp, uint64_t now);
void ctl_ppp_ncp_input(struct ctl_ppp *pp, uint16_t proto,
		       const uint8_t *pkt, size_t len, uint64_t now);
void ctl_ppp_ncp_timer(struct ctl_ppp *pp, uint64_t now);
/* An NCP automaton of pp: the session's callbacks and peer MRU. */
void ctl_ppp_ncp_attach(struct ctl_ppp *pp, struct ppp_fsm *fsm);

#endif /* LNS_CTL_PPP_PRIV_H */
