/* SPDX-License-Identifier: BSD-3-Clause
 * Neighbour table state machine (control/ctl_neigh.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_neigh.h"

/* Network order without <arpa/inet.h> (the addresses are opaque here). */
static uint32_t
htonl_(uint32_t x)
{
	const uint8_t b[4] = { x >> 24, x >> 16, x >> 8, x };
	uint32_t r;

	memcpy(&r, b, 4);
	return r;
}

struct solicit_log {
	unsigned int n;
	unsigned int unicast;
	uint32_t last_ip;		/* IPv4 solicitations */
	uint8_t last_addr[NEIGH_ADDR_LEN];
	unsigned int changes;
	enum neigh_state last_old, last_new;
};

static void
solicit(void *arg, uint16_t port, const uint8_t *addr, const uint8_t *mac)
{
	struct solicit_log *l = arg;

	l->n++;
	l->unicast += mac != NULL;
	memcpy(l->last_addr, addr, NEIGH_ADDR_LEN);
	l->last_ip = 0;
	if (neigh_is_v4(addr))
		memcpy(&l->last_ip, addr + 12, 4);
}

static void
change(void *arg, const struct neigh_entry *e, enum neigh_state old)
{
	struct solicit_log *l = arg;

	l->changes++;
	l->last_old = old;
	l->last_new = e->state;
}

static const struct neigh_params prm = {
	.reachable_ms = 30000, .retrans_ms = 1000, .probes = 3, .max_entries = 4,
};
static const uint8_t mac1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 };

struct fixture {
	struct neigh_table t;
	struct solicit_log log;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(neigh_init(&f.t, &prm, solicit, change, &f.log), 0);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	neigh_fini(&f->t);
	return 0;
}

static void
test_resolve_then_confirm(void **state)
{
	struct fixture *f = *state;
	struct neigh_entry *e = neigh_resolve(&f->t, 0, 0x0a000001, false, 100);

	assert_non_null(e);
	assert_int_equal(e->state, NEIGH_INCOMPLETE);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.unicast, 0);
	assert_int_equal(f->log.last_ip, 0x0a000001);
	/* A second resolve of the same address sends nothing new. */
	assert_ptr_equal(neigh_resolve(&f->t, 0, 0x0a000001, false, 150), e);
	assert_int_equal(f->log.n, 1);

	e = neigh_confirm(&f->t, 0, 0x0a000001, mac1, false, 200);
	assert_non_null(e);
	assert_int_equal(e->state, NEIGH_REACHABLE);
	assert_memory_equal(e->mac, mac1, 6);
	assert_int_equal(f->log.last_old, NEIGH_INCOMPLETE);
	assert_int_equal(f->log.last_new, NEIGH_REACHABLE);
}

static void
test_retries_then_failed_then_deleted(void **state)
{
	struct fixture *f = *state;
	uint64_t t = 0;

	assert_non_null(neigh_resolve(&f->t, 0, 7, false, t));
	/* Not yet due: nothing happens. */
	neigh_timer(&f->t, t + 999);
	assert_int_equal(f->log.n, 1);
	neigh_timer(&f->t, t += 1000);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(f->log.n, 3);
	assert_int_equal(neigh_lookup(&f->t, 0, 7)->state, NEIGH_INCOMPLETE);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(neigh_lookup(&f->t, 0, 7)->state, NEIGH_FAILED);
	assert_int_equal(f->log.n, 3);
	/* Unpinned failed entries disappear after reachable_ms. */
	neigh_timer(&f->t, t += 30000);
	assert_null(neigh_lookup(&f->t, 0, 7));
	assert_int_equal(f->t.n, 0);
}

static void
test_pinned_failed_restarts(void **state)
{
	struct fixture *f = *state;
	uint64_t t = 0;

	assert_non_null(neigh_resolve(&f->t, 1, 9, true, t));
	neigh_timer(&f->t, t += 1000);
	neigh_timer(&f->t, t += 1000);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(neigh_lookup(&f->t, 1, 9)->state, NEIGH_FAILED);
	neigh_timer(&f->t, t += 30000);
	assert_int_equal(neigh_lookup(&f->t, 1, 9)->state, NEIGH_INCOMPLETE);
	assert_int_equal(f->log.n, 4);
	assert_non_null(neigh_confirm(&f->t, 1, 9, mac2, false, t + 10));
	assert_int_equal(neigh_lookup(&f->t, 1, 9)->state, NEIGH_REACHABLE);
}

static void
test_pinned_reachable_is_probed_by_unicast(void **state)
{
	struct fixture *f = *state;
	struct neigh_entry *e;

	neigh_resolve(&f->t, 0, 5, true, 0);
	neigh_confirm(&f->t, 0, 5, mac1, false, 10);
	neigh_timer(&f->t, 10 + 30000);
	e = neigh_lookup(&f->t, 0, 5);
	assert_int_equal(e->state, NEIGH_PROBE);
	assert_int_equal(f->log.unicast, 1);
	/* Probing keeps the old MAC usable until it fails. */
	assert_memory_equal(e->mac, mac1, 6);
	neigh_confirm(&f->t, 0, 5, mac1, false, 10 + 30500);
	assert_int_equal(e->state, NEIGH_REACHABLE);
}

static void
test_probe_failure(void **state)
{
	struct fixture *f = *state;
	uint64_t t = 30010;

	neigh_resolve(&f->t, 0, 5, true, 0);
	neigh_confirm(&f->t, 0, 5, mac1, false, 10);
	neigh_timer(&f->t, t);
	neigh_timer(&f->t, t += 1000);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(neigh_lookup(&f->t, 0, 5)->state, NEIGH_PROBE);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(neigh_lookup(&f->t, 0, 5)->state, NEIGH_FAILED);
	assert_int_equal(f->log.unicast, 3);
}

static void
test_unpinned_goes_stale_then_away(void **state)
{
	struct fixture *f = *state;

	assert_non_null(neigh_confirm(&f->t, 0, 3, mac1, true, 0));
	neigh_timer(&f->t, 30000);
	assert_int_equal(neigh_lookup(&f->t, 0, 3)->state, NEIGH_STALE);
	/* A stale entry is revived by a confirmation. */
	neigh_confirm(&f->t, 0, 3, mac2, false, 31000);
	assert_int_equal(neigh_lookup(&f->t, 0, 3)->state, NEIGH_REACHABLE);
	assert_memory_equal(neigh_lookup(&f->t, 0, 3)->mac, mac2, 6);
	neigh_timer(&f->t, 61000);
	neigh_timer(&f->t, 91000);
	assert_null(neigh_lookup(&f->t, 0, 3));
}

static void
test_confirm_without_create_ignores_unknown(void **state)
{
	struct fixture *f = *state;

	assert_null(neigh_confirm(&f->t, 0, 3, mac1, false, 0));
	assert_int_equal(f->t.n, 0);
}

static void
test_same_ip_on_two_ports(void **state)
{
	struct fixture *f = *state;

	neigh_confirm(&f->t, 0, 3, mac1, true, 0);
	neigh_confirm(&f->t, 1, 3, mac2, true, 0);
	assert_memory_equal(neigh_lookup(&f->t, 0, 3)->mac, mac1, 6);
	assert_memory_equal(neigh_lookup(&f->t, 1, 3)->mac, mac2, 6);
}

static void
test_full_table_evicts_stale_never_pinned(void **state)
{
	struct fixture *f = *state;
	uint32_t ip;

	for (ip = 1; ip <= 4; ip++)
		assert_non_null(neigh_resolve(&f->t, 0, ip, true, 0));
	/* All pinned: nothing can go. */
	assert_null(neigh_confirm(&f->t, 0, 99, mac1, true, 0));
	assert_int_equal(f->t.full, 1);
	assert_null(neigh_lookup(&f->t, 0, 99));

	neigh_fini(&f->t);
	neigh_init(&f->t, &prm, solicit, change, &f->log);
	neigh_confirm(&f->t, 0, 1, mac1, true, 0);	/* will be stale, oldest */
	neigh_confirm(&f->t, 0, 2, mac1, true, 5);	/* stale, newer */
	neigh_resolve(&f->t, 0, 3, true, 0);
	neigh_confirm(&f->t, 0, 4, mac1, true, 29000);	/* still reachable */
	neigh_timer(&f->t, 30010);
	assert_non_null(neigh_confirm(&f->t, 0, 50, mac2, true, 30020));
	assert_null(neigh_lookup(&f->t, 0, 1));
	assert_non_null(neigh_lookup(&f->t, 0, 2));
	assert_non_null(neigh_lookup(&f->t, 0, 3));
	assert_non_null(neigh_lookup(&f->t, 0, 4));
	assert_int_equal(f->t.evictions, 1);
}

/* 2001:db8:c0::2 and the link-local router fe80::2 of the core side. */
static const uint8_t gw6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xc0,
				 [15] = 2 };
static const uint8_t ll6[16] = { 0xfe, 0x80, [15] = 2 };

/* An IPv6 entry goes through every state on the same timers as IPv4. */
static void
test_ipv6_every_state(void **state)
{
	struct fixture *f = *state;
	struct neigh_entry *e;
	uint64_t t = 0;

	e = neigh_resolve_addr(&f->t, 0, gw6, true, t);
	assert_non_null(e);
	assert_false(neigh_is_v4(e->addr));
	assert_int_equal(e->ip, 0);
	assert_int_equal(e->state, NEIGH_INCOMPLETE);
	assert_int_equal(f->log.n, 1);
	assert_int_equal(f->log.unicast, 0);	/* multicast NS */
	assert_memory_equal(f->log.last_addr, gw6, 16);
	/* INCOMPLETE -> FAILED after `probes` solicitations. */
	neigh_timer(&f->t, t += 1000);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(f->log.n, 3);
	neigh_timer(&f->t, t += 1000);
	assert_int_equal(e->state, NEIGH_FAILED);
	assert_false(neigh_usable(e));
	/* Pinned: FAILED -> INCOMPLETE, then an NA confirms it. */
	neigh_timer(&f->t, t += 30000);
	assert_int_equal(e->state, NEIGH_INCOMPLETE);
	assert_ptr_equal(neigh_confirm_addr(&f->t, 0, gw6, mac1, false, t), e);
	assert_int_equal(e->state, NEIGH_REACHABLE);
	assert_true(neigh_usable(e));
	/* REACHABLE -> PROBE (unicast NS to the known MAC) -> REACHABLE. */
	neigh_timer(&f->t, t += 30000);
	assert_int_equal(e->state, NEIGH_PROBE);
	assert_int_equal(f->log.unicast, 1);
	assert_true(neigh_usable(e));
	neigh_confirm_addr(&f->t, 0, gw6, mac2, false, t + 5);
	assert_int_equal(e->state, NEIGH_REACHABLE);
	assert_memory_equal(e->mac, mac2, 6);
	/* Unpinned, created by an NS for us: REACHABLE -> STALE -> gone. */
	assert_non_null(neigh_confirm_addr(&f->t, 0, ll6, mac1, true, t));
	neigh_timer(&f->t, t + 30000);
	assert_int_equal(neigh_lookup_addr(&f->t, 0, ll6)->state, NEIGH_STALE);
	neigh_timer(&f->t, t + 60000);
	assert_null(neigh_lookup_addr(&f->t, 0, ll6));
}

/* One table, both families: an IPv4 address never matches an IPv6 one. */
static void
test_both_families_one_table(void **state)
{
	struct fixture *f = *state;
	/* 10.0.0.2 and the IPv6 address with the same last 4 octets. */
	uint32_t ip4 = htonl_(0x0a000002);
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [12] = 10, 0, 0, 2 };
	uint8_t mapped[16];
	struct neigh_entry *a, *b;

	a = neigh_resolve(&f->t, 0, ip4, true, 0);
	assert_int_equal(f->log.last_ip, ip4);
	b = neigh_resolve_addr(&f->t, 0, v6, true, 0);
	assert_int_equal(f->log.last_ip, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal(f->t.n, 2);
	neigh_addr_v4(mapped, ip4);
	assert_true(neigh_is_v4(mapped));
	assert_false(neigh_is_v4(v6));
	assert_ptr_equal(neigh_lookup_addr(&f->t, 0, mapped), a);
	assert_int_equal(a->ip, ip4);
	neigh_confirm_addr(&f->t, 0, v6, mac2, false, 10);
	neigh_confirm(&f->t, 0, ip4, mac1, false, 10);
	assert_memory_equal(neigh_lookup(&f->t, 0, ip4)->mac, mac1, 6);
	assert_memory_equal(neigh_lookup_addr(&f->t, 0, v6)->mac, mac2, 6);
	/* The timers of both run from one call. */
	neigh_timer(&f->t, 10 + 30000);
	assert_int_equal(a->state, NEIGH_PROBE);
	assert_int_equal(b->state, NEIGH_PROBE);
	assert_int_equal(f->log.unicast, 2);
}

static void
test_state_names(void **state)
{
	assert_string_equal(neigh_state_name(NEIGH_REACHABLE), "reachable");
	assert_string_equal(neigh_state_name((enum neigh_state)42), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve_then_confirm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retries_then_failed_then_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinned_failed_restarts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pinned_reachable_is_probed_by_unicast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probe_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unpinned_goes_stale_then_away, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_without_create_ignores_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_ip_on_two_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_table_evicts_stale_never_pinned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_every_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_both_families_one_table,
						setup, teardown),
		cmocka_unit_test(test_state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
