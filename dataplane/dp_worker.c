/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Worker main loop (DPDK examples/l3fwd is the model: burst RX, prefetch
 * ahead, buffered TX flushed on a TSC deadline).
 */
#include <errno.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "dp_classify.h"
#include "dp_fwd.h"
#include "dp_punt.h"
#include "dp_qos.h"
#include "dp_sess_ctr.h"
#include "dp_spread.h"
#include "dp_stats.h"
#include "dp_table.h"
#include "dp_worker.h"
#include "lns_log.h"
#include "lns_ring.h"
#include "port.h"

RTE_LOG_REGISTER(lns_logtype_dp, lnsd.dp, INFO);

#define DP_MAX_BURST 128
#define DP_PREFETCH_AHEAD 3
/* Indirect mbufs for fragment payloads, per socket. */
#define DP_FRAG_POOL 8191

/* Set by dp_workers_stop() (control lcore) to make every loop return. */
static volatile bool dp_workers_quit;

/* Worker-private context; only its own lcore touches it. */
struct dp_worker {
	uint16_t burst;
	uint64_t flush_cycles;
	struct dp_fwd_ctx fwd;		/* forwarding state, TX buffers; its
					 * queue is the RX and TX queue index
					 * on every port */
	struct rte_eth_dev_tx_buffer *txb[CFG_MAX_PORTS];
	struct dp_qos_worker qos;	/* fwd.qos points here, if enabled */
	struct rte_meter_srtcm_profile punt6_prof;	/* fwd.punt6_prof */
	struct dp_spread_worker spread;	/* dataplane.spread, sp NULL: off */
} __rte_cache_aligned;

static struct dp_worker *dp_workers[RTE_MAX_LCORE];
static struct dp_worker_conf dp_wconf;
/* The spread stage's rings while the workers run; NULL: off. */
static struct dp_spread *dp_spread_sh;

static void
dp_punt_burst(const struct dp_worker *w, struct dp_stats *st,
	      struct rte_mbuf **pkts, unsigned int n)
{
	unsigned int sent;

	if (n == 0)
		return;
	sent = rte_ring_enqueue_burst(w->fwd.punt, (void **)pkts, n, NULL);
	if (unlikely(sent < n)) {
		st->drop[DP_DROP_PUNT_FULL] += n - sent;
		rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
	}
}

/* Worker 0 carries control frames for ports without a spare TX queue. */
static void
dp_drain_ctl_rings(struct dp_worker *w, struct dp_stats *st)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, n, k;

	for (i = 0; i < port_count; i++) {
		const struct port *p = &port_table[i];

		if (p->ctl_ring == NULL)
			continue;
		n = rte_ring_dequeue_burst(p->ctl_ring, (void **)pkts, 32, NULL);
		for (k = 0; k < n; k++)
			st->tx_pkts += rte_eth_tx_buffer(p->port_id, w->fwd.queue,
							  w->txb[i], pkts[k]);
		st->ctl_tx_pkts += n;
	}
}

/*
 * A frame's first two cache lines: upstream, the inner IPv4 header of a
 * small packet straddles them (14 + 20 + 8 + 6 + 4 = 52 octets of outer
 * headers before it).
 */
static inline void
dp_prefetch_frame(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

	rte_prefetch0(p);
	rte_prefetch0(p + RTE_CACHE_LINE_SIZE);
}

/*
 * Hand a classified list to the forwarding code, DP_FWD_BURST at a time;
 * upstream lists come with their parses (up != NULL).
 */
static inline void
dp_fwd_list(struct dp_worker *w, struct rte_mbuf **pkts,
	    const struct lns_l2tp_data *up, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i += k) {
		k = RTE_MIN(n - i, (unsigned int)DP_FWD_BURST);
		if (up != NULL)
			dp_fwd_up_burst(&w->fwd, &pkts[i], &up[i], k);
		else
			dp_fwd_down_burst(&w->fwd, &pkts[i], k);
	}
}

/* Downstream IPv6 (its own FIB: dp_fwd6.c), DP_FWD_BURST at a time. */
static inline void
dp_fwd_list6(struct dp_worker *w, struct rte_mbuf **pkts, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i += k) {
		k = RTE_MIN(n - i, (unsigned int)DP_FWD_BURST);
		dp_fwd_down6_burst(&w->fwd, &pkts[i], k);
	}
}

/*
 * One RX burst: classify every frame (prefetching ahead), collect the
 * punts, the upstream and the downstream frames, then forward each list
 * in bursts (bulk lookups, dp_fwd.c).
 *
 * The L2TP/PPP headers of an upstream frame are parsed once, by
 * dp_classify(), straight into upd[nu]: the slot beside up[nu], kept
 * only when the verdict is UP (no copy). dp_fwd_up_burst() reads the
 * lookup key and the inner offsets from there: an 18-octet store and a
 * few loads from a 2.3 KiB stack array that stays in L1, where a second
 * parse would redo a dozen dependent byte loads and as many branches per
 * packet. Passing the parse down beats re-parsing, and beats a per-mbuf
 * field (dynfield writes would dirty the mbuf's second cache line).
 */
static void
dp_rx_port(struct dp_worker *w, struct dp_stats *st, const struct port *p)
{
	struct rte_mbuf *pkts[DP_MAX_BURST], *punt[DP_MAX_BURST];
	struct rte_mbuf *up[DP_MAX_BURST], *down[DP_MAX_BURST];
	struct rte_mbuf *down6[DP_MAX_BURST];
	struct lns_l2tp_data upd[DP_MAX_BURST];
	const struct dp_table *t = w->fwd.table;
	unsigned int i, n, np = 0, nu = 0, nd = 0, nd6 = 0;

	n = rte_eth_rx_burst(p->port_id, w->fwd.queue, pkts, w->burst);
	if (n == 0)
		return;
	st->rx_pkts += n;
	for (i = 0; i < n && i < DP_PREFETCH_AHEAD; i++)
		dp_prefetch_frame(pkts[i]);
	for (i = 0; i < n; i++) {
		struct dp_verdict r;

		if (i + DP_PREFETCH_AHEAD < n)
			dp_prefetch_frame(pkts[i + DP_PREFETCH_AHEAD]);
		r = dp_classify(p, &pkts[i], &upd[nu]);
		switch (r.kind) {
		case DP_VERDICT_PUNT:
			if (unlikely(dp_punt_is_ipv6_ctl(r.reason)) &&
			    !dp_fwd_punt6_admit(&w->fwd)) {
				st->drop[DP_DROP_PUNT6_LIMIT]++;
				rte_pktmbuf_free(pkts[i]);
				break;
			}
			st->punt[r.reason]++;
			dp_punt_tag(pkts[i], r.reason, 0, 0);
			punt[np++] = pkts[i];
			break;
		case DP_VERDICT_UP:
			if (likely(t != NULL))
				dp_table_up_prefetch(t, dp_table_up_key(
					upd[nu].tid, upd[nu].sid));
			up[nu++] = pkts[i];
			break;
		case DP_VERDICT_DOWN:
			down[nd++] = pkts[i];
			break;
		case DP_VERDICT_DOWN6:
			down6[nd6++] = pkts[i];
			break;
		default:
			st->drop[r.reason]++;
			rte_pktmbuf_free(pkts[i]);
			break;
		}
	}
	dp_punt_burst(w, st, punt, np);
	nu = dp_spread_rx(&w->spread, st, p->rss_l2tp, up, upd, nu);
	dp_fwd_list(w, up, upd, nu);
	dp_fwd_list(w, down, NULL, nd);
	dp_fwd_list6(w, down6, nd6);
}

/* Forward what other workers handed over (dp_spread.h), parses with it. */
static void
dp_spread_serve(struct dp_worker *w, struct dp_stats *st)
{
	struct rte_mbuf *pkts[DP_SPREAD_TAKE];
	struct lns_l2tp_data d[DP_SPREAD_TAKE];
	unsigned int n;

	n = dp_spread_take(&w->spread, st, pkts, d, DP_SPREAD_TAKE);
	dp_fwd_list(w, pkts, d, n);
}

static int
dp_worker_main(void *arg)
{
	struct dp_worker *w = arg;
	struct dp_stats *st = w->fwd.st;
	const struct dp_table *t = w->fwd.table;
	uint64_t prev = rte_rdtsc(), now;
	unsigned int i;

	w->fwd.now = prev;

	LNS_LOG(INFO, dp, "worker=%u lcore=%u event=start queue=%u",
		w->fwd.queue, rte_lcore_id(), w->fwd.queue);
	if (t != NULL)
		dp_table_worker_register((struct dp_table *)(uintptr_t)t,
					 rte_lcore_id());
	while (likely(!dp_workers_quit)) {
		/* Own cache line, plain store: read by dp_workers_stalled(). */
		st->loops++;
		for (i = 0; i < port_count; i++)
			dp_rx_port(w, st, &port_table[i]);
		if (w->spread.sp != NULL)
			dp_spread_serve(w, st);
		if (w->fwd.queue == 0)
			dp_drain_ctl_rings(w, st);
		now = rte_rdtsc();
		/*
		 * The pass's one TSC read is the policer's and shaper's
		 * clock (the next pass's RX sees it: at most one pass old,
		 * never going back). Hand-offs and FIFOs are served after
		 * RX so what they send joins this pass's TX flush.
		 */
		w->fwd.now = now;
		if (w->fwd.qos != NULL)
			dp_qos_poll(&w->fwd);
		/*
		 * auto: spreading switched on or off; what this worker sent
		 * itself leaves before what the new path carries.
		 */
		if (w->spread.sp != NULL &&
		    unlikely(dp_spread_window(&w->spread, now)))
			prev = now - w->flush_cycles - 1;
		if (unlikely(now - prev > w->flush_cycles)) {
			for (i = 0; i < port_count; i++)
				st->tx_pkts += rte_eth_tx_buffer_flush(
					port_table[i].port_id, w->fwd.queue, w->txb[i]);
			prev = now;
		}
		/* No session pointer is held across loops (RCU, dp_table.h). */
		if (t != NULL)
			dp_table_quiescent(t, rte_lcore_id());
	}
	/* Unregister first: the writer must never wait for a stopped lcore. */
	if (t != NULL)
		dp_table_worker_unregister((struct dp_table *)(uintptr_t)t,
					   rte_lcore_id());
	for (i = 0; i < port_count; i++)
		rte_eth_tx_buffer_flush(port_table[i].port_id, w->fwd.queue, w->txb[i]);
	LNS_LOG(INFO, dp, "worker=%u lcore=%u event=stop", w->fwd.queue, rte_lcore_id());
	return 0;
}

static struct dp_worker *
dp_worker_alloc(unsigned int lcore, uint16_t queue)
{
	struct dp_stats *st = dp_stats_lcore(lcore);
	int socket = (int)rte_lcore_to_socket_id(lcore);
	struct dp_worker *w;
	unsigned int i;

	w = rte_zmalloc_socket("dp_worker", sizeof(*w), RTE_CACHE_LINE_SIZE, socket);
	if (w == NULL)
		return NULL;
	w->fwd.st = st;
	w->fwd.queue = queue;
	w->fwd.txb = w->txb;
	w->fwd.ip_id = (uint16_t)(lcore << 10);	/* disjoint-ish per lcore */
	w->fwd.ctr = dp_sess_ctr_lcore(lcore);
	w->fwd.table = dp_wconf.table;
	w->fwd.seq = dp_wconf.seq;
	w->fwd.punt = dp_wconf.punt;
	w->fwd.core_port = dp_wconf.core_port;
	if (dp_wconf.qos != NULL) {
		w->qos.q = dp_wconf.qos;
		w->qos.id = queue;
		w->fwd.qos = &w->qos;
	}
	if (dp_fwd_punt6_profile(&w->punt6_prof) == 0 &&
	    rte_meter_srtcm_config(&w->fwd.punt6, &w->punt6_prof) == 0)
		w->fwd.punt6_prof = &w->punt6_prof;
	else	/* cannot happen with constant parameters: say so */
		LNS_LOG(WARNING, dp, "lcore=%u event=punt6-meter-failed", lcore);
	/* Without it, downstream packets that need fragmenting are dropped. */
	w->fwd.frag_indirect = dp_fwd_frag_pool(socket, DP_FRAG_POOL);
	if (w->fwd.frag_indirect == NULL)
		LNS_LOG(WARNING, dp, "lcore=%u event=frag-pool-failed error=\"%s\"",
			lcore, rte_strerror(rte_errno));
	if (dp_spread_worker_init(&w->spread, dp_spread_sh, queue, socket) != 0)
		return NULL;
	w->burst = RTE_MIN(dp_wconf.cfg->dataplane.burst, DP_MAX_BURST);
	w->flush_cycles = (rte_get_tsc_hz() + 999999) / 1000000 *
			  dp_wconf.cfg->dataplane.tx_flush_us;
	for (i = 0; i < port_count; i++) {
		w->txb[i] = rte_zmalloc_socket("dp_txb",
			RTE_ETH_TX_BUFFER_SIZE(DP_MAX_BURST), 0, socket);
		if (w->txb[i] == NULL)
			return NULL;
		rte_eth_tx_buffer_init(w->txb[i], w->burst);
		/* Unsent frames are freed and counted, never retried. */
		rte_eth_tx_buffer_set_err_callback(w->txb[i],
			rte_eth_tx_buffer_count_callback, &st->drop[DP_DROP_TX_FULL]);
	}
	return w;
}

static void
dp_workers_free(void)
{
	unsigned int l, i;

	for (l = 0; l < RTE_MAX_LCORE; l++) {
		if (dp_workers[l] == NULL)
			continue;
		for (i = 0; i < CFG_MAX_PORTS; i++)
			rte_free(dp_workers[l]->txb[i]);
		dp_spread_worker_fini(&dp_workers[l]->spread);
		rte_free(dp_workers[l]);
		dp_workers[l] = NULL;
	}
}

unsigned int
dp_workers_launch(const struct dp_worker_conf *wc)
{
	unsigned int lcore, n = 0;

	dp_wconf = *wc;
	dp_workers_quit = false;
	/* Made before any worker runs, freed after they all stopped. */
	dp_spread_sh = dp_spread_create(wc->cfg->dataplane.spread,
					rte_lcore_count() - 1,
					wc->cfg->dataplane.spread_force_self,
					port_count > 0 ? port_table[0].socket :
					(int)rte_socket_id());
	RTE_LCORE_FOREACH_WORKER(lcore) {
		struct dp_worker *w = dp_worker_alloc(lcore, (uint16_t)n);

		if (w == NULL) {
			LNS_LOG(ERR, dp, "lcore=%u event=alloc-failed", lcore);
			break;
		}
		dp_workers[lcore] = w;
		if (rte_eal_remote_launch(dp_worker_main, w, lcore) != 0)
			break;
		n++;
	}
	return n;
}

unsigned int
dp_workers_stalled(unsigned int *lcores, unsigned int max)
{
	static uint64_t seen[RTE_MAX_LCORE];
	unsigned int lcore, n = 0;
	uint64_t cur;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		if (dp_workers[lcore] == NULL ||
		    rte_eal_get_lcore_state(lcore) != RUNNING)
			continue;
		cur = __atomic_load_n(&dp_workers[lcore]->fwd.st->loops,
				      __ATOMIC_RELAXED);
		if (cur == seen[lcore] && n < max)
			lcores[n++] = lcore;
		seen[lcore] = cur;
	}
	return n;
}

void
dp_workers_stop(void)
{
	unsigned int lcore;

	dp_workers_quit = true;
	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_wait_lcore(lcore);
	/* All stopped: no hand-off can arrive any more. */
	RTE_LCORE_FOREACH_WORKER(lcore)
		if (dp_workers[lcore] != NULL)
			dp_qos_worker_flush(&dp_workers[lcore]->fwd);
	/* What no owner took: counted as the first worker's. */
	dp_spread_free(dp_spread_sh,
		       dp_stats_lcore(rte_get_next_lcore(-1, 1, 0)));
	dp_spread_sh = NULL;
	dp_workers_free();
}
