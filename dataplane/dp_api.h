/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The dataplane's one public header: everything the control plane, the
 * benchmarks and the tools may use of dataplane/. Every other header in
 * dataplane/ is private to it (OpenBSD's pipex.h between npppd and the
 * kernel fast path, DPDK's installed rte_hash.h beside its private
 * rte_cuckoo_hash.h are the models). See docs/architecture.md.
 *
 *   lifecycle      dp_init() after the ports, dp_start(), dp_stop(),
 *                  dp_fini()
 *   sessions       dp_session_add/modify/delete(): one flat descriptor
 *                  (struct dp_session_desc), applied at once
 *   next hops      dp_nexthop_set() / dp_nexthop6_set(): the core-side
 *                  IPv4 / IPv6 gateway's MAC
 *   local IPv6     dp_local6_set(): our own IPv6 addresses (punted)
 *   counters       per-session (summed over workers), per-reason,
 *                  table statistics
 *   punt           dp_punt_dequeue() and the typed metadata each punted
 *                  mbuf carries (struct dp_punt_meta, an mbuf dynfield)
 *   sequencing     the L2TP Ns hand-off of sequenced sessions
 *   control TX     dp_control_tx(): frames the control lcore sends
 *
 * Threads: every function here is for the control lcore (the EAL main
 * lcore), which is the single writer of the session tables; workers are
 * internal to the dataplane. Functions return 0 or a negative errno.
 *
 * Why session changes are synchronous calls and not a ring: the only
 * writer of the tables is the control lcore itself, so a descriptor ring
 * would be filled and drained by the same thread - a 128-byte copy per
 * change, a second code path when the ring is full, and a window in which
 * the control plane believes in a session the workers cannot find yet.
 * A call installs the session before it returns (the subscriber's first
 * packet may follow IPCP's last Configure-Ack at once) and reports a
 * failure (table or FIB full) to the caller that can act on it. What
 * must wait - freeing an entry a worker may still read, reusing a slot -
 * waits on RCU (rte_rcu_qsbr) inside the dataplane, as before.
 */
#ifndef LNS_DP_API_H
#define LNS_DP_API_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "cfg.h"

/* ------------------------------------------------------------------ */
/* Lifecycle (control lcore, in this order).                           */

/*
 * Create the punt ring, the session tables, the per-worker counters and
 * the sequence numbers, sized from cfg (l2tp.max_sessions,
 * l2tp.max_tunnels, l2tp.max_sessions_per_tunnel, dataplane.*). The
 * ports (drivers/port.h) must be initialised first: the tables live on
 * the first port's NUMA socket, and upstream traffic leaves by the first
 * core port.
 */
int dp_init(const struct cfg *cfg);
/* Launch one worker per worker lcore; returns the number launched. */
unsigned int dp_start(void);
/* Ask every worker to return, and wait until they have. */
void dp_stop(void);
/* Free what dp_init() made (workers stopped). */
void dp_fini(void);
/*
 * Wait until every running worker has finished one loop: whatever it
 * had received before the call is processed and counted, and no worker
 * still holds a session removed before it.
 */
void dp_workers_sync(void);

/* ------------------------------------------------------------------ */
/* Sessions: the control -> dataplane contract.                        */

/* dp_session_desc.flags */
#define DP_SESS_F_SEQ		0x0001	/* send Ns/Nr (Sequencing Required) */
#define DP_SESS_F_ACFC		0x0002	/* peer may omit FF 03 */
#define DP_SESS_F_PFC		0x0004	/* peer may compress the protocol field */
#define DP_SESS_F_IPV6		0x0008	/* IPv6CP open (inner IPv6 allowed) */

#define DP_SESS_MAX_ROUTES	4	/* Framed-Routes per session */
/*
 * IPv6 routes per session besides its /64: the DHCPv6 delegated prefix,
 * an IA_NA /128, a Framed-IPv6-Route. Three so that they and their
 * lengths fit the one cache line of the session entry an upstream packet
 * from outside the /64 reads.
 */
#define DP_SESS_MAX_ROUTES6	3

struct dp_route4 {
	uint32_t prefix;		/* network order */
	uint8_t len;
};

struct dp_route6 {
	uint8_t prefix[16];		/* bits past len ignored */
	uint8_t len;			/* 1..128 */
};

/*
 * One dataplane session: one subscriber's PPP link inside one L2TP call,
 * flat and fixed-size (npppd's struct pipex_session_req is the model).
 * Written by the control lcore, copied by the dataplane during the call.
 */
struct dp_session_desc {
	uint32_t session_index;		/* dense, < l2tp.max_sessions: the
					 * dataplane slot, counters, Ns */
	uint16_t flags;			/* DP_SESS_F_* */
	uint8_t nb_routes;

	/* Upstream key: OUR tunnel and session IDs (dense, ctl_l2tp.h). */
	uint16_t local_tid;
	uint16_t local_sid;
	/* Written into every downstream L2TP header. */
	uint16_t peer_tid;
	uint16_t peer_sid;

	/* Outer IPv4/UDP of the tunnel; addresses network order, ports host. */
	uint32_t local_ip;
	uint32_t peer_ip;
	uint16_t local_udp_port;
	uint16_t peer_udp_port;
	uint16_t access_port;		/* drivers port index towards the LAC */
	uint16_t vlan;			/* of that port, 0 = untagged */
	struct rte_ether_addr local_mac;
	struct rte_ether_addr peer_mac;	/* next hop towards the LAC */

	/* Subscriber: anti-spoofing (upstream) and FIB (downstream). */
	uint32_t sub_ip;		/* network order, /32 */
	uint8_t sub_ip6_prefix[8];	/* /64, if DP_SESS_F_IPV6 */
	struct dp_route4 routes[DP_SESS_MAX_ROUTES];
	/*
	 * IPv6 (DP_SESS_F_IPV6): the /64 above and these routes are the
	 * subscriber's - upstream sources allowed, downstream destinations
	 * in the IPv6 FIB. A prefix delegated after IPv6CP (DHCPv6) is added
	 * by dp_session_modify() with the session live.
	 */
	uint8_t nb_routes6;
	struct dp_route6 routes6[DP_SESS_MAX_ROUTES6];

	uint16_t mru;			/* PPP MRU the subscriber accepts */
	uint16_t mss;			/* TCP MSS clamp, 0 = none */
	/* ADD only: the next L2TP data Ns if DP_SESS_F_SEQ (RFC 2661 §5.4). */
	uint16_t next_ns;
	/*
	 * QoS (docs/qos.md), in bits/s of the inner IP packet, 0 = unlimited:
	 * the upstream policer (what the subscriber sends; colour-blind,
	 * what does not conform is dropped) and the downstream shaper (a
	 * token bucket with a small FIFO per session: what does not conform
	 * waits, in order; dropped only when the FIFO is full). Bursts in
	 * octets, 0 = the dataplane's default for the rate. MODIFY changes
	 * them live; the session keeps its queue and counters.
	 */
	uint64_t rate_up_bps;
	uint64_t rate_down_bps;
	uint32_t burst_up_bytes;
	uint32_t burst_down_bytes;
} __rte_cache_aligned;

/*
 * Install a session: it is visible to every worker when the call
 * returns. -EEXIST (its tunnel/session IDs are in use), -EINVAL (bad
 * index, IDs or descriptor), -ENOSPC (table full), -ENOMEM.
 */
int dp_session_add(const struct dp_session_desc *d);
/* Replace a live session's descriptor (same index and IDs). */
int dp_session_modify(const struct dp_session_desc *d);
/*
 * Remove the session at index; its entry is freed once no worker can
 * see it. *next_ns (may be NULL) receives the next data Ns, so the
 * control lcore numbers what it sends afterwards (RFC 2661 §5.4).
 */
int dp_session_delete(uint32_t session_index, uint16_t *next_ns);
/* Once per control-loop pass: free entries no worker can still see. */
void dp_session_reclaim(void);

/* Take the next data Ns of a live sequenced session (control sends). */
uint16_t dp_session_take_ns(uint32_t session_index);

/*
 * Encapsulate m (an inner IPv4 or IPv6 packet, PPP protocol ppp_proto)
 * for the live session at index, as the workers do downstream (the
 * session's outer header template, its Ns if sequenced), and give the
 * port it must leave by. -ENOENT (no session), -ENOSPC (headroom).
 */
int dp_session_encap(uint32_t session_index, struct rte_mbuf *m,
		     uint16_t ppp_proto, uint16_t *port);

/* ------------------------------------------------------------------ */
/* Next hops.                                                          */

/*
 * The MAC of port's gateway (the control lcore's ARP), read by the
 * workers for every upstream packet; NULL: unresolved (upstream traffic
 * is then dropped as core_nexthop_unresolved).
 */
void dp_nexthop_set(uint16_t port, const struct rte_ether_addr *mac);
/*
 * The same for IPv6: the MAC of port's IPv6 gateway (the control lcore's
 * neighbour discovery); NULL: unresolved (upstream IPv6 is then dropped
 * as core_nexthop6_unresolved). Either family forwards without the other.
 */
void dp_nexthop6_set(uint16_t port, const struct rte_ether_addr *mac);

/* ------------------------------------------------------------------ */
/* Our own IPv6 addresses.                                             */

#define DP_LOCAL6_MAX	8	/* addresses per port */

/*
 * Replace port's set of our own IPv6 addresses (global ones: link-local
 * and multicast destinations are punted anyway) with the n addresses of
 * addr. Core-side packets to them are punted (DP_PUNT_IPV6_LOCAL), never
 * forwarded to a subscriber whose route covers them. n = 0 clears.
 * -EINVAL (port, n > DP_LOCAL6_MAX), -ENODEV (no dp_init()), -ENOSPC
 * (IPv6 FIB full: the set is partly installed, counted as fib_err).
 */
int dp_local6_set(uint16_t port, const uint8_t addr[][16], unsigned int n);

/* ------------------------------------------------------------------ */
/* Counters (read by the control lcore; slightly stale sums).          */

enum dp_drop_reason {
#define DP_DROP(n, s) DP_DROP_ ## n,
#include "dp_drop.def"
	DP_DROP_MAX
};

enum dp_punt_reason {
#define DP_PUNT(n, s) DP_PUNT_ ## n,
#include "dp_drop.def"
	DP_PUNT_MAX
};

const char *dp_drop_name(enum dp_drop_reason r);
const char *dp_punt_name(enum dp_punt_reason r);

/* Fast-path counters; every field is a uint64_t. */
struct dp_stats {
	uint64_t loops;			/* worker loop passes (liveness) */
	uint64_t rx_pkts;
	uint64_t tx_pkts;
	uint64_t ctl_tx_pkts;		/* control frames sent for the control lcore */
	uint64_t fwd_up_pkts;		/* decapsulated, sent to the core */
	uint64_t fwd_down_pkts;		/* encapsulated (before fragmenting) */
	uint64_t mss_clamped;		/* TCP SYNs whose MSS was lowered */
	uint64_t mss_bad_options;	/* SYNs with lying TCP options, left */
	uint64_t frag_pkts;		/* downstream packets fragmented */
	uint64_t frag_out;		/* fragments made and sent */
	/* dataplane.spread: upstream frames handed to / taken from another
	 * worker (to itself too in lns-bench's forced mode). */
	uint64_t spread_out_pkts;
	uint64_t spread_in_pkts;
	uint64_t punt[DP_PUNT_MAX];
	uint64_t drop[DP_DROP_MAX];
} __rte_cache_aligned;

/* Every worker's counters summed. */
void dp_stats_read(struct dp_stats *out);
/* One lcore's counters (zero for an lcore that is no worker). From any
 * thread: plain 64-bit loads of counters only that worker writes. */
void dp_stats_read_lcore(unsigned int lcore, struct dp_stats *out);

/*
 * Worker liveness: the lcore IDs (up to max) of the running workers that
 * have not finished a loop pass since the previous call - stalled by a
 * bug, or by their CPU being taken away - and how many there are. Call
 * at an interval long against a loop pass (the control lcore: 1 s).
 */
unsigned int dp_workers_stalled(unsigned int *lcores, unsigned int max);

/* One session's traffic: inner IP packets and octets, both directions. */
struct dp_session_counters {
	uint64_t up_pkts;		/* passed the policer, forwarded */
	uint64_t up_bytes;
	uint64_t down_pkts;		/* left towards the LAC, after the
					 * shaper (accounting's Output) */
	uint64_t down_bytes;
};

/*
 * Sum over the workers of the counters of index. An index is reused by
 * later sessions: take a baseline when a session is added.
 */
void dp_session_counters(uint32_t session_index,
			 struct dp_session_counters *out);

/* What the session's policer and shaper did (docs/qos.md). */
struct dp_session_qos_counters {
	uint64_t up_policed_pkts;	/* dropped by the upstream policer */
	uint64_t up_policed_bytes;
	uint64_t down_shaped_pkts;	/* waited in the shaper's FIFO */
	uint64_t down_shape_drop_pkts;	/* FIFO full: dropped */
	uint64_t down_shape_drop_bytes;
	uint64_t down_queue_pkts;	/* in the FIFO now (a gauge) */
	uint64_t down_queue_bytes;	/* in the FIFO now (a gauge) */
};

/*
 * The QoS counters of index: kept by the session's owner worker alone
 * (docs/qos.md), so there is nothing to sum. Unlike
 * dp_session_counters(), they start at 0 with every ADD at the index
 * (no baseline needed); MODIFY keeps them; after DELETE they stay
 * readable until the next ADD.
 */
void dp_session_qos_counters(uint32_t session_index,
			     struct dp_session_qos_counters *out);

/*
 * The most mbufs the downstream shapers can hold with cfg: half of
 * dataplane.mbufs (the rest stays for RX), or every FIFO of the pool
 * full if that is fewer (docs/qos.md). A pool other than the ports'
 * (lns-bench's generator) must have room for it.
 */
uint64_t dp_qos_mbufs_max(const struct cfg *cfg);

/*
 * The session tables' writer counters. Written by the writer only;
 * read by anyone (plain 64-bit loads, may be slightly stale).
 */
struct dp_table_stats {
	uint64_t added;
	uint64_t modified;
	uint64_t deleted;
	uint64_t dup_add;		/* ADD of a key that exists */
	uint64_t del_unknown;		/* DELETE of a key that does not */
	uint64_t mod_unknown;		/* MODIFY of a key that does not */
	uint64_t bad_index;		/* session_index out of range or busy */
	uint64_t full;			/* ADD with every index in use */
	uint64_t build_fail;		/* build callback returned NULL */
	uint64_t up_nomem;		/* ADD: a per-tunnel array could not
					 * grow (rte_malloc) */
	uint64_t up_grows;		/* per-tunnel arrays made or grown */
	uint64_t down_spill;		/* a subscriber /32 put in the FIB: no
					 * directory block for its /24 */
	uint64_t fib_err;		/* rte_fib add failed (routes skipped) */
	uint64_t fib6_err;		/* rte_fib6 add failed (skipped) */
	uint64_t fib6_rebuilds;		/* FIB6 made anew (dp_table6.c) */
	uint64_t bad_op;
	uint64_t bad_key;		/* tunnel/session ID 0 or beyond
					 * l2tp.max_tunnels /
					 * max_sessions_per_tunnel */
	uint64_t reuse_waits;		/* ADD waited for a grace period */
	uint64_t pool_waits;		/* built-in pool waited for one */
	uint64_t dq_waits;		/* defer queue full: a grace period
					 * waited out at DELETE/MODIFY */
	uint64_t freed;			/* entries given to the free callback */
};

/* The session tables' counters and shape. */
struct dp_table_info {
	struct dp_table_stats stats;
	uint32_t live;			/* sessions in the tables */
	uint32_t max_sessions;
	uint64_t up_bytes;		/* upstream index: per-tunnel arrays
					 * (and the tunnel table's 8 B per
					 * possible tunnel) */
	uint32_t up_tunnels;		/* tunnels with an array */
	uint64_t down_bytes;		/* subscriber /32 directory (its
					 * top level included) */
	uint32_t down_blocks;		/* its /24 blocks */
};

void dp_table_info(struct dp_table_info *out);

/* ------------------------------------------------------------------ */
/* Punt: frames the workers hand to the control lcore.                 */

/*
 * Typed metadata of a punted mbuf (an mbuf dynamic field, registered by
 * dp_init(); DPDK's grout carries its per-packet metadata the same way).
 * The frame is the one the worker received, unmodified, data at its
 * Ethernet header, m->port its input port, m->l2_len / m->l3_len the
 * outer Ethernet[/802.1Q] and IPv4 header lengths.
 */
struct dp_punt_meta {
	uint8_t reason;			/* enum dp_punt_reason */
	uint8_t down;			/* 1: a core-side packet to a subscriber */
	uint16_t mtu;			/* FRAG_NEEDED: the Next-Hop MTU */
	/*
	 * Set for punts of the session fast path (TTL_EXPIRED,
	 * FRAG_NEEDED, IPV6_LINK_LOCAL): the session the packet belongs
	 * to, already checked by the worker (outer peer, inner sanity,
	 * anti-spoofing). Upstream,
	 * the subscriber's packet is at inner_off for inner_len octets.
	 */
	uint32_t session_index;		/* UINT32_MAX: none */
	uint16_t local_tid;		/* its L2TP IDs (ours) */
	uint16_t local_sid;
	uint16_t inner_off;
	uint16_t inner_len;
	/*
	 * The family of the inner packet as a PPP protocol (0x0021 IPv4,
	 * 0x0057 IPv6): upstream always, downstream for session punts
	 * (TTL_EXPIRED, FRAG_NEEDED: Time Exceeded or Packet Too Big).
	 */
	uint16_t ppp_proto;
};

/* Up to n punted mbufs; the caller owns (and frees) them. */
unsigned int dp_punt_dequeue(struct rte_mbuf **pkts, unsigned int n);
const struct dp_punt_meta *dp_punt_meta(const struct rte_mbuf *m);

/*
 * The punt ring now: frames waiting for the control lcore and how many it
 * holds (dataplane.punt_ring - 1). From any thread (telemetry): a
 * snapshot, the workers and the control lcore go on meanwhile. A full
 * ring drops, counted as drop_punt_ring_full.
 */
struct dp_punt_info {
	uint32_t used;
	uint32_t capacity;
};

void dp_punt_info(struct dp_punt_info *out);

/* ------------------------------------------------------------------ */
/* Control TX.                                                         */

/*
 * Send a complete frame on port (drivers index) for the control lcore:
 * on the port's control TX queue, or through worker 0's ring on devices
 * without a queue to spare. 0: m is consumed; otherwise the caller
 * still owns m.
 */
int dp_control_tx(uint16_t port, struct rte_mbuf *m);

#endif /* LNS_DP_API_H */
