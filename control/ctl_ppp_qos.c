/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A PPP link's rates: picked from its authorisation when it goes up
 * (ctl_qos.h has the order), picked again when a CoA, the operator or a
 * reload changes what they come from, and given to the dataplane by
 * MODIFY (the session keeps its queue and counters).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>

#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "ctl_reload.h"
#include "lns_log.h"

void
ctl_ppp_qos_pick(struct ctl_ppp *pp, uint64_t now)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	struct ctl_qos_in in = { .manual = pp->qos_manual };
	char who[48];

	if (at != NULL) {
		in.rate_limit = at->rate_limit;
		in.filter_id = at->filter_id;
		/*
		 * A local user's authorisation (~600 octets) is not kept for
		 * its profile's name alone: the name is. Out of memory the
		 * name it had stays (none, for a new session).
		 */
		if (ctl_qos_name_set(&pp->qos_user, at->profile) != 0)
			LNS_LOG_RL(WARNING, ppp, now, 10, "tunnel=%u session=%u event=qos-profile-nomem profile=\"%s\"",
				   pp->tid, pp->sid, at->profile);
	}
	in.user_profile = pp->qos_user;
	snprintf(who, sizeof(who), "tunnel=%u session=%u", pp->tid, pp->sid);
	ctl_qos_pick(&in, &pp->qos, who, now);
}

int
ctl_ppp_qos_apply(struct ctl_ppp *pp, const char *manual, uint64_t now)
{
	struct ctl_qos_rates old = pp->qos.rates;
	struct ctl_push_sub sub;
	int rc;

	/* Nothing changed when the choice cannot be kept. */
	if (manual != NULL && ctl_qos_name_set(&pp->qos_manual, manual) != 0)
		return -ENOMEM;
	if (pp->pushed)
		ctl_qos_count(&pp->qos, -1);
	ctl_ppp_qos_pick(pp, now);
	if (!pp->pushed)
		return 0;
	ctl_qos_count(&pp->qos, 1);
	if (memcmp(&old, &pp->qos.rates, sizeof(old)) == 0)
		return 0;
	ctl_ppp_dp_sub(pp, &sub);
	rc = ctl_push_modify(&sub, pp->session_index);
	/*
	 * Per session at debug only: a reload re-rates every session, and
	 * the CoA and lnsctl paths log their own line; a refusal is a
	 * warning (rate limited: a reload may meet many).
	 */
	if (rc != 0)
		LNS_LOG_RL(WARNING, ppp, now, 10, "tunnel=%u session=%u event=qos-modify-failed user=\"%s\" source=%s profile=\"%s\" error=%d",
			   pp->tid, pp->sid, pp->user,
			   ctl_qos_src_name(pp->qos.src), pp->qos.profile, rc);
	else
		LNS_LOG(DEBUG, ppp, "tunnel=%u session=%u event=qos user=\"%s\" source=%s profile=\"%s\" up=%" PRIu64 " down=%" PRIu64,
			pp->tid, pp->sid, pp->user,
			ctl_qos_src_name(pp->qos.src), pp->qos.profile,
			pp->qos.rates.up_bps, pp->qos.rates.down_bps);
	return rc;
}

void
ctl_ppp_qos_forget(struct ctl_ppp *pp)
{
	ctl_qos_name_set(&pp->qos_manual, NULL);
	ctl_qos_name_set(&pp->qos_user, NULL);
}

/*
 * New profiles: every session up is picked again and counted afresh;
 * those whose rates changed (their profile's, or a profile that went)
 * get a MODIFY. A rate string from RADIUS gives the same rates again.
 */
void
ctl_ppp_qos_reload(const struct cfg *new, struct ctl_reload_sum *sum)
{
	struct ctl_ppp_list *lists[] = {
		&ctl_ppp_ctx.list, &ctl_ppp_ctx.quiet,
	};
	uint64_t now = ctl_now_ms(), before = ctl_push_stats_get()->modifies;
	struct timespec t0, t1;
	struct ctl_qos_rates old;
	struct ctl_ppp *pp;
	unsigned int i, n = 0;

	/* How long the control lcore spent (the summary says). */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ctl_qos_set(new);
	ctl_qos_count_reset();
	for (i = 0; i < RTE_DIM(lists); i++)
		TAILQ_FOREACH(pp, lists[i], next) {
			if (!pp->pushed)
				continue;
			old = pp->qos.rates;
			/* Counted afresh: nothing to take off first. */
			ctl_qos_count(&pp->qos, 1);
			ctl_ppp_qos_apply(pp, NULL, now);
			n += memcmp(&old, &pp->qos.rates, sizeof(old)) != 0;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n > 0)
		ctl_reload_sum_add(sum, "qos: %u session(s) re-rated, %" PRIu64
				   " modified in %" PRId64 " ms", n,
				   ctl_push_stats_get()->modifies - before,
				   (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 +
				   (t1.tv_nsec - t0.tv_nsec) / 1000000);
}
