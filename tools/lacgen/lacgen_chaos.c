/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control-frame chaos: loss, duplication and reordering with a seeded
 * PRNG, so that a run with the same --seed against the same LNS behaves
 * the same way. Applied to every transmitted control frame (ZLBs and
 * retransmissions included: that is what a lossy network does) and, with
 * --rx-chaos, to every received one.
 *
 * Reordering holds one frame back and releases it right after the next
 * frame of the same direction, or after LACGEN_CHAOS_HOLD_MS if no other
 * frame comes (a lone message must not be lost by reordering).
 */

#include <string.h>

#include "lacgen.h"

/* splitmix64: tiny, fast, good enough for loss decisions. */
uint64_t
lacgen_rng_next(uint64_t *state)
{
	uint64_t z;

	*state += UINT64_C(0x9e3779b97f4a7c15);
	z = *state;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

double
lacgen_rng_unit(uint64_t *state)
{
	/* 53 random bits as a double in [0, 1). */
	return (double)(lacgen_rng_next(state) >> 11) * 0x1.0p-53;
}

void
lacgen_chaos_init(struct lacgen_chaos *c, double loss, double dup,
    double reorder, uint64_t *rng, lacgen_chaos_out_t out)
{
	memset(c, 0, sizeof(*c));
	c->loss = loss;
	c->dup = dup;
	c->reorder = reorder;
	c->rng = rng;
	c->out = out;
}

static bool
chaos_roll(struct lacgen_chaos *c, double p)
{
	if (p <= 0.0)
		return false;
	return lacgen_rng_unit(c->rng) < p;
}

static void
chaos_release(struct lacgen_chaos *c, uint64_t now)
{
	if (!c->held)
		return;
	c->held = false;
	c->out(c->held_ctx, c->held_buf, c->held_len, c->held_aux, now);
}

void
lacgen_chaos_pass(struct lacgen_chaos *c, void *ctx, const uint8_t *buf,
    size_t len, uint32_t aux, uint64_t now)
{
	if (chaos_roll(c, c->loss)) {
		c->stats.dropped++;
		return;
	}
	if (!c->held && len <= sizeof(c->held_buf) &&
	    chaos_roll(c, c->reorder)) {
		c->stats.reordered++;
		c->held = true;
		c->held_ctx = ctx;
		c->held_aux = aux;
		c->held_len = (uint16_t)len;
		c->held_deadline = now + LACGEN_CHAOS_HOLD_MS;
		memcpy(c->held_buf, buf, len);
		return;
	}
	c->stats.passed++;
	c->out(ctx, buf, len, aux, now);
	if (chaos_roll(c, c->dup)) {
		c->stats.duplicated++;
		c->out(ctx, buf, len, aux, now);
	}
	/* The held frame now arrives after a later one. */
	chaos_release(c, now);
}

void
lacgen_chaos_flush(struct lacgen_chaos *c, uint64_t now)
{
	if (c->held && now >= c->held_deadline)
		chaos_release(c, now);
}
