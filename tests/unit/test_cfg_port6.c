/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ports[].address6 and ports[].gateway6 (config/cfg_ipv6.c,
 * config/cfg_port6.c): values, and every error with its line, column
 * and key.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "cfg_test_fx.h"

/* Lines 1..5: the access port; the core port from line 6, V6 at line 10. */
#define PORTS(v6) \
	"ports:\n" \
	"  - name: access\n" \
	"    device: net_null0\n" \
	"    role: access\n" \
	"    address: 198.51.100.1/24\n" \
	"  - name: core\n" \
	"    device: net_null1\n" \
	"    role: core\n" \
	"    address: 203.0.113.1/24\n" \
	v6

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
test_absent(void **state)
{
	struct fx *fx = *state;
	static const uint8_t zero[16];

	assert_int_equal(load(state, PORTS("")), 0);
	assert_int_equal(fx->cfg.ports[1].address6.len, 0);
	assert_memory_equal(fx->cfg.ports[1].gateway6, zero, 16);
}

static void
test_values(void **state)
{
	struct fx *fx = *state;
	const struct cfg_port *p = &fx->cfg.ports[1];
	uint8_t a[16];

	assert_int_equal(load(state, PORTS(
		"    address6: 2001:db8:c0::1/64\n"
		"    gateway6: 2001:db8:c0::2\n")), 0);
	addr("2001:db8:c0::1", a);
	assert_memory_equal(p->address6.addr, a, 16);
	assert_int_equal(p->address6.len, 64);
	addr("2001:db8:c0::2", a);
	assert_memory_equal(p->gateway6, a, 16);

	/* A link-local router, and a link numbered with one /128. */
	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);
	assert_int_equal(load(state, PORTS(
		"    address6: 2001:db8:c0::1/128\n"
		"    gateway6: fe80::1\n")), 0);
	addr("fe80::1", a);
	assert_memory_equal(p->gateway6, a, 16);
	assert_int_equal(p->address6.len, 128);
}

static void
test_address6_errors(void **state)
{
	one(state, PORTS("    address6: 2001:db8:c0::1\n"), 10, 15,
	    "ports[1].address6", "missing /length");
	one(state, PORTS("    address6: 2001:db8:c0::/64\n"), 10, 15,
	    "ports[1].address6", "no host bits set");
	one(state, PORTS("    address6: fe80::1/64\n"), 10, 15,
	    "ports[1].address6", "is link-local");
	one(state, PORTS("    address6: ff02::1/64\n"), 10, 15,
	    "ports[1].address6", "multicast");
	one(state, PORTS("    address6: ::1/128\n"), 10, 15,
	    "ports[1].address6", "loopback");
	one(state, PORTS("    address6: ::/128\n"), 10, 15,
	    "ports[1].address6", "unspecified");
	one(state, PORTS("    address6: ::ffff:192.0.2.1/120\n"), 10, 15,
	    "ports[1].address6", "IPv4-mapped");
	one(state, PORTS("    address6: 2001:db8::1/0\n"), 10, 15,
	    "ports[1].address6", "out of range");
	one(state, PORTS("    address6: 2001:db8::1/129\n"), 10, 15,
	    "ports[1].address6", "0..128");
	one(state, PORTS("    address6: nonsense/64\n"), 10, 15,
	    "ports[1].address6", "invalid address part");
}

static void
test_gateway6_errors(void **state)
{
	one(state, PORTS("    gateway6: 2001:db8:c0::2\n"), 10, 15,
	    "ports[1].gateway6", "needs ports[1].address6");
	one(state, PORTS("    address6: 2001:db8:c0::1/64\n"
			 "    gateway6: 2001:db8:c1::2\n"), 11, 15,
	    "ports[1].gateway6", "neither in the port's prefix");
	one(state, PORTS("    address6: 2001:db8:c0::1/64\n"
			 "    gateway6: 2001:db8:c0::1\n"), 11, 15,
	    "ports[1].gateway6", "the port's own address");
	one(state, PORTS("    address6: 2001:db8::1/1\n"
			 "    gateway6: ::ffff:203.0.113.2\n"), 11, 15,
	    "ports[1].gateway6", "IPv4-mapped");
	one(state, PORTS("    address6: 2001:db8:c0::1/64\n"
			 "    gateway6: ff02::2\n"), 11, 15,
	    "ports[1].gateway6", "not a unicast address");
	one(state, PORTS("    address6: 2001:db8:c0::1/64\n"
			 "    gateway6: 2001:db8:c0::zz\n"), 11, 15,
	    "ports[1].gateway6", "invalid IPv6 address");
}

static void
test_access_and_overlap(void **state)
{
	/* IPv6 on the access side: tunnels are IPv4. */
	one(state,
	    "ports:\n"
	    "  - name: access\n"
	    "    device: net_null0\n"
	    "    role: access\n"
	    "    address: 198.51.100.1/24\n"
	    "    address6: 2001:db8:a::1/64\n"
	    "  - name: core\n"
	    "    device: net_null1\n"
	    "    role: core\n"
	    "    address: 203.0.113.1/24\n", 6, 15, "ports[0].address6",
	    "core ports only");
	one(state, PORTS(
	    "    address6: 2001:db8:c0::1/64\n"
	    "  - name: core2\n"
	    "    device: net_null2\n"
	    "    role: core\n"
	    "    address: 192.0.2.1/24\n"
	    "    address6: 2001:db8:c0:0:1::1/80\n"), 15, 15,
	    "ports[2].address6", "overlaps ports[1].address6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_absent, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_values, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_address6_errors, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_gateway6_errors, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_access_and_overlap,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
