/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Unit tests of the reload's comparison (ctl_reload_diff): two YAML
 * files that differ in one key, and the class the key lands in (live,
 * restart, RADIUS), for every class of key; the summary builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "ctl_reload.h"

/*
 * A file from its sections; a NULL section is the running one's (base),
 * so every case differs from base in the one section it gives.
 */
struct yaml {
	const char *eal, *log, *l2tp, *aaa, *ppp, *radius, *qos, *ports;
};

static const struct yaml base = {
	.eal = "eal:\n  args: [\"-l\", \"0-1\"]\n",
	.log = "log:\n  level: info\n",
	.l2tp = "l2tp:\n  host_name: lns1\n  max_tunnels: 64\n"
		"  peers:\n    - address: 192.0.2.16/28\n      secret: s1\n",
	.aaa = "aaa:\n  pools:\n    - { name: subs, prefix: 100.64.0.0/24 }\n"
	       "  users:\n    - { name: alice, password: pw }\n",
	.ppp = "ppp:\n  echo_interval_ms: 30000\n",
	.radius = "",
	.qos = "qos:\n  profiles:\n    gold: { up: 10M, down: 50M }\n",
	.ports = "ports:\n"
		 "  - { name: access, device: net_null0, role: access, address: 192.0.2.1/24 }\n"
		 "  - { name: core, device: net_null1, role: core, address: 198.51.100.2/24 }\n",
};

#define PICK(f)	(y->f != NULL ? y->f : base.f)

static char *
yaml_text(const struct yaml *y)
{
	char *t = NULL;

	if (asprintf(&t, "%s%s%s%s%s%s%s%s", PICK(eal), PICK(log),
		     PICK(l2tp), PICK(aaa), PICK(ppp), PICK(radius), PICK(qos),
		     PICK(ports)) < 0)
		return NULL;
	return t;
}

struct fx {
	struct cfg old, new;
	struct ctl_reload_diff d;
};

static int
fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct cfg_errors errs = { 0 };
	int rc;

	if (fx == NULL)
		return -1;
	char *t = yaml_text(&(struct yaml){ 0 });

	if (t == NULL) {
		free(fx);
		return -1;
	}
	rc = cfg_load_buffer("old.yaml", t, strlen(t), &fx->old, &errs);
	free(t);
	if (rc != 0)
		cfg_errors_print(stderr, &errs);
	cfg_errors_free(&errs);
	*state = fx;
	return rc;
}

static int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	cfg_free(&fx->old);
	cfg_free(&fx->new);
	free(fx);
	return 0;
}

/* Load yaml as the new file and compare it with base. */
static const struct ctl_reload_diff *
diff(void **state, const struct yaml *y)
{
	struct fx *fx = *state;
	struct cfg_errors errs = { 0 };
	char *t = yaml_text(y);
	int rc;

	assert_non_null(t);
	cfg_free(&fx->new);
	rc = cfg_load_buffer("new.yaml", t, strlen(t), &fx->new, &errs);
	free(t);
	if (rc != 0)
		cfg_errors_print(stderr, &errs);
	cfg_errors_free(&errs);
	assert_int_equal(rc, 0);
	ctl_reload_diff(&fx->old, &fx->new, &fx->d);
	return &fx->d;
}

/* Exactly one class changed, with key in its list. */
static void
expect(const struct ctl_reload_diff *d, enum ctl_reload_class c,
       const char *key)
{
	unsigned int k;

	for (k = 0; k <= CTL_RELOAD_RADIUS; k++)
		if (k != c && d->nb[k] != 0)
			fail_msg("class %u has %s", k, d->keys[k]);
	assert_true(d->nb[c] > 0);
	if (strstr(d->keys[c], key) == NULL)
		fail_msg("\"%s\" not in \"%s\"", key, d->keys[c]);
}

static void
test_same(void **state)
{
	const struct ctl_reload_diff *d = diff(state, &(struct yaml){ 0 });

	assert_int_equal(d->nb[CTL_RELOAD_LIVE], 0);
	assert_int_equal(d->nb[CTL_RELOAD_RESTART], 0);
	assert_int_equal(d->nb[CTL_RELOAD_RADIUS], 0);
}

struct ycase {
	struct yaml y;
	const char *key;
};

static void
run_cases(void **state, const struct ycase *c, unsigned int n,
	  enum ctl_reload_class cls)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct ctl_reload_diff *d = diff(state, &c[i].y);

		expect(d, cls, c[i].key);
		/* The comparison names a key by the class it says. */
		assert_int_equal(ctl_reload_key_class(c[i].key), cls);
	}
}

#define L2TP_WITH(extra) \
	"l2tp:\n  host_name: lns1\n  max_tunnels: 64\n" extra \
	"  peers:\n    - address: 192.0.2.16/28\n      secret: s1\n"

static void
test_live_keys(void **state)
{
	static const struct ycase c[] = {
		{ { .aaa = "aaa:\n  pools:\n    - { name: subs, prefix: 100.64.0.0/24 }\n"
			   "  users:\n    - { name: alice, password: pw }\n"
			   "    - { name: bob, password: pw2, pool: subs }\n" },
		  "aaa.users" },
		{ { .aaa = "aaa:\n  pools:\n    - { name: subs, prefix: 100.64.0.0/24 }\n"
			   "    - { name: subs2, prefix: 100.65.0.0/24 }\n"
			   "  users:\n    - { name: alice, password: pw }\n" },
		  "aaa.pools" },
		{ { .aaa = "aaa:\n  pools:\n    - { name: subs, prefix: 100.64.0.0/24 }\n"
			   "  users:\n    - { name: alice, password: pw }\n"
			   "  interim_interval: 300\n" },
		  "aaa.interim_interval" },
		{ { .l2tp = "l2tp:\n  host_name: lns1\n  max_tunnels: 64\n"
			    "  peers:\n    - address: 192.0.2.16/28\n      secret: s2\n" },
		  "l2tp.peers" },
		{ { .l2tp = L2TP_WITH("  secret: global\n") }, "l2tp.secret" },
		{ { .l2tp = L2TP_WITH("  hello_ms: 20000\n") }, "l2tp.hello_ms" },
		{ { .l2tp = L2TP_WITH("  retransmit_ms: 500\n") },
		  "l2tp.retransmit_ms" },
		{ { .l2tp = L2TP_WITH("  icrq_rate: 500\n") }, "l2tp.icrq_rate" },
		{ { .l2tp = L2TP_WITH("  max_tunnels_per_peer: 4\n") },
		  "l2tp.max_tunnels_per_peer" },
		{ { .log = "log:\n  level: debug\n" }, "log.level" },
		{ { .log = "log:\n  level: info\n  modules:\n    arp: debug\n" },
		  "log.modules" },
		{ { .ppp = "ppp:\n  echo_interval_ms: 30000\n  auth: [pap, chap]\n" },
		  "ppp.auth" },
		{ { .ppp = "ppp:\n  echo_interval_ms: 5000\n" },
		  "ppp.echo_interval_ms" },
		{ { .ppp = "ppp:\n  echo_interval_ms: 30000\n  dns1: 192.0.2.53\n" },
		  "ppp.dns1" },
		{ { .qos = "qos:\n  profiles:\n    gold: { up: 10M, down: 40M }\n" },
		  "qos.profiles" },
		{ { .qos = "qos:\n  profiles:\n    gold: { up: 10M, down: 50M }\n"
			   "  default_profile: gold\n" },
		  "qos.default_profile" },
		{ { .aaa = "aaa:\n  pools:\n    - { name: subs, prefix: 100.64.0.0/24 }\n"
			   "  users:\n    - { name: alice, password: pw, profile: gold }\n" },
		  "aaa.users" },
	};

	run_cases(state, c, sizeof(c) / sizeof(c[0]), CTL_RELOAD_LIVE);
}

#define PORTS_WITH(access) \
	"ports:\n  - { name: access, role: access, " access " }\n" \
	"  - { name: core, device: net_null1, role: core, address: 198.51.100.2/24 }\n"

static void
test_restart_keys(void **state)
{
	static const struct ycase c[] = {
		{ { .ports = PORTS_WITH("device: net_null0, address: 192.0.2.9/24") },
		  "ports[0].address" },
		{ { .ports = PORTS_WITH("device: net_null7, address: 192.0.2.1/24") },
		  "ports[0].device" },
		{ { .ports = PORTS_WITH("device: net_null0, address: 192.0.2.1/24, mtu: 9000") },
		  "ports[0].mtu" },
		{ { .ports = "ports:\n"
			     "  - { name: access, device: net_null0, role: access, address: 192.0.2.1/24 }\n" },
		  "ports[1] (removed)" },
		{ { .ports = "ports:\n"
			     "  - { name: access, device: net_null0, role: access, address: 192.0.2.1/24 }\n"
			     "  - { name: core, device: net_null1, role: core, address: 198.51.100.2/24,"
			     " address6: \"2001:db8:c0::1/64\" }\n" },
		  "ports[1].address6" },
		{ { .eal = "eal:\n  args: [\"-l\", \"0-3\"]\n" }, "eal.args" },
		{ { .l2tp = "l2tp:\n  host_name: lns1\n  max_tunnels: 128\n"
			    "  peers:\n    - address: 192.0.2.16/28\n      secret: s1\n" },
		  "l2tp.max_tunnels" },
		{ { .l2tp = L2TP_WITH("  max_sessions: 1000\n") },
		  "l2tp.max_sessions" },
		{ { .l2tp = "l2tp:\n  host_name: lns2\n  max_tunnels: 64\n"
			    "  peers:\n    - address: 192.0.2.16/28\n      secret: s1\n" },
		  "l2tp.host_name" },
		{ { .ppp = "ppp:\n  echo_interval_ms: 30000\n  mru: 1400\n" },
		  "ppp.mru" },
		{ { .radius = "dataplane:\n  mbufs: 8191\n" }, "dataplane.mbufs" },
		{ { .radius = "dataplane:\n  rss: l2tp-session\n" },
		  "dataplane.rss" },
		{ { .radius = "dataplane:\n  spread: on\n" }, "dataplane.spread" },
		{ { .radius = "neighbor:\n  probes: 5\n" }, "neighbor" },
	};

	run_cases(state, c, sizeof(c) / sizeof(c[0]), CTL_RELOAD_RESTART);
}

static void
test_radius_keys(void **state)
{
	static const struct ycase c[] = {
		{ { .radius = "radius:\n  servers:\n"
			      "    - { address: 127.0.0.1, auth_port: 1812, secret: x }\n" },
		  "radius.servers" },
		{ { .radius = "radius:\n  nas_identifier: other\n" },
		  "radius.nas_identifier" },
	};

	run_cases(state, c, sizeof(c) / sizeof(c[0]), CTL_RELOAD_RADIUS);
}

/* Several classes at once: each key in its own list. */
static void
test_mixed(void **state)
{
	const struct ctl_reload_diff *d = diff(state, &(struct yaml){
		.log = "log:\n  level: debug\n",
		.eal = "eal:\n  args: [\"-l\", \"0-3\"]\n",
		.l2tp = L2TP_WITH("  max_sessions: 1000\n") });

	assert_int_equal(d->nb[CTL_RELOAD_LIVE], 1);
	assert_int_equal(d->nb[CTL_RELOAD_RESTART], 2);
	assert_string_equal(d->keys[CTL_RELOAD_RESTART],
			    "eal.args, l2tp.max_sessions");
	assert_string_equal(d->keys[CTL_RELOAD_LIVE], "log.level");
}

/*
 * Every octet of struct cfg is some key's: a key added to the
 * configuration without a class here changes this sum. The padding of
 * the struct as it is today (measured) is the only difference: 30,
 * and 2 + 2 after the two bools that open ipv6.ra and ipv6.dhcp6
 * (dataplane.rss and dataplane.spread, two ints, fill
 * struct cfg_dataplane to its 8-aligned end: no more).
 */
#define CFG_PADDING 34

static void
test_covered(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct cfg) - ctl_reload_diff_covered(),
			 CFG_PADDING);
}

static void
test_sum(void **state)
{
	struct ctl_reload_sum s = { .len = 0 };
	unsigned int i;

	(void)state;
	ctl_reload_sum_add(&s, "users: +%u", 1);
	ctl_reload_sum_add(&s, "pools: +1 (%s)", "subs2");
	assert_string_equal(s.buf, "users: +1, pools: +1 (subs2)");
	for (i = 0; i < 100; i++)
		ctl_reload_sum_add(&s, "part %u of a long summary", i);
	assert_true(strlen(s.buf) < sizeof(s.buf));
	assert_string_equal(s.buf + strlen(s.buf) - 3, "...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_live_keys, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_restart_keys, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_radius_keys, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_mixed, fx_setup,
						fx_teardown),
		cmocka_unit_test(test_covered),
		cmocka_unit_test(test_sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
