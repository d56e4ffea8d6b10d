/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ipv6 and aaa.pools6 (config/cfg_ipv6.c): values, defaults, and every
 * error with its line, column and key.
 */
#include <arpa/inet.h>
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
#include "ip6_conf.h"

/* Lines 1..5: one port, so that the file is otherwise valid. */
#define PORTS \
	"ports:\n" \
	"  - name: access\n" \
	"    device: net_null0\n" \
	"    role: access\n" \
	"    address: 198.51.100.1/24\n"

/* Lines 6..13: two pools, a /40 in /56s and a /48 in /64s. */
#define POOLS \
	"aaa:\n" \
	"  pools6:\n" \
	"    - name: pd\n" \
	"      prefix: 2001:db8:100::/40\n" \
	"      length: 56\n" \
	"    - name: s64\n" \
	"      prefix: 2001:db8:200::/48\n" \
	"      length: 64\n"

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
addr(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static void
test_defaults(void **state)
{
	struct fx *fx = *state;
	const struct cfg_ipv6 *v = &fx->cfg.ipv6;

	assert_int_equal(load(state, PORTS), 0);
	assert_false(v->ra.managed);
	assert_true(v->ra.other);
	assert_int_equal(v->ra.router_lifetime, 1800);
	assert_int_equal(v->ra.interval, 200);
	assert_int_equal(v->ra.prefix_valid, 86400);
	assert_int_equal(v->ra.prefix_preferred, 14400);
	assert_int_equal(v->nb_dns, 0);
	assert_true(v->dhcp6.enabled);
	assert_true(v->dhcp6.rapid_commit);
	assert_int_equal(v->dhcp6.preferred, 14400);
	assert_int_equal(v->dhcp6.valid, 86400);
	assert_int_equal(fx->cfg.aaa.nb_pools6, 0);
	assert_string_equal(fx->cfg.aaa.default_pool6, "");
}

static void
test_values(void **state)
{
	struct fx *fx = *state;
	const struct cfg_aaa *a = &fx->cfg.aaa;
	const struct cfg_ipv6 *v = &fx->cfg.ipv6;
	uint8_t want[16];

	if (load(state, PORTS POOLS
		 "  default_pool6: s64\n"
		 "  default_pd_pool: pd\n"
		 "ipv6:\n"
		 "  ra: { managed: true, other: false, router_lifetime: 0,\n"
		 "        interval: 600, prefix_valid: 7200,\n"
		 "        prefix_preferred: 3600 }\n"
		 "  dns: [2001:4860:4860::8888, \"2001:4860:4860::8844\"]\n"
		 "  dhcp6: { rapid_commit: false, preferred: 600, valid: 900 }\n")
	    != 0)
		dump(fx);
	assert_int_equal(fx->errs.n, 0);
	assert_int_equal(a->nb_pools6, 2);
	assert_string_equal(a->pools6[0].name, "pd");
	addr("2001:db8:100::", want);
	assert_memory_equal(a->pools6[0].prefix.addr, want, 16);
	assert_int_equal(a->pools6[0].prefix.len, 40);
	assert_int_equal(a->pools6[0].length, 56);
	assert_int_equal(a->pools6[1].length, 64);
	assert_string_equal(a->default_pool6, "s64");
	assert_string_equal(a->default_pd_pool, "pd");
	assert_true(v->ra.managed);
	assert_false(v->ra.other);
	assert_int_equal(v->ra.router_lifetime, 0);
	assert_int_equal(v->ra.interval, 600);
	assert_int_equal(v->nb_dns, 2);
	addr("2001:4860:4860::8844", want);
	assert_memory_equal(v->dns[1], want, 16);
	assert_false(v->dhcp6.rapid_commit);
	assert_int_equal(v->dhcp6.valid, 900);
}

/* The configuration as the codecs take it (control/ipv6/ip6_conf.c). */
static void
test_ip6_conf(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
	struct fx *fx = *state;
	struct pool6_set set = { .n = 0 };
	struct dhcp6_srv_conf dc;
	struct nd6_ra_conf ra;
	uint8_t pfx[16], want[16];
	char err[128];

	assert_int_equal(load(state, PORTS POOLS
		"ipv6:\n"
		"  ra: { other: false, interval: 300 }\n"
		"  dns: [2001:db8::53]\n"
		"  dhcp6: { rapid_commit: false }\n"), 0);
	ip6_conf_ra(&fx->cfg, 1492, &ra);
	assert_false(ra.managed || ra.other);
	assert_int_equal(ra.cur_hop_limit, 64);
	assert_int_equal(ra.router_lifetime, 1800);
	assert_int_equal(ra.mtu, 1492);
	assert_int_equal(ra.prefix_valid, 86400);
	assert_int_equal(ra.prefix_preferred, 14400);
	assert_int_equal(ra.nb_dns, 1);
	addr("2001:db8::53", want);
	assert_memory_equal(ra.dns[0], want, 16);
	assert_int_equal(ra.dns_lifetime, 900);		/* 3 x 300 s */
	ip6_conf_dhcp6(&fx->cfg, mac, &dc);
	assert_int_equal(dc.duid_len, DHCP6_DUID_LL_LEN);
	assert_memory_equal(dc.duid + 4, mac, 6);
	assert_false(dc.rapid_commit);
	assert_int_equal(dc.preferred, 14400);
	assert_int_equal(dc.valid, 86400);
	assert_int_equal(dc.nb_dns, 1);
	assert_int_equal(ip6_conf_pools(&fx->cfg, &set, err, sizeof(err)), 0);
	assert_int_equal(set.n, 2);
	assert_int_equal(pool6_length(pool6_set_find(&set, "pd")), 56);
	assert_int_equal(pool6_alloc(pool6_set_find(&set, "s64"), pfx), 0);
	addr("2001:db8:200::", want);
	assert_true(ip6_prefix_eq(pfx, want, 48));
	pool6_set_clear(&set);
	/* A pool "pd" in the set already: refused, named, set emptied. */
	addr("2001:db8:900::", want);
	assert_int_equal(pool6_set_add(&set, pool6_create("pd", want, 48,
							  56)), 0);
	assert_int_equal(ip6_conf_pools(&fx->cfg, &set, err, sizeof(err)),
			 -EEXIST);
	assert_non_null(strstr(err, "aaa.pools6[0] \"pd\""));
	assert_int_equal(set.n, 0);
}

static void
test_prefix_errors(void **state)
{
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001:db8:100::/40x\n"
	    "      length: 56\n",
	    9, 15, "aaa.pools6[0].prefix", "invalid length after /");
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001:db8:100::1/40\n"
	    "      length: 56\n",
	    9, 15, "aaa.pools6[0].prefix", "bits set after the prefix");
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: \"2001:db8:zz::/40\"\n"
	    "      length: 56\n",
	    9, 15, "aaa.pools6[0].prefix", "invalid address part");
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: \"2001:db8:100::\"\n"
	    "      length: 56\n",
	    9, 15, "aaa.pools6[0].prefix", "missing /length");
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001:db8:100::/129\n"
	    "      length: 56\n",
	    9, 15, "aaa.pools6[0].prefix", "length must be 0..128");
}

static void
test_pool_errors(void **state)
{
	/* A length shorter than the pool's prefix. */
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001:db8:100::/40\n"
	    "      length: 32\n",
	    10, 15, "aaa.pools6[0].length", "must be longer than the pool's");
	/* Too many prefixes: a /16 in /64s. */
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001::/16\n"
	    "      length: 64\n",
	    10, 15, "aaa.pools6[0].length", "2^48 prefixes: at most 2^20");
	/* Overlapping pools: the second inside the first. */
	one(state, PORTS POOLS
	    "    - name: more\n"
	    "      prefix: 2001:db8:1ff::/48\n"
	    "      length: 64\n",
	    15, 15, "aaa.pools6[2].prefix", "overlaps aaa.pools6[0].prefix "
	    "2001:db8:100::/40 (\"pd\")");
	one(state, PORTS POOLS
	    "    - name: pd\n"
	    "      prefix: 2001:db8:300::/48\n"
	    "      length: 64\n",
	    14, 13, "aaa.pools6[2].name", "is already aaa.pools6[0]");
	/* A missing length. */
	one(state, PORTS
	    "aaa:\n"
	    "  pools6:\n"
	    "    - name: pd\n"
	    "      prefix: 2001:db8:100::/40\n",
	    8, 7, "aaa.pools6[0].length", "missing");
	one(state, PORTS POOLS "  default_pool6: nope\n",
	    14, 18, "aaa.default_pool6", "no aaa.pools6 entry is called");
	one(state, PORTS POOLS "  default_pool6: pd\n",
	    14, 18, "aaa.default_pool6", "hands out /56");
	one(state, PORTS POOLS "  default_pd_pool: none\n",
	    14, 20, "aaa.default_pd_pool", "no aaa.pools6 entry");
}

static void
test_ipv6_errors(void **state)
{
	one(state, PORTS "ipv6:\n  dns: [2001:db8::53, 2001:db8::x]\n",
	    7, 23, "ipv6.dns[1]", "invalid IPv6 address");
	one(state, PORTS "ipv6:\n  dns: [ff02::1]\n",
	    7, 9, "ipv6.dns[0]", "not a unicast address");
	one(state, PORTS "ipv6:\n  dns: [\"::1\", \"::2\", \"::3\", \"::4\"]\n",
	    7, 30, "ipv6.dns", "too many items (4, at most 3)");
	one(state, PORTS "ipv6:\n  ra:\n    prefix_valid: 60\n"
	    "    prefix_preferred: 120\n",
	    9, 23, "ipv6.ra.prefix_preferred", "longer than ipv6.ra.prefix_valid");
	one(state, PORTS "ipv6:\n  ra:\n    router_lifetime: 100\n",
	    8, 22, "ipv6.ra.router_lifetime", "shorter than ipv6.ra.interval");
	one(state, PORTS "ipv6:\n  ra:\n    interval: 2\n",
	    8, 15, "ipv6.ra.interval", "out of range");
	one(state, PORTS "ipv6:\n  dhcp6:\n    preferred: 1000\n"
	    "    valid: 999\n",
	    8, 16, "ipv6.dhcp6.preferred", "longer than ipv6.dhcp6.valid");
	one(state, PORTS "ipv6:\n  ra:\n    manged: true\n",
	    8, 5, "ipv6.ra.manged", "unknown key");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_values, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_ip6_conf, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_prefix_errors, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_pool_errors, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_errors, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
