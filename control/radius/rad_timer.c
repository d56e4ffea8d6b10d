/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The RADIUS client's timer wheel (see rad_timer_priv.h for why a wheel).
 */
#include "rad_timer_priv.h"

#define SLOT_MASK	(RAD_WHEEL_SLOTS - 1)

void
rad_wheel_init(struct rad_wheel *w, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < RAD_WHEEL_SLOTS; i++)
		rad_list_init(&w->slot[i]);
	w->now = now;
}

void
rad_timer_init(struct rad_timer *t)
{
	rad_list_init(&t->link);
	t->expire = 0;
}

void
rad_timer_arm(struct rad_wheel *w, struct rad_timer *t, uint64_t expire)
{
	/*
	 * The ticks up to w->now are behind us: a timer for one of them goes
	 * into the next tick's slot, which the next advance visits first.
	 */
	uint64_t tick = expire > w->now ? expire : w->now + 1;

	rad_list_del(&t->link);
	t->expire = expire;
	rad_list_push_tail(&w->slot[tick & SLOT_MASK], &t->link);
}

void
rad_timer_stop(struct rad_timer *t)
{
	rad_list_del(&t->link);
}

bool
rad_timer_armed(const struct rad_timer *t)
{
	return rad_list_linked(&t->link);
}

static void
collect_slot(struct rad_link *slot, uint64_t now, struct rad_link *due)
{
	struct rad_link *e, *next;
	struct rad_timer *t;

	for (e = slot->next; e != slot; e = next) {
		next = e->next;
		t = rad_container_of(e, struct rad_timer, link);
		if (t->expire <= now) {
			rad_list_del(e);
			rad_list_push_tail(due, e);
		}
	}
}

void
rad_wheel_advance(struct rad_wheel *w, uint64_t now, struct rad_link *due)
{
	uint64_t tick, last;

	if (now <= w->now)
		return;
	/* One turn at most: past it every slot has been visited. */
	last = now - w->now > RAD_WHEEL_SLOTS ? w->now + RAD_WHEEL_SLOTS : now;
	for (tick = w->now + 1; tick <= last; tick++)
		collect_slot(&w->slot[tick & SLOT_MASK], now, due);
	w->now = now;
}
