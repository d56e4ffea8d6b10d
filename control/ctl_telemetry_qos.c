/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The QoS read-out (/lnsd/qos, lnsctl show qos): the running profiles
 * with how many sessions use each, the sessions without one, and why
 * rate sources were refused (ctl_qos.h).
 */
#include <stdio.h>

#include "ctl_push.h"
#include "ctl_qos.h"
#include "ctl_telemetry.h"

struct ctl_tel_qos_walk {
	const struct ctl_out *o;
	unsigned int seq;
};

static void
ctl_tel_qos_one(const struct cfg_qos_profile *p, bool is_default,
		uint32_t sessions, void *arg)
{
	struct ctl_tel_qos_walk *w = arg;
	const struct ctl_out *o = w->o;
	char key[16];

	/* Keyed "q<n>": telemetry nests dicts in dicts, not in arrays. */
	snprintf(key, sizeof(key), "q%u", w->seq++);
	o->ops->obj_begin(o->ctx, key);
	ctl_out_str(o, "name", p->name);
	ctl_out_u64(o, "up_bps", p->up_bps);
	ctl_out_u64(o, "down_bps", p->down_bps);
	ctl_out_u64(o, "burst_up", p->burst_up);
	ctl_out_u64(o, "burst_down", p->burst_down);
	ctl_out_u64(o, "default", is_default);
	ctl_out_u64(o, "sessions", sessions);
	o->ops->obj_end(o->ctx);
}

void
ctl_tel_read_qos(const struct ctl_out *o)
{
	const struct ctl_qos_stats *st = ctl_qos_stats_get();
	const struct ctl_qos_count *n = ctl_qos_count_get();
	const struct ctl_push_stats *ps = ctl_push_stats_get();
	struct ctl_tel_qos_walk w = { .o = o };
	char name[48];
	int i;

	o->ops->list_begin(o->ctx, "profiles");
	ctl_qos_walk(ctl_tel_qos_one, &w);
	o->ops->list_end(o->ctx);
	ctl_out_u64(o, "sessions_rate_string", n->radius);
	ctl_out_u64(o, "sessions_unlimited", n->none);
	for (i = CTL_QOS_OK + 1; i < CTL_QOS_FAIL_MAX; i++) {
		snprintf(name, sizeof(name), "failures_%s",
			 ctl_qos_fail_name(i));
		ctl_out_u64(o, name, st->fail[i]);
	}
	ctl_out_u64(o, "modifies", ps->modifies);
	ctl_out_u64(o, "modify_failed", ps->modify_failed);
}
