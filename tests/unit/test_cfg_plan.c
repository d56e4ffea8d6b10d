/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The address plan (config/cfg_plan.c): one test per mistake, with the
 * error's line, column and key; the users file through the same rules
 * (aaa_file_load_check() with cfg_plan_user(), as the AAA glue does).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "aaa_file.h"
#include "cfg.h"
#include "cfg_test_fx.h"

/* Line 1..9: an access port 198.51.100.1/24 and a core port with a gateway. */
#define PLAN_PORTS \
	"ports:\n" \
	"  - name: access\n" \
	"    device: net_null0\n" \
	"    role: access\n" \
	"    address: 198.51.100.1/24\n" \
	"  - name: core\n" \
	"    device: net_null1\n" \
	"    role: core\n" \
	"    address: 203.0.113.1/24\n" \
	"    gateway: 203.0.113.254\n"

static void
test_plan_valid(void **state)
{
	struct fx *fx = *state;

	/* ppp.local_address inside a pool: reserved at start, allowed. */
	assert_int_equal(load(state, PLAN_PORTS
		"ppp: { local_address: 100.64.0.1 }\n"
		"aaa:\n"
		"  pools:\n"
		"    - { name: subs, prefix: 100.64.0.0/24 }\n"
		"    - { name: subs, prefix: 100.64.2.0/24 }\n"
		"    - { name: gold, prefix: 100.65.0.0/24 }\n"
		"  users:\n"
		"    - { name: a, password: p, address: 100.64.9.9 }\n"
		"    - { name: b, password: p, address: 100.64.0.7 }\n"),
		0);
	if (fx->errs.n != 0)
		dump(fx);
	assert_int_equal(fx->errs.n, 0);
}

static void
test_plan_pools_overlap(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  pools:\n"
		"    - { name: subs, prefix: 100.64.0.0/16 }\n"
		"    - { name: gold, prefix: 100.64.8.0/24 }\n",
		14, 29, "aaa.pools[1].prefix",
		"overlaps aaa.pools[0].prefix 100.64.0.0/16 (\"subs\")");
}

static void
test_plan_pool_same_name_overlap(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  pools:\n"
		"    - { name: subs, prefix: 100.64.0.0/24 }\n"
		"    - { name: subs, prefix: 100.64.0.128/25 }\n",
		14, 29, "aaa.pools[1].prefix", "overlaps aaa.pools[0].prefix");
}

static void
test_plan_pool_port_subnet(void **state)
{
	/* Holds the core port's address and its gateway. */
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  pools:\n"
		"    - { name: subs, prefix: 203.0.113.128/25 }\n",
		13, 29, "aaa.pools[0].prefix",
		"overlaps the subnet 203.0.113.0/24 of ports[1] (core)");
}

static void
test_plan_pool_holds_port(void **state)
{
	/* A pool larger than the port's subnet holds it all. */
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  pools:\n"
		"    - { name: subs, prefix: 198.51.0.0/16 }\n",
		13, 29, "aaa.pools[0].prefix",
		"overlaps the subnet 198.51.100.0/24 of ports[0] (access)");
}

static void
test_plan_static_sessions_port(void **state)
{
	expect_one(state, PLAN_PORTS
		"static_sessions:\n"
		"  tunnels: 1\n"
		"  lac_address: 198.51.100.2\n"
		"  lac_mac: 02:00:00:00:00:01\n"
		"  subscribers: 203.0.113.0/25\n",
		15, 16, "static_sessions.subscribers",
		"overlaps the subnet 203.0.113.0/24 of ports[1] (core)");
}

static void
test_plan_user_port_address(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 198.51.100.1 }\n",
		13, 40, "aaa.users[0].address",
		"198.51.100.1 is lnsd's own (ports[0].address, access)");
}

static void
test_plan_user_gateway(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 203.0.113.254 }\n",
		13, 40, "aaa.users[0].address",
		"203.0.113.254 is the gateway of ports[1] (core)");
}

static void
test_plan_user_neighbour(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 198.51.100.77 }\n",
		13, 40, "aaa.users[0].address",
		"in the subnet 198.51.100.0/24 of ports[0] (access)");
}

static void
test_plan_user_local_address(void **state)
{
	expect_one(state, PLAN_PORTS
		"ppp: { local_address: 100.64.0.1 }\n"
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 100.64.0.1 }\n",
		14, 40, "aaa.users[0].address",
		"100.64.0.1 is lnsd's own (ppp.local_address)");
}

static void
test_plan_user_static_sessions(void **state)
{
	expect_one(state, PLAN_PORTS
		"static_sessions:\n"
		"  tunnels: 1\n"
		"  lac_address: 198.51.100.2\n"
		"  lac_mac: 02:00:00:00:00:01\n"
		"  subscribers: 10.9.0.0/24\n"
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 10.9.0.2 }\n",
		18, 40, "aaa.users[0].address",
		"10.9.0.2 is in static_sessions.subscribers");
}

static void
test_plan_user_twice(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users:\n"
		"    - { name: a, password: p, address: 100.64.9.9 }\n"
		"    - { name: b, password: p }\n"
		"    - { name: c, password: p, address: 100.64.9.9 }\n",
		15, 40, "aaa.users[2].address",
		"100.64.9.9 is also the static address of aaa.users[0]");
}

static void
test_plan_users_file_dir(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users_file: /tmp\n",
		12, 15, "aaa.users_file", "\"/tmp\": is a directory");
}

static void
test_plan_users_file_missing(void **state)
{
	expect_one(state, PLAN_PORTS
		"aaa:\n"
		"  users_file: /nonexistent/lnsd-users\n",
		12, 15, "aaa.users_file", "No such file or directory");
}

static void
test_plan_users_file_unreadable(void **state)
{
	char path[64], yaml[512];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/cfg_plan_test.%d", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, 0), 0);
	snprintf(yaml, sizeof(yaml), PLAN_PORTS "aaa:\n  users_file: %s\n",
		 path);
	/* root reads a mode 000 file: then only a FIFO shows the rule. */
	if (access(path, R_OK) == 0) {
		unlink(path);
		assert_int_equal(mkfifo(path, 0600), 0);
		expect_one(state, yaml, 12, 15, "aaa.users_file",
			   "is not a regular file");
	} else {
		expect_one(state, yaml, 12, 15, "aaa.users_file",
			   "Permission denied");
	}
	unlink(path);
}

/* The users file as ctl_aaa_init() reads it: errors as FILE:LINE:COL. */
struct file_ctx {
	struct cfg_plan *plan;
	unsigned int n;
	char out[4][256];
};

static int
file_user(void *arg, const char *file, unsigned int line,
	  const struct aaa_file_user *u)
{
	struct file_ctx *c = arg;
	char where[128], msg[192];
	enum cfg_plan_verdict v;

	snprintf(where, sizeof(where), "%s:%u", file, line);
	v = cfg_plan_user(c->plan, htonl(u->static_ip), u->pool, where, msg,
			  sizeof(msg));
	if (v == CFG_PLAN_OK)
		return 0;
	if (c->n < 4)
		snprintf(c->out[c->n], sizeof(c->out[0]), "%u:%u: %s", line,
			 v == CFG_PLAN_BAD_POOL ? u->pool_col : u->address_col,
			 msg);
	c->n++;
	return -EINVAL;
}

static void
file_err(void *arg, const char *file, unsigned int line, const char *msg)
{
	fail_msg("unexpected syntax error %s:%u: %s", file, line, msg);
}

static void
test_plan_users_file_rules(void **state)
{
	struct fx *fx = *state;
	struct aaa_local *db = aaa_local_create();
	struct file_ctx c = { 0 };
	char path[64], prefix[160];
	FILE *f;

	assert_int_equal(load(state, PLAN_PORTS
		"aaa:\n"
		"  pools: [{ name: subs, prefix: 100.64.0.0/24 }]\n"
		"  users: [{ name: inline, password: p, address: 100.64.5.5 }]\n"),
		0);
	snprintf(path, sizeof(path), "/tmp/cfg_plan_users.%d", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("ok1 pw 100.64.7.7 subs\n"		/* 1: fine */
	      "ok2 pw - subs\n"				/* 2: fine */
	      "bad1 pw - nosuch\n"			/* 3: unknown pool */
	      "bad2 pw 203.0.113.254\n"			/* 4: the gateway */
	      "bad3 pw 100.64.5.5\n"			/* 5: inline's */
	      "bad4   pw 100.64.7.7\n",			/* 6: line 1's */
	      f);
	fclose(f);
	c.plan = cfg_plan_create(&fx->cfg);
	assert_non_null(c.plan);
	assert_non_null(db);
	assert_int_equal(aaa_file_load_check(db, path, file_user, file_err,
					     &c), -EINVAL);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.out[0],
		"3:11: no pool named \"nosuch\" in aaa.pools");
	assert_string_equal(c.out[1],
		"4:9: address 203.0.113.254 is the gateway of ports[1] (core)");
	assert_string_equal(c.out[2], "5:9: address 100.64.5.5 is also the "
			    "static address of aaa.users[0]");
	snprintf(prefix, sizeof(prefix), "6:11: address 100.64.7.7 is also "
		 "the static address of %s:1", path);
	assert_string_equal(c.out[3], prefix);
	/* The good lines are in, the refused ones not. */
	assert_int_equal(aaa_local_count(db), 2);
	cfg_plan_free(c.plan);
	aaa_local_free(db);
	unlink(path);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_plan_valid),
		T(test_plan_pools_overlap),
		T(test_plan_pool_same_name_overlap),
		T(test_plan_pool_port_subnet),
		T(test_plan_pool_holds_port),
		T(test_plan_static_sessions_port),
		T(test_plan_user_port_address),
		T(test_plan_user_gateway),
		T(test_plan_user_neighbour),
		T(test_plan_user_local_address),
		T(test_plan_user_static_sessions),
		T(test_plan_user_twice),
		T(test_plan_users_file_dir),
		T(test_plan_users_file_missing),
		T(test_plan_users_file_unreadable),
		T(test_plan_users_file_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
