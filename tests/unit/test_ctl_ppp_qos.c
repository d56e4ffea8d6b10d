/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A session's rates applied (control/ctl_ppp_qos.c over ctl_qos.c): what
 * the PPP glue gives the dataplane at ADD, after a CoA, after lnsctl set
 * session and after a reload, and the sessions-per-profile counts; and
 * what lnsctl show session reads of a session (ctl_ppp_admin.c); a
 * session's IPv6CP state freed while idle (ctl_ppp_v6cp.c). The
 * dataplane side is stubbed: ctl_push_modify() records each MODIFY, and
 * the descriptor is only its rates (ctl_ppp_dp_sub()). A session's call
 * is the session itself (ctl_l2tp_call_ppp()).
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_aaa.h"
#include "ctl_l2tp.h"
#include "ctl_loop.h"
#include "ctl_ppp.h"
#include "ctl_ppp_priv.h"
#include "ctl_qos.h"
#include "ctl_stats.h"

/* ---- stubs of what ctl_ppp_qos.c calls outside it ---- */

struct ctl_ppp_ctx ctl_ppp_ctx;
int lns_logtype_ppp;

static struct ctl_push_stats push_stats;
static struct {
	unsigned int n;
	uint32_t index;
	struct ctl_qos_rates qos;
	int rc;			/* what the next MODIFY returns */
} modify;

uint64_t
ctl_now_ms(void)
{
	return 1000;
}

const struct ctl_push_stats *
ctl_push_stats_get(void)
{
	return &push_stats;
}

void
ctl_ppp_dp_sub(const struct ctl_ppp *pp, struct ctl_push_sub *sub)
{
	memset(sub, 0, sizeof(*sub));
	sub->qos = pp->qos.rates;
}

int
ctl_push_modify(const struct ctl_push_sub *sub, uint32_t session_index)
{
	modify.n++;
	modify.index = session_index;
	modify.qos = sub->qos;
	if (modify.rc != 0) {
		push_stats.modify_failed++;
		return modify.rc;
	}
	push_stats.modifies++;
	return 0;
}

/* What ctl_ppp_admin.c reads of the rest of lnsd: nothing to add. */
struct ctl_ppp *
ctl_l2tp_call_ppp(const struct ctl_call *cs)
{
	return (struct ctl_ppp *)(uintptr_t)cs;
}

struct ctl_call *
ctl_l2tp_call_at(uint16_t tid, uint16_t sid, bool next)
{
	struct ctl_ppp *pp;

	assert_false(next);
	TAILQ_FOREACH(pp, &ctl_ppp_ctx.list, next)
		if (pp->tid == tid && pp->sid == sid)
			return (struct ctl_call *)pp;
	return NULL;
}

bool
ctl_ppp_index_user_find(const char *user, struct ctl_ppp **first)
{
	(void)user;
	(void)first;
	return false;
}

bool
ctl_ppp_index_addr_find(uint32_t addr, struct ctl_ppp **first)
{
	(void)addr;
	(void)first;
	return false;
}

void
ctl_ppp_acct_counters(const struct ctl_ppp *pp, struct dp_session_counters *c)
{
	(void)pp;
	memset(c, 0, sizeof(*c));
}

int
ctl_ppp_ip6_info(const struct ctl_ppp *pp, struct ctl_ppp_ip6_info *info)
{
	(void)pp;
	(void)info;
	return -ENOENT;
}

void
ctl_ppp_close_cause(struct ctl_ppp *pp, enum aaa_term_cause cause,
		    uint16_t result, const char *why)
{
	(void)pp;
	(void)cause;
	(void)result;
	(void)why;
	fail();
}

void
ctl_ppp_reap(struct ctl_ppp *pp, uint64_t now)
{
	(void)pp;
	(void)now;
}

void
dp_session_qos_counters(uint32_t session_index,
			struct dp_session_qos_counters *out)
{
	(void)session_index;
	memset(out, 0, sizeof(*out));
}

uint64_t ctl_counters[CTL_COUNTER_MAX];

/* ctl_aaa.c's spelling has lnsd's start time in it: "s<id>" here. */
void
ctl_aaa_session_id_str(uint64_t id, char out[AAA_SESSION_ID_LEN])
{
	if (id == 0)
		out[0] = '\0';
	else
		snprintf(out, AAA_SESSION_ID_LEN, "s%" PRIu64, id);
}

/* What an NCP sends, per session (by sid); random octets all 0x11. */
#define NSESS	32
static struct {
	uint8_t pkt[8][64];
	size_t len[8];
	unsigned int n;
} sent[NSESS];

static void
t_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	const struct ctl_ppp *pp = arg;
	unsigned int i = sent[pp->sid].n++;

	assert_int_equal(proto, LNS_PPP_PROTO_IPV6CP);
	assert_true(i < 8 && len <= sizeof(sent[0].pkt[0]));
	memcpy(sent[pp->sid].pkt[i], pkt, len);
	sent[pp->sid].len[i] = len;
}

static int
t_random(void *arg, void *buf, size_t len)
{
	(void)arg;
	memset(buf, 0x11, len);
	return 0;
}

void
ctl_ppp_ncp_attach(struct ctl_ppp *pp, struct ppp_fsm *fsm)
{
	static const struct ppp_fsm_owner owner = {
		.send = t_send,
		.random = t_random,
	};

	fsm->owner = &owner;
	fsm->arg = pp;
	fsm->peer_mru = 1500;
}

/* ---- fixture ---- */

#define PROFILES \
	"qos:\n" \
	"  profiles:\n" \
	"    gold: { up: 10M, down: 50M, burst_up: 64k }\n" \
	"    bronze: { up: 1M, down: 2M }\n" \
	"    silver: { up: 5M, down: 20M }\n"
#define PORTS \
	"ports:\n" \
	"  - { name: a, device: net_null0, role: access, address: 192.0.2.1/24 }\n"

static struct cfg cfg;

static void
load(const char *yaml)
{
	struct cfg_errors errs = { 0 };
	int rc;

	cfg_free(&cfg);
	rc = cfg_load_buffer("t.yaml", yaml, strlen(yaml), &cfg, &errs);
	if (rc != 0)
		cfg_errors_print(stderr, &errs);
	cfg_errors_free(&errs);
	assert_int_equal(rc, 0);
}

static int
setup(void **state)
{
	(void)state;
	memset(&ctl_ppp_ctx, 0, sizeof(ctl_ppp_ctx));
	TAILQ_INIT(&ctl_ppp_ctx.list);
	TAILQ_INIT(&ctl_ppp_ctx.quiet);
	memset(&modify, 0, sizeof(modify));
	memset(sent, 0, sizeof(sent));
	memset(&push_stats, 0, sizeof(push_stats));
	load(PROFILES "  default_profile: bronze\n" PORTS);
	ctl_qos_set(&cfg);
	ctl_qos_count_reset();
	return 0;
}

static int
teardown(void **state)
{
	struct ctl_ppp *pp;

	(void)state;
	while ((pp = TAILQ_FIRST(&ctl_ppp_ctx.list)) != NULL) {
		TAILQ_REMOVE(&ctl_ppp_ctx.list, pp, next);
		free(pp->acct.attrs);
		free(pp->ipv6cp);
		ctl_ppp_qos_forget(pp);
		free(pp);
	}
	/* Every session's profile names released with it. */
	assert_int_equal(ctl_qos_name_count(), 0);
	cfg_free(&cfg);
	return 0;
}

/* A session going up as ctl_ppp_dp_up() does: pick, push, count. */
static struct ctl_ppp *
session_up(uint32_t idx, const char *rate_limit, const char *filter_id,
	   const char *profile)
{
	struct ctl_ppp *pp = calloc(1, sizeof(*pp));

	assert_non_null(pp);
	pp->acct.attrs = calloc(1, sizeof(*pp->acct.attrs));
	assert_non_null(pp->acct.attrs);
	snprintf(pp->acct.attrs->rate_limit, AAA_FILTER_MAX, "%s", rate_limit);
	snprintf(pp->acct.attrs->filter_id, AAA_FILTER_MAX, "%s", filter_id);
	snprintf(pp->acct.attrs->profile, sizeof(pp->acct.attrs->profile),
		 "%s", profile);
	pp->user = "u";
	pp->phase = CTL_PPP_UP;
	pp->tid = 1;
	pp->sid = (uint16_t)idx;
	ctl_ppp_qos_pick(pp, 0);
	pp->session_index = idx;
	pp->pushed = true;
	ctl_qos_count(&pp->qos, 1);
	TAILQ_INSERT_TAIL(&ctl_ppp_ctx.list, pp, next);
	return pp;
}

static uint32_t
count_of(const char *name)
{
	const struct cfg_qos_profile *p =
		cfg_qos_profile_find(ctl_qos_running(), name);

	assert_non_null(p);
	return ctl_qos_count_get()->profile[p - ctl_qos_running()->profiles];
}

/* ---- tests ---- */

static void
test_add_sources(void **state)
{
	struct ctl_ppp *a, *b, *c, *d, *e;

	(void)state;
	a = session_up(1, "3M/6M", "gold", "silver");
	b = session_up(2, "", "gold", "silver");
	c = session_up(3, "", "", "silver");
	d = session_up(4, "", "", "");
	e = session_up(5, "fast", "gold", "");
	assert_int_equal(a->qos.src, CTL_QOS_SRC_RADIUS);
	assert_true(a->qos.rates.up_bps == 3000000 &&
		    a->qos.rates.down_bps == 6000000);
	assert_int_equal(b->qos.src, CTL_QOS_SRC_FILTER_ID);
	assert_int_equal(b->qos.rates.burst_up, 65536);
	assert_int_equal(c->qos.src, CTL_QOS_SRC_USER);
	assert_int_equal(d->qos.src, CTL_QOS_SRC_DEFAULT);
	/* A bad rate string: the default, counted by reason. */
	assert_int_equal(e->qos.src, CTL_QOS_SRC_DEFAULT);
	assert_string_equal(e->qos.profile, "bronze");
	assert_int_equal(ctl_qos_stats_get()->fail[CTL_QOS_FAIL_RATE_SYNTAX],
			 1);
	assert_int_equal(ctl_qos_count_get()->radius, 1);
	assert_int_equal(count_of("gold"), 1);
	assert_int_equal(count_of("silver"), 1);
	assert_int_equal(count_of("bronze"), 2);
	assert_int_equal(modify.n, 0);
}

static void
test_coa(void **state)
{
	struct ctl_ppp *pp;

	(void)state;
	pp = session_up(7, "", "bronze", "");
	/* What ctl_ppp_admin_coa_apply() does with a new Filter-Id. */
	snprintf(pp->acct.attrs->filter_id, AAA_FILTER_MAX, "gold");
	assert_int_equal(ctl_ppp_qos_apply(pp, "", 0), 0);
	assert_int_equal(modify.n, 1);
	assert_int_equal(modify.index, 7);
	assert_true(modify.qos.up_bps == 10000000 &&
		    modify.qos.down_bps == 50000000);
	assert_int_equal(modify.qos.burst_up, 65536);
	assert_int_equal(count_of("gold"), 1);
	assert_int_equal(count_of("bronze"), 0);
	/* Then a rate string: it outranks the Filter-Id. */
	snprintf(pp->acct.attrs->rate_limit, AAA_FILTER_MAX, "8M/16M");
	assert_int_equal(ctl_ppp_qos_apply(pp, "", 0), 0);
	assert_int_equal(modify.n, 2);
	assert_true(modify.qos.up_bps == 8000000 &&
		    modify.qos.down_bps == 16000000);
	assert_int_equal(count_of("gold"), 0);
	assert_int_equal(ctl_qos_count_get()->radius, 1);
	/* The same again: no MODIFY. */
	assert_int_equal(ctl_ppp_qos_apply(pp, "", 0), 0);
	assert_int_equal(modify.n, 2);
	/* A MODIFY the dataplane refuses is returned and counted. */
	snprintf(pp->acct.attrs->rate_limit, AAA_FILTER_MAX, "9M");
	modify.rc = -EINVAL;
	assert_int_equal(ctl_ppp_qos_apply(pp, "", 0), -EINVAL);
	assert_int_equal(push_stats.modify_failed, 1);
}

static void
test_manual(void **state)
{
	struct ctl_ppp *pp;

	(void)state;
	pp = session_up(9, "3M/6M", "gold", "");
	assert_int_equal(ctl_ppp_qos_apply(pp, "silver", 0), 0);
	assert_int_equal(pp->qos.src, CTL_QOS_SRC_MANUAL);
	assert_int_equal(modify.n, 1);
	assert_true(modify.qos.up_bps == 5000000);
	assert_int_equal(count_of("silver"), 1);
	assert_int_equal(ctl_qos_count_get()->radius, 0);
	/* NULL keeps the choice (a reload, a renegotiation). */
	assert_int_equal(ctl_ppp_qos_apply(pp, NULL, 0), 0);
	assert_int_equal(pp->qos.src, CTL_QOS_SRC_MANUAL);
	assert_int_equal(modify.n, 1);
	/* "" forgets it: back to the rate string. */
	assert_int_equal(ctl_ppp_qos_apply(pp, "", 0), 0);
	assert_int_equal(pp->qos.src, CTL_QOS_SRC_RADIUS);
	assert_int_equal(modify.n, 2);
	assert_true(modify.qos.up_bps == 3000000);
}

static void
test_reload(void **state)
{
	struct ctl_ppp *fid, *rl, *man, *user, *dflt;
	struct ctl_reload_sum sum = { .len = 0 };

	(void)state;
	fid = session_up(1, "", "gold", "");
	rl = session_up(2, "3M/6M", "", "");
	man = session_up(3, "", "", "");
	assert_int_equal(ctl_ppp_qos_apply(man, "silver", 0), 0);
	/* A local user's authorisation is not kept for its profile. */
	user = session_up(4, "", "", "silver");
	free(user->acct.attrs);
	user->acct.attrs = NULL;
	/* Set by hand and forgotten: the user's profile again. */
	assert_int_equal(ctl_ppp_qos_apply(user, "gold", 0), 0);
	assert_int_equal(ctl_ppp_qos_apply(user, "", 0), 0);
	assert_int_equal(user->qos.src, CTL_QOS_SRC_USER);
	assert_string_equal(user->qos.profile, "silver");
	dflt = session_up(5, "", "", "");
	modify.n = 0;
	/* gold faster, silver gone, the default now gold. */
	load("qos:\n  profiles:\n"
	     "    gold: { up: 20M, down: 80M }\n"
	     "    bronze: { up: 1M, down: 2M }\n"
	     "  default_profile: gold\n" PORTS);
	ctl_ppp_qos_reload(&cfg, &sum);
	assert_true(fid->qos.rates.up_bps == 20000000);
	assert_int_equal(fid->qos.src, CTL_QOS_SRC_FILTER_ID);
	assert_true(rl->qos.rates.up_bps == 3000000);
	/* The manual profile went: the default, the choice kept. */
	assert_int_equal(man->qos.src, CTL_QOS_SRC_DEFAULT);
	assert_int_equal(man->qos.failed_src, CTL_QOS_SRC_MANUAL);
	assert_string_equal(man->qos_manual, "silver");
	assert_int_equal(user->qos.src, CTL_QOS_SRC_DEFAULT);
	assert_int_equal(user->qos.failed_src, CTL_QOS_SRC_USER);
	assert_string_equal(dflt->qos.profile, "gold");
	/* fid, man, user, dflt changed; rl did not. */
	assert_int_equal(modify.n, 4);
	assert_int_equal(count_of("gold"), 4);
	assert_int_equal(count_of("bronze"), 0);
	assert_int_equal(ctl_qos_count_get()->radius, 1);
	assert_non_null(strstr(sum.buf,
			       "qos: 4 session(s) re-rated, 4 modified in "));
	/* silver back: the manual choice applies again. */
	load(PROFILES "  default_profile: bronze\n" PORTS);
	ctl_ppp_qos_reload(&cfg, &sum);
	assert_int_equal(man->qos.src, CTL_QOS_SRC_MANUAL);
	assert_string_equal(man->qos.profile, "silver");
	/* ... and so does the user's, without its authorisation. */
	assert_int_equal(user->qos.src, CTL_QOS_SRC_USER);
	assert_string_equal(user->qos.profile, "silver");
}

static void
test_not_pushed(void **state)
{
	struct ctl_ppp *pp;

	(void)state;
	pp = session_up(11, "", "", "");
	ctl_qos_count(&pp->qos, -1);
	pp->pushed = false;
	/* Still negotiating: picked, not modified, not counted. */
	assert_int_equal(ctl_ppp_qos_apply(pp, "gold", 0), 0);
	assert_int_equal(pp->qos.src, CTL_QOS_SRC_MANUAL);
	assert_int_equal(modify.n, 0);
	assert_int_equal(count_of("gold"), 0);
	assert_int_equal(count_of("bronze"), 0);
}

/* IPv6CP as the network phase starts it, then Protocol-Rejected. */
static struct ctl_ppp *
session_v6_rejected(uint32_t idx)
{
	struct ppp_ipv6cp_conf vc = { 0 };
	struct ctl_ppp *pp = session_up(idx, "", "", "");

	assert_non_null(ctl_ppp_ipv6cp_get(pp));
	ppp_ipv6cp_init(pp->ipv6cp, &vc);
	ctl_ppp_ncp_attach(pp, &pp->ipv6cp->fsm);
	ppp_fsm_up(&pp->ipv6cp->fsm, 0);
	ppp_fsm_open(&pp->ipv6cp->fsm, 0);
	assert_int_equal(sent[idx].n, 1);	/* Configure-Request */
	ppp_fsm_rxj(&pp->ipv6cp->fsm, true, 10);
	assert_int_equal(pp->ipv6cp->fsm.state, PPP_FSM_STOPPED);
	return pp;
}

static const struct ctl_call *
call_of(const struct ctl_ppp *pp)
{
	return (const struct ctl_call *)pp;
}

/* IPv6CP state exists only for a session that ran IPv6CP. */
static void
test_detail_ipv6cp(void **state)
{
	struct ctl_ppp_detail d;
	struct ctl_ppp *pp;

	(void)state;
	pp = session_up(13, "", "", "");
	assert_null(pp->ipv6cp);
	assert_int_equal(ctl_ppp_detail_get(call_of(pp), &d), 0);
	assert_string_equal(d.ipv6cp_state,
			    ppp_fsm_state_name(PPP_FSM_INITIAL));
	assert_int_equal(ctl_ppp_ifid(pp), 0);
	assert_int_equal(d.session_index, 13);
	pp->ipv6cp = calloc(1, sizeof(*pp->ipv6cp));
	assert_non_null(pp->ipv6cp);
	pp->ipv6cp->fsm.state = PPP_FSM_OPENED;
	pp->ipv6cp->ifid = 0x0200000000000042ull;
	assert_int_equal(ctl_ppp_detail_get(call_of(pp), &d), 0);
	assert_string_equal(d.ipv6cp_state,
			    ppp_fsm_state_name(PPP_FSM_OPENED));
	assert_true(ctl_ppp_ifid(pp) == 0x0200000000000042ull);
}

/* lnsctl set session ... profile, and what show session says of it. */
static void
test_detail_manual(void **state)
{
	struct ctl_ppp_sel sel = { .tid = 1, .sid = 15, .by_call = true };
	struct ctl_ppp_detail d;
	struct ctl_ppp *pp, *other;

	(void)state;
	pp = session_up(15, "", "", "");
	other = session_up(16, "", "", "");
	assert_int_equal(ctl_ppp_detail_get(call_of(pp), &d), 0);
	assert_string_equal(d.qos_manual, "");
	assert_int_equal(ctl_ppp_admin_profile(&sel, "nosuch", 0), -ENOENT);
	assert_int_equal(ctl_ppp_admin_profile(&sel, "silver", 0), 1);
	assert_int_equal(ctl_ppp_detail_get(call_of(pp), &d), 0);
	assert_string_equal(d.qos_manual, "silver");
	assert_string_equal(d.qos_source, "manual");
	assert_string_equal(d.qos_profile, "silver");
	assert_null(other->qos_manual);
	assert_int_equal(ctl_qos_name_count(), 1);
	/* By Acct-Session-Id, kept as a number and spelt to compare. */
	assert_string_equal(d.v.session_id, "");
	pp->acct.session_id = 41;
	other->acct.session_id = 42;
	sel = (struct ctl_ppp_sel){ .session_id = "s42" };
	assert_int_equal(ctl_ppp_admin_profile(&sel, "gold", 0), 1);
	assert_string_equal(ctl_qos_name_str(other->qos_manual), "gold");
	assert_int_equal(ctl_ppp_detail_get(call_of(other), &d), 0);
	assert_string_equal(d.v.session_id, "s42");
	sel = (struct ctl_ppp_sel){ .session_id = "s4" };
	assert_int_equal(ctl_ppp_admin_profile(&sel, "gold", 0), 0);
	sel = (struct ctl_ppp_sel){ .tid = 1, .sid = 16, .by_call = true };
	assert_int_equal(ctl_ppp_admin_profile(&sel, "", 0), 1);
	sel.sid = 15;
	assert_int_equal(ctl_ppp_admin_profile(&sel, "", 0), 1);
	assert_int_equal(ctl_ppp_detail_get(call_of(pp), &d), 0);
	assert_string_equal(d.qos_manual, "");
	assert_string_equal(d.qos_source, "default");
	assert_int_equal(ctl_qos_name_count(), 0);
}

/*
 * An IPv6CP Protocol-Rejected (Stopped, idle) is freed; woken by the
 * next packet it answers exactly as one that was kept.
 */
static void
test_ipv6cp_idle(void **state)
{
	/* Configure-Request, id 7, Interface-Identifier 22..22. */
	static const uint8_t rcr[] = {
		PPP_CONF_REQ, 7, 0, 14, 1, 10,
		0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
	};
	struct ctl_ppp *idle, *kept;
	struct ctl_ppp_detail d;
	unsigned int i;

	(void)state;
	idle = session_v6_rejected(17);
	kept = session_v6_rejected(18);
	ctl_ppp_ipv6cp_settle(idle);
	assert_null(idle->ipv6cp);
	assert_int_equal(ctl_ppp_detail_get(call_of(idle), &d), 0);
	assert_string_equal(d.ipv6cp_state,
			    ppp_fsm_state_name(PPP_FSM_STOPPED));
	assert_int_equal(ctl_ppp_ifid(idle), 0);
	/* Settling again, or waking one never idle, changes nothing. */
	ctl_ppp_ipv6cp_settle(idle);
	assert_null(ctl_ppp_ipv6cp_wake(session_up(19, "", "", "")));
	/* The peer's Configure-Request, to both. */
	assert_non_null(ctl_ppp_ipv6cp_get(idle));
	assert_int_equal(idle->ipv6cp_idle, 0);
	assert_int_equal(ppp_fsm_input(&idle->ipv6cp->fsm, rcr, sizeof(rcr),
				       20), 0);
	assert_int_equal(ppp_fsm_input(&kept->ipv6cp->fsm, rcr, sizeof(rcr),
				       20), 0);
	assert_int_equal(idle->ipv6cp->fsm.state, kept->ipv6cp->fsm.state);
	assert_int_equal(idle->ipv6cp->fsm.state, PPP_FSM_ACKSENT);
	assert_int_equal(sent[17].n, 3);	/* + Configure-Request, -Ack */
	assert_int_equal(sent[18].n, sent[17].n);
	for (i = 0; i < sent[17].n; i++) {
		assert_int_equal(sent[17].len[i], sent[18].len[i]);
		assert_memory_equal(sent[17].pkt[i], sent[18].pkt[i],
				    sent[17].len[i]);
	}
	/* Its Identifier went on from where it was: 2, not 1 again. */
	assert_int_equal(sent[17].pkt[1][1], 2);
	/* Negotiating (timer on): not idle. */
	ctl_ppp_ipv6cp_settle(idle);
	assert_non_null(idle->ipv6cp);
	/* A Protocol-Reject wakes it too; Stopped again, idle again. */
	ppp_fsm_rxj(&idle->ipv6cp->fsm, true, 30);
	ctl_ppp_ipv6cp_settle(idle);
	assert_null(idle->ipv6cp);
	assert_non_null(ctl_ppp_ipv6cp_wake(idle));
	assert_int_equal(idle->ipv6cp->fsm.state, PPP_FSM_STOPPED);
	assert_int_equal(ctl_counters[CTL_IPV6_NO_MEMORY], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_sources, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_pushed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_detail_ipv6cp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_detail_manual, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ipv6cp_idle, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
