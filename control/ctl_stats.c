/* SPDX-License-Identifier: BSD-3-Clause */
#include "ctl_stats.h"

uint64_t ctl_counters[CTL_COUNTER_MAX];

static const char *const ctl_counter_names[] = {
#define CTL_COUNTER(n, s) [CTL_ ## n] = s,
#include "ctl_counters.def"
};

const char *
ctl_counter_name(enum ctl_counter c)
{
	return c < CTL_COUNTER_MAX ? ctl_counter_names[c] : "unknown";
}
