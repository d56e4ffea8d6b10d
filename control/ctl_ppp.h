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

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "aaa.h"
#include "cfg.h"
#include "ctl_qos.h"
#include "ctl_reload.h"
#include "dp_api.h"

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
/*
 * Reload (ctl_reload.h): ppp.auth, echo, proxy_lcp/proxy_auth,
 * setup_timeout_ms, dns1/dns2, ipv6cp and aaa.interim_interval for the
 * links that start from now on (established links keep theirs); our own
 * address reserved in pools that now hold it. Cannot fail.
 */
void ctl_ppp_reload_apply(void *state, const struct cfg *old,
			  const struct cfg *new, struct ctl_reload_sum *sum);
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

/* ---- administrative actions (ctl_ppp_admin.c): RFC 5176, lnsctl ---- */

/*
 * Which sessions: every criterion given must match (RFC 5176 §3). A
 * session being torn down never matches; nor does one without an
 * address for by_addr.
 */
struct ctl_ppp_sel {
	const char *session_id;		/* Acct-Session-Id; NULL: any */
	const char *user;		/* exact user name; NULL: any */
	uint32_t addr;			/* host order, with by_addr */
	bool by_addr;
	/* Our tunnel and session IDs, with by_call: found without a walk. */
	uint16_t tid;
	uint16_t sid;
	bool by_call;
};

/* What an administrative walk sees of a session (valid during the call). */
struct ctl_ppp_view {
	uint16_t tid;			/* our tunnel and session IDs */
	uint16_t sid;
	enum ctl_ppp_phase phase;
	const char *user;		/* "" before authentication */
	char session_id[AAA_SESSION_ID_LEN];	/* Acct-Session-Id; "" before */
	uint32_t addr;			/* host order; 0: none yet */
	uint64_t up_ms;			/* accounting start (ctl_now_ms); 0: not up */
};

typedef void (*ctl_ppp_view_fn)(void *arg, const struct ctl_ppp_view *v);

/*
 * Visit the sessions sel selects (fn may be NULL: count only). An empty
 * selector selects every session. Returns how many matched.
 */
unsigned int ctl_ppp_admin_find(const struct ctl_ppp_sel *sel,
				ctl_ppp_view_fn fn, void *arg);

/*
 * End the selected sessions: Acct-Terminate-Cause Admin-Reset, CDN
 * Result Code 3 (administrative). Returns how many, or -EINVAL for an
 * empty selector (never "every session" by mistake).
 */
int ctl_ppp_admin_disconnect(const struct ctl_ppp_sel *sel, uint64_t now);

/*
 * The view of the PPP link call cs carries: 0, or -ENOENT before PPP
 * started on it (the call is still being set up).
 */
int ctl_ppp_view_get(const struct ctl_call *cs, struct ctl_ppp_view *v);

/* A session's IPv6 for lnsctl; -ENOENT: IPv6CP not open. */
struct ctl_ppp;
struct ctl_ppp_ip6_info {
	bool has_prefix, pd_routed, na_routed;
	uint8_t prefix[16];		/* the /64 of its RAs */
	uint8_t pd[16];			/* delegated (pd_len), if routed */
	uint8_t pd_len;
	uint8_t na[16];			/* IA_NA address, if routed */
	uint32_t ra_sent;
};

/* Everything the operator's "show session" tells of a PPP link. */
struct ctl_ppp_detail {
	struct ctl_ppp_view v;
	bool pushed;			/* in the dataplane, at session_index */
	uint32_t session_index;
	/* Summed over workers and earlier dataplane presences. */
	uint64_t up_pkts, up_bytes, down_pkts, down_bytes;
	const char *lcp_state;
	const char *ipcp_state;
	const char *auth;		/* "pap", "chap-md5", "mschapv2", "none" */
	uint16_t our_mru;
	uint16_t peer_mru;
	uint32_t our_magic;
	uint32_t peer_magic;
	uint32_t dns[2];		/* given in IPCP, host order; 0: none */
	bool radius;			/* authenticated by RADIUS */
	const uint8_t *class;		/* RADIUS Class; NULL: none */
	unsigned int class_len;
	uint32_t session_timeout;	/* s, 0: none */
	uint32_t idle_timeout;
	uint32_t interim;
	/* QoS (ctl_qos.h): where the rates came from, and what they are. */
	const char *qos_source;		/* "radius", "filter-id", ... */
	const char *qos_profile;	/* "" for radius and none */
	const char *qos_manual;		/* lnsctl's choice; "": none */
	const char *qos_refused;	/* a source refused at the last pick */
	struct ctl_qos_rates qos;
	/* The policer's and shaper's counters: a session in the dataplane. */
	bool has_qos_counters;
	struct dp_session_qos_counters qos_counters;
	/* IPv6CP, and what the session has of IPv6 once it is open. */
	const char *ipv6cp_state;
	bool has_ip6;
	struct ctl_ppp_ip6_info ip6;
};

int ctl_ppp_detail_get(const struct ctl_call *cs, struct ctl_ppp_detail *d);

/*
 * Subscriber-side IPv6 of the PPP links (ctl_ppp_ip6.c, docs/ipv6.md):
 * prefix pools, Router Advertisements, the DHCPv6 server.
 * ctl_ppp_ip6_init(): the pools of aaa.pools6 and the RA and DHCPv6
 * settings; mac gives lnsd's DHCPv6 DUID (DUID-LL). ctl_ppp_ip6_settings():
 * the live part again (a reload). ctl_ppp_ip6_input(): a session's
 * punted IPv6 link-local or multicast packet (DP_PUNT_IPV6_LINK_LOCAL);
 * consumes m. Counted in ctl_counters.def (ipv6_*, dhcp6_*).
 */
int ctl_ppp_ip6_init(const struct cfg *cfg, const uint8_t mac[6]);
void ctl_ppp_ip6_settings(const struct cfg *cfg, const uint8_t mac[6]);
void ctl_ppp_ip6_fini(void);
void ctl_ppp_ip6_input(struct rte_mbuf *m, uint64_t now);



/*
 * The call is about to be cleared by the operator with its tunnel
 * (ctl_l2tp_tunnel_disconnect): its accounting Stop says Admin-Reset.
 */
void ctl_ppp_admin_cause(struct ctl_call *cs);

/* A change of authorisation; only what `set` names changes. */
#define CTL_PPP_COA_SESSION_TIMEOUT	(1u << 0)
#define CTL_PPP_COA_IDLE_TIMEOUT	(1u << 1)
#define CTL_PPP_COA_INTERIM		(1u << 2)
#define CTL_PPP_COA_FILTER_ID		(1u << 3)
#define CTL_PPP_COA_RATE_LIMIT		(1u << 4)

struct ctl_ppp_coa {
	uint32_t set;			/* CTL_PPP_COA_* */
	/* s, 0: no limit. Counted from now, as a new Session-Timeout
	 * is (the session ends session_timeout s after the change). */
	uint32_t session_timeout;
	uint32_t idle_timeout;		/* s, 0: none */
	uint32_t interim;		/* s, 0: no interims */
	const char *filter_id;		/* a QoS profile name (ctl_qos.h) */
	const char *rate_limit;		/* Mikrotik-Rate-Limit */
};

/*
 * Change the authorisation of the selected sessions that have one (those
 * still authenticating are not selected); a new Filter-Id or rate string
 * re-rates them at once (dp_session_modify). Returns how many changed,
 * -EINVAL (empty selector), -E2BIG (a string of AAA_FILTER_MAX octets or
 * more), -ERANGE (a rate string that does not parse or is out of range,
 * a Filter-Id naming no profile) or -ENOMEM; nothing changed on an
 * error.
 */
int ctl_ppp_admin_coa(const struct ctl_ppp_sel *sel,
		      const struct ctl_ppp_coa *coa, uint64_t now);

/*
 * The operator's QoS profile for the selected sessions that have an
 * authorisation (source "manual", ahead of every other until a CoA
 * changes the rates or the session ends); "" forgets the choice. Rates
 * apply at once (dp_session_modify). Returns how many, -EINVAL (empty
 * selector) or -ENOENT (no such profile in qos.profiles).
 */
int ctl_ppp_admin_profile(const struct ctl_ppp_sel *sel, const char *profile,
			  uint64_t now);

#endif /* LNS_CTL_PPP_H */
