/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Subscriber forwarding in the worker, a burst at a time (DPDK l3fwd and
 * VPP's pppoe/l2tp decap nodes are the models):
 *
 *   upstream    take every L2TP data header as dp_classify() parsed
 *               it (struct lns_l2tp_data), read every (tunnel, session)
 *               slot in one bulk call with its copy of what upstream
 *               checks (dp_table.h), prefetch this lcore's counter
 *               slots, then check + rewrite each packet and send it to
 *               the core next hop;
 *   downstream  one bulk lookup for the burst's destinations (a run of
 *               packets of one session costs one lookup: last-key
 *               cache), prefetch the sessions' templates, encap
 *               each packet and send it to its LAC; inner IPv4 longer
 *               than the session MRU with DF clear is fragmented first
 *               (rte_ip_frag), with DF set punted for ICMP;
 *   IPv6        both directions side by side (dp_fwd6.c downstream,
 *               dp_decap.h's IPv6 pair upstream): an IPv6 FIB, its own
 *               next hop, never fragmented (Packet Too Big punted).
 *
 * Per-session counters (dp_sess_ctr.h) count what was forwarded: inner IP
 * octets, downstream as offered before fragmentation. A session with a
 * rate (DP_SESS_QOS_* in its entry's flags, one test per packet) goes
 * through dp_qos.h between the lookup and that last step: upstream after
 * decapsulation (policed on the inner length), downstream before
 * encapsulation (shaped, possibly queued); what the policer drops or the
 * shaper holds is not counted as forwarded. Punts follow
 * dp_punt.h (frame as received); drops are counted by reason. Nothing
 * here blocks, allocates (except fragment mbufs) or logs.
 */
#ifndef LNS_DP_FWD_H
#define LNS_DP_FWD_H

#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_meter.h>

#include "dp_api.h"
#include "dp_stats.h"
#include "lns_l2tp_wire.h"
#include "port.h"

struct dp_table;
struct dp_qos_worker;
struct dp_session;

/* Largest burst dp_fwd_*_burst() take (the bulk lookups' limit). */
#define DP_FWD_BURST	32

/*
 * One forwarding lcore's state; only that lcore touches it. The shared
 * structures it reads (tables, sequence numbers, punt ring) are set
 * before the lcore starts and never change while it runs.
 */
struct dp_fwd_ctx {
	struct dp_stats *st;
	struct dp_session_counters *ctr;	/* this lcore's, or NULL */
	const struct dp_table *table;		/* NULL: no sessions */
	uint16_t *seq;				/* Ns per session_index */
	struct rte_ring *punt;			/* to the control lcore */
	int core_port;				/* upstream exit, -1: none */
	struct rte_eth_dev_tx_buffer **txb;	/* [port_table index] */
	uint16_t queue;				/* TX queue on every port */
	uint16_t ip_id;				/* outer (and fragment) IPv4 IDs */
	struct rte_mempool *frag_indirect;	/* NULL: no fragmentation */
	struct dp_qos_worker *qos;		/* NULL: rates not enforced */
	uint64_t now;				/* TSC of this loop pass (QoS,
						 * the IPv6 punt meter) */
	/* IPv6 control punts of this lcore (dp_fwd_punt6_admit()). */
	struct rte_meter_srtcm punt6;
	struct rte_meter_srtcm_profile *punt6_prof;	/* NULL: none */
};

/*
 * IPv6 control punts (RS, DHCPv6, NS/NA, MLD from subscribers; ND,
 * link-local, multicast and our addresses from the core) are what anyone
 * can send at line rate: each worker lets DP_PUNT6_RATE a second through
 * (DP_PUNT6_BURST at once) to the control lcore, and drops the rest as
 * ipv6_punt_limited, so they can never fill the punt ring that L2TP and
 * PPP control share. Per lcore; a mass reconnect of 64k subscribers (RS,
 * four DHCPv6 messages each) drains in 64k x 5 / 10k = 32 s on one worker
 * with retransmissions to spare. rte_meter srTCM, one "octet" per packet.
 */
#define DP_PUNT6_RATE	10000
#define DP_PUNT6_BURST	1024

static inline int
dp_punt_is_ipv6_ctl(uint8_t reason)
{
	return reason == DP_PUNT_IPV6_LINK_LOCAL ||
	       reason == DP_PUNT_IPV6_LOCAL || reason == DP_PUNT_IPV6_ND;
}

/* Whether one more IPv6 control punt may go now (at c->now). */
static inline int
dp_fwd_punt6_admit(struct dp_fwd_ctx *c)
{
	if (c->punt6_prof == NULL)
		return 1;
	return rte_meter_srtcm_color_blind_check(&c->punt6, c->punt6_prof,
						 c->now, 1) == RTE_COLOR_GREEN;
}

/* The worker's meter profile for DP_PUNT6_RATE / DP_PUNT6_BURST. */
int dp_fwd_punt6_profile(struct rte_meter_srtcm_profile *p);

/* Pool of indirect mbufs for fragmentation on socket (one per socket). */
struct rte_mempool *dp_fwd_frag_pool(int socket, unsigned int n);

/*
 * Forward n <= DP_FWD_BURST frames classified UP (access side); d[i] is
 * what dp_classify() parsed of pkts[i]'s L2TP/PPP headers.
 */
void dp_fwd_up_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
		     const struct lns_l2tp_data *d, unsigned int n);
/* Forward n <= DP_FWD_BURST frames classified DOWN (core side). */
void dp_fwd_down_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
		       unsigned int n);
/* The same for frames classified DOWN6 (IPv6, dp_fwd6.c). */
void dp_fwd_down6_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
			unsigned int n);

/*
 * The last step of each direction for one packet of s, for the QoS code
 * (dp_qos.h) once a packet may leave: upstream m decapsulated (counted,
 * sent to the core); downstream m the inner packet, core Ethernet header
 * stripped (encapsulated or fragmented, counted, sent; or punted or
 * dropped as dp_fwd_down_burst() or dp_fwd_down6_burst() would: the IP
 * version tells which).
 */
void dp_fwd_up_send(struct dp_fwd_ctx *c, struct rte_mbuf *m, uint32_t idx);
void dp_fwd_down_send(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		      const struct dp_session *s);

/*
 * Punt m with meta (dp_punt.h), or count it as punt_ring_full (or
 * ipv6_punt_limited: dp_fwd_punt6_admit()) and free it.
 */
void dp_fwd_punt_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		     const struct dp_punt_meta *meta);

#endif /* LNS_DP_FWD_H */
