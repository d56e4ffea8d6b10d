/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Shared harness of test_dp_fwd.c and test_dp_fwd_down.c: a real EAL
 * (--no-huge, --no-pci), two net_ring ethdevs (access, core) whose TX
 * rings the tests dequeue and inspect, port_table[] filled as port.c
 * would, the session table with four sessions, a punt ring, a worker
 * context (dp_fwd_ctx) with TX buffers and per-session counters, and
 * frame builders for both directions.
 */
#ifndef LNS_TEST_DP_FWD_HARNESS_H
#define LNS_TEST_DP_FWD_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "lns_ipv4.h"
#include "dp_fwd.h"
#include "dp_punt.h"
#include "dp_session.h"
#include "dp_table.h"
#include "lns_test_frames.h"

/* port_table indexes */
#define P_ACC		0
#define P_CORE		1

#define ACC_IP		LNS_TEST_LOCAL_IP
#define CORE_IP		LNS_IPV4(192, 0, 2, 1)
#define PEER_IP		LNS_TEST_PEER_IP
#define PEER_PORT	LNS_TEST_PEER_PORT
#define CORE_VLAN	100
#define DST_IP		LNS_IPV4(192, 0, 2, 80)	/* a core host */

/* The sessions (index into H.sd[] == session_index). */
enum { SA, SB, SC, SD, NSESS };
/*
 * SA: tid 1 sid 1, sub 100.64.0.1, Framed 10.1.0.0/16, IPv6, mss 1360
 * SB: tid 1 sid 2, sub 100.64.0.2, DP_SESS_F_SEQ
 * SC: tid 2 sid 1, sub 100.64.0.3, MRU 576, 802.1Q 200 on the access port
 * SD: tid 2 sid 2, sub 100.64.0.4, MRU 1400, no IPv6
 */
#define SUB_IP(i)	LNS_IPV4(100, 64, 0, (i) + 1)
#define FRAMED_IP	LNS_IPV4(10, 1, 2, 3)

struct harness {
	struct rte_mempool *mp;
	struct rte_mempool *ind;		/* dp_fwd_frag_pool() */
	struct rte_ring *rx[2], *tx[2];		/* per port_table index */
	uint16_t port_id[2];
	struct rte_ring *small_tx;		/* TX ring of the tiny port */
	uint16_t small_port;
	struct rte_ring *punt;
	struct rte_eth_dev_tx_buffer *txb[CFG_MAX_PORTS];
	struct dp_stats st;
	struct dp_session_counters ctr[NSESS + 4];
	struct dp_table *table;			/* this case's */
	struct dp_fwd_ctx ctx;
	struct dp_session_desc sd[NSESS];
	struct rte_ether_addr acc_mac, core_mac, nh_mac, peer_mac;
	struct rte_ether_addr nh6_mac;		/* the core's IPv6 next hop */
	int wide_mode;
	/* In use at the start of the case (a failed case may leak). */
	unsigned int base_mp, base_ind;
};

extern struct harness H;
extern const uint8_t prefix6_a[8];

/* main() of each test program: EAL up, run, EAL down. */
int h_main(const char *name, const struct CMUnitTest *tests, size_t n);

/* cmocka setups: fresh table (tight ID limits / lnsd's defaults), stats, rings. */
int h_setup_tight(void **state);
int h_setup_wide(void **state);
int h_teardown(void **state);
/* End of every test: nothing left in any ring, no mbuf in use. */
void h_finish(void);

/* Flush the TX buffers, dequeue up to max frames sent on port_table[p]. */
unsigned int h_out(int p, struct rte_mbuf **out, unsigned int max);
struct rte_mbuf *h_out1(int p);		/* exactly one frame expected */
unsigned int h_out_count(int p);	/* dequeues and frees them */
/* Exactly one punted frame. */
struct rte_mbuf *h_punt1(void);

/*
 * The first lines (1 or 2) of every session's entry (dp_session.h)
 * saved into save and overwritten with 0xa5, or put back. Downstream
 * (encapsulation, fragments, sequencing, the shaper) must never read
 * line 0, upstream IPv4 from a subscriber's own address neither line 0
 * nor line 1 (the slot's copy, dp_sess_up.h); a test run with them
 * poisoned shows that they do not. Punts may (their metadata), so no
 * poisoned test punts.
 */
#define H_POISON_MAX	128
void h_entry_poison(uint8_t save[NSESS][H_POISON_MAX], unsigned int lines);
void h_entry_restore(const uint8_t save[NSESS][H_POISON_MAX]);
/* The cmocka case f##_poisoned: f run with the first lines poisoned. */
#define H_POISONED(f, lines)						\
static void								\
f##_poisoned(void **state)						\
{									\
	uint8_t save_[NSESS][H_POISON_MAX];				\
									\
	h_entry_poison(save_, lines);					\
	f(state);							\
	h_entry_restore(save_);						\
}

void h_up(struct rte_mbuf **pkts, unsigned int n);	/* + quiescent */
void h_down(struct rte_mbuf **pkts, unsigned int n);
void h_down6(struct rte_mbuf **pkts, unsigned int n);	/* IPv6 frames */
/*
 * m forwarded (down: downstream) is one counted drop of reason r: nothing
 * forwarded, sent or punted, every mbuf back in its pool.
 */
void h_expect_drop(struct rte_mbuf *m, int down, enum dp_drop_reason r,
		   const char *what);

/* Bytes of m from off (any segment layout) into a buffer. */
void h_read(const struct rte_mbuf *m, uint32_t off, uint32_t len, void *dst);
/* An mbuf of the harness pool holding the len bytes of b. */
struct rte_mbuf *h_mbuf(const uint8_t *b, uint32_t len);
/* The same as two chained segments: split bytes, then the rest. */
struct rte_mbuf *h_mbuf2(const uint8_t *b, uint32_t len, uint32_t split);

/* Inner IPv4 into b: payload pattern seeded by id; returns the length. */
struct in4 {
	uint32_t src, dst;		/* host order */
	uint8_t ttl, proto;
	uint16_t plen;			/* payload octets after the header */
	uint16_t id;
	int df;
	uint16_t syn_mss;		/* proto TCP: a SYN with this MSS */
};
uint16_t h_inner4(uint8_t *b, const struct in4 *p);
uint16_t h_inner6(uint8_t *b, const uint8_t *src, const uint8_t *dst,
		  uint8_t hops);
/* Inner IPv6, the general form (h_inner6(): UDP, 16 octets). */
struct in6 {
	const uint8_t *src, *dst;
	uint8_t hops;
	uint8_t proto;			/* 0: UDP */
	uint16_t plen;			/* 0: 16 */
	uint8_t icmp_type;		/* proto ICMPv6 */
	uint16_t udp_src;		/* proto UDP, 0: pattern */
	uint16_t syn_mss;		/* proto TCP (plen >= 24): SYN + MSS */
};
uint16_t h_inner6x(uint8_t *b, const struct in6 *p);

/*
 * lns_test_build_up() from the LAC's MAC to the access port's; returns
 * the length, *inner_off the inner offset.
 */
uint16_t h_build_up(uint8_t *b, const struct lns_test_up *u,
		    const uint8_t *in, uint16_t ilen, uint16_t *inner_off);
/* Build and wrap in an mbuf with l2_len/l3_len set (as dp_classify). */
struct rte_mbuf *h_up_mbuf(const struct lns_test_up *u, const uint8_t *in,
			   uint16_t ilen);

/* Downstream frame: core Eth (+ CORE_VLAN tag) / inner + trailer; the
 * ethertype follows in's IP version. */
uint16_t h_build_down(uint8_t *b, const uint8_t *in, uint16_t ilen,
		      uint16_t trailer);
struct rte_mbuf *h_down_mbuf(const uint8_t *in, uint16_t ilen,
			     uint16_t trailer);

static inline uint64_t
h_drops(void)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < DP_DROP_MAX; i++)
		n += H.st.drop[i];
	return n;
}

static inline uint64_t
h_punts(void)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < DP_PUNT_MAX; i++)
		n += H.st.punt[i];
	return n;
}

/* Checksum of an IPv4 header in a flat buffer is valid. */
int h_ip_ok(const void *ip);

#endif /* LNS_TEST_DP_FWD_HARNESS_H */
