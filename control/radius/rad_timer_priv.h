/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A hashed timer wheel with a 1 ms tick, private to the RADIUS client.
 *
 * Every request in flight has one timer (its next retransmission or its
 * deadline, whichever comes first), so with 10k+ requests arming,
 * stopping and expiring must all be O(1): a timer sits in the slot of its
 * expiry tick modulo RAD_WHEEL_SLOTS; advancing the wheel visits only the
 * slots of the ticks that passed (at most every slot once, however far
 * the clock jumped), and a timer further away than one turn stays in its
 * slot and is looked at again once per turn (4.096 s). A binary heap would
 * cost O(log n) per operation and an ordered list per retransmission
 * interval would not cover the per-request deadlines, which callers choose
 * freely.
 */
#ifndef LNS_RAD_TIMER_PRIV_H
#define LNS_RAD_TIMER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "rad_list_priv.h"

#define RAD_WHEEL_SLOTS	4096u	/* a power of 2: ticks of 1 ms */

struct rad_timer {
	struct rad_link link;	/* in a wheel slot, or in a list of timers due */
	uint64_t expire;	/* ms */
};

struct rad_wheel {
	struct rad_link slot[RAD_WHEEL_SLOTS];
	uint64_t now;		/* every tick up to now has been expired */
};

void rad_wheel_init(struct rad_wheel *w, uint64_t now);
/* An unarmed timer (also what rad_timer_stop leaves). */
void rad_timer_init(struct rad_timer *t);
/* (Re)arm t to expire at expire; a time already past expires at the next advance. */
void rad_timer_arm(struct rad_wheel *w, struct rad_timer *t, uint64_t expire);
void rad_timer_stop(struct rad_timer *t);
bool rad_timer_armed(const struct rad_timer *t);
/*
 * Advance the wheel to now: every timer whose expiry is <= now is moved,
 * in tick order, to the list due (a list head the caller owns). The caller
 * then takes them one by one; stopping or re-arming a timer still on due
 * takes it off.
 */
void rad_wheel_advance(struct rad_wheel *w, uint64_t now, struct rad_link *due);

#endif /* LNS_RAD_TIMER_PRIV_H */
