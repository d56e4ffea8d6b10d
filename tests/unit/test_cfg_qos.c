/* SPDX-License-Identifier: BSD-3-Clause
 *
 * qos: the rate and burst grammar (config/cfg_qos.c) and the qos section
 * of the YAML file: values, defaults, and every error with its line,
 * column and key.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "cfg_test_fx.h"

/* Lines 1..5: one port, so that the file is otherwise valid. */
#define PORTS \
	"ports:\n" \
	"  - name: access\n" \
	"    device: net_null0\n" \
	"    role: access\n" \
	"    address: 198.51.100.1/24\n"

/* expect_one() on a fresh fixture: the fixture keeps a load's errors. */
static void
one(void **state, const char *yaml, unsigned int line, unsigned int col,
    const char *key, const char *msg)
{
	struct fx *fx = *state;

	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);
	expect_one(state, yaml, line, col, key, msg);
}

static void
test_parse_rate(void **state)
{
	static const struct { const char *s; int rc; uint64_t v; } c[] = {
		{ "0", 0, 0 },
		{ "8000", 0, 8000 },
		{ "8k", 0, 8000 },
		{ "8K", 0, 8000 },
		{ "10M", 0, 10000000 },
		{ "2G", 0, 2000000000 },
		{ "400G", 0, 400000000000ULL },
		{ "1500000", 0, 1500000 },
		{ "7999", -ERANGE, 0 },
		{ "7k", -ERANGE, 0 },
		{ "401G", -ERANGE, 0 },
		{ "18446744073709551615", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999G", -ERANGE, 0 },
		{ "", -EINVAL, 0 },
		{ "M", -EINVAL, 0 },
		{ "10m", -EINVAL, 0 },
		{ "10MM", -EINVAL, 0 },
		{ "10 M", -EINVAL, 0 },
		{ " 10M", -EINVAL, 0 },
		{ "-10M", -EINVAL, 0 },
		{ "+10M", -EINVAL, 0 },
		{ "1.5M", -EINVAL, 0 },
		{ "10T", -EINVAL, 0 },
		{ "10Mbps", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
	};
	unsigned int i;
	uint64_t v;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		v = 12345;
		rc = cfg_qos_parse_rate(c[i].s, &v);
		if (rc != c[i].rc)
			fail_msg("\"%s\": %d, expected %d", c[i].s, rc,
				 c[i].rc);
		if (rc == 0 && v != c[i].v)
			fail_msg("\"%s\": %llu", c[i].s, (unsigned long long)v);
	}
	assert_int_equal(cfg_qos_parse_rate(NULL, &v), -EINVAL);
}

static void
test_parse_burst(void **state)
{
	static const struct { const char *s; int rc; uint32_t v; } c[] = {
		{ "0", 0, 0 },
		{ "1500", 0, 1500 },
		{ "64k", 0, 65536 },
		{ "64K", 0, 65536 },
		{ "2M", 0, 2097152 },
		{ "64M", 0, 67108864 },
		{ "1499", -ERANGE, 0 },
		{ "1k", -ERANGE, 0 },
		{ "65M", -ERANGE, 0 },
		{ "4294967296", -ERANGE, 0 },
		{ "5000000M", -ERANGE, 0 },
		{ "1G", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "k", -EINVAL, 0 },
		{ "64kb", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "6.4k", -EINVAL, 0 },
	};
	unsigned int i;
	uint32_t v;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		v = 12345;
		rc = cfg_qos_parse_burst(c[i].s, &v);
		if (rc != c[i].rc)
			fail_msg("\"%s\": %d, expected %d", c[i].s, rc,
				 c[i].rc);
		if (rc == 0 && v != c[i].v)
			fail_msg("\"%s\": %u", c[i].s, v);
	}
}

static void
test_rate_str(void **state)
{
	char b[32];

	(void)state;
	cfg_qos_rate_str(0, b, sizeof(b));
	assert_string_equal(b, "unlimited");
	cfg_qos_rate_str(10000000, b, sizeof(b));
	assert_string_equal(b, "10M");
	cfg_qos_rate_str(2000000000, b, sizeof(b));
	assert_string_equal(b, "2G");
	cfg_qos_rate_str(64000, b, sizeof(b));
	assert_string_equal(b, "64k");
	cfg_qos_rate_str(1500500, b, sizeof(b));
	assert_string_equal(b, "1500500");
}

static void
test_values(void **state)
{
	struct fx *fx = *state;
	const struct cfg_qos_profile *p;

	assert_int_equal(load(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10M, down: 50M, burst_up: 64k, burst_down: 32k }\n"
		"    bronze:\n"
		"      up: 512k\n"
		"    open: {}\n"
		"  default_profile: bronze\n"
		"aaa:\n"
		"  users:\n"
		"    - { name: alice, password: pw, profile: gold }\n"
		"    - { name: bob, password: pw }\n"), 0);
	assert_int_equal(fx->errs.n, 0);
	assert_int_equal(fx->cfg.qos.nb_profiles, 3);
	assert_string_equal(fx->cfg.qos.default_profile, "bronze");
	p = cfg_qos_profile_find(&fx->cfg.qos, "gold");
	assert_non_null(p);
	assert_true(p->up_bps == 10000000 && p->down_bps == 50000000);
	assert_int_equal(p->burst_up, 65536);
	assert_int_equal(p->burst_down, 32768);
	/* Absent: unlimited and the dataplane's default burst. */
	p = cfg_qos_profile_find(&fx->cfg.qos, "bronze");
	assert_non_null(p);
	assert_true(p->up_bps == 512000 && p->down_bps == 0);
	assert_int_equal(p->burst_up, 0);
	p = cfg_qos_profile_find(&fx->cfg.qos, "open");
	assert_non_null(p);
	assert_true(p->up_bps == 0 && p->down_bps == 0);
	assert_null(cfg_qos_profile_find(&fx->cfg.qos, "Gold"));
	assert_null(cfg_qos_profile_find(&fx->cfg.qos, ""));
	assert_string_equal(fx->cfg.aaa.users[0].profile, "gold");
	assert_string_equal(fx->cfg.aaa.users[1].profile, "");
}

static void
test_defaults(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, PORTS), 0);
	assert_int_equal(fx->cfg.qos.nb_profiles, 0);
	assert_string_equal(fx->cfg.qos.default_profile, "");
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, PORTS "qos:\n"), 0);
	cfg_free(&fx->cfg);
	assert_int_equal(load(state, PORTS "qos:\n  profiles:\n"), 0);
	assert_int_equal(fx->cfg.qos.nb_profiles, 0);
}

static void
test_bad_rate(void **state)
{
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10Mbit, down: 50M }\n",
		8, 17, "qos.profiles.gold.up", "invalid rate \"10Mbit\"");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold:\n"
		"      down: 4k\n",
		9, 13, "qos.profiles.gold.down",
		"rate \"4k\" out of range (0 = unlimited, or 8k..400G)");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { down: 1T }\n",
		8, 19, "qos.profiles.gold.down", "invalid rate \"1T\"");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { down: 500G }\n",
		8, 19, "qos.profiles.gold.down", "out of range");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: [1] }\n",
		8, 17, "qos.profiles.gold.up", "");
}

static void
test_bad_burst(void **state)
{
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { burst_up: 100 }\n",
		8, 23, "qos.profiles.gold.burst_up",
		"burst \"100\" out of range (0 = the default, or 1500..64M");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { burst_down: 1G }\n",
		8, 25, "qos.profiles.gold.burst_down", "invalid burst \"1G\"");
}

static void
test_bad_profile_shape(void **state)
{
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10M, rate: 5M }\n",
		8, 22, "qos.profiles.gold.rate", "unknown key");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    go ld: { up: 10M }\n",
		8, 5, "qos.profiles.go ld", "invalid name");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: 10M\n",
		8, 11, "qos.profiles.gold", "expected a map");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    - gold\n",
		8, 5, "qos.profiles", "expected a map of name");
	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10M }\n"
		"    gold: { up: 20M }\n",
		9, 5, "qos.profiles.gold", "duplicate key");
}

static void
test_unknown_profile(void **state)
{
	struct fx *fx = *state;

	one(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10M }\n"
		"  default_profile: silver\n",
		9, 20, "qos.default_profile",
		"no profile named \"silver\" in qos.profiles");
	one(state, PORTS
		"qos:\n"
		"  default_profile: gold\n",
		7, 20, "qos.default_profile", "no profile named \"gold\"");
	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);
	assert_int_equal(load(state, PORTS
		"qos:\n"
		"  profiles:\n"
		"    gold: { up: 10M }\n"
		"aaa:\n"
		"  users:\n"
		"    - { name: alice, password: pw, profile: gold }\n"
		"    - { name: bob, password: pw, profile: platinum }\n"),
		-EINVAL);
	assert_int_equal(fx->errs.n, 1);
	expect_err(fx, 0, 12, 43, "aaa.users[1].profile",
		   "no profile named \"platinum\" in qos.profiles");
}

static void
test_too_many(void **state)
{
	struct fx *fx = *state;
	char yaml[8192];
	size_t n;
	unsigned int i;

	n = (size_t)snprintf(yaml, sizeof(yaml), PORTS "qos:\n  profiles:\n");
	for (i = 0; i <= CFG_MAX_QOS_PROFILES; i++)
		n += (size_t)snprintf(yaml + n, sizeof(yaml) - n,
				      "    p%u: { up: 1M }\n", i);
	assert_int_equal(load(state, yaml), -EINVAL);
	assert_int_equal(fx->errs.n, 1);
	expect_err(fx, 0, 8 + CFG_MAX_QOS_PROFILES, 5, "qos.profiles.p64",
		   "too many entries (at most 64)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_rate),
		cmocka_unit_test(test_parse_burst),
		cmocka_unit_test(test_rate_str),
		cmocka_unit_test_setup_teardown(test_values, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_defaults, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_rate, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_burst, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_profile_shape,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_profile, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_too_many, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
