/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Admission of new tunnels and calls (ctl_l2tp_lim.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_l2tp_lim.h"

/* Half-open tunnels in all, when max_tunnels is larger. */
#define CTL_L2TP_LIM_HALF_OPEN_MAX	1024u
/* Source-table slots at least (busy SCCRQ sources at once). */
#define CTL_L2TP_LIM_SRC_MIN		1024u

/* ---- token buckets ----------------------------------------------------- */

static uint32_t
bucket_cap(const struct ctl_l2tp_rate *r)
{
	return r->burst * 1000u;	/* <= CTL_L2TP_RATE_MAX * 1000 < 2^32 */
}

/* Thousandths of a token b holds at now, capped at the burst. */
static uint32_t
bucket_level(const struct ctl_l2tp_bucket *b, const struct ctl_l2tp_rate *r,
	     uint64_t now)
{
	uint64_t cap = bucket_cap(r), dt, level;

	if (r->per_s == 0)
		return (uint32_t)cap;
	dt = now > b->stamp ? now - b->stamp : 0;
	/* A bucket empty for cap ms is full at any rate >= 1/s. */
	if (dt > cap)
		dt = cap;
	/* per_s tokens a second: per_s thousandths a millisecond. */
	level = b->milli + dt * r->per_s;
	return (uint32_t)(level < cap ? level : cap);
}

void
ctl_l2tp_bucket_fill(struct ctl_l2tp_bucket *b, const struct ctl_l2tp_rate *r)
{
	b->stamp = 0;
	b->milli = bucket_cap(r);
}

bool
ctl_l2tp_bucket_ready(struct ctl_l2tp_bucket *b, const struct ctl_l2tp_rate *r,
		      uint64_t now)
{
	b->milli = bucket_level(b, r, now);
	if (now > b->stamp)
		b->stamp = now;
	return r->per_s == 0 || b->milli >= 1000u;
}

void
ctl_l2tp_bucket_take(struct ctl_l2tp_bucket *b, const struct ctl_l2tp_rate *r)
{
	if (r->per_s != 0 && b->milli >= 1000u)
		b->milli -= 1000u;
}

bool
ctl_l2tp_bucket_full(const struct ctl_l2tp_bucket *b,
		     const struct ctl_l2tp_rate *r, uint64_t now)
{
	return bucket_level(b, r, now) >= bucket_cap(r);
}

static bool
rate_valid(const struct ctl_l2tp_rate *r)
{
	return r->per_s <= CTL_L2TP_RATE_MAX && r->burst >= 1 &&
		r->burst <= CTL_L2TP_RATE_MAX;
}

/* ---- set-up ------------------------------------------------------------ */

int
ctl_l2tp_lim_set(struct ctl_l2tp_lim *l, const struct ctl_l2tp_lim_conf *c)
{
	if (!rate_valid(&c->sccrq_peer) || !rate_valid(&c->sccrq_all) ||
	    !rate_valid(&c->icrq_peer) || !rate_valid(&c->icrq_all))
		return -EINVAL;
	l->max_half_open = c->max_tunnels < CTL_L2TP_LIM_HALF_OPEN_MAX ?
		c->max_tunnels : CTL_L2TP_LIM_HALF_OPEN_MAX;
	if (l->max_half_open == 0)
		l->max_half_open = 1;
	l->max_tunnels_per_peer = c->max_tunnels_per_peer;
	l->max_sessions_per_peer = c->max_sessions_per_peer;
	l->max_half_open_calls = c->max_half_open_calls;
	l->sccrq_peer = c->sccrq_peer;
	l->sccrq_all = c->sccrq_all;
	l->icrq_peer = c->icrq_peer;
	l->icrq_all = c->icrq_all;
	return 0;
}

int
ctl_l2tp_lim_init(struct ctl_l2tp_lim *l, const struct ctl_l2tp_lim_conf *c)
{
	uint32_t slots = 2, src_slots = CTL_L2TP_LIM_SRC_MIN, i;

	memset(l, 0, sizeof(*l));
	if (ctl_l2tp_lim_set(l, c) != 0)
		return -EINVAL;
	ctl_l2tp_bucket_fill(&l->sccrq_bucket, &l->sccrq_all);
	ctl_l2tp_bucket_fill(&l->icrq_bucket, &l->icrq_all);
	l->seed = c->seed;
	/* At least twice the entries: probe sequences stay short. */
	while (slots < 2 * (uint64_t)c->max_tunnels)
		slots <<= 1;
	while (src_slots < 2 * (uint64_t)c->max_tunnels)
		src_slots <<= 1;
	l->peers = calloc(slots, sizeof(*l->peers));
	l->srcs = malloc(src_slots * sizeof(*l->srcs));
	if (l->peers == NULL || l->srcs == NULL) {
		ctl_l2tp_lim_fini(l);
		return -ENOMEM;
	}
	l->mask = slots - 1;
	l->src_mask = src_slots - 1;
	/* Every slot a full bucket: all free (for address 0.0.0.0). */
	for (i = 0; i < src_slots; i++) {
		l->srcs[i].addr = 0;
		ctl_l2tp_bucket_fill(&l->srcs[i].sccrq, &l->sccrq_peer);
	}
	return 0;
}

void
ctl_l2tp_lim_fini(struct ctl_l2tp_lim *l)
{
	free(l->peers);
	free(l->srcs);
	l->peers = NULL;
	l->srcs = NULL;
}

/* The seeded 32-bit finaliser both tables hash addresses with. */
static uint32_t
lim_hash(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	uint32_t h = addr ^ l->seed;

	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	return h;
}

/* The slot addr hashes to in the peer table. */
static uint32_t
lim_home(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	return lim_hash(l, addr) & l->mask;
}

/* addr's slot, or the free slot ending its probe sequence. */
static uint32_t
lim_slot(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	uint32_t i = lim_home(l, addr);

	while (l->peers[i].tunnels != 0 && l->peers[i].addr != addr)
		i = (i + 1) & l->mask;
	return i;
}

static const struct ctl_l2tp_lim_peer *
lim_find(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	const struct ctl_l2tp_lim_peer *p = &l->peers[lim_slot(l, addr)];

	return p->tunnels != 0 ? p : NULL;
}

/* Is k cyclically in (i, j]? */
static bool
lim_between(uint32_t i, uint32_t k, uint32_t j)
{
	return i <= j ? i < k && k <= j : i < k || k <= j;
}

/*
 * Empty slot i and shift back the entries after it whose probe sequence
 * ran over it, so every entry stays reachable from its home slot.
 */
static void
lim_remove(struct ctl_l2tp_lim *l, uint32_t i)
{
	uint32_t j = i;

	for (;;) {
		l->peers[i].tunnels = 0;
		l->peers[i].sessions = 0;
		do {
			j = (j + 1) & l->mask;
			if (l->peers[j].tunnels == 0)
				return;
		} while (lim_between(i, lim_home(l, l->peers[j].addr), j));
		l->peers[i] = l->peers[j];
		i = j;
	}
}

enum ctl_l2tp_lim_verdict
ctl_l2tp_lim_tunnel_admit(const struct ctl_l2tp_lim *l, uint32_t addr,
			  const uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1])
{
	uint64_t half_open = tunnels[L2TP_TUNNEL_IDLE] +
		tunnels[L2TP_TUNNEL_WAIT_CTL_CONN] +
		tunnels[L2TP_TUNNEL_CLOSING];

	if (half_open >= l->max_half_open)
		return CTL_L2TP_LIM_HALF_OPEN;
	if (ctl_l2tp_lim_peer_tunnels(l, addr) >= l->max_tunnels_per_peer)
		return CTL_L2TP_LIM_PEER_TUNNELS;
	return CTL_L2TP_LIM_OK;
}

void
ctl_l2tp_lim_tunnel_add(struct ctl_l2tp_lim *l, uint32_t addr)
{
	struct ctl_l2tp_lim_peer *p = &l->peers[lim_slot(l, addr)];

	/* A free slot always ends the probe: entries <= tunnels < slots. */
	if (p->tunnels == 0) {
		p->addr = addr;
		p->sessions = 0;
		ctl_l2tp_bucket_fill(&p->icrq, &l->icrq_peer);
	}
	p->tunnels++;
}

void
ctl_l2tp_lim_tunnel_del(struct ctl_l2tp_lim *l, uint32_t addr)
{
	uint32_t i = lim_slot(l, addr);

	if (l->peers[i].tunnels == 0)
		return;
	if (--l->peers[i].tunnels == 0)
		lim_remove(l, i);
}

enum ctl_l2tp_lim_verdict
ctl_l2tp_lim_call_admit(const struct ctl_l2tp_lim *l, uint32_t addr,
			uint32_t waiting)
{
	if (ctl_l2tp_lim_peer_sessions(l, addr) >= l->max_sessions_per_peer)
		return CTL_L2TP_LIM_PEER_SESSIONS;
	if (waiting >= l->max_half_open_calls)
		return CTL_L2TP_LIM_HALF_OPEN_CALLS;
	return CTL_L2TP_LIM_OK;
}

void
ctl_l2tp_lim_session_add(struct ctl_l2tp_lim *l, uint32_t addr)
{
	struct ctl_l2tp_lim_peer *p = &l->peers[lim_slot(l, addr)];

	/* Calls live in tunnels: the peer has an entry. */
	if (p->tunnels != 0)
		p->sessions++;
}

void
ctl_l2tp_lim_session_del(struct ctl_l2tp_lim *l, uint32_t addr)
{
	struct ctl_l2tp_lim_peer *p = &l->peers[lim_slot(l, addr)];

	if (p->tunnels != 0 && p->sessions > 0)
		p->sessions--;
}

/*
 * Take a token from mine and from all if both have one: a request one
 * bucket refuses costs the other nothing.
 */
static enum ctl_l2tp_lim_verdict
lim_take2(struct ctl_l2tp_bucket *mine, const struct ctl_l2tp_rate *mr,
	  struct ctl_l2tp_bucket *all, const struct ctl_l2tp_rate *ar,
	  uint64_t now, enum ctl_l2tp_lim_verdict mine_v,
	  enum ctl_l2tp_lim_verdict all_v)
{
	if (mine != NULL && !ctl_l2tp_bucket_ready(mine, mr, now))
		return mine_v;
	if (!ctl_l2tp_bucket_ready(all, ar, now))
		return all_v;
	if (mine != NULL)
		ctl_l2tp_bucket_take(mine, mr);
	ctl_l2tp_bucket_take(all, ar);
	return CTL_L2TP_LIM_OK;
}

/*
 * addr's slot in the source table: its own, else the first one in its
 * probe window whose bucket is full (given to addr, full), else NULL.
 * Slots are never emptied, so the whole window is searched for addr.
 */
static struct ctl_l2tp_lim_src *
lim_src(struct ctl_l2tp_lim *l, uint32_t addr, uint64_t now)
{
	uint32_t home = lim_hash(l, addr) & l->src_mask, i;
	struct ctl_l2tp_lim_src *s, *idle = NULL;

	for (i = 0; i < CTL_L2TP_LIM_SRC_PROBE; i++) {
		s = &l->srcs[(home + i) & l->src_mask];
		if (s->addr == addr)
			return s;
		if (idle == NULL &&
		    ctl_l2tp_bucket_full(&s->sccrq, &l->sccrq_peer, now))
			idle = s;
	}
	if (idle != NULL) {
		idle->addr = addr;
		ctl_l2tp_bucket_fill(&idle->sccrq, &l->sccrq_peer);
	}
	return idle;
}

enum ctl_l2tp_lim_verdict
ctl_l2tp_lim_sccrq_rate(struct ctl_l2tp_lim *l, uint32_t addr, uint64_t now)
{
	struct ctl_l2tp_lim_src *s = lim_src(l, addr, now);

	if (s == NULL)
		l->src_no_slot++;
	return lim_take2(s != NULL ? &s->sccrq : NULL, &l->sccrq_peer,
			 &l->sccrq_bucket, &l->sccrq_all, now,
			 CTL_L2TP_LIM_PEER_SCCRQ_RATE, CTL_L2TP_LIM_SCCRQ_RATE);
}

enum ctl_l2tp_lim_verdict
ctl_l2tp_lim_icrq_rate(struct ctl_l2tp_lim *l, uint32_t addr, uint64_t now)
{
	struct ctl_l2tp_lim_peer *p = &l->peers[lim_slot(l, addr)];

	/* Calls live in tunnels: the peer has an entry. */
	return lim_take2(p->tunnels != 0 ? &p->icrq : NULL, &l->icrq_peer,
			 &l->icrq_bucket, &l->icrq_all, now,
			 CTL_L2TP_LIM_PEER_ICRQ_RATE, CTL_L2TP_LIM_ICRQ_RATE);
}

uint32_t
ctl_l2tp_lim_src_busy(const struct ctl_l2tp_lim *l, uint64_t now)
{
	uint32_t i, n = 0;

	for (i = 0; i <= l->src_mask; i++)
		if (!ctl_l2tp_bucket_full(&l->srcs[i].sccrq, &l->sccrq_peer,
					  now))
			n++;
	return n;
}

static const struct {
	const char *name;
	const char *text;
} ctl_l2tp_lim_verdicts[] = {
	[CTL_L2TP_LIM_OK] = { "ok", "" },
	[CTL_L2TP_LIM_HALF_OPEN] = { "half-open-limit",
		"half-open tunnel limit" },
	[CTL_L2TP_LIM_PEER_TUNNELS] = { "max-tunnels-per-peer",
		"tunnel limit of the peer" },
	[CTL_L2TP_LIM_PEER_SESSIONS] = { "max-sessions-per-peer",
		"session limit of the peer" },
	[CTL_L2TP_LIM_HALF_OPEN_CALLS] = { "half-open-calls",
		"calls without ICCN in the tunnel" },
	[CTL_L2TP_LIM_PEER_SCCRQ_RATE] = { "sccrq-rate-per-peer",
		"SCCRQ rate of the peer" },
	[CTL_L2TP_LIM_SCCRQ_RATE] = { "sccrq-rate", "SCCRQ rate of the LNS" },
	[CTL_L2TP_LIM_PEER_ICRQ_RATE] = { "icrq-rate-per-peer",
		"call rate of the peer" },
	[CTL_L2TP_LIM_ICRQ_RATE] = { "icrq-rate", "call rate of the LNS" },
};

const char *
ctl_l2tp_lim_name(enum ctl_l2tp_lim_verdict v)
{
	return (unsigned int)v <= CTL_L2TP_LIM_VERDICT_MAX ?
		ctl_l2tp_lim_verdicts[v].name : "?";
}

const char *
ctl_l2tp_lim_text(enum ctl_l2tp_lim_verdict v)
{
	return (unsigned int)v <= CTL_L2TP_LIM_VERDICT_MAX ?
		ctl_l2tp_lim_verdicts[v].text : "";
}

uint32_t
ctl_l2tp_lim_max(const struct ctl_l2tp_lim *l, enum ctl_l2tp_lim_verdict v)
{
	switch (v) {
	case CTL_L2TP_LIM_HALF_OPEN:
		return l->max_half_open;
	case CTL_L2TP_LIM_PEER_TUNNELS:
		return l->max_tunnels_per_peer;
	case CTL_L2TP_LIM_PEER_SESSIONS:
		return l->max_sessions_per_peer;
	case CTL_L2TP_LIM_HALF_OPEN_CALLS:
		return l->max_half_open_calls;
	case CTL_L2TP_LIM_PEER_SCCRQ_RATE:
		return l->sccrq_peer.per_s;
	case CTL_L2TP_LIM_SCCRQ_RATE:
		return l->sccrq_all.per_s;
	case CTL_L2TP_LIM_PEER_ICRQ_RATE:
		return l->icrq_peer.per_s;
	case CTL_L2TP_LIM_ICRQ_RATE:
		return l->icrq_all.per_s;
	default:
		return 0;
	}
}

uint32_t
ctl_l2tp_lim_peer_tunnels(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	const struct ctl_l2tp_lim_peer *p = lim_find(l, addr);

	return p != NULL ? p->tunnels : 0;
}

uint32_t
ctl_l2tp_lim_peer_sessions(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	const struct ctl_l2tp_lim_peer *p = lim_find(l, addr);

	return p != NULL ? p->sessions : 0;
}
