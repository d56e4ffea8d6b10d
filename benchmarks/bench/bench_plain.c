/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The plain IPv4 forwarding reference: "what routing costs". A loop that
 * runs on the worker lcore in place of lnsd's worker (as the I/O-only
 * loop in bench_gen.c does) and forwards the inner IPv4 packets of the
 * same scenario as a router would, over a FIB of the same size as
 * lnsd's downstream table:
 *
 *   - rte_fib DIR-24-8 with lnsd's parameters (dataplane/dp_table.c:
 *     4-octet next hops, max_routes = N + N/16 + 1024, N/16 + 256 tbl8
 *     groups up to 65536), one /32 per subscriber plus a default route
 *     towards the core gateway;
 *   - per RX burst: the first lines of the frames prefetched ahead (as
 *     dp_worker.c, same distance), RFC 1812 header checks (version,
 *     length, header checksum, TTL: what lnsd checks on inner packets),
 *     one rte_fib_lookup_bulk() per DP_FWD_BURST-sized chunk (as lnsd);
 *   - next hop -> port and MAC pair from a small array: Ethernet rewrite,
 *     TTL decrement with the RFC 1624 incremental checksum update lnsd
 *     uses (lns_ipv4_ttl_dec(), common/lns_cksum.h), TX through
 *     rte_eth_tx_buffer() with lnsd's burst and TSC-deadline flush.
 *
 * Upstream frames are the inner packets in Ethernet (no L2TP) arriving on
 * the access port, towards 192.0.2.1: they hit the default route.
 * Downstream frames are lnsd's own, towards the subscribers' /32s.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_fib.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>
#include <rte_ring.h>

#include "bench.h"
#include "lns_cksum.h"
#include "port.h"

/* lnsd's worker: dp_worker.c's DP_MAX_BURST, DP_PREFETCH_AHEAD; dp_fwd.h. */
#define PLAIN_MAX_BURST		128
#define PLAIN_PREFETCH_AHEAD	3
#define PLAIN_LOOKUP_BURST	32
/* Next hops: one per LAC (access port), then the core gateway. */
#define PLAIN_NH_CORE		BENCH_NB_LAC
#define PLAIN_NB_NH		(BENCH_NB_LAC + 1)

struct plain_nh {
	struct rte_ether_addr dst, src;
	uint16_t port;		/* port_table[] index */
};

static struct rte_fib *plain_fib;
static uint32_t plain_per_tunnel;
static struct plain_nh plain_nh[PLAIN_NB_NH];
static unsigned int plain_seq;

/* Loop state: the worker lcore writes the counters, main reads them. */
static volatile bool plain_stop;
static struct {
	uint64_t loops;
	struct bench_plain_stats st;
	uint16_t burst;
	uint64_t flush_cycles;
} plain __rte_cache_aligned;

int
bench_plain_create(const struct bench_ports *bp, uint32_t n,
		   uint32_t per_tunnel, uint64_t *bytes)
{
	const uint8_t gw[6] = BENCH_CORE_GW_MAC;
	struct rte_fib_conf fc = { 0 };
	char name[RTE_RING_NAMESIZE];
	uint64_t before = bench_heap_used();
	uint32_t i;
	unsigned int l;

	if (n == 0 || per_tunnel == 0)
		return -EINVAL;
	for (l = 0; l < BENCH_NB_LAC; l++) {
		const uint8_t lac[6] = BENCH_LAC_MAC(l);

		memcpy(plain_nh[l].dst.addr_bytes, lac, 6);
		memcpy(plain_nh[l].src.addr_bytes, bp->access_mac, 6);
		plain_nh[l].port = BENCH_ACCESS;
	}
	memcpy(plain_nh[PLAIN_NH_CORE].dst.addr_bytes, gw, 6);
	memcpy(plain_nh[PLAIN_NH_CORE].src.addr_bytes, bp->core_mac, 6);
	plain_nh[PLAIN_NH_CORE].port = BENCH_CORE;
	plain_per_tunnel = per_tunnel;

	/* dp_table_create()'s parameters for max_sessions = n. */
	snprintf(name, sizeof(name), "bench_plain%u", plain_seq++);
	fc.type = RTE_FIB_DIR24_8;
	fc.default_nh = 0;		/* next hop 0: no route */
	fc.max_routes = (int)RTE_MIN((uint64_t)n + n / 16 + 1024,
				     (uint64_t)INT32_MAX);
	fc.dir24_8.nh_sz = RTE_FIB_DIR24_8_4B;
	fc.dir24_8.num_tbl8 = RTE_MIN(n / 16 + 256, 1u << 16);
	plain_fib = rte_fib_create(name, (int)rte_socket_id(), &fc);
	if (plain_fib == NULL)
		return -rte_errno;
	/* Next hop k + 1 is plain_nh[k]: the session's LAC, as in lnsd. */
	if (rte_fib_add(plain_fib, 0, 0, PLAIN_NH_CORE + 1) != 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (rte_fib_add(plain_fib, BENCH_SUB_BASE + i, 32,
				(i / per_tunnel) % BENCH_NB_LAC + 1) != 0)
			goto fail;
	if (bytes != NULL)
		*bytes = bench_heap_used() - before;
	return 0;
fail:
	bench_plain_free();
	return -ENOSPC;
}

void
bench_plain_free(void)
{
	rte_fib_free(plain_fib);
	plain_fib = NULL;
}

/* What lnsd checks on an inner IPv4 header (RFC 1812 §5.2.2), and TTL. */
static inline bool
plain_check(struct bench_plain_stats *st, const struct rte_mbuf *m,
	    const struct rte_ipv4_hdr *ih)
{
	uint32_t room = rte_pktmbuf_data_len(m) - RTE_ETHER_HDR_LEN;
	uint32_t ihl, tot;

	if (unlikely(room < sizeof(*ih))) {
		st->bad_hdr++;
		return false;
	}
	ihl = (uint32_t)(ih->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ih->total_length);
	if (unlikely((ih->version_ihl >> 4) != 4 || ihl < sizeof(*ih) ||
		     ihl > room || tot < ihl || tot > room)) {
		st->bad_hdr++;
		return false;
	}
	if (unlikely(!lns_ipv4_cksum_ok((const uint8_t *)ih, ihl))) {
		st->bad_cksum++;
		return false;
	}
	if (unlikely(ih->time_to_live <= 1)) {
		st->ttl++;
		return false;
	}
	return true;
}

/* Looked-up frames out: L2 rewrite, TTL - 1, buffered TX. */
static inline void
plain_fwd(struct rte_eth_dev_tx_buffer **txb, struct rte_mbuf **pkts,
	  const uint64_t *nh, unsigned int n)
{
	struct bench_plain_stats *st = &plain.st;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct rte_ether_hdr *eh;
		struct rte_ipv4_hdr *ih;
		const struct plain_nh *h;

		if (unlikely(nh[i] == 0 || nh[i] > PLAIN_NB_NH)) {
			st->no_route++;
			rte_pktmbuf_free(m);
			continue;
		}
		h = &plain_nh[nh[i] - 1];
		eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
		ih = (struct rte_ipv4_hdr *)(eh + 1);
		rte_ether_addr_copy(&h->dst, &eh->dst_addr);
		rte_ether_addr_copy(&h->src, &eh->src_addr);
		lns_ipv4_ttl_dec((uint8_t *)ih);
		m->ol_flags = 0;
		st->fwd[h->port == BENCH_CORE ? BENCH_UP : BENCH_DOWN]++;
		st->tx += rte_eth_tx_buffer(port_table[h->port].port_id, 0,
					    txb[h->port], m);
	}
}

static void
plain_rx_port(struct rte_eth_dev_tx_buffer **txb, unsigned int port)
{
	struct bench_plain_stats *st = &plain.st;
	struct rte_mbuf *pkts[PLAIN_MAX_BURST], *ok[PLAIN_MAX_BURST];
	uint32_t ips[PLAIN_MAX_BURST];
	uint64_t nh[PLAIN_LOOKUP_BURST];
	unsigned int i, k, n, no = 0;

	n = rte_eth_rx_burst(port_table[port].port_id, 0, pkts, plain.burst);
	if (n == 0)
		return;
	st->rx += n;
	/* One line: the Ethernet and IPv4 headers are all in the first. */
	for (i = 0; i < n && i < PLAIN_PREFETCH_AHEAD; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_ether_hdr *eh;
		const struct rte_ipv4_hdr *ih;

		if (i + PLAIN_PREFETCH_AHEAD < n)
			rte_prefetch0(rte_pktmbuf_mtod(
				pkts[i + PLAIN_PREFETCH_AHEAD], void *));
		eh = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		ih = (const struct rte_ipv4_hdr *)(eh + 1);
		if (unlikely(rte_pktmbuf_data_len(m) < RTE_ETHER_HDR_LEN ||
			     eh->ether_type !=
			     rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))) {
			st->bad_hdr++;
			rte_pktmbuf_free(m);
			continue;
		}
		if (unlikely(!plain_check(st, m, ih))) {
			rte_pktmbuf_free(m);
			continue;
		}
		ips[no] = rte_be_to_cpu_32(ih->dst_addr);
		ok[no++] = m;
	}
	for (i = 0; i < no; i += k) {
		k = RTE_MIN(no - i, (unsigned int)PLAIN_LOOKUP_BURST);
		if (rte_fib_lookup_bulk(plain_fib, &ips[i], nh, (int)k) != 0)
			memset(nh, 0, sizeof(nh));
		plain_fwd(txb, &ok[i], nh, k);
	}
}

static int
plain_main(void *arg)
{
	struct rte_eth_dev_tx_buffer *txb[BENCH_NB_PORTS];
	uint64_t prev = rte_rdtsc(), now;
	unsigned int i;

	RTE_SET_USED(arg);
	for (i = 0; i < BENCH_NB_PORTS; i++) {
		txb[i] = rte_zmalloc("bench_plain_txb",
			RTE_ETH_TX_BUFFER_SIZE(PLAIN_MAX_BURST), 0);
		if (txb[i] == NULL) {
			while (i-- > 0)
				rte_free(txb[i]);
			return -ENOMEM;
		}
		rte_eth_tx_buffer_init(txb[i], plain.burst);
		rte_eth_tx_buffer_set_err_callback(txb[i],
			rte_eth_tx_buffer_count_callback, &plain.st.tx_full);
	}
	while (likely(!plain_stop)) {
		for (i = 0; i < BENCH_NB_PORTS; i++)
			plain_rx_port(txb, i);
		now = rte_rdtsc();
		if (unlikely(now - prev > plain.flush_cycles)) {
			for (i = 0; i < BENCH_NB_PORTS; i++)
				plain.st.tx += rte_eth_tx_buffer_flush(
					port_table[i].port_id, 0, txb[i]);
			prev = now;
		}
		/* Release: bench_plain_sync() then sees this loop's counts. */
		__atomic_store_n(&plain.loops, plain.loops + 1,
				 __ATOMIC_RELEASE);
	}
	for (i = 0; i < BENCH_NB_PORTS; i++) {
		plain.st.tx += rte_eth_tx_buffer_flush(port_table[i].port_id, 0,
						       txb[i]);
		rte_free(txb[i]);
	}
	return 0;
}

int
bench_plain_launch(const struct cfg *cfg)
{
	unsigned int lcore = rte_get_next_lcore(-1, 1, 0);
	uint64_t hz = rte_get_tsc_hz();

	if (plain_fib == NULL)
		return -EINVAL;
	memset(&plain, 0, sizeof(plain));
	plain.burst = RTE_MIN(cfg->dataplane.burst, PLAIN_MAX_BURST);
	plain.flush_cycles = (hz + 999999) / 1000000 *
			     cfg->dataplane.tx_flush_us;
	plain_stop = false;
	return rte_eal_remote_launch(plain_main, NULL, lcore) != 0 ? -EBUSY : 0;
}

void
bench_plain_stop(void)
{
	plain_stop = true;
	rte_eal_mp_wait_lcore();
}

/*
 * Wait until the loop has finished an iteration begun after this call:
 * every frame it dequeued before is processed and counted.
 */
void
bench_plain_sync(void)
{
	uint64_t l = __atomic_load_n(&plain.loops, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&plain.loops, __ATOMIC_ACQUIRE) < l + 2)
		rte_pause();
}

/*
 * The generator's frames had TTL 64 and a right checksum: out of the
 * core port towards the gateway (upstream), or out of the access port
 * towards the subscriber's LAC (downstream), TTL 63, checksum still right.
 */
bool
bench_plain_frame_ok(const struct rte_mbuf *m, const struct bench_ports *bp,
		     unsigned int port)
{
	const struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m,
		const struct rte_ether_hdr *);
	const struct rte_ipv4_hdr *ih = (const struct rte_ipv4_hdr *)(eh + 1);
	const uint8_t gw[6] = BENCH_CORE_GW_MAC;
	uint32_t dst = rte_be_to_cpu_32(ih->dst_addr);
	uint8_t want[6] = BENCH_LAC_MAC(0);

	if (rte_pktmbuf_data_len(m) < RTE_ETHER_HDR_LEN + sizeof(*ih) ||
	    ih->time_to_live != 63 || rte_raw_cksum(ih, sizeof(*ih)) != 0xffff)
		return false;
	if (port == BENCH_CORE)
		return dst == BENCH_CORE_HOST &&
		       memcmp(eh->src_addr.addr_bytes, bp->core_mac, 6) == 0 &&
		       memcmp(eh->dst_addr.addr_bytes, gw, 6) == 0;
	if (plain_per_tunnel == 0 || dst < BENCH_SUB_BASE)
		return false;
	want[5] = (uint8_t)((dst - BENCH_SUB_BASE) / plain_per_tunnel %
			    BENCH_NB_LAC);
	return memcmp(eh->src_addr.addr_bytes, bp->access_mac, 6) == 0 &&
	       memcmp(eh->dst_addr.addr_bytes, want, 6) == 0;
}

void
bench_plain_read(struct bench_plain_stats *st)
{
	/* Called after bench_plain_sync(): the acquire orders these loads. */
	memcpy(st, &plain.st, sizeof(*st));
}
