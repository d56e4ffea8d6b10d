/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session QoS, control side: where a session's rates come from
 * (docs/qos.md, "Where the rates come from"). The dataplane polices
 * "up" (what the subscriber sends) and shapes "down" (what it receives)
 * at the rates of its descriptor (dp_api.h); this module picks them:
 *
 *   manual     lnsctl set session ... profile NAME
 *   radius     Mikrotik-Rate-Limit (vendor 14988, attribute 8)
 *   filter-id  Filter-Id naming a profile of qos.profiles
 *   user       the local user's profile (aaa.users[].profile, users file)
 *   default    qos.default_profile
 *   none       nothing applies: unlimited
 *
 * The first source present wins. A source present but bad (a malformed
 * or out-of-range rate string, an unknown profile name) is counted by
 * reason and the session gets qos.default_profile, not the next source
 * and not unlimited: the AAA asked for something specific, and the
 * operator's default is the stated fallback (a lower source, such as a
 * local user's profile, may be more generous than what was meant).
 *
 * ctl_qos_parse_mikrotik() and ctl_qos_resolve() are pure (unit tested);
 * the rest runs on the control lcore.
 */
#ifndef LNS_CTL_QOS_H
#define LNS_CTL_QOS_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg.h"

struct ctl_qos_rates {
	uint64_t up_bps;		/* 0: unlimited */
	uint64_t down_bps;
	uint32_t burst_up;		/* octets, 0: the dataplane's default */
	uint32_t burst_down;
};

enum ctl_qos_src {
	CTL_QOS_SRC_NONE = 0,
	CTL_QOS_SRC_RADIUS,
	CTL_QOS_SRC_FILTER_ID,
	CTL_QOS_SRC_USER,
	CTL_QOS_SRC_DEFAULT,
	CTL_QOS_SRC_MANUAL,
	CTL_QOS_SRC_MAX,
};

/* Why a source was refused (counted; lnsd_qos_failures_total{reason}). */
enum ctl_qos_fail {
	CTL_QOS_OK = 0,
	CTL_QOS_FAIL_RATE_SYNTAX,	/* rate string not in the grammar */
	CTL_QOS_FAIL_RATE_RANGE,	/* below 8k, above 400G, overflow */
	CTL_QOS_FAIL_PROFILE,		/* a name not in qos.profiles */
	CTL_QOS_FAIL_MAX,
};

/* What a session offers; NULL or "" = absent. */
struct ctl_qos_in {
	const char *manual;		/* a profile name */
	const char *rate_limit;		/* Mikrotik-Rate-Limit string */
	const char *filter_id;		/* a profile name */
	const char *user_profile;	/* a profile name */
};

struct ctl_qos_out {
	enum ctl_qos_src src;
	enum ctl_qos_src failed_src;	/* the refused source, if any */
	char profile[CFG_NAME_LEN];	/* "" for radius and none */
	struct ctl_qos_rates rates;
};

/* "manual", "radius", "filter-id", "user", "default", "none". */
const char *ctl_qos_src_name(enum ctl_qos_src src);
/* "rate_syntax", "rate_range", "unknown_profile". */
const char *ctl_qos_fail_name(enum ctl_qos_fail why);

/*
 * Mikrotik-Rate-Limit: "rx-rate[/tx-rate] [rx-burst-rate[/tx-burst-rate]
 * [rx-burst-threshold[/tx-burst-threshold] [rx-burst-time[/tx-burst-time]
 * [priority] [rx-rate-min[/tx-rate-min]]]]]", as seen by the router: rx
 * is what it receives from the subscriber (up), tx what it sends (down);
 * no tx-rate: tx = rx. Rates as cfg_qos_parse_rate() (0: unlimited).
 * Only the first field is used: the remaining ones (Mikrotik's burst
 * model: a higher rate while the average stays under a threshold) are
 * checked for shape (digits, k K M G, at most one '/') and ignored; the
 * bursts are left to the dataplane. Returns 0, -EINVAL or -ERANGE.
 */
int ctl_qos_parse_mikrotik(const char *s, struct ctl_qos_rates *r);

/*
 * The session's rates from in and the profiles of q, in the order above.
 * Returns CTL_QOS_OK or why the winning source was refused (out is then
 * qos.default_profile's, src default, failed_src the refused one). in's
 * strings must not point into out (it is cleared first).
 */
enum ctl_qos_fail ctl_qos_resolve(const struct cfg_qos *q,
				  const struct ctl_qos_in *in,
				  struct ctl_qos_out *out);

/*
 * A CoA's QoS, checked before any session changes: a rate string
 * (NULL or "": absent) that does not parse or is out of range, or a
 * Filter-Id naming no profile of q, refuses the whole request (a NAK,
 * Error-Cause 407) rather than falling back to the default profile as
 * an Access-Accept's would: the session is up and keeps what it has.
 * CTL_QOS_OK or why.
 */
enum ctl_qos_fail ctl_qos_check_coa(const struct cfg_qos *q,
				    const char *filter_id,
				    const char *rate_limit);

/* ---- the running state (control lcore) ------------------------------ */

struct ctl_qos_stats {
	uint64_t fail[CTL_QOS_FAIL_MAX];	/* by reason; [0] unused */
	uint64_t applied;	/* rates given to the dataplane (ADD, MODIFY) */
	uint64_t modify_failed;	/* dp_session_modify() refused */
};

const struct ctl_qos_stats *ctl_qos_stats_get(void);

/* Copy cfg->qos as the running profiles (start and reload apply). */
void ctl_qos_set(const struct cfg *cfg);
const struct cfg_qos *ctl_qos_running(void);

/*
 * ctl_qos_resolve() against the running profiles, counting and logging
 * (rate limited) a refused source; who names the session in the log.
 */
void ctl_qos_pick(const struct ctl_qos_in *in, struct ctl_qos_out *out,
		  const char *who, uint64_t now_ms);

/* Sessions per profile of the running set, and those without one. */
struct ctl_qos_count {
	uint32_t profile[CFG_MAX_QOS_PROFILES];
	uint32_t radius;	/* rates from a rate string */
	uint32_t none;		/* unlimited */
};

/* Add (+1) or remove (-1) a session with out from the counts. */
void ctl_qos_count(const struct ctl_qos_out *out, int delta);
const struct ctl_qos_count *ctl_qos_count_get(void);
/* Start the counts again (a reload re-counts every session). */
void ctl_qos_count_reset(void);

/* fn for every running profile, with its session count; any thread. */
typedef void (*ctl_qos_walk_fn)(const struct cfg_qos_profile *p,
				bool is_default, uint32_t sessions, void *arg);
void ctl_qos_walk(ctl_qos_walk_fn fn, void *arg);

/*
 * A profile name a session keeps (ctl_qos_name.c): *slot is NULL (none)
 * or an interned copy, shared and counted, which outlives the profile (a
 * reload may remove it and bring it back). Set *slot to name (NULL or
 * "": none; cut to CFG_NAME_LEN - 1 octets), releasing what it held:
 * 0, or -ENOMEM with *slot unchanged. ctl_qos_name_set(slot, NULL) before
 * the session is freed.
 */
int ctl_qos_name_set(const char **slot, const char *name);
/* *slot as a string: "" for none. */
static inline const char *
ctl_qos_name_str(const char *name)
{
	return name != NULL ? name : "";
}
/* Distinct names interned (tests). */
unsigned int ctl_qos_name_count(void);

#endif /* LNS_CTL_QOS_H */
