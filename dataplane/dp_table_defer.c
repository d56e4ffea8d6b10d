/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Index memory freed after a grace period (dp_table_defer.h).
 */
#include <errno.h>
#include <stdlib.h>

#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "dp_table.h"
#include "dp_table_defer.h"

struct dp_table_retired {
	struct dp_table_retired *next;
	void *mem;
	uint64_t bytes;
	uint64_t *acct;
	uint64_t token;
};

int
dp_table_defer_free(struct dp_table *t, void *mem, uint64_t bytes,
		    uint64_t *acct)
{
	struct dp_table_retired *r = malloc(sizeof(*r));

	if (r == NULL) {
		rte_rcu_qsbr_synchronize(t->qsv, RTE_QSBR_THRID_INVALID);
		rte_free(mem);
		*acct -= bytes;
		return -ENOMEM;
	}
	r->mem = mem;
	r->bytes = bytes;
	r->acct = acct;
	r->token = rte_rcu_qsbr_start(t->qsv);
	r->next = t->retired;
	t->retired = r;
	return 0;
}

void
dp_table_defer_reclaim(struct dp_table *t)
{
	struct dp_table_retired **pp = &t->retired, *r;

	while ((r = *pp) != NULL) {
		if (rte_rcu_qsbr_check(t->qsv, r->token, false) != 1) {
			pp = &r->next;
			continue;
		}
		*pp = r->next;
		*r->acct -= r->bytes;
		rte_free(r->mem);
		free(r);
	}
}

void
dp_table_defer_drop(struct dp_table *t)
{
	struct dp_table_retired *r;

	while ((r = t->retired) != NULL) {
		t->retired = r->next;
		*r->acct -= r->bytes;
		rte_free(r->mem);
		free(r);
	}
}
