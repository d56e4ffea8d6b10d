/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session QoS, control side: the Mikrotik-Rate-Limit parser, the
 * order of the rate sources (control/ctl_qos_parse.c, ctl_qos_resolve.c)
 * and the interned profile names sessions keep (ctl_qos_name.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_qos.h"

static void
test_mikrotik_valid(void **state)
{
	static const struct {
		const char *s;
		uint64_t up, down;
	} c[] = {
		{ "10M/50M", 10000000, 50000000 },
		/* No tx-rate: the same both ways (Mikrotik's rule). */
		{ "2M", 2000000, 2000000 },
		{ "512k/2M", 512000, 2000000 },
		{ "0/10M", 0, 10000000 },
		{ "10M/0", 10000000, 0 },
		{ "0", 0, 0 },
		{ "1G/1G", 1000000000, 1000000000 },
		{ "  10M/50M  ", 10000000, 50000000 },
		/* The burst fields are checked, not used. */
		{ "10M/50M 20M/100M 8M/40M 10/10", 10000000, 50000000 },
		{ "10M/50M 20M/100M 8M/40M 10/10 8 1M/5M", 10000000, 50000000 },
		{ "10M/50M 0/0 0/0 0/0 8", 10000000, 50000000 },
	};
	struct ctl_qos_rates r;
	unsigned int i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&r, 0xa5, sizeof(r));
		rc = ctl_qos_parse_mikrotik(c[i].s, &r);
		if (rc != 0)
			fail_msg("\"%s\": %d", c[i].s, rc);
		if (r.up_bps != c[i].up || r.down_bps != c[i].down)
			fail_msg("\"%s\": %llu/%llu", c[i].s,
				 (unsigned long long)r.up_bps,
				 (unsigned long long)r.down_bps);
		assert_int_equal(r.burst_up, 0);
		assert_int_equal(r.burst_down, 0);
	}
}

static void
test_mikrotik_malformed(void **state)
{
	static const struct { const char *s; int rc; } c[] = {
		{ "", -EINVAL },
		{ "   ", -EINVAL },
		{ "/", -EINVAL },
		{ "10M/", -EINVAL },
		{ "/10M", -EINVAL },
		{ "10M//50M", -EINVAL },
		{ "10M/50M/1M", -EINVAL },
		{ "10m/50m", -EINVAL },
		{ "10Mbps", -EINVAL },
		{ "ten", -EINVAL },
		{ "-1M/5M", -EINVAL },
		{ "1.5M/5M", -EINVAL },
		{ "10M\t50M", -EINVAL },
		{ "10M/50M x", -EINVAL },
		{ "10M/50M 20M//1M", -EINVAL },
		{ "10M/50M /1M", -EINVAL },
		{ "10M/50M 1M/", -EINVAL },
		{ "10M/50M k", -EINVAL },
		{ "10M/50M 1 2 3 4 5 6", -EINVAL },
		{ "100000000000000000000000000000000000000000000000000M",
		  -EINVAL },
		/* Out of range: below 8k, above 400G, overflow. */
		{ "4k/10M", -ERANGE },
		{ "10M/1000", -ERANGE },
		{ "500G", -ERANGE },
		{ "99999999999999999999/1M", -ERANGE },
	};
	struct ctl_qos_rates r;
	unsigned int i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		rc = ctl_qos_parse_mikrotik(c[i].s, &r);
		if (rc != c[i].rc)
			fail_msg("\"%s\": %d, expected %d", c[i].s, rc,
				 c[i].rc);
	}
	assert_int_equal(ctl_qos_parse_mikrotik(NULL, &r), -EINVAL);
}

/* gold 10M/50M with bursts, bronze 1M/2M, default bronze unless cleared. */
static void
qos_fill(struct cfg_qos *q, const char *dflt)
{
	memset(q, 0, sizeof(*q));
	snprintf(q->profiles[0].name, CFG_NAME_LEN, "gold");
	q->profiles[0].up_bps = 10000000;
	q->profiles[0].down_bps = 50000000;
	q->profiles[0].burst_up = 65536;
	q->profiles[0].burst_down = 32768;
	snprintf(q->profiles[1].name, CFG_NAME_LEN, "bronze");
	q->profiles[1].up_bps = 1000000;
	q->profiles[1].down_bps = 2000000;
	snprintf(q->profiles[2].name, CFG_NAME_LEN, "silver");
	q->profiles[2].up_bps = 5000000;
	q->profiles[2].down_bps = 20000000;
	q->nb_profiles = 3;
	snprintf(q->default_profile, CFG_NAME_LEN, "%s", dflt);
}

static void
expect_out(const struct ctl_qos_out *o, enum ctl_qos_src src,
	   const char *profile, uint64_t up, uint64_t down)
{
	assert_string_equal(ctl_qos_src_name(o->src), ctl_qos_src_name(src));
	assert_string_equal(o->profile, profile);
	assert_true(o->rates.up_bps == up);
	assert_true(o->rates.down_bps == down);
}

static void
test_resolve_order(void **state)
{
	struct cfg_qos q;
	struct ctl_qos_out o;
	struct ctl_qos_in in = {
		.manual = "silver", .rate_limit = "3M/6M",
		.filter_id = "gold", .user_profile = "bronze",
	};

	(void)state;
	qos_fill(&q, "bronze");
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_MANUAL, "silver", 5000000, 20000000);
	in.manual = "";
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_RADIUS, "", 3000000, 6000000);
	assert_int_equal(o.rates.burst_up, 0);
	in.rate_limit = NULL;
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_FILTER_ID, "gold", 10000000, 50000000);
	assert_int_equal(o.rates.burst_up, 65536);
	assert_int_equal(o.rates.burst_down, 32768);
	in.filter_id = NULL;
	in.user_profile = "silver";
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_USER, "silver", 5000000, 20000000);
	in.user_profile = NULL;
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "bronze", 1000000, 2000000);
	assert_int_equal(o.failed_src, CTL_QOS_SRC_NONE);
	/* No default profile: unlimited. */
	qos_fill(&q, "");
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_NONE, "", 0, 0);
}

static void
test_resolve_bad_source(void **state)
{
	struct cfg_qos q;
	struct ctl_qos_out o;
	struct ctl_qos_in in = { .rate_limit = "fast", .filter_id = "gold" };

	(void)state;
	qos_fill(&q, "bronze");
	/* A bad rate string: the default profile, not Filter-Id's. */
	assert_int_equal(ctl_qos_resolve(&q, &in, &o),
			 CTL_QOS_FAIL_RATE_SYNTAX);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "bronze", 1000000, 2000000);
	assert_int_equal(o.failed_src, CTL_QOS_SRC_RADIUS);
	in.rate_limit = "1k/1k";
	assert_int_equal(ctl_qos_resolve(&q, &in, &o),
			 CTL_QOS_FAIL_RATE_RANGE);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "bronze", 1000000, 2000000);
	/* An unknown Filter-Id: the default, not the user's profile. */
	in = (struct ctl_qos_in){ .filter_id = "platinum",
				  .user_profile = "gold" };
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_FAIL_PROFILE);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "bronze", 1000000, 2000000);
	assert_int_equal(o.failed_src, CTL_QOS_SRC_FILTER_ID);
	/* Profile names are case-sensitive. */
	in = (struct ctl_qos_in){ .user_profile = "Gold" };
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_FAIL_PROFILE);
	assert_int_equal(o.failed_src, CTL_QOS_SRC_USER);
	/* A bad source and no default: unlimited, still counted. */
	qos_fill(&q, "");
	in = (struct ctl_qos_in){ .manual = "gone" };
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_FAIL_PROFILE);
	expect_out(&o, CTL_QOS_SRC_NONE, "", 0, 0);
	assert_int_equal(o.failed_src, CTL_QOS_SRC_MANUAL);
	/* A default that names no profile (a stale copy): unlimited. */
	qos_fill(&q, "nosuch");
	in = (struct ctl_qos_in){ 0 };
	assert_int_equal(ctl_qos_resolve(&q, &in, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_NONE, "", 0, 0);
}

/*
 * A reload picks again with the same input against the new profiles:
 * a profile's new numbers, a profile gone (the default, counted), a rate
 * string unchanged.
 */
static void
test_resolve_reload(void **state)
{
	struct cfg_qos old, new;
	struct ctl_qos_out o;
	struct ctl_qos_in fid = { .filter_id = "gold" };
	struct ctl_qos_in rl = { .rate_limit = "3M/6M", .filter_id = "gold" };

	(void)state;
	qos_fill(&old, "bronze");
	new = old;
	new.profiles[0].down_bps = 100000000;
	assert_int_equal(ctl_qos_resolve(&old, &fid, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_FILTER_ID, "gold", 10000000, 50000000);
	assert_int_equal(ctl_qos_resolve(&new, &fid, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_FILTER_ID, "gold", 10000000, 100000000);
	/* gold removed (the last profile takes its slot): the default. */
	new.profiles[0] = new.profiles[2];
	new.nb_profiles = 2;
	assert_int_equal(ctl_qos_resolve(&new, &fid, &o), CTL_QOS_FAIL_PROFILE);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "bronze", 1000000, 2000000);
	/* A rate string does not depend on the profiles. */
	assert_int_equal(ctl_qos_resolve(&new, &rl, &o), CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_RADIUS, "", 3000000, 6000000);
	/* A new default applies to sessions without a source. */
	snprintf(new.default_profile, CFG_NAME_LEN, "silver");
	assert_int_equal(ctl_qos_resolve(&new, &(struct ctl_qos_in){ 0 }, &o),
			 CTL_QOS_OK);
	expect_out(&o, CTL_QOS_SRC_DEFAULT, "silver", 5000000, 20000000);
}

static void
test_check_coa(void **state)
{
	struct cfg_qos q;

	(void)state;
	qos_fill(&q, "bronze");
	assert_int_equal(ctl_qos_check_coa(&q, NULL, NULL), CTL_QOS_OK);
	assert_int_equal(ctl_qos_check_coa(&q, "", ""), CTL_QOS_OK);
	assert_int_equal(ctl_qos_check_coa(&q, "gold", NULL), CTL_QOS_OK);
	assert_int_equal(ctl_qos_check_coa(&q, NULL, "10M/20M"), CTL_QOS_OK);
	assert_int_equal(ctl_qos_check_coa(&q, "silver", "1M"), CTL_QOS_OK);
	assert_int_equal(ctl_qos_check_coa(&q, "platinum", NULL),
			 CTL_QOS_FAIL_PROFILE);
	/* A good rate string does not excuse a bad Filter-Id. */
	assert_int_equal(ctl_qos_check_coa(&q, "platinum", "10M"),
			 CTL_QOS_FAIL_PROFILE);
	assert_int_equal(ctl_qos_check_coa(&q, "gold", "10 Mbit"),
			 CTL_QOS_FAIL_RATE_SYNTAX);
	assert_int_equal(ctl_qos_check_coa(&q, NULL, "1k/1k"),
			 CTL_QOS_FAIL_RATE_RANGE);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(ctl_qos_src_name(CTL_QOS_SRC_FILTER_ID),
			    "filter-id");
	assert_string_equal(ctl_qos_src_name(CTL_QOS_SRC_MANUAL), "manual");
	assert_string_equal(ctl_qos_src_name(CTL_QOS_SRC_MAX), "?");
	assert_string_equal(ctl_qos_fail_name(CTL_QOS_FAIL_PROFILE),
			    "unknown_profile");
	assert_string_equal(ctl_qos_fail_name(CTL_QOS_FAIL_MAX), "?");
}

/* One counted copy per name; released with its last holder. */
static void
test_interned_names(void **state)
{
	const char *a = NULL, *b = NULL, *c = NULL, *first;
	char longer[CFG_NAME_LEN + 8];

	(void)state;
	assert_int_equal(ctl_qos_name_count(), 0);
	assert_string_equal(ctl_qos_name_str(a), "");
	assert_int_equal(ctl_qos_name_set(&a, "gold"), 0);
	assert_int_equal(ctl_qos_name_set(&b, "gold"), 0);
	assert_ptr_equal(a, b);
	assert_string_equal(a, "gold");
	assert_int_equal(ctl_qos_name_count(), 1);
	assert_int_equal(ctl_qos_name_set(&c, "silver"), 0);
	assert_int_equal(ctl_qos_name_count(), 2);
	/* The same name again keeps the copy; "" and NULL are none. */
	first = a;
	assert_int_equal(ctl_qos_name_set(&a, "gold"), 0);
	assert_ptr_equal(a, first);
	assert_int_equal(ctl_qos_name_set(&a, ""), 0);
	assert_null(a);
	assert_string_equal(b, "gold");	/* still held by b */
	assert_int_equal(ctl_qos_name_set(&b, "silver"), 0);
	assert_ptr_equal(b, c);
	assert_int_equal(ctl_qos_name_count(), 1);	/* gold went */
	/* Cut as the CFG_NAME_LEN arrays it replaces cut it. */
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(ctl_qos_name_set(&a, longer), 0);
	assert_int_equal(strlen(a), CFG_NAME_LEN - 1);
	first = a;
	longer[CFG_NAME_LEN] = 'y';
	assert_int_equal(ctl_qos_name_set(&a, longer), 0);
	assert_ptr_equal(a, first);
	ctl_qos_name_set(&a, NULL);
	ctl_qos_name_set(&b, NULL);
	ctl_qos_name_set(&c, NULL);
	assert_null(b);
	assert_int_equal(ctl_qos_name_count(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mikrotik_valid),
		cmocka_unit_test(test_mikrotik_malformed),
		cmocka_unit_test(test_resolve_order),
		cmocka_unit_test(test_resolve_bad_source),
		cmocka_unit_test(test_resolve_reload),
		cmocka_unit_test(test_check_coa),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_interned_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
