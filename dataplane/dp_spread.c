/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The software spread stage (dp_spread.h): rings, hand-off, take, and the
 * auto mode's decision.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "dp_spread.h"
#include "lns_log.h"

/* rte_ring element sizes are multiples of 4 octets. */
_Static_assert(sizeof(struct dp_spread_ent) % 4 == 0, "ring element size");

static const char *
dp_spread_mode_name(enum cfg_dp_spread mode)
{
	return mode == CFG_SPREAD_ON ? "on" :
	       mode == CFG_SPREAD_AUTO ? "auto" : "off";
}

struct dp_spread *
dp_spread_create(enum cfg_dp_spread mode, unsigned int nb, bool force_self,
		 int socket)
{
	struct dp_spread *sp;
	char name[RTE_RING_NAMESIZE];
	unsigned int f, t;

	if (mode == CFG_SPREAD_OFF || nb == 0)
		return NULL;
	if (nb == 1 && !force_self) {
		LNS_LOG(INFO, dp, "event=spread mode=%s workers=1 "
			"note=\"one worker: the stage is a no-op\"",
			dp_spread_mode_name(mode));
		return NULL;
	}
	sp = rte_zmalloc_socket("dp_spread", sizeof(*sp), RTE_CACHE_LINE_SIZE,
				socket);
	if (sp == NULL)
		goto nomem;
	sp->nb = (uint16_t)nb;
	sp->mode = (uint8_t)mode;
	sp->force_self = force_self;
	sp->win_cycles = rte_get_tsc_hz() / 1000 * DP_SPREAD_WINDOW_MS;
	sp->slot = rte_zmalloc_socket("dp_spread_slot",
				      sizeof(*sp->slot) * nb,
				      RTE_CACHE_LINE_SIZE, socket);
	sp->ring = rte_zmalloc_socket("dp_spread_ring",
				      sizeof(*sp->ring) * nb * nb, 0, socket);
	if (sp->slot == NULL || sp->ring == NULL)
		goto fail;
	for (f = 0; f < nb; f++)
		for (t = 0; t < nb; t++) {
			/* No ring to itself unless forced (lns-bench). */
			if (f == t && !sp->force_self)
				continue;
			snprintf(name, sizeof(name), "lns_spr_%u_%u",
				 (uint16_t)f, (uint16_t)t);
			sp->ring[f * nb + t] = rte_ring_create_elem(name,
				sizeof(struct dp_spread_ent), DP_SPREAD_RING,
				socket, RING_F_SP_ENQ | RING_F_SC_DEQ);
			if (sp->ring[f * nb + t] == NULL)
				goto fail;
		}
	LNS_LOG(INFO, dp, "event=spread mode=%s workers=%u rings=%u "
		"ring_size=%u%s", dp_spread_mode_name(mode), nb,
		sp->force_self ? nb * nb : nb * (nb - 1), DP_SPREAD_RING,
		sp->force_self ? " forced=self" : "");
	return sp;
fail:
	dp_spread_free(sp, NULL);
nomem:
	LNS_LOG(ERR, dp, "event=spread-failed workers=%u error=\"%s\"", nb,
		rte_strerror(rte_errno));
	return NULL;
}

void
dp_spread_free(struct dp_spread *sp, struct dp_stats *st)
{
	struct dp_spread_ent e;
	unsigned int i;

	if (sp == NULL)
		return;
	for (i = 0; sp->ring != NULL && i < (unsigned int)sp->nb * sp->nb;
	     i++) {
		if (sp->ring[i] == NULL)
			continue;
		while (rte_ring_dequeue_elem(sp->ring[i], &e, sizeof(e)) == 0) {
			rte_pktmbuf_free(e.m);
			if (st != NULL)
				st->drop[DP_DROP_SPREAD_FLUSHED]++;
		}
		rte_ring_free(sp->ring[i]);
	}
	rte_free(sp->ring);
	rte_free(sp->slot);
	rte_free(sp);
}

int
dp_spread_worker_init(struct dp_spread_worker *w, const struct dp_spread *sp,
		      unsigned int id, int socket)
{
	unsigned int nb;

	memset(w, 0, sizeof(*w));
	if (sp == NULL)
		return 0;
	nb = sp->nb;
	w->id = (uint16_t)id;
	w->next_src = (uint16_t)id;
	w->seen = rte_zmalloc_socket("dp_spread_seen", sizeof(*w->seen) * nb,
				     0, socket);
	w->nst = rte_zmalloc_socket("dp_spread_nst", sizeof(*w->nst) * nb,
				    0, socket);
	w->stage = rte_zmalloc_socket("dp_spread_stage",
		sizeof(*w->stage) * nb * DP_SPREAD_STAGE, RTE_CACHE_LINE_SIZE,
		socket);
	if (w->seen == NULL || w->nst == NULL || w->stage == NULL) {
		dp_spread_worker_fini(w);
		return -ENOMEM;
	}
	w->sp = sp;
	/* on: from the first frame; auto: from the first window's verdict. */
	w->on = sp->mode == CFG_SPREAD_ON;
	w->win_end = sp->mode == CFG_SPREAD_AUTO ?
		     rte_get_tsc_cycles() + sp->win_cycles : UINT64_MAX;
	return 0;
}

void
dp_spread_worker_fini(struct dp_spread_worker *w)
{
	rte_free(w->seen);
	rte_free(w->nst);
	rte_free(w->stage);
	memset(w, 0, sizeof(*w));
}

/* One burst enqueue of what is staged for owner o; the rest is dropped. */
static void
dp_spread_flush(struct dp_spread_worker *w, struct dp_stats *st,
		unsigned int o)
{
	const struct dp_spread *sp = w->sp;
	struct dp_spread_ent *e = &w->stage[o * DP_SPREAD_STAGE];
	unsigned int n = w->nst[o], sent, i;

	sent = rte_ring_sp_enqueue_burst_elem(sp->ring[w->id * sp->nb + o],
					      e, sizeof(*e), n, NULL);
	st->spread_out_pkts += sent;
	if (unlikely(sent < n)) {
		st->drop[DP_DROP_SPREAD_FULL] += n - sent;
		for (i = sent; i < n; i++)
			rte_pktmbuf_free(e[i].m);
	}
	w->nst[o] = 0;
}

unsigned int
dp_spread_up(struct dp_spread_worker *w, struct dp_stats *st,
	     struct rte_mbuf **pkts, struct lns_l2tp_data *d, unsigned int n)
{
	const struct dp_spread *sp = w->sp;
	unsigned int i, k = 0, o, nb = sp->nb;
	struct dp_spread_ent *e;

	for (i = 0; i < n; i++) {
		o = dp_spread_owner(d[i].tid, d[i].sid, nb);
		if (o == w->id && !sp->force_self) {
			if (k != i) {
				pkts[k] = pkts[i];
				d[k] = d[i];
			}
			k++;
			continue;
		}
		e = &w->stage[o * DP_SPREAD_STAGE + w->nst[o]];
		e->m = pkts[i];
		e->d = d[i];
		if (++w->nst[o] == DP_SPREAD_STAGE)
			dp_spread_flush(w, st, o);
	}
	/* Nothing stays staged past the burst: the owner sees it this pass. */
	for (o = 0; o < nb; o++)
		if (w->nst[o] != 0)
			dp_spread_flush(w, st, o);
	return k;
}

unsigned int
dp_spread_take(struct dp_spread_worker *w, struct dp_stats *st,
	       struct rte_mbuf **pkts, struct lns_l2tp_data *d,
	       unsigned int max)
{
	const struct dp_spread *sp = w->sp;
	struct dp_spread_ent e[DP_SPREAD_STAGE];
	unsigned int nb = sp->nb, src, k, i, got, total = 0, empty = 0;
	struct rte_ring *r;

	/*
	 * Round robin over the sources, a stage's worth at a time, so one
	 * busy source cannot starve the others; stop when max is reached
	 * or every ring was found empty in a row.
	 */
	src = w->next_src;
	while (total < max && empty < nb) {
		src = src + 1 == nb ? 0 : src + 1;
		r = sp->ring[src * nb + w->id];
		if (r == NULL) {
			empty++;
			continue;
		}
		k = RTE_MIN(max - total, (unsigned int)DP_SPREAD_STAGE);
		got = rte_ring_sc_dequeue_burst_elem(r, e, sizeof(e[0]), k,
						     NULL);
		if (got == 0) {
			empty++;
			continue;
		}
		empty = 0;
		for (i = 0; i < got; i++) {
			pkts[total + i] = e[i].m;
			d[total + i] = e[i].d;
		}
		total += got;
	}
	w->next_src = (uint16_t)src;
	st->spread_in_pkts += total;
	return total;
}

int
dp_spread_auto_decide(uint64_t mine, uint64_t total, unsigned int nb, int on)
{
	uint64_t on_pm, off_pm, share_pm;

	if (nb < 2 || total < DP_SPREAD_AUTO_MIN)
		return 0;
	/* Per mille of the total: 2/nb, at most half way from 1/nb to all. */
	on_pm = RTE_MIN(2000u / nb, 500u + 500u / nb);
	off_pm = (on_pm + 1000u / nb) / 2;
	share_pm = mine * 1000 / total;
	return on ? share_pm >= off_pm : share_pm > on_pm;
}

int
dp_spread_window(struct dp_spread_worker *w, uint64_t now)
{
	const struct dp_spread *sp = w->sp;
	uint64_t cur, mine = 0, total = 0;
	unsigned int i;
	uint8_t was = w->on;

	if (likely(now < w->win_end))
		return 0;
	w->win_end = now + sp->win_cycles;
	for (i = 0; i < sp->nb; i++) {
		cur = __atomic_load_n(&sp->slot[i].up_rx, __ATOMIC_RELAXED);
		total += cur - w->seen[i];
		if (i == w->id)
			mine = cur - w->seen[i];
		w->seen[i] = cur;
	}
	w->on = (uint8_t)dp_spread_auto_decide(mine, total, sp->nb, w->on);
	return w->on != was;
}
