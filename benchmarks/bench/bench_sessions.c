/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Sessions, deterministic: session i is on tunnel t = i / per_tunnel
 * (local tunnel ID t + 1, from LAC 198.51.100.(10 + t % 4)), local
 * session ID i % per_tunnel + 1, subscriber 100.64.0.1 + i. The tables
 * are made by dp_init() from the same configuration keys as lnsd's
 * (l2tp.max_sessions, max_tunnels, max_sessions_per_tunnel), and the
 * sessions installed with dp_session_add(), as lnsd's control lcore does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "bench.h"
#include "lns_bytes.h"
#include "dp_api.h"
#include "port.h"

/* lnsd's defaults (l2tp.max_tunnels, l2tp.max_sessions_per_tunnel). */
#define BENCH_LNSD_MAX_TUNNELS	4096
#define BENCH_LNSD_MAX_SID	65535

static void
bench_mp_print(struct rte_mempool *mp, void *arg)
{
	printf("#   mempool %s: %u x %u B = %.1f MiB\n", mp->name, mp->size,
	       mp->header_size + mp->elt_size + mp->trailer_size,
	       (double)mp->size * (mp->header_size + mp->elt_size + mp->trailer_size) /
	       (1 << 20));
}

void
bench_sub6(uint8_t *a, uint32_t i, bool pd)
{
	memset(a, 0, 16);
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	if (pd) {
		a[4] = (uint8_t)(BENCH_PD_BIT | i >> 16);
		a[5] = (uint8_t)(i >> 8);
		a[6] = (uint8_t)i;
	} else {
		lns_put_be32(a + 4, i);
	}
}

static void
bench_desc(struct dp_session_desc *d, const struct bench_ports *bp,
	   uint32_t i, uint32_t per_tunnel, bool v6)
{
	uint8_t a[16];

	uint32_t t = i / per_tunnel, s = i % per_tunnel;

	memset(d, 0, sizeof(*d));
	d->session_index = i;
	d->local_tid = (uint16_t)(t + 1);
	d->local_sid = (uint16_t)(s + 1);
	d->peer_tid = BENCH_PEER_TID(t);
	d->peer_sid = (uint16_t)(s + 1);
	d->local_ip = bp->access_ip;
	d->peer_ip = rte_cpu_to_be_32(BENCH_LAC_IP(t));
	d->local_udp_port = 1701;
	d->peer_udp_port = 1701;
	d->access_port = BENCH_ACCESS;
	memcpy(d->local_mac.addr_bytes, bp->access_mac, 6);
	d->peer_mac = (struct rte_ether_addr){
		BENCH_LAC_MAC(t % BENCH_NB_LAC) };
	d->sub_ip = rte_cpu_to_be_32(BENCH_SUB_BASE + i);
	d->mru = 1500;
	d->mss = 1460;		/* lnsd's derived default: MRU - 40 */
	if (v6) {		/* IPv6CP up, RA /64, DHCPv6-PD /56 */
		d->flags |= DP_SESS_F_IPV6;
		bench_sub6(a, i, false);
		memcpy(d->sub_ip6_prefix, a, 8);
		d->nb_routes6 = 1;
		bench_sub6(d->routes6[0].prefix, i, true);
		d->routes6[0].len = 56;
	}
}

int
bench_sessions_create(const struct bench_opts *o, struct cfg *cfg, uint32_t n,
		      struct bench_sess *bs)
{
	struct dp_table_info ti;
	int ret;

	memset(bs, 0, sizeof(*bs));
	bs->n = n;
	bs->v6 = o->fams[BENCH_V6];
	if (bs->v6 && n > (1u << 23))
		return -E2BIG;
	bs->per_tunnel = RTE_MIN(o->per_tunnel, n);
	bs->tunnels = (n + bs->per_tunnel - 1) / bs->per_tunnel;
	if (bs->tunnels > 65535)
		return -E2BIG;
	bs->heap0 = bench_heap_used();
	cfg->l2tp.max_sessions = n;
	/* Without per-session counters the workers count no session traffic. */
	cfg->dataplane.no_session_counters = !o->counters;
	if (o->limits == BENCH_LIMITS_TIGHT) {
		/* l2tp.max_tunnels / max_sessions_per_tunnel set to the layout. */
		cfg->l2tp.max_tunnels = bs->tunnels;
		cfg->l2tp.max_sessions_per_tunnel = bs->per_tunnel;
	} else {
		/* lnsd's defaults. */
		cfg->l2tp.max_tunnels = RTE_MAX(bs->tunnels,
						(uint32_t)BENCH_LNSD_MAX_TUNNELS);
		cfg->l2tp.max_sessions_per_tunnel = BENCH_LNSD_MAX_SID;
	}
	ret = dp_init(cfg);
	if (ret != 0)
		return ret;
	dp_table_info(&ti);
	bs->tight = o->limits == BENCH_LIMITS_TIGHT;
	bs->create_bytes = bench_heap_used() - bs->heap0;
	if (getenv("LNS_BENCH_DEBUG") != NULL)
		rte_mempool_walk(bench_mp_print, NULL);
	return 0;
}

int
bench_sessions_add(const struct bench_ports *bp, struct bench_sess *bs,
		   uint32_t n)
{
	struct dp_session_desc d;
	struct dp_table_info ti;
	uint64_t t0 = rte_rdtsc();
	uint32_t i;
	int ret;

	if (n > bs->n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		bench_desc(&d, bp, i, bs->per_tunnel, bs->v6);
		ret = dp_session_add(&d);
		if (ret != 0)
			return ret;
	}
	bs->install_s = (double)(rte_rdtsc() - t0) / (double)rte_get_tsc_hz();
	dp_table_info(&ti);
	if (ti.stats.fib_err + ti.stats.fib6_err != 0)
		fprintf(stderr, "lns-bench: %lu IPv4 and %lu IPv6 routes refused\n",
			(unsigned long)ti.stats.fib_err,
			(unsigned long)ti.stats.fib6_err);
	bs->up_bytes = ti.up_bytes;
	bs->table_bytes = bench_heap_used() - bs->heap0;
	return 0;
}

int
bench_sessions_install(const struct bench_opts *o, struct cfg *cfg,
		       const struct bench_ports *bp, uint32_t n,
		       struct bench_sess *bs)
{
	int ret = bench_sessions_create(o, cfg, n, bs);

	return ret != 0 ? ret : bench_sessions_add(bp, bs, n);
}

int
bench_sessions_qos(const struct bench_ports *bp, const struct bench_sess *bs,
		   enum bench_qos q)
{
	struct dp_session_desc d;
	uint32_t i;
	int ret;

	for (i = 0; i < bs->n; i++) {
		bench_desc(&d, bp, i, bs->per_tunnel, bs->v6);
		if (q != BENCH_QOS_NONE) {
			bool slow = q == BENCH_QOS_DROP_HALF && (i & 1);

			/*
			 * At 64k sessions each one is offered only a few
			 * kbit/s: the slow ones get 1 kbit/s and a one-packet
			 * burst to drop most of theirs.
			 */
			d.rate_up_bps = slow ? 1000 : UINT64_C(100000000000);
			d.rate_down_bps = d.rate_up_bps;
			d.burst_up_bytes = slow ? 64 : 0;
			d.burst_down_bytes = d.burst_up_bytes;
		}
		ret = dp_session_modify(&d);
		if (ret != 0)
			return ret;
		/* Workers stopped: the old entries can go at once. */
		dp_session_reclaim();
	}
	return 0;
}

void
bench_sessions_remove(void)
{
	/* Workers are stopped and unregistered. */
	dp_fini();
}
