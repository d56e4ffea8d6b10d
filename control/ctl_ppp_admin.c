/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Administrative actions on subscriber sessions (ctl_ppp.h): find them by
 * Acct-Session-Id, user name or address, end them (RFC 5176
 * Disconnect-Request, lnsctl), change their authorisation (CoA-Request).
 *
 * A session named by our tunnel and session IDs (by_call: lnsctl) is
 * found directly in the L2TP glue's tables, one named by address or user
 * through the indexes of ctl_ppp_index.c. Only a selector by
 * Acct-Session-Id alone walks both session lists (ctl_ppp_ctx.list and
 * .quiet): O(sessions) compares, a few ms for a million sessions, on the
 * control lcore.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_aaa.h"
#include "ctl_ppp.h"
#include "ctl_ppp_priv.h"
#include "l2tp_proto.h"

typedef void (*ctl_ppp_admin_fn)(void *arg, struct ctl_ppp *pp);

static bool
ctl_ppp_admin_sel_empty(const struct ctl_ppp_sel *sel)
{
	return sel->session_id == NULL && sel->user == NULL && !sel->by_addr &&
	       !sel->by_call;
}

/* A criterion given matches only a value the session has (not ""). */
static bool
ctl_ppp_admin_str_is(const char *have, const char *want)
{
	return want == NULL || (have[0] != '\0' && strcmp(have, want) == 0);
}

static bool
ctl_ppp_admin_match(const struct ctl_ppp *pp, const struct ctl_ppp_sel *sel,
		    bool authorised)
{
	if (pp->close_pending)
		return false;	/* going already */
	/* An authorisation exists from the network phase on (the accept). */
	if (authorised && pp->phase != CTL_PPP_NETWORK &&
	    pp->phase != CTL_PPP_UP)
		return false;
	if (sel->by_addr && (pp->addr == 0 || pp->addr != sel->addr))
		return false;
	if (sel->by_call && (pp->tid != sel->tid || pp->sid != sel->sid))
		return false;
	if (sel->session_id != NULL) {
		char id[AAA_SESSION_ID_LEN];

		ctl_aaa_session_id_str(pp->acct.session_id, id);
		if (!ctl_ppp_admin_str_is(id, sel->session_id))
			return false;
	}
	return ctl_ppp_admin_str_is(pp->user, sel->user);
}

/*
 * fn on every session sel selects; fn may free the session it is given
 * (and no other: ctl_ppp_reap closes that one call). Returns the count.
 */
static unsigned int
ctl_ppp_admin_walk(const struct ctl_ppp_sel *sel, bool authorised,
		   ctl_ppp_admin_fn fn, void *arg)
{
	struct ctl_ppp_list *lists[] = { &ctl_ppp_ctx.list, &ctl_ppp_ctx.quiet };
	struct ctl_ppp *pp, *tmp;
	struct ctl_call *cs;
	unsigned int i, n = 0;

	if (sel->by_call) {
		cs = ctl_l2tp_call_at(sel->tid, sel->sid, false);
		pp = cs != NULL ? ctl_l2tp_call_ppp(cs) : NULL;
		if (pp == NULL || !ctl_ppp_admin_match(pp, sel, authorised))
			return 0;
		if (fn != NULL)
			fn(arg, pp);
		return 1;
	}
	/* The address is the more selective key: one session, usually. */
	if (sel->by_addr ? ctl_ppp_index_addr_find(sel->addr, &pp) :
	    sel->user != NULL && ctl_ppp_index_user_find(sel->user, &pp)) {
		for (; pp != NULL; pp = tmp) {
			/* fn may free pp, and no other: its successor is safe. */
			tmp = sel->by_addr ? pp->by_addr.next : pp->by_user.next;
			if (!ctl_ppp_admin_match(pp, sel, authorised))
				continue;
			n++;
			if (fn != NULL)
				fn(arg, pp);
		}
		return n;
	}
	for (i = 0; i < RTE_DIM(lists); i++)
		RTE_TAILQ_FOREACH_SAFE(pp, lists[i], next, tmp) {
			if (!ctl_ppp_admin_match(pp, sel, authorised))
				continue;
			n++;
			if (fn != NULL)
				fn(arg, pp);
		}
	return n;
}

/* ---- find ---------------------------------------------------------------- */

struct ctl_ppp_admin_view_arg {
	ctl_ppp_view_fn fn;
	void *arg;
};

static void
ctl_ppp_admin_fill(const struct ctl_ppp *pp, struct ctl_ppp_view *v)
{
	v->tid = pp->tid;
	v->sid = pp->sid;
	v->phase = pp->phase;
	v->user = pp->user;
	ctl_aaa_session_id_str(pp->acct.session_id, v->session_id);
	v->addr = pp->addr;
	v->up_ms = pp->acct.started ? pp->acct.start_ms : 0;
}

static void
ctl_ppp_admin_view(void *arg, struct ctl_ppp *pp)
{
	struct ctl_ppp_admin_view_arg *va = arg;
	struct ctl_ppp_view v;

	ctl_ppp_admin_fill(pp, &v);
	va->fn(va->arg, &v);
}

int
ctl_ppp_view_get(const struct ctl_call *cs, struct ctl_ppp_view *v)
{
	const struct ctl_ppp *pp = ctl_l2tp_call_ppp(cs);

	if (pp == NULL)
		return -ENOENT;
	ctl_ppp_admin_fill(pp, v);
	return 0;
}

static const char *
ctl_ppp_admin_auth_name(enum ppp_auth a)
{
	switch (a) {
	case PPP_AUTH_PAP:
		return "pap";
	case PPP_AUTH_CHAP_MD5:
		return "chap-md5";
	case PPP_AUTH_MSCHAPV2:
		return "mschapv2";
	default:
		return "none";
	}
}

int
ctl_ppp_detail_get(const struct ctl_call *cs, struct ctl_ppp_detail *d)
{
	const struct ctl_ppp *pp = ctl_l2tp_call_ppp(cs);
	const struct ctl_ppp_acct *ac;
	struct dp_session_counters c;

	if (pp == NULL)
		return -ENOENT;
	ac = &pp->acct;
	memset(d, 0, sizeof(*d));
	ctl_ppp_admin_fill(pp, &d->v);
	d->pushed = pp->pushed;
	d->session_index = pp->session_index;
	ctl_ppp_acct_counters(pp, &c);
	d->up_pkts = c.up_pkts;
	d->up_bytes = c.up_bytes;
	d->down_pkts = c.down_pkts;
	d->down_bytes = c.down_bytes;
	d->lcp_state = ppp_fsm_state_name(pp->lcp.fsm.state);
	d->ipcp_state = ppp_fsm_state_name(pp->ipcp.fsm.state);
	d->ipv6cp_state = ppp_fsm_state_name(ctl_ppp_ipv6cp_state(pp));
	d->has_ip6 = ctl_ppp_ip6_info(pp, &d->ip6) == 0;
	d->auth = ctl_ppp_admin_auth_name(pp->lcp.auth);
	d->our_mru = pp->lcp.want_mru;
	d->peer_mru = pp->lcp.peer_mru;
	d->our_magic = pp->lcp.magic;
	d->peer_magic = pp->lcp.peer_magic;
	d->dns[0] = pp->ipcp.conf.dns[0];
	d->dns[1] = pp->ipcp.conf.dns[1];
	d->radius = ac->radius;
	if (ac->attrs != NULL && ac->attrs->class_len > 0) {
		d->class = ac->attrs->class;
		d->class_len = ac->attrs->class_len;
	}
	d->session_timeout = ac->session_timeout;
	d->idle_timeout = ac->idle_timeout;
	d->interim = ac->interim;
	d->qos_source = ctl_qos_src_name(pp->qos.src);
	d->qos_profile = pp->qos.profile;
	d->qos_manual = ctl_qos_name_str(pp->qos_manual);
	d->qos_refused = pp->qos.failed_src != CTL_QOS_SRC_NONE ?
			 ctl_qos_src_name(pp->qos.failed_src) : "";
	d->qos = pp->qos.rates;
	if (pp->pushed) {
		dp_session_qos_counters(pp->session_index, &d->qos_counters);
		d->has_qos_counters = true;
	}
	return 0;
}

void
ctl_ppp_admin_cause(struct ctl_call *cs)
{
	struct ctl_ppp *pp = ctl_l2tp_call_ppp(cs);

	if (pp != NULL && pp->acct.cause == 0)
		pp->acct.cause = AAA_TERM_ADMIN_RESET;
}

unsigned int
ctl_ppp_admin_find(const struct ctl_ppp_sel *sel, ctl_ppp_view_fn fn,
		   void *arg)
{
	struct ctl_ppp_admin_view_arg va = { .fn = fn, .arg = arg };

	return ctl_ppp_admin_walk(sel, false,
				  fn != NULL ? ctl_ppp_admin_view : NULL, &va);
}

/* ---- disconnect ---------------------------------------------------------- */

static void
ctl_ppp_admin_end(void *arg, struct ctl_ppp *pp)
{
	const uint64_t *now = arg;

	ctl_ppp_close_cause(pp, AAA_TERM_ADMIN_RESET, L2TP_CDN_RC_ADMIN,
			    "administrative disconnect");
	/* LCP Terminate-Request, CDN, accounting Stop; frees pp. */
	ctl_ppp_reap(pp, *now);
}

int
ctl_ppp_admin_disconnect(const struct ctl_ppp_sel *sel, uint64_t now)
{
	if (ctl_ppp_admin_sel_empty(sel))
		return -EINVAL;
	return (int)ctl_ppp_admin_walk(sel, false, ctl_ppp_admin_end, &now);
}

/* ---- change of authorisation ---------------------------------------------- */

struct ctl_ppp_admin_coa_arg {
	const struct ctl_ppp_coa *coa;
	uint64_t now;
	int err;
};

/* Pass 1: the storage the strings need, before anything changes. */
static void
ctl_ppp_admin_coa_alloc(void *arg, struct ctl_ppp *pp)
{
	struct ctl_ppp_admin_coa_arg *ca = arg;

	if (pp->acct.attrs != NULL)
		return;
	/* Zeroed authorisation holds nothing: harmless if we stop here. */
	pp->acct.attrs = calloc(1, sizeof(*pp->acct.attrs));
	if (pp->acct.attrs == NULL)
		ca->err = -ENOMEM;
}

/* A limit in s counted from now: the session's elapsed s, rounded up, plus s. */
static uint32_t
ctl_ppp_admin_from_now(const struct ctl_ppp *pp, uint32_t s, uint64_t now)
{
	uint64_t t;

	if (s == 0 || !pp->acct.started)
		return s;	/* none, or counted from the Start to come */
	t = (now - pp->acct.start_ms + 999) / 1000 + s;
	return t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
}

/* Pass 2: the change. Timers see it at their next visit (<= 1 s). */
static void
ctl_ppp_admin_coa_apply(void *arg, struct ctl_ppp *pp)
{
	const struct ctl_ppp_admin_coa_arg *ca = arg;
	const struct ctl_ppp_coa *c = ca->coa;
	struct ctl_ppp_acct *ac = &pp->acct;

	if (c->set & CTL_PPP_COA_SESSION_TIMEOUT)
		ac->session_timeout = ctl_ppp_admin_from_now(pp,
			c->session_timeout, ca->now);
	if (c->set & CTL_PPP_COA_IDLE_TIMEOUT) {
		ac->idle_timeout = c->idle_timeout;
		ac->last_active_ms = ca->now;	/* idle from the change on */
	}
	if (c->set & CTL_PPP_COA_INTERIM) {
		ac->interim = c->interim;
		if (ac->started)
			ac->next_interim_ms = c->interim == 0 ? 0 :
				ca->now + (uint64_t)c->interim * 1000;
	}
	if (c->set & CTL_PPP_COA_FILTER_ID)
		snprintf(ac->attrs->filter_id, sizeof(ac->attrs->filter_id),
			 "%s", c->filter_id);
	if (c->set & CTL_PPP_COA_RATE_LIMIT)
		snprintf(ac->attrs->rate_limit, sizeof(ac->attrs->rate_limit),
			 "%s", c->rate_limit);
	/* The AAA's latest word replaces the operator's choice. */
	if (c->set & (CTL_PPP_COA_FILTER_ID | CTL_PPP_COA_RATE_LIMIT))
		ctl_ppp_qos_apply(pp, "", ca->now);
}

static bool
ctl_ppp_admin_str_fits(uint32_t set, uint32_t flag, const char *s)
{
	return !(set & flag) ||
	       (s != NULL && strlen(s) < AAA_FILTER_MAX);
}

/* ---- the operator's QoS profile ------------------------------------------ */

struct ctl_ppp_admin_profile_arg {
	const char *profile;
	uint64_t now;
};

static void
ctl_ppp_admin_profile_one(void *arg, struct ctl_ppp *pp)
{
	const struct ctl_ppp_admin_profile_arg *pa = arg;

	ctl_ppp_qos_apply(pp, pa->profile, pa->now);
}

int
ctl_ppp_admin_profile(const struct ctl_ppp_sel *sel, const char *profile,
		      uint64_t now)
{
	struct ctl_ppp_admin_profile_arg pa = { profile, now };

	if (ctl_ppp_admin_sel_empty(sel))
		return -EINVAL;
	if (profile[0] != '\0' &&
	    cfg_qos_profile_find(ctl_qos_running(), profile) == NULL)
		return -ENOENT;
	return (int)ctl_ppp_admin_walk(sel, true, ctl_ppp_admin_profile_one,
				       &pa);
}

int
ctl_ppp_admin_coa(const struct ctl_ppp_sel *sel, const struct ctl_ppp_coa *coa,
		  uint64_t now)
{
	struct ctl_ppp_admin_coa_arg ca = { .coa = coa, .now = now };
	unsigned int n;

	if (ctl_ppp_admin_sel_empty(sel))
		return -EINVAL;
	if (!ctl_ppp_admin_str_fits(coa->set, CTL_PPP_COA_FILTER_ID,
				    coa->filter_id) ||
	    !ctl_ppp_admin_str_fits(coa->set, CTL_PPP_COA_RATE_LIMIT,
				    coa->rate_limit))
		return -E2BIG;
	/* Before anything changes: a bad one is refused whole (ctl_qos.h). */
	if (ctl_qos_check_coa(ctl_qos_running(),
			      coa->set & CTL_PPP_COA_FILTER_ID ?
			      coa->filter_id : NULL,
			      coa->set & CTL_PPP_COA_RATE_LIMIT ?
			      coa->rate_limit : NULL) != CTL_QOS_OK)
		return -ERANGE;
	if (coa->set & (CTL_PPP_COA_FILTER_ID | CTL_PPP_COA_RATE_LIMIT)) {
		ctl_ppp_admin_walk(sel, true, ctl_ppp_admin_coa_alloc, &ca);
		if (ca.err != 0)
			return ca.err;
	}
	n = ctl_ppp_admin_walk(sel, true, ctl_ppp_admin_coa_apply, &ca);
	return (int)n;
}
