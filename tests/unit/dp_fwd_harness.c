/* SPDX-License-Identifier: BSD-3-Clause
 * Harness of the dp_fwd tests (dp_fwd_harness.h).
 */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_udp.h>
#include <rte_tcp.h>

#include "lns_ipv4.h"
#include "dp_decap.h"
#include "dp_fwd_harness.h"
#include "dp_punt.h"
#include "dp_seq.h"
#include "dp_worker.h"

#define RING_SZ		1024
#define TXB_SZ		64

struct harness H;
const uint8_t prefix6_a[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1 };

static struct cfg_port cfg_acc = { .name = "access", .role = CFG_PORT_ACCESS };
static struct cfg_port cfg_core = { .name = "core", .role = CFG_PORT_CORE };

static int
mk_port(const char *name, struct rte_ring *rx, struct rte_ring *tx)
{
	struct rte_eth_conf conf;
	int pid;

	pid = rte_eth_from_rings(name, &rx, 1, &tx, 1, (unsigned int)rte_socket_id());
	if (pid < 0)
		return -1;
	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure((uint16_t)pid, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup((uint16_t)pid, 0, RING_SZ, rte_socket_id(),
				   NULL, H.mp) != 0 ||
	    rte_eth_tx_queue_setup((uint16_t)pid, 0, RING_SZ, rte_socket_id(),
				   NULL) != 0 ||
	    rte_eth_dev_start((uint16_t)pid) != 0)
		return -1;
	return pid;
}

static struct rte_ring *
mk_ring(const char *name, unsigned int n)
{
	return rte_ring_create(name, n, (int)rte_socket_id(), 0);
}

static void
fill_desc(void)
{
	unsigned int i;

	for (i = 0; i < NSESS; i++) {
		struct dp_session_desc *d = &H.sd[i];

		memset(d, 0, sizeof(*d));
		d->session_index = i;
		d->local_tid = (uint16_t)(1 + i / 2);
		d->local_sid = (uint16_t)(1 + i % 2);
		d->peer_tid = (uint16_t)(70 + i);
		d->peer_sid = (uint16_t)(80 + i);
		d->local_ip = rte_cpu_to_be_32(ACC_IP);
		d->peer_ip = rte_cpu_to_be_32(PEER_IP);
		d->local_udp_port = 1701;
		d->peer_udp_port = PEER_PORT;
		d->access_port = P_ACC;
		d->local_mac = H.acc_mac;
		d->peer_mac = H.peer_mac;
		d->sub_ip = rte_cpu_to_be_32(SUB_IP(i));
	}
	H.sd[SA].nb_routes = 1;
	H.sd[SA].routes[0].prefix = rte_cpu_to_be_32(LNS_IPV4(10, 1, 0, 0));
	H.sd[SA].routes[0].len = 16;
	H.sd[SA].flags = DP_SESS_F_IPV6;
	memcpy(H.sd[SA].sub_ip6_prefix, prefix6_a, 8);
	H.sd[SA].mss = 1360;
	H.sd[SB].flags = DP_SESS_F_SEQ;
	H.sd[SC].mru = 576;
	H.sd[SC].vlan = 200;
	H.sd[SD].mru = 1400;
}

static int
global_init(void)
{
	static const struct rte_ether_addr acc = {{ 2, 0, 0, 0, 0xa, 1 }};
	static const struct rte_ether_addr core = {{ 2, 0, 0, 0, 0xc, 1 }};
	static const struct rte_ether_addr nh = {{ 2, 0, 0, 0, 0xc, 2 }};
	static const struct rte_ether_addr peer = {{ 2, 0, 0, 0, 0xa, 2 }};
	static const struct rte_ether_addr nh6 = {{ 2, 0, 0, 0, 0xc, 6 }};
	unsigned int i;
	int pid;

	H.acc_mac = acc;
	H.core_mac = core;
	H.nh_mac = nh;
	H.peer_mac = peer;
	H.nh6_mac = nh6;
	/* No per-lcore cache: the in-use count is exact. */
	H.mp = rte_pktmbuf_pool_create("fwd_mp", 4095, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       (int)rte_socket_id());
	H.ind = dp_fwd_frag_pool((int)rte_socket_id(), 1023);
	if (H.mp == NULL || H.ind == NULL)
		return -1;
	for (i = 0; i < 2; i++) {
		char n[32];

		snprintf(n, sizeof(n), "rx%u", i);
		H.rx[i] = mk_ring(n, RING_SZ);
		snprintf(n, sizeof(n), "tx%u", i);
		H.tx[i] = mk_ring(n, RING_SZ);
		snprintf(n, sizeof(n), "p%u", i);
		pid = mk_port(n, H.rx[i], H.tx[i]);
		if (pid < 0)
			return -1;
		H.port_id[i] = (uint16_t)pid;
	}
	/* A port whose TX ring holds 3 frames: tx_queue_full. */
	H.small_tx = mk_ring("stx", 4);
	pid = mk_port("psmall", mk_ring("srx", 4), H.small_tx);
	if (pid < 0)
		return -1;
	H.small_port = (uint16_t)pid;
	H.punt = rte_ring_create("punt", 64, (int)rte_socket_id(), RING_F_SC_DEQ);
	if (H.punt == NULL || dp_seq_init(16) != 0 || dp_punt_init() != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		H.txb[i] = rte_zmalloc("txb", RTE_ETH_TX_BUFFER_SIZE(TXB_SZ), 0);
		if (H.txb[i] == NULL)
			return -1;
		rte_eth_tx_buffer_init(H.txb[i], TXB_SZ);
		/* As dp_worker.c: unsent frames are freed and counted. */
		rte_eth_tx_buffer_set_err_callback(H.txb[i],
			rte_eth_tx_buffer_count_callback,
			&H.st.drop[DP_DROP_TX_FULL]);
	}
	fill_desc();
	return 0;
}

static void
ports_reset(void)
{
	memset(port_table, 0, sizeof(port_table));
	port_table[P_ACC].cfg = &cfg_acc;
	port_table[P_ACC].port_id = H.port_id[P_ACC];
	port_table[P_ACC].index = P_ACC;
	port_table[P_ACC].mac = H.acc_mac;
	port_table[P_ACC].ip = rte_cpu_to_be_32(ACC_IP);
	port_table[P_ACC].mask = rte_cpu_to_be_32(0xffffff00);
	port_table[P_ACC].pool = H.mp;
	port_table[P_CORE].cfg = &cfg_core;
	port_table[P_CORE].port_id = H.port_id[P_CORE];
	port_table[P_CORE].index = P_CORE;
	port_table[P_CORE].mac = H.core_mac;
	port_table[P_CORE].ip = rte_cpu_to_be_32(CORE_IP);
	port_table[P_CORE].mask = rte_cpu_to_be_32(0xffffff00);
	port_table[P_CORE].gateway = rte_cpu_to_be_32(LNS_IPV4(192, 0, 2, 254));
	port_table[P_CORE].vlan = CORE_VLAN;
	port_table[P_CORE].pool = H.mp;
	port_count = 2;
	memset(port_index_of, 0xff, sizeof(port_index_of));
	port_index_of[H.port_id[P_ACC]] = P_ACC;
	port_index_of[H.port_id[P_CORE]] = P_CORE;
	dp_nexthop_set(P_CORE, &H.nh_mac);
	dp_nexthop6_set(P_CORE, &H.nh6_mac);
}

static int
setup(int wide)
{
	struct dp_table_params p = {
		.max_sessions = 16,
		/* lnsd's default limits, or just what the tests use */
		.max_tunnels = wide ? 4096 : 16,
		.max_sid = wide ? 65535 : 16,
		.socket_id = SOCKET_ID_ANY,
	};
	struct dp_table *t;
	unsigned int i;

	H.wide_mode = wide;
	ports_reset();
	t = dp_table_create(&p);
	if (t == NULL)
		return -1;
	if (t->tun_max != (wide ? 4096u : 16u))
		return -1;
	for (i = 0; i < NSESS; i++) {
		if (dp_table_apply(t, DP_TABLE_ADD, &H.sd[i]) != 0)
			return -1;
		dp_seq_set(i, 0);
	}
	if (dp_table_worker_register(t, rte_lcore_id()) != 0)
		return -1;
	H.table = t;
	memset(&H.st, 0, sizeof(H.st));
	memset(H.ctr, 0, sizeof(H.ctr));
	memset(&H.ctx, 0, sizeof(H.ctx));
	H.ctx.st = &H.st;
	H.ctx.ctr = H.ctr;
	H.ctx.txb = H.txb;
	H.ctx.queue = 0;
	H.ctx.ip_id = 0x1000;
	H.ctx.frag_indirect = H.ind;
	H.ctx.table = t;
	H.ctx.seq = dp_seq_array();
	H.ctx.punt = H.punt;
	H.ctx.core_port = P_CORE;
	H.base_mp = rte_mempool_in_use_count(H.mp);
	H.base_ind = rte_mempool_in_use_count(H.ind);
	return 0;
}

int
h_setup_tight(void **state)
{
	return setup(0);
}

int
h_setup_wide(void **state)
{
	return setup(1);
}

static void
drain(struct rte_ring *r)
{
	void *o;

	while (rte_ring_dequeue(r, &o) == 0)
		rte_pktmbuf_free(o);
}

int
h_teardown(void **state)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		rte_eth_tx_buffer_flush(H.port_id[i], 0, H.txb[i]);
		drain(H.tx[i]);
	}
	drain(H.small_tx);
	drain(H.punt);
	if (H.table != NULL) {
		dp_table_worker_unregister(H.table, rte_lcore_id());
		dp_table_free(H.table);
		H.table = NULL;
	}
	return 0;
}

void
h_finish(void)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		H.st.tx_pkts += rte_eth_tx_buffer_flush(port_table[i].port_id, 0,
							H.txb[i]);
		assert_int_equal(rte_ring_count(H.tx[i]), 0);
	}
	assert_int_equal(rte_ring_count(H.small_tx), 0);
	assert_int_equal(rte_ring_count(H.punt), 0);
	/* Every mbuf (and fragment indirect mbuf) back in its pool. */
	assert_int_equal(rte_mempool_in_use_count(H.mp), H.base_mp);
	assert_int_equal(rte_mempool_in_use_count(H.ind), H.base_ind);
}

static struct rte_ring *
ring_of(int p)
{
	uint16_t pid = port_table[p].port_id;

	if (pid == H.small_port)
		return H.small_tx;
	return pid == H.port_id[P_ACC] ? H.tx[P_ACC] : H.tx[P_CORE];
}

unsigned int
h_out(int p, struct rte_mbuf **out, unsigned int max)
{
	H.st.tx_pkts += rte_eth_tx_buffer_flush(port_table[p].port_id, 0,
						H.txb[p]);
	return rte_ring_dequeue_burst(ring_of(p), (void **)out, max, NULL);
}

struct rte_mbuf *
h_out1(int p)
{
	struct rte_mbuf *m[2];

	assert_int_equal(h_out(p, m, 2), 1);
	return m[0];
}

unsigned int
h_out_count(int p)
{
	struct rte_mbuf *m[64];
	unsigned int n = h_out(p, m, 64);

	rte_pktmbuf_free_bulk(m, n);
	return n;
}

struct rte_mbuf *
h_punt1(void)
{
	void *o[2];

	assert_int_equal(rte_ring_dequeue_burst(H.punt, o, 2, NULL), 1);
	return o[0];
}

/*
 * The worker's part before dp_fwd_up_burst(): the L2TP/PPP parse of
 * dp_classify() (dp_decap_parse() is the same dp_classify_l2tp()), its
 * drops counted and freed, its punts punted; the rest go on with their
 * parses.
 */
void
h_up(struct rte_mbuf **pkts, unsigned int n)
{
	struct lns_l2tp_data d[DP_FWD_BURST];
	struct rte_mbuf *up[DP_FWD_BURST];
	struct dp_verdict r;
	unsigned int i, k = 0;

	assert_true(n <= DP_FWD_BURST);
	for (i = 0; i < n; i++) {
		r = dp_decap_parse(pkts[i], &d[k]);
		if (r.kind == DP_VERDICT_UP) {
			up[k++] = pkts[i];
		} else if (r.kind == DP_VERDICT_PUNT) {
			struct dp_punt_meta meta = {
				.reason = r.reason,
				.session_index = UINT32_MAX,
			};

			dp_fwd_punt_one(&H.ctx, pkts[i], &meta);
		} else {
			H.st.drop[r.reason]++;
			rte_pktmbuf_free(pkts[i]);
		}
	}
	dp_fwd_up_burst(&H.ctx, up, d, k);
	if (H.table != NULL)
		dp_table_quiescent(H.table, rte_lcore_id());
}

void
h_entry_poison(uint8_t save[NSESS][H_POISON_MAX], unsigned int lines)
{
	unsigned int i;

	assert_true(lines >= 1 && lines * 64 <= H_POISON_MAX);
	for (i = 0; i < NSESS; i++) {
		struct dp_session *s = dp_table_get(H.table, i);

		assert_non_null(s);
		memcpy(save[i], s, H_POISON_MAX);
		memset(s, 0xa5, lines * 64);
	}
}

void
h_entry_restore(const uint8_t save[NSESS][H_POISON_MAX])
{
	unsigned int i;

	for (i = 0; i < NSESS; i++)
		memcpy(dp_table_get(H.table, i), save[i], H_POISON_MAX);
}

void
h_down(struct rte_mbuf **pkts, unsigned int n)
{
	dp_fwd_down_burst(&H.ctx, pkts, n);
	if (H.table != NULL)
		dp_table_quiescent(H.table, rte_lcore_id());
}

void
h_down6(struct rte_mbuf **pkts, unsigned int n)
{
	dp_fwd_down6_burst(&H.ctx, pkts, n);
	if (H.table != NULL)
		dp_table_quiescent(H.table, rte_lcore_id());
}

void
h_expect_drop(struct rte_mbuf *m, int down, enum dp_drop_reason r,
	      const char *what)
{
	uint64_t before = H.st.drop[r], all = h_drops(), p = h_punts();
	uint64_t *fwd = down ? &H.st.fwd_down_pkts : &H.st.fwd_up_pkts;
	uint64_t f = *fwd;

	if (down && (rte_pktmbuf_mtod_offset(m, const uint8_t *,
					      m->l2_len)[0] >> 4) == 6)
		h_down6(&m, 1);
	else if (down)
		h_down(&m, 1);
	else
		h_up(&m, 1);
	if (H.st.drop[r] != before + 1)
		print_message("# case %s: drop %s not counted\n", what,
			      dp_drop_name(r));
	assert_int_equal(H.st.drop[r], before + 1);
	assert_int_equal(h_drops(), all + 1);
	assert_int_equal(h_punts(), p);
	assert_int_equal(*fwd, f);
	assert_int_equal(h_out_count(down ? P_ACC : P_CORE), 0);
	assert_int_equal(rte_ring_count(H.punt), 0);
	assert_int_equal(rte_mempool_in_use_count(H.mp), H.base_mp);
	assert_int_equal(rte_mempool_in_use_count(H.ind), H.base_ind);
}

void
h_read(const struct rte_mbuf *m, uint32_t off, uint32_t len, void *dst)
{
	const void *p;

	assert_true(off + len <= rte_pktmbuf_pkt_len(m));
	p = rte_pktmbuf_read(m, off, len, dst);
	assert_non_null(p);
	if (p != dst)
		memcpy(dst, p, len);
}

struct rte_mbuf *
h_mbuf(const uint8_t *b, uint32_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(H.mp);
	char *d;

	assert_non_null(m);
	d = rte_pktmbuf_append(m, (uint16_t)len);
	assert_non_null(d);
	memcpy(d, b, len);
	return m;
}

struct rte_mbuf *
h_mbuf2(const uint8_t *b, uint32_t len, uint32_t split)
{
	struct rte_mbuf *m = h_mbuf(b, split), *m2 = h_mbuf(b + split, len - split);

	assert_int_equal(rte_pktmbuf_chain(m, m2), 0);
	return m;
}

uint16_t
h_inner4(uint8_t *b, const struct in4 *p)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)b;
	uint8_t *l4 = (uint8_t *)(ip + 1);
	unsigned int i;

	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(20 + p->plen));
	ip->packet_id = rte_cpu_to_be_16(p->id);
	ip->fragment_offset = p->df ? rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG) : 0;
	ip->time_to_live = p->ttl ? p->ttl : 64;
	ip->next_proto_id = p->proto ? p->proto : IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(p->src);
	ip->dst_addr = rte_cpu_to_be_32(p->dst ? p->dst : DST_IP);
	for (i = 0; i < p->plen; i++)
		l4[i] = (uint8_t)(p->id * 7 + i * 13 + (i >> 8));
	if (ip->next_proto_id == IPPROTO_TCP && p->plen >= 24) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)l4;

		memset(th, 0, 24);
		th->src_port = rte_cpu_to_be_16(40000);
		th->dst_port = rte_cpu_to_be_16(80);
		th->sent_seq = rte_cpu_to_be_32(0x11223344);
		th->data_off = 6 << 4;
		th->tcp_flags = p->syn_mss ? RTE_TCP_SYN_FLAG : RTE_TCP_ACK_FLAG;
		th->rx_win = rte_cpu_to_be_16(65535);
		l4[20] = 2;
		l4[21] = 4;
		l4[22] = (uint8_t)(p->syn_mss >> 8);
		l4[23] = (uint8_t)p->syn_mss;
		ip->hdr_checksum = 0;
		th->cksum = rte_ipv4_udptcp_cksum(ip, th);
	}
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return (uint16_t)(20 + p->plen);
}

uint16_t
h_inner6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t hops)
{
	struct in6 p = { .src = src, .dst = dst, .hops = hops };

	return h_inner6x(b, &p);
}

uint16_t
h_inner6x(uint8_t *b, const struct in6 *p)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)b;
	uint8_t *l4 = b + 40;
	uint16_t plen = p->plen ? p->plen : 16;
	unsigned int i;

	memset(h, 0, sizeof(*h));
	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16(plen);
	h->proto = p->proto ? p->proto : IPPROTO_UDP;
	h->hop_limits = p->hops;
	memcpy(h->src_addr, p->src, 16);
	memcpy(h->dst_addr, p->dst, 16);
	for (i = 0; i < plen; i++)
		l4[i] = (uint8_t)(0xa0 + i);
	if (h->proto == IPPROTO_ICMPV6)
		l4[0] = p->icmp_type;
	if (h->proto == IPPROTO_UDP && p->udp_src != 0) {
		l4[0] = (uint8_t)(p->udp_src >> 8);
		l4[1] = (uint8_t)p->udp_src;
	}
	if (h->proto == IPPROTO_TCP && plen >= 24) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)l4;

		memset(th, 0, 24);
		th->src_port = rte_cpu_to_be_16(40000);
		th->dst_port = rte_cpu_to_be_16(80);
		th->data_off = 6 << 4;
		th->tcp_flags = p->syn_mss ? RTE_TCP_SYN_FLAG : RTE_TCP_ACK_FLAG;
		th->rx_win = rte_cpu_to_be_16(65535);
		l4[20] = 2;
		l4[21] = 4;
		l4[22] = (uint8_t)(p->syn_mss >> 8);
		l4[23] = (uint8_t)p->syn_mss;
		th->cksum = rte_ipv6_udptcp_cksum(h, th);
	}
	return (uint16_t)(40 + plen);
}

uint16_t
h_build_up(uint8_t *b, const struct lns_test_up *u, const uint8_t *in,
	   uint16_t ilen, uint16_t *inner_off)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)b;

	e->dst_addr = H.acc_mac;
	e->src_addr = H.peer_mac;
	return lns_test_build_up(b, u, in, ilen, inner_off);
}

struct rte_mbuf *
h_up_mbuf(const struct lns_test_up *u, const uint8_t *in, uint16_t ilen)
{
	static uint8_t b[4096];
	struct rte_mbuf *m;
	uint16_t len = h_build_up(b, u, in, ilen, NULL);

	m = h_mbuf(b, len);
	m->l2_len = 14;
	m->l3_len = 20;
	m->port = H.port_id[P_ACC];
	return m;
}

uint16_t
h_build_down(uint8_t *b, const uint8_t *in, uint16_t ilen, uint16_t trailer)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)b;
	uint16_t l2 = 14;
	/* The family of in: its version nibble. */
	uint16_t type = (in[0] >> 4) == 6 ? RTE_ETHER_TYPE_IPV6 :
			RTE_ETHER_TYPE_IPV4;

	e->dst_addr = H.core_mac;
	e->src_addr = H.nh_mac;
	if (port_table[P_CORE].vlan != 0) {
		e->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
		b[14] = (uint8_t)(port_table[P_CORE].vlan >> 8);
		b[15] = (uint8_t)port_table[P_CORE].vlan;
		b[16] = (uint8_t)(type >> 8);
		b[17] = (uint8_t)type;
		l2 = 18;
	} else {
		e->ether_type = rte_cpu_to_be_16(type);
	}
	memcpy(b + l2, in, ilen);
	memset(b + l2 + ilen, 0, trailer);
	return (uint16_t)(l2 + ilen + trailer);
}

struct rte_mbuf *
h_down_mbuf(const uint8_t *in, uint16_t ilen, uint16_t trailer)
{
	static uint8_t b[4096];
	uint16_t len = h_build_down(b, in, ilen, trailer);
	struct rte_mbuf *m = h_mbuf(b, len);

	m->l2_len = port_table[P_CORE].vlan ? 18 : 14;
	m->l3_len = (in[0] >> 4) == 6 ? 40 : 20;
	m->port = H.port_id[P_CORE];
	return m;
}

int
h_ip_ok(const void *ip)
{
	const struct rte_ipv4_hdr *h = ip;

	return rte_raw_cksum(h, (h->version_ihl & 0xf) * 4u) == 0xffff;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

int
h_main(const char *name, const struct CMUnitTest *tests, size_t n)
{
	char prefix[64], rundir[PATH_MAX], arg0[64];
	char *argv[] = {
		arg0, "--no-huge", "-m", "512", "--no-pci",
		"--no-telemetry", "--file-prefix", prefix,
		"--log-level=warning", "-l", "0", NULL,
	};
	int ret;

	snprintf(arg0, sizeof(arg0), "%s", name);
	snprintf(prefix, sizeof(prefix), "%s%d", name, (int)getpid());
	if (rte_eal_init(RTE_DIM(argv) - 1, argv) < 0) {
		printf("Bail out! rte_eal_init failed: %s\n",
		       rte_strerror(rte_errno));
		return 1;
	}
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	if (global_init() != 0) {
		printf("Bail out! harness init failed: %s\n",
		       rte_strerror(rte_errno));
		return 1;
	}
	ret = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	dp_seq_fini();
	rte_eal_cleanup();
	if (strstr(rundir, prefix) != NULL)
		nftw(rundir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
