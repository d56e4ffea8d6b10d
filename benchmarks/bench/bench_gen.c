/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Generator and sink (EAL main lcore) around one measured run of the
 * worker lcore.
 *
 * Every frame is rebuilt from a template, in an mbuf either fresh from
 * the pool or recycled from the sink (the worker's TX rings): template
 * copied whole, then tunnel ID, session ID and inner source (upstream)
 * or inner destination (downstream) patched for the next session, inner
 * IPv4 checksum adjusted (RFC 1624). Sessions are visited in a strided
 * order (stride coprime with N, ~0.618 N) so consecutive frames hit
 * different sessions, tunnels and FIB /24s: at 1M sessions the tables
 * and the sessions really miss the caches.
 *
 * Frames are handed over in batches (see bench_gen_run()), so the worker
 * is the bottleneck by construction while it drains one.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_rcu_qsbr.h>
#include <rte_udp.h>

#include "bench.h"
#include "dp_api.h"
#include "lns_bytes.h"
#include "port.h"

#define BENCH_FRAME_MAX	1600
#define BENCH_NB_LEN	3
#define BENCH_BURST	32
#define BENCH_IMIX_LEN	12
#define BENCH_POLL_US	2	/* poll period near the end of a drain */
#define BENCH_NEAR	4096	/* frames left: poll instead of sleeping */
#define BENCH_MARK_PCT	3	/* largest mark uncertainty, % of a drain */
#define BENCH_DRAIN_MAX_S 5	/* a worker that takes longer is stuck */
/* An I/O loop iteration longer than this was descheduled. */
#define BENCH_IO_GAP_US	50

/* Inner IPv4 packet sizes: 64, and IMIX 7:4:1 of 64/576/1500. */
static const uint16_t bench_inner_len[BENCH_NB_LEN] = { 64, 576, 1500 };
static const uint8_t bench_imix[BENCH_IMIX_LEN] = { 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 1 };

/* Offsets in the frames (untagged Ethernet). */
#define UP_L2TP		(RTE_ETHER_HDR_LEN + 20 + 8)
#define UP_TID		(UP_L2TP + 2)
#define UP_SID		(UP_L2TP + 4)
#define UP_INNER	(UP_L2TP + 6 + 4)
#define DOWN_INNER	RTE_ETHER_HDR_LEN

struct bench_tmpl {
	uint16_t len;
	uint16_t cksum;		/* inner IPv4 checksum, host order, patched field = 0 */
	uint8_t data[BENCH_FRAME_MAX];
};

static struct bench_tmpl *bench_up_tmpl;	/* [family][lac][len] */
static struct bench_tmpl *bench_down_tmpl;	/* [family][len] */
static struct bench_tmpl *bench_plain_tmpl;	/* [lac][len]: inner in Ethernet */
static struct rte_mbuf **bench_stash;
static struct rte_mbuf **bench_batch[2];	/* one batch per stream */
int bench_worker_tid;			/* the worker lcore's thread */
static clockid_t bench_worker_clock;	/* its CPU-time clock */

/* I/O-only loop state (lcore 1 writes the counters, main reads). */
static volatile bool bench_io_stop;
static struct {
	uint64_t rx;
	uint64_t tx;
	uint64_t busy_cycles;	/* iterations that received frames */
	uint64_t busy_pkts;
	uint16_t burst;
	uint64_t flush_cycles;
} bench_io __rte_cache_aligned;

/* Inner IPv4 + UDP of len octets at p; the address to patch left 0. */
static uint16_t
bench_inner(uint8_t *p, uint16_t len, uint32_t src, uint32_t dst)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)p;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t i;

	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len);
	ip->packet_id = rte_cpu_to_be_16(0x1234);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(src);
	ip->dst_addr = rte_cpu_to_be_32(dst);
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(40000);
	udp->dst_port = rte_cpu_to_be_16(9);	/* discard */
	udp->dgram_len = rte_cpu_to_be_16(len - 20);
	udp->dgram_cksum = 0;			/* legal for IPv4 (RFC 768) */
	for (i = 28; i < len; i++)
		p[i] = (uint8_t)i;
	return rte_be_to_cpu_16(ip->hdr_checksum);
}

/*
 * Inner IPv6 + UDP of len octets at p from src to dst (2001:db8::1 each,
 * octets 4-7 patched per frame: the session's /64 or /56). No checksum
 * to fix per frame: the UDP one is left as built (nothing verifies it).
 */
static void
bench_inner6(uint8_t *p, uint16_t len)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)p;
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(h + 1);
	uint16_t i;

	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16((uint16_t)(len - 40));
	h->proto = IPPROTO_UDP;
	h->hop_limits = 64;
	bench_sub6(h->src_addr, 0, false);
	h->src_addr[15] = 1;
	bench_sub6(h->dst_addr, 0, false);
	h->dst_addr[4] = 0xff;		/* a core host: 2001:db8:ff00:0::1 */
	h->dst_addr[15] = 1;
	udp->src_port = rte_cpu_to_be_16(40000);
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(len - 40));
	udp->dgram_cksum = rte_cpu_to_be_16(0x1234);
	for (i = 48; i < len; i++)
		p[i] = (uint8_t)i;
}

static void
bench_tmpl_up(struct bench_tmpl *t, const struct bench_ports *bp,
	      unsigned int lac, uint16_t inner, bool v6)
{
	uint8_t *p = t->data;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + RTE_ETHER_HDR_LEN);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint8_t *l2tp = (uint8_t *)(udp + 1);
	const uint8_t lac_mac[6] = BENCH_LAC_MAC(lac);

	memset(t, 0, sizeof(*t));
	memcpy(p, bp->access_mac, 6);
	memcpy(p + 6, lac_mac, 6);
	lns_put_be16(p + 12, RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(20 + 8 + 6 + 4 + inner);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(BENCH_LAC_IP(lac));
	ip->dst_addr = bp->access_ip;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(1701);
	udp->dst_port = rte_cpu_to_be_16(1701);
	udp->dgram_len = rte_cpu_to_be_16(8 + 6 + 4 + inner);
	l2tp[0] = 0x00;			/* T=0, no L, no S, no O */
	l2tp[1] = 0x02;			/* version 2 */
	l2tp[6] = 0xff;			/* PPP address, control, IPv4 */
	l2tp[7] = 0x03;
	lns_put_be16(l2tp + 8, v6 ? 0x0057 : 0x0021);
	if (v6)
		bench_inner6(p + UP_INNER, inner);
	else
		t->cksum = bench_inner(p + UP_INNER, inner, 0, BENCH_CORE_HOST);
	t->len = UP_INNER + inner;
}

static void
bench_tmpl_down(struct bench_tmpl *t, const struct bench_ports *bp,
		uint16_t inner, bool v6)
{
	const uint8_t gw_mac[6] = BENCH_CORE_GW_MAC;

	memset(t, 0, sizeof(*t));
	memcpy(t->data, bp->core_mac, 6);
	memcpy(t->data + 6, gw_mac, 6);
	lns_put_be16(t->data + 12, v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	if (v6)
		bench_inner6(t->data + DOWN_INNER, inner);
	else
		t->cksum = bench_inner(t->data + DOWN_INNER, inner,
				       BENCH_CORE_HOST, 0);
	t->len = DOWN_INNER + inner;
}

/*
 * The plain reference's upstream frame: the inner IPv4 packet of
 * bench_tmpl_up() in Ethernet from LAC lac to the access port.
 */
static void
bench_tmpl_plain(struct bench_tmpl *t, const struct bench_ports *bp,
		 unsigned int lac, uint16_t inner)
{
	const uint8_t lac_mac[6] = BENCH_LAC_MAC(lac);

	memset(t, 0, sizeof(*t));
	memcpy(t->data, bp->access_mac, 6);
	memcpy(t->data + 6, lac_mac, 6);
	lns_put_be16(t->data + 12, RTE_ETHER_TYPE_IPV4);
	t->cksum = bench_inner(t->data + DOWN_INNER, inner, 0, BENCH_CORE_HOST);
	t->len = DOWN_INNER + inner;
}

/* RFC 1624: checksum of a header whose zero 32-bit field became v. */
static inline uint16_t
bench_cksum_add32(uint16_t base, uint32_t v)
{
	uint32_t s = (uint16_t)~base;

	s += (v >> 16) + (v & 0xffff);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int
bench_get_tid(void *arg)
{
	bench_worker_tid = rte_sys_gettid();
	return pthread_getcpuclockid(pthread_self(), &bench_worker_clock);
}

/* The worker thread's CPU time: its CPU-time clock is exact to the ns. */
static inline uint64_t
bench_worker_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(bench_worker_clock, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Time the worker waited runnable for its CPU (another task ran). */
static uint64_t
bench_worker_wait_ns(void)
{
	char path[64];
	unsigned long long r = 0, w = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/schedstat", bench_worker_tid);
	f = fopen(path, "r");
	if (f != NULL) {
		if (fscanf(f, "%llu %llu", &r, &w) != 2)
			w = 0;
		fclose(f);
	}
	return w;
}

/* Hypervisor steal time of the worker's CPU (USER_HZ ticks). */
static uint64_t
bench_steal(void)
{
	char line[256], want[16];
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int cpu = rte_lcore_to_cpu_id((int)rte_get_next_lcore(-1, 1, 0));

	if (f == NULL)
		return 0;
	snprintf(want, sizeof(want), "cpu%d ", cpu);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, want, strlen(want)) == 0) {
			sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu",
			       &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
			break;
		}
	fclose(f);
	return v[7];
}

/*
 * With autogroup scheduling (sched_autogroup_enabled), nice values only
 * weigh within a session: another session's busy task still gets an equal
 * share of the CPU. The autogroup's own nice value weighs sessions; it is
 * put back at exit.
 */
static int bench_autogroup_old = 1000;

static int
bench_autogroup_get(void)
{
	char buf[128];
	FILE *f = fopen("/proc/self/autogroup", "r");
	int nice = 1000;

	if (f == NULL)
		return 1000;
	if (fgets(buf, sizeof(buf), f) != NULL) {
		char *p = strstr(buf, " nice ");

		if (p != NULL)
			nice = atoi(p + 6);
	}
	fclose(f);
	return nice;
}

static int
bench_autogroup_set(int nice)
{
	FILE *f = fopen("/proc/self/autogroup", "w");
	int ret;

	if (f == NULL)
		return -errno;
	ret = fprintf(f, "%d", nice) < 0 ? -EIO : 0;
	if (fclose(f) != 0)
		ret = -errno;
	return ret;
}

static void
bench_autogroup_restore(void)
{
	if (bench_autogroup_old != 1000)
		bench_autogroup_set(bench_autogroup_old);
}

int
bench_gen_init(uint32_t batch, uint32_t pool_size, int nice)
{
	unsigned int lcore = rte_get_next_lcore(-1, 1, 0);

	if (rte_eal_remote_launch(bench_get_tid, NULL, lcore) != 0 ||
	    rte_eal_wait_lcore(lcore) != 0)
		return -EBUSY;
	/*
	 * On a shared machine the worker thread competes with whatever else
	 * runs on its CPU: a high CFS weight keeps it on the CPU (lnsd's own
	 * deployments isolate worker cores instead). The generator thread
	 * too: its marks around each drain must be prompt.
	 */
	if (nice != 0 && (setpriority(PRIO_PROCESS, (id_t)bench_worker_tid, nice) != 0 ||
			  setpriority(PRIO_PROCESS, (id_t)rte_sys_gettid(), nice) != 0))
		fprintf(stderr, "lns-bench: setpriority(%d): %s\n", nice, strerror(errno));
	if (nice != 0 && (bench_autogroup_old = bench_autogroup_get()) != 1000) {
		if (bench_autogroup_set(nice) == 0)
			atexit(bench_autogroup_restore);
		else
			bench_autogroup_old = 1000;
	}
	bench_up_tmpl = rte_zmalloc("bench_up_tmpl", sizeof(struct bench_tmpl) *
		BENCH_NB_FAM * BENCH_NB_LAC * BENCH_NB_LEN, 64);
	bench_down_tmpl = rte_zmalloc("bench_down_tmpl",
		sizeof(struct bench_tmpl) * BENCH_NB_FAM * BENCH_NB_LEN, 64);
	bench_plain_tmpl = rte_zmalloc("bench_plain_tmpl",
		sizeof(struct bench_tmpl) * BENCH_NB_LAC * BENCH_NB_LEN, 64);
	bench_stash = rte_zmalloc("bench_stash", sizeof(void *) * (pool_size + 1024), 64);
	bench_batch[0] = rte_zmalloc("bench_batch", sizeof(void *) * batch, 64);
	bench_batch[1] = rte_zmalloc("bench_batch", sizeof(void *) * batch, 64);
	if (bench_up_tmpl == NULL || bench_down_tmpl == NULL ||
	    bench_plain_tmpl == NULL || bench_stash == NULL ||
	    bench_batch[0] == NULL || bench_batch[1] == NULL)
		return -ENOMEM;
	return 0;
}

static void
bench_templates(const struct bench_ports *bp)
{
	unsigned int f, l, k;

	for (f = 0; f < BENCH_NB_FAM; f++) {
		for (l = 0; l < BENCH_NB_LAC; l++)
			for (k = 0; k < BENCH_NB_LEN; k++)
				bench_tmpl_up(&bench_up_tmpl[(f * BENCH_NB_LAC + l) *
					      BENCH_NB_LEN + k], bp, l,
					      bench_inner_len[k], f == BENCH_V6);
		for (k = 0; k < BENCH_NB_LEN; k++)
			bench_tmpl_down(&bench_down_tmpl[f * BENCH_NB_LEN + k], bp,
					bench_inner_len[k], f == BENCH_V6);
	}
	for (l = 0; l < BENCH_NB_LAC; l++)
		for (k = 0; k < BENCH_NB_LEN; k++)
			bench_tmpl_plain(&bench_plain_tmpl[l * BENCH_NB_LEN + k], bp,
					 l, bench_inner_len[k]);
}

static uint32_t
bench_gcd(uint32_t a, uint32_t b)
{
	while (b != 0) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* A stride coprime with n near 0.618 n: every session once per n frames. */
static uint32_t
bench_stride(uint32_t n, uint32_t want)
{
	uint32_t s;

	if (n <= 1)
		return 0;
	s = want ? want % n : (uint32_t)((double)n * 0.6180339887);
	if (s == 0)
		s = 1;
	while (bench_gcd(s, n) != 1)
		s++;
	return s % n;
}

/* One generator stream (one RX ring). */
struct bench_stream {
	bool up;
	uint16_t port_id;
	struct rte_ring *ring;
	uint32_t idx;		/* next session */
	uint32_t stride;
	uint32_t n, per_tunnel;
	uint32_t seq;		/* frame counter: IMIX position */
	bool imix;
	bool v6;		/* inner IPv6: /64 and /56 addresses in turn */
	bool plain;		/* up: the inner packet in Ethernet (no L2TP) */
};

/* Octets 4-7 of session i's address: in its /64, or in its /56. */
static inline uint32_t
bench_sub6_word(uint32_t i, uint32_t seq)
{
	if (seq & 1)		/* a /64 inside the /56 (bench_sub6()) */
		return (uint32_t)(BENCH_PD_BIT | (i >> 16 & 0x7f)) << 24 |
		       (i & 0xffff) << 8 | 0x12;
	return i;
}

/* Inner IPv4 at ip of template t: address field at off becomes a. */
static inline void
bench_patch4(uint8_t *ip, const struct bench_tmpl *t, unsigned int off,
	     uint32_t a)
{
	lns_put_be32(ip + off, a);
	lns_put_be16(ip + 10, bench_cksum_add32(t->cksum, a));
}

static inline void
bench_build(struct bench_stream *s, struct rte_mbuf *m)
{
	const struct bench_tmpl *t;
	unsigned int k = s->imix ? bench_imix[s->seq % BENCH_IMIX_LEN] : 0;
	uint32_t i = s->idx, sub = BENCH_SUB_BASE + i;
	uint8_t *p;

	s->seq++;
	s->idx += s->stride;
	if (s->idx >= s->n)
		s->idx -= s->n;
	rte_pktmbuf_reset(m);
	p = rte_pktmbuf_mtod(m, uint8_t *);
	if (s->up && s->plain) {
		t = &bench_plain_tmpl[(i / s->per_tunnel) % BENCH_NB_LAC *
				      BENCH_NB_LEN + k];
		rte_memcpy(p, t->data, t->len);
		bench_patch4(p + DOWN_INNER, t, 12, sub);
	} else if (s->up) {
		uint32_t tn = i / s->per_tunnel;

		t = &bench_up_tmpl[((s->v6 ? BENCH_NB_LAC : 0) +
				    tn % BENCH_NB_LAC) * BENCH_NB_LEN + k];
		rte_memcpy(p, t->data, t->len);
		lns_put_be16(p + UP_TID, (uint16_t)(tn + 1));
		lns_put_be16(p + UP_SID, (uint16_t)(i - tn * s->per_tunnel + 1));
		if (s->v6) {		/* the source: octets 8 + 4.. */
			lns_put_be32(p + UP_INNER + 12, bench_sub6_word(i, s->seq));
		} else {
			bench_patch4(p + UP_INNER, t, 12, sub);
		}
	} else {
		t = &bench_down_tmpl[(s->v6 ? BENCH_NB_LEN : 0) + k];
		rte_memcpy(p, t->data, t->len);
		if (s->v6) {		/* the destination: octets 24 + 4.. */
			lns_put_be32(p + DOWN_INNER + 28,
				     bench_sub6_word(i, s->seq));
		} else {
			bench_patch4(p + DOWN_INNER, t, 16, sub);
		}
	}
	m->data_len = t->len;
	m->pkt_len = t->len;
	m->port = s->port_id;
}

/* Rx->tx only, same ports, same buffered TX as the worker: the I/O cost. */
static int
bench_io_main(void *arg)
{
	struct rte_eth_dev_tx_buffer *txb[BENCH_NB_PORTS];
	struct rte_mbuf *pkts[128];
	uint64_t prev = rte_rdtsc(), now, last = prev, rx = 0, tx = 0, bc = 0, bp = 0;
	uint64_t gap = (uint64_t)BENCH_IO_GAP_US * rte_get_tsc_hz() / 1000000;
	unsigned int i, k, n, o, got;

	for (i = 0; i < BENCH_NB_PORTS; i++) {
		txb[i] = rte_zmalloc("bench_io_txb", RTE_ETH_TX_BUFFER_SIZE(128), 0);
		if (txb[i] == NULL)
			return -ENOMEM;
		rte_eth_tx_buffer_init(txb[i], bench_io.burst);
	}
	while (likely(!bench_io_stop)) {
		got = 0;
		for (i = 0; i < BENCH_NB_PORTS; i++) {
			n = rte_eth_rx_burst(port_table[i].port_id, 0, pkts,
					     bench_io.burst);
			if (n == 0)
				continue;
			rx += n;
			got += n;
			o = i ^ 1;
			for (k = 0; k < n; k++)
				tx += rte_eth_tx_buffer(port_table[o].port_id, 0,
							txb[o], pkts[k]);
		}
		now = rte_rdtsc();
		if (unlikely(now - prev > bench_io.flush_cycles)) {
			for (i = 0; i < BENCH_NB_PORTS; i++)
				tx += rte_eth_tx_buffer_flush(port_table[i].port_id,
							      0, txb[i]);
			prev = now;
		}
		/*
		 * This loop times itself: a drain is too short for the CPU
		 * clock marks around it. Iterations that received frames
		 * count, unless descheduled (longer than BENCH_IO_GAP_US).
		 */
		if (got != 0 && now - last < gap) {
			bc += now - last;
			bp += got;
		}
		last = now;
		__atomic_store_n(&bench_io.rx, rx, __ATOMIC_RELAXED);
		__atomic_store_n(&bench_io.tx, tx, __ATOMIC_RELAXED);
		__atomic_store_n(&bench_io.busy_cycles, bc, __ATOMIC_RELAXED);
		__atomic_store_n(&bench_io.busy_pkts, bp, __ATOMIC_RELAXED);
	}
	for (i = 0; i < BENCH_NB_PORTS; i++) {
		rte_eth_tx_buffer_flush(port_table[i].port_id, 0, txb[i]);
		rte_free(txb[i]);
	}
	return 0;
}

/* Everything still queued anywhere goes back to the pool. */
static void
bench_drain(struct bench_ports *bp, uint32_t *ns)
{
	struct rte_mbuf *m[256];
	unsigned int i, j, n;

	for (i = 0; i < BENCH_NB_PORTS; i++) {
		while ((n = rte_ring_dequeue_burst(bp->rx[i], (void **)m, 256, NULL)) > 0)
			rte_pktmbuf_free_bulk(m, n);
		for (j = 0; j < 2; j++)
			while ((n = rte_ring_dequeue_burst(bp->tx[i][j], (void **)m,
							   256, NULL)) > 0)
				rte_pktmbuf_free_bulk(m, n);
	}
	if (*ns > 0)
		rte_pktmbuf_free_bulk(bench_stash, *ns);
	*ns = 0;
}

/*
 * Sink: every frame out of the worker becomes a free mbuf. With the
 * plain reference, the first frame of each dequeue is checked (what a
 * router must have made of it: bench_plain_frame_ok()); bad counts them.
 */
static void
bench_sink(struct bench_ports *bp, uint32_t *ns, uint64_t *sink, uint64_t *bad)
{
	unsigned int i, j, n;

	for (i = 0; i < BENCH_NB_PORTS; i++)
		for (j = 0; j < 2; j++)
			do {
				n = rte_ring_sc_dequeue_burst(bp->tx[i][j],
					(void **)&bench_stash[*ns], 512, NULL);
				if (bad != NULL && n > 0 &&
				    !bench_plain_frame_ok(bench_stash[*ns], bp, i))
					(*bad)++;
				sink[i] += n;
				*ns += n;
			} while (n == 512);
}

/* k built frames of stream s into batch (stash first, then the pool). */
static int
bench_fill_batch(struct bench_ports *bp, struct bench_stream *s,
		 struct rte_mbuf **batch, uint32_t k, uint32_t *ns)
{
	uint32_t i, take = RTE_MIN(k, *ns);

	memcpy(batch, &bench_stash[*ns - take], take * sizeof(void *));
	*ns -= take;
	if (take < k && rte_pktmbuf_alloc_bulk(bp->pool, &batch[take], k - take) != 0)
		return -ENOBUFS;
	for (i = 0; i < k; i++)
		bench_build(s, batch[i]);
	return 0;
}

/*
 * Wait until the worker has finished a loop after this call (its RCU
 * quiescent state, reported once per loop): every frame it dequeued
 * before is processed and counted.
 */
static void
bench_worker_sync(enum bench_loop loop)
{
	if (loop == BENCH_LOOP_LNSD)
		dp_workers_sync();
	else if (loop == BENCH_LOOP_PLAIN)
		bench_plain_sync();
}

static bool
bench_rx_empty(struct bench_stream *st, unsigned int nst)
{
	unsigned int i;

	for (i = 0; i < nst; i++)
		if (!rte_ring_empty(st[i].ring))
			return false;
	return true;
}

/*
 * One measured run. The worker (or the I/O loop) runs all along; the
 * generator works in cycles: build a batch of frames (the worker idles
 * on empty rings), hand the whole batch over in one bulk enqueue per RX
 * ring, wait until the worker has dequeued all of it. The worker thread's
 * CPU time over that drain (scheduler's schedstat, ns precision) is the
 * time it took to process the batch with its ring never empty: a
 * generator on the other vCPU of this shared 2-vCPU machine cannot
 * outrun it steadily, and a descheduled worker would otherwise count as
 * a slow one. Drain wall time is kept too.
 */
int
bench_gen_run(const struct bench_opts *o, const struct cfg *cfg,
	      struct bench_ports *bp, const struct bench_sess *bs,
	      enum bench_dir dir, enum bench_size size,
	      enum bench_family fam, enum bench_loop loop,
	      struct bench_run *out)
{
	struct bench_plain_stats pa = { 0 }, pb = { 0 };
	struct bench_stream st[2];
	struct dp_stats sa, sb;
	uint64_t sink[BENCH_NB_PORTS] = { 0 }, sink0[BENCH_NB_PORTS];
	uint64_t hz = rte_get_tsc_hz(), t_warm, t_end, t_cap, now, t0, t1, tb;
	uint64_t run0, run1, wait0, wait1, st0, st1, io_rx0 = 0, ta, tn, tp;
	uint64_t io_bc0 = 0, io_bp0 = 0;
	uint32_t ns = 0, stride, per;
	unsigned int nst = 0, i, lcore, n;
	bool warm = false, ok, dbg = getenv("LNS_BENCH_DEBUG") != NULL;
	bool io = loop == BENCH_LOOP_IO;
	int ret = 0;

	bench_templates(bp);
	stride = bench_stride(bs->n, o->stride);
	if (dir == BENCH_UP || dir == BENCH_MIX)
		st[nst++] = (struct bench_stream){ .up = true,
			.port_id = port_table[BENCH_ACCESS].port_id,
			.ring = bp->rx[BENCH_ACCESS] };
	if (dir == BENCH_DOWN || dir == BENCH_MIX)
		st[nst++] = (struct bench_stream){ .up = false,
			.port_id = port_table[BENCH_CORE].port_id,
			.ring = bp->rx[BENCH_CORE] };
	if (nst == 0)
		return -EINVAL;
	for (i = 0; i < nst; i++) {
		st[i].stride = stride;
		st[i].n = bs->n;
		st[i].per_tunnel = bs->per_tunnel;
		st[i].imix = size == BENCH_IMIX;
		st[i].v6 = fam == BENCH_V6;
		st[i].plain = loop == BENCH_LOOP_PLAIN;
		/* The down stream starts half way: mix visits distinct sessions. */
		st[i].idx = i == 0 ? 0 : bs->n / 2;
	}
	per = o->batch / nst;

	memset(out, 0, offsetof(struct bench_run, sample));
	memset(&bench_io, 0, sizeof(bench_io));
	bench_io.burst = RTE_MIN(cfg->dataplane.burst, 128);
	bench_io.flush_cycles = (hz + 999999) / 1000000 * cfg->dataplane.tx_flush_us;
	if (loop == BENCH_LOOP_PLAIN && fam != BENCH_V4)
		return -EINVAL;
	if (io) {
		bench_io_stop = false;
		lcore = rte_get_next_lcore(-1, 1, 0);
		if (rte_eal_remote_launch(bench_io_main, NULL, lcore) != 0)
			ret = -EBUSY;
	} else if (loop == BENCH_LOOP_PLAIN) {
		ret = bench_plain_launch(cfg);
	} else {
		if (dp_start() != rte_lcore_count() - 1)
			ret = -ENOMEM;
	}
	if (ret != 0)
		goto stop;

	now = rte_rdtsc();
	t_warm = now + (uint64_t)(o->warmup * (double)hz);
	t_end = t_warm + (uint64_t)(o->seconds * (double)hz);
	/*
	 * At least one batch after the warm-up, even if the generator was
	 * descheduled past t_end (a loaded machine, --quick): 30 s more at
	 * most, then -ETIME.
	 */
	t_cap = t_end + 30 * hz;
	while (now < t_end || (!warm && now < t_cap)) {
		bench_sink(bp, &ns, sink, loop == BENCH_LOOP_PLAIN ?
			   &out->plain.bad_out : NULL);
		tb = rte_rdtsc();
		for (i = 0; i < nst; i++) {
			ret = bench_fill_batch(bp, &st[i], bench_batch[i], per, &ns);
			if (ret != 0)
				goto stop;
		}
		if (!warm && tb >= t_warm) {
			warm = true;
			bench_worker_sync(loop);
			dp_stats_read(&sa);
			if (loop == BENCH_LOOP_PLAIN)
				bench_plain_read(&pa);
			memcpy(sink0, sink, sizeof(sink0));
			io_rx0 = __atomic_load_n(&bench_io.rx, __ATOMIC_RELAXED);
			io_bc0 = __atomic_load_n(&bench_io.busy_cycles, __ATOMIC_RELAXED);
			io_bp0 = __atomic_load_n(&bench_io.busy_pkts, __ATOMIC_RELAXED);
		}
		/* Slow /proc reads first: the CPU clock brackets the drain only. */
		st0 = bench_steal();
		wait0 = bench_worker_wait_ns();
		t0 = rte_rdtsc();
		if (warm)
			out->gen_cycles += t0 - tb;	/* incl. the /proc reads */
		for (i = 0; i < nst; i++) {
			n = rte_ring_sp_enqueue_burst(st[i].ring,
				(void **)bench_batch[i], per, NULL);
			if (n < per) {	/* cannot happen: the ring holds a batch */
				rte_pktmbuf_free_bulk(&bench_batch[i][n], per - n);
				ret = -ENOSPC;
				goto stop;
			}
		}
		/*
		 * The worker's CPU clock is read right after the batch is
		 * published and right after the rings are seen empty; each
		 * read is a syscall of a few us on this VM. The worker's busy
		 * time lies between the marks up to their uncertainty (the
		 * clock reads, the last poll period); a batch whose marks are
		 * uncertain by more than BENCH_MARK_PCT of its drain (this
		 * thread was descheduled or slow) is not used.
		 */
		tp = rte_rdtsc();
		run0 = bench_worker_cpu_ns();
		ta = rte_rdtsc();
		tn = ta;
		/*
		 * Spin (a sleep's wake-up is late by up to milliseconds on a
		 * VM), looking at the ring rarely far from the end and every
		 * couple of us near it: each look costs the worker a cache
		 * line.
		 */
		while (!bench_rx_empty(st, nst)) {
			tn = rte_rdtsc();
			if (unlikely(tn - tp > BENCH_DRAIN_MAX_S * hz)) {
				fprintf(stderr, "lns-bench: the worker did not drain a batch in %d s\n",
					BENCH_DRAIN_MAX_S);
				ret = -ETIMEDOUT;
				goto stop;
			}
			if (rte_ring_count(st[0].ring) > BENCH_NEAR)
				rte_delay_us_block(20);
			else
				rte_delay_us_block(BENCH_POLL_US);
		}
		bench_worker_sync(loop);
		run1 = bench_worker_cpu_ns();
		t1 = rte_rdtsc();
		ok = (ta - tp) + (t1 - tn) <= (t1 - tp) * BENCH_MARK_PCT / 100;
		wait1 = bench_worker_wait_ns();
		st1 = bench_steal();
		now = t1;
		if (!warm)
			continue;
		out->batches++;
		out->pkts += (uint64_t)per * nst;
		if (dbg && out->batches % 8 == 0)
			fprintf(stderr, "batch wall %.0f us cpu %.0f us wait %.0f us steal %lu start %.1f end %.1f\n",
				(double)(t1 - tp) * 1e6 / (double)hz, (double)(run1 - run0) / 1e3,
				(double)(wait1 - wait0) / 1e3, (unsigned long)(st1 - st0),
				(double)(ta - tp) * 1e6 / (double)hz, (double)(t1 - tn) * 1e6 / (double)hz);
		if (!ok || run1 <= run0) {
			out->discarded++;
			continue;
		}
		if (out->kept < BENCH_MAX_SAMPLES)
			out->sample[out->kept] = (double)(run1 - run0) * 1e-9 *
				(double)hz / ((double)per * nst);
		out->kept++;
		out->kept_pkts += (uint64_t)per * nst;
		out->drain_cycles += t1 - tp;
		out->run_ns += run1 - run0;
		out->wait_ns += wait1 - wait0;
		out->steal_ticks += st1 - st0;
	}
	/* The last frames leave on the worker's TX flush deadline. */
	rte_delay_us_sleep(1000);
	bench_sink(bp, &ns, sink, loop == BENCH_LOOP_PLAIN ?
		   &out->plain.bad_out : NULL);
	bench_worker_sync(loop);
	dp_stats_read(&sb);
	if (loop == BENCH_LOOP_PLAIN)
		bench_plain_read(&pb);
	out->io_rx = __atomic_load_n(&bench_io.rx, __ATOMIC_RELAXED) - io_rx0;
	out->io_busy_cycles = __atomic_load_n(&bench_io.busy_cycles, __ATOMIC_RELAXED) - io_bc0;
	out->io_busy_pkts = __atomic_load_n(&bench_io.busy_pkts, __ATOMIC_RELAXED) - io_bp0;
stop:
	if (io) {
		bench_io_stop = true;
		rte_eal_mp_wait_lcore();
	} else if (loop == BENCH_LOOP_PLAIN) {
		bench_plain_stop();
	} else {
		dp_stop();
	}
	bench_drain(bp, &ns);
	if (ret != 0)
		return ret;
	if (!warm)
		return -ETIME;

	out->tsc_hz = hz;
	out->secs = (double)out->drain_cycles / (double)hz;
	out->rx = sb.rx_pkts - sa.rx_pkts;
	out->tx = sb.tx_pkts - sa.tx_pkts;
	out->fwd_up = sb.fwd_up_pkts - sa.fwd_up_pkts;
	out->fwd_down = sb.fwd_down_pkts - sa.fwd_down_pkts;
	for (i = 0; i < DP_DROP_MAX; i++)
		out->drop[i] = sb.drop[i] - sa.drop[i];
	for (i = 0; i < DP_PUNT_MAX; i++)
		out->punt[i] = sb.punt[i] - sa.punt[i];
	for (i = 0; i < BENCH_NB_PORTS; i++)
		out->sink[i] = sink[i] - sink0[i];
	if (loop == BENCH_LOOP_PLAIN) {
		const uint64_t *a = (const uint64_t *)&pa;
		uint64_t *b = (uint64_t *)&pb, *d = (uint64_t *)&out->plain;

		uint64_t bad_out = out->plain.bad_out;

		/* A struct of uint64_t counters: the deltas field by field. */
		for (i = 0; i < sizeof(pb) / sizeof(uint64_t); i++)
			d[i] = b[i] - a[i];
		out->plain.bad_out = bad_out;	/* the sink's, whole run */
	}
	return 0;
}
