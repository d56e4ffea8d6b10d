/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Which source gives a session its rates (ctl_qos.h has the order and
 * why a refused source falls to the default profile), and whether a
 * CoA's may be applied. Pure C.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctl_qos.h"

static const char *const ctl_qos_src_names[CTL_QOS_SRC_MAX] = {
	[CTL_QOS_SRC_NONE] = "none",
	[CTL_QOS_SRC_RADIUS] = "radius",
	[CTL_QOS_SRC_FILTER_ID] = "filter-id",
	[CTL_QOS_SRC_USER] = "user",
	[CTL_QOS_SRC_DEFAULT] = "default",
	[CTL_QOS_SRC_MANUAL] = "manual",
};

static const char *const ctl_qos_fail_names[CTL_QOS_FAIL_MAX] = {
	[CTL_QOS_OK] = "ok",
	[CTL_QOS_FAIL_RATE_SYNTAX] = "rate_syntax",
	[CTL_QOS_FAIL_RATE_RANGE] = "rate_range",
	[CTL_QOS_FAIL_PROFILE] = "unknown_profile",
};

const char *
ctl_qos_src_name(enum ctl_qos_src src)
{
	return (unsigned int)src < CTL_QOS_SRC_MAX ?
	       ctl_qos_src_names[src] : "?";
}

const char *
ctl_qos_fail_name(enum ctl_qos_fail why)
{
	return (unsigned int)why < CTL_QOS_FAIL_MAX ?
	       ctl_qos_fail_names[why] : "?";
}

static bool
ctl_qos_present(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Profile name's rates into out; false when there is no such profile. */
static bool
ctl_qos_use_profile(const struct cfg_qos *q, const char *name,
		    enum ctl_qos_src src, struct ctl_qos_out *out)
{
	const struct cfg_qos_profile *p = cfg_qos_profile_find(q, name);

	if (p == NULL)
		return false;
	out->src = src;
	snprintf(out->profile, sizeof(out->profile), "%s", p->name);
	out->rates.up_bps = p->up_bps;
	out->rates.down_bps = p->down_bps;
	out->rates.burst_up = p->burst_up;
	out->rates.burst_down = p->burst_down;
	return true;
}

/* qos.default_profile, or unlimited. */
static void
ctl_qos_default(const struct cfg_qos *q, struct ctl_qos_out *out)
{
	if (!ctl_qos_use_profile(q, q->default_profile, CTL_QOS_SRC_DEFAULT,
				 out))
		out->src = CTL_QOS_SRC_NONE;
}

enum ctl_qos_fail
ctl_qos_resolve(const struct cfg_qos *q, const struct ctl_qos_in *in,
		struct ctl_qos_out *out)
{
	static const enum ctl_qos_src named[] = {
		CTL_QOS_SRC_MANUAL, CTL_QOS_SRC_RADIUS,
		CTL_QOS_SRC_FILTER_ID, CTL_QOS_SRC_USER,
	};
	const char *v[] = {
		in->manual, in->rate_limit, in->filter_id, in->user_profile,
	};
	enum ctl_qos_fail why = CTL_QOS_OK;
	unsigned int i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (!ctl_qos_present(v[i]))
			continue;
		if (named[i] != CTL_QOS_SRC_RADIUS) {
			if (ctl_qos_use_profile(q, v[i], named[i], out))
				return CTL_QOS_OK;
			why = CTL_QOS_FAIL_PROFILE;
			break;
		}
		rc = ctl_qos_parse_mikrotik(v[i], &out->rates);
		if (rc == 0) {
			out->src = CTL_QOS_SRC_RADIUS;
			return CTL_QOS_OK;
		}
		why = rc == -ERANGE ? CTL_QOS_FAIL_RATE_RANGE :
				      CTL_QOS_FAIL_RATE_SYNTAX;
		break;
	}
	memset(out, 0, sizeof(*out));
	ctl_qos_default(q, out);
	if (why != CTL_QOS_OK)
		out->failed_src = named[i];
	return why;
}

enum ctl_qos_fail
ctl_qos_check_coa(const struct cfg_qos *q, const char *filter_id,
		  const char *rate_limit)
{
	struct ctl_qos_rates r;
	int rc;

	if (ctl_qos_present(rate_limit)) {
		rc = ctl_qos_parse_mikrotik(rate_limit, &r);
		if (rc != 0)
			return rc == -ERANGE ? CTL_QOS_FAIL_RATE_RANGE :
					       CTL_QOS_FAIL_RATE_SYNTAX;
	}
	if (ctl_qos_present(filter_id) &&
	    cfg_qos_profile_find(q, filter_id) == NULL)
		return CTL_QOS_FAIL_PROFILE;
	return CTL_QOS_OK;
}
