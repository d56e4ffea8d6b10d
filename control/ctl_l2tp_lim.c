/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Admission of new tunnels and calls (ctl_l2tp_lim.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ctl_l2tp_lim.h"

/* Half-open tunnels in all, when max_tunnels is larger. */
#define CTL_L2TP_LIM_HALF_OPEN_MAX	1024u

int
ctl_l2tp_lim_init(struct ctl_l2tp_lim *l, const struct ctl_l2tp_lim_conf *c)
{
	uint32_t slots = 2;

	l->max_half_open = c->max_tunnels < CTL_L2TP_LIM_HALF_OPEN_MAX ?
		c->max_tunnels : CTL_L2TP_LIM_HALF_OPEN_MAX;
	if (l->max_half_open == 0)
		l->max_half_open = 1;
	l->max_tunnels_per_peer = c->max_tunnels_per_peer;
	l->max_sessions_per_peer = c->max_sessions_per_peer;
	l->max_half_open_calls = c->max_half_open_calls;
	l->seed = c->seed;
	/* At least twice the entries: probe sequences stay short. */
	while (slots < 2 * (uint64_t)c->max_tunnels)
		slots <<= 1;
	l->peers = calloc(slots, sizeof(*l->peers));
	if (l->peers == NULL)
		return -ENOMEM;
	l->mask = slots - 1;
	return 0;
}

void
ctl_l2tp_lim_fini(struct ctl_l2tp_lim *l)
{
	free(l->peers);
	l->peers = NULL;
}

/* The slot addr hashes to (a 32-bit finaliser over the seeded key). */
static uint32_t
lim_home(const struct ctl_l2tp_lim *l, uint32_t addr)
{
	uint32_t h = addr ^ l->seed;

	h ^= h >> 16;
	h *= 0x7feb352dU;
	h ^= h >> 15;
	h *= 0x846ca68bU;
	h ^= h >> 16;
	return h & l->mask;
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
	p->addr = addr;
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
};

const char *
ctl_l2tp_lim_name(enum ctl_l2tp_lim_verdict v)
{
	return (unsigned int)v <= CTL_L2TP_LIM_HALF_OPEN_CALLS ?
		ctl_l2tp_lim_verdicts[v].name : "?";
}

const char *
ctl_l2tp_lim_text(enum ctl_l2tp_lim_verdict v)
{
	return (unsigned int)v <= CTL_L2TP_LIM_HALF_OPEN_CALLS ?
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
