/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session QoS, the running state: a copy of the running profiles
 * (a reload frees the configuration they came from), the failure
 * counters and how many sessions use each profile. Control lcore only.
 */
#include <string.h>

#include <rte_log.h>
#include <rte_spinlock.h>

#include "ctl_qos.h"
#include "lns_log.h"

RTE_LOG_REGISTER(lns_logtype_qos, lnsd.qos, INFO);

/*
 * The telemetry thread reads the names (ctl_qos_walk) while a reload may
 * replace them: the copy and the walk hold the lock. The counts are
 * 32-bit words the control lcore writes; a read sees one value or the
 * other.
 */
static rte_spinlock_t ctl_qos_lock = RTE_SPINLOCK_INITIALIZER;
static struct cfg_qos ctl_qos_cfg;
static struct ctl_qos_stats ctl_qos_stats;
static struct ctl_qos_count ctl_qos_counts;

const struct ctl_qos_stats *
ctl_qos_stats_get(void)
{
	return &ctl_qos_stats;
}

void
ctl_qos_set(const struct cfg *cfg)
{
	rte_spinlock_lock(&ctl_qos_lock);
	ctl_qos_cfg = cfg->qos;
	rte_spinlock_unlock(&ctl_qos_lock);
}

void
ctl_qos_walk(ctl_qos_walk_fn fn, void *arg)
{
	unsigned int i;

	rte_spinlock_lock(&ctl_qos_lock);
	for (i = 0; i < ctl_qos_cfg.nb_profiles; i++)
		fn(&ctl_qos_cfg.profiles[i],
		   strcmp(ctl_qos_cfg.profiles[i].name,
			  ctl_qos_cfg.default_profile) == 0,
		   ctl_qos_counts.profile[i], arg);
	rte_spinlock_unlock(&ctl_qos_lock);
}

const struct cfg_qos *
ctl_qos_running(void)
{
	return &ctl_qos_cfg;
}

void
ctl_qos_pick(const struct ctl_qos_in *in, struct ctl_qos_out *out,
	     const char *who, uint64_t now_ms)
{
	enum ctl_qos_fail why = ctl_qos_resolve(&ctl_qos_cfg, in, out);
	const char *what;

	if (why == CTL_QOS_OK)
		return;
	ctl_qos_stats.fail[why]++;
	switch (out->failed_src) {
	case CTL_QOS_SRC_RADIUS:
		what = in->rate_limit;
		break;
	case CTL_QOS_SRC_FILTER_ID:
		what = in->filter_id;
		break;
	case CTL_QOS_SRC_USER:
		what = in->user_profile;
		break;
	default:
		what = in->manual;
		break;
	}
	LNS_LOG_RL(WARNING, qos, now_ms, 10,
		   "%s event=qos-refused source=%s value=\"%.64s\" reason=%s using=%s profile=\"%s\"",
		   who, ctl_qos_src_name(out->failed_src),
		   what != NULL ? what : "", ctl_qos_fail_name(why),
		   ctl_qos_src_name(out->src), out->profile);
}

void
ctl_qos_count(const struct ctl_qos_out *out, int delta)
{
	const struct cfg_qos_profile *p;

	if (out->src == CTL_QOS_SRC_RADIUS) {
		ctl_qos_counts.radius += (uint32_t)delta;
		return;
	}
	p = cfg_qos_profile_find(&ctl_qos_cfg, out->profile);
	if (p == NULL)
		ctl_qos_counts.none += (uint32_t)delta;
	else
		ctl_qos_counts.profile[p - ctl_qos_cfg.profiles] +=
			(uint32_t)delta;
}

const struct ctl_qos_count *
ctl_qos_count_get(void)
{
	return &ctl_qos_counts;
}

void
ctl_qos_count_reset(void)
{
	memset(&ctl_qos_counts, 0, sizeof(ctl_qos_counts));
}
