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

struct solicit_log {
	unsigned int n;
	unsigned int unicast;
	uint32_t last_ip;
	unsigned int changes;
	enum neigh_state last_old, last_new;
};

static void
solicit(void *arg, uint16_t port, uint32_t ip, const uint8_t *mac)
{
	struct solicit_log *l = arg;

	l->n++;
	l->unicast += mac != NULL;
	l->last_ip = ip;
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
		cmocka_unit_test(test_state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
