/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Neighbour state machine. Transitions (timer = deadline reached):
 *   new            -> INCOMPLETE  broadcast request, probes = 1
 *   INCOMPLETE     -> REACHABLE   on confirm
 *   INCOMPLETE     -> INCOMPLETE  timer, probes < max: broadcast again
 *   INCOMPLETE     -> FAILED      timer, probes == max
 *   REACHABLE      -> REACHABLE   on confirm (deadline pushed)
 *   REACHABLE      -> PROBE       timer, pinned: unicast request
 *   REACHABLE      -> STALE       timer, not pinned
 *   PROBE          -> REACHABLE   on confirm
 *   PROBE          -> PROBE       timer, probes < max: unicast again
 *   PROBE          -> FAILED      timer, probes == max
 *   STALE          -> REACHABLE   on confirm
 *   STALE, FAILED  -> (deleted)   timer, not pinned
 *   FAILED         -> INCOMPLETE  timer, pinned: start over
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_neigh.h"

static const char *const neigh_state_names[] = {
	[NEIGH_INCOMPLETE] = "incomplete",
	[NEIGH_REACHABLE] = "reachable",
	[NEIGH_STALE] = "stale",
	[NEIGH_PROBE] = "probe",
	[NEIGH_FAILED] = "failed",
};

const char *
neigh_state_name(enum neigh_state s)
{
	return (unsigned int)s <= NEIGH_FAILED ? neigh_state_names[s] : "unknown";
}

int
neigh_init(struct neigh_table *t, const struct neigh_params *prm,
	   neigh_solicit_fn solicit, neigh_change_fn change, void *arg)
{
	memset(t, 0, sizeof(*t));
	if (prm->max_entries == 0 || prm->probes == 0)
		return -EINVAL;
	t->v = calloc(prm->max_entries, sizeof(*t->v));
	if (t->v == NULL)
		return -ENOMEM;
	t->prm = *prm;
	t->solicit = solicit;
	t->change = change;
	t->arg = arg;
	return 0;
}

void
neigh_fini(struct neigh_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static void
neigh_set_state(struct neigh_table *t, struct neigh_entry *e,
		enum neigh_state s)
{
	enum neigh_state old = e->state;

	e->state = s;
	if (t->change != NULL)
		t->change(t->arg, e, old);
}

struct neigh_entry *
neigh_lookup_addr(struct neigh_table *t, uint16_t port, const uint8_t *addr)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].port == port &&
		    memcmp(t->v[i].addr, addr, NEIGH_ADDR_LEN) == 0)
			return &t->v[i];
	return NULL;
}

/* A fresh entry for addr on port in the slot e. */
static void
neigh_fill(struct neigh_entry *e, uint16_t port, const uint8_t *addr)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->addr, addr, NEIGH_ADDR_LEN);
	if (neigh_is_v4(addr))
		memcpy(&e->ip, addr + 12, sizeof(e->ip));
	e->port = port;
}

static void
neigh_delete(struct neigh_table *t, struct neigh_entry *e)
{
	*e = t->v[--t->n];
}

/* A free slot, evicting the least recently confirmed expendable entry. */
static struct neigh_entry *
neigh_slot(struct neigh_table *t)
{
	struct neigh_entry *victim = NULL;
	unsigned int i;

	if (t->n < t->prm.max_entries)
		return &t->v[t->n++];
	for (i = 0; i < t->n; i++) {
		struct neigh_entry *e = &t->v[i];

		if (e->pinned || (e->state != NEIGH_STALE &&
				  e->state != NEIGH_FAILED))
			continue;
		if (victim == NULL || e->confirmed < victim->confirmed)
			victim = e;
	}
	if (victim == NULL) {
		t->full++;
		return NULL;
	}
	t->evictions++;
	return victim;
}

static void
neigh_solicit(struct neigh_table *t, struct neigh_entry *e, bool unicast,
	      uint64_t now)
{
	e->probes++;
	e->deadline = now + t->prm.retrans_ms;
	if (t->solicit != NULL)
		t->solicit(t->arg, e->port, e->addr, unicast ? e->mac : NULL);
}

struct neigh_entry *
neigh_resolve_addr(struct neigh_table *t, uint16_t port, const uint8_t *addr,
		   bool pin, uint64_t now)
{
	struct neigh_entry *e = neigh_lookup_addr(t, port, addr);

	if (e != NULL) {
		e->pinned |= pin;
		return e;
	}
	e = neigh_slot(t);
	if (e == NULL)
		return NULL;
	neigh_fill(e, port, addr);
	e->pinned = pin;
	neigh_set_state(t, e, NEIGH_INCOMPLETE);
	neigh_solicit(t, e, false, now);
	return e;
}

struct neigh_entry *
neigh_confirm_addr(struct neigh_table *t, uint16_t port, const uint8_t *addr,
		   const uint8_t *mac, bool create, uint64_t now)
{
	struct neigh_entry *e = neigh_lookup_addr(t, port, addr);

	if (e == NULL) {
		if (!create)
			return NULL;
		e = neigh_slot(t);
		if (e == NULL)
			return NULL;
		neigh_fill(e, port, addr);
		e->state = NEIGH_INCOMPLETE;
	}
	memcpy(e->mac, mac, sizeof(e->mac));
	e->probes = 0;
	e->confirmed = now;
	e->deadline = now + t->prm.reachable_ms;
	neigh_set_state(t, e, NEIGH_REACHABLE);
	return e;
}

/*
 * A new round of requests for a pinned entry: unicast to the known MAC
 * when re-confirming (PROBE), broadcast when starting over (INCOMPLETE).
 */
static void
neigh_restart(struct neigh_table *t, struct neigh_entry *e,
	      enum neigh_state s, uint64_t now)
{
	e->probes = 0;
	neigh_set_state(t, e, s);
	neigh_solicit(t, e, s == NEIGH_PROBE, now);
}

/* Returns false when the entry was deleted (the slot now holds another). */
static bool
neigh_expire(struct neigh_table *t, struct neigh_entry *e, uint64_t now)
{
	switch (e->state) {
	case NEIGH_INCOMPLETE:
	case NEIGH_PROBE:
		if (e->probes < t->prm.probes) {
			neigh_solicit(t, e, e->state == NEIGH_PROBE, now);
		} else {
			e->deadline = now + t->prm.reachable_ms;
			neigh_set_state(t, e, NEIGH_FAILED);
		}
		return true;
	case NEIGH_REACHABLE:
		if (e->pinned) {
			neigh_restart(t, e, NEIGH_PROBE, now);
		} else {
			e->deadline = now + t->prm.reachable_ms;
			neigh_set_state(t, e, NEIGH_STALE);
		}
		return true;
	case NEIGH_FAILED:
		if (e->pinned) {
			neigh_restart(t, e, NEIGH_INCOMPLETE, now);
			return true;
		}
		/* fall through */
	case NEIGH_STALE:
	default:
		neigh_delete(t, e);
		return false;
	}
}

void
neigh_timer(struct neigh_table *t, uint64_t now)
{
	unsigned int i = 0;

	while (i < t->n) {
		struct neigh_entry *e = &t->v[i];

		if (e->deadline > now || neigh_expire(t, e, now))
			i++;
	}
}
