/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lns-bench: per-core dataplane benchmark. One process: the EAL main lcore
 * is the traffic generator and sink, every other lcore (normally one) runs
 * lnsd's real worker loop (dp_launch_workers()) over two net_ring ethdevs
 * that are lnsd's access and core ports (port_init_all()). See
 * docs/benchmarks.md.
 */
#ifndef LNS_BENCH_H
#define LNS_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>
#include <rte_ring.h>

#include "cfg.h"
#include "dp_api.h"

#define BENCH_MAX_SCEN		64
#define BENCH_MAX_COUNTS	8
#define BENCH_MAX_SAMPLES	8192

enum bench_dir { BENCH_UP, BENCH_DOWN, BENCH_MIX, BENCH_NB_DIR };
/* Inner address family of the frames (and IPv6 prefixes on the sessions). */
enum bench_family { BENCH_V4, BENCH_V6, BENCH_NB_FAM };
enum bench_size { BENCH_64, BENCH_IMIX, BENCH_NB_SIZE };
/*
 * l2tp.max_tunnels / max_sessions_per_tunnel: lnsd's defaults, or just
 * the run's layout (the upstream index is the same per-tunnel arrays
 * either way; only its tunnel table's size differs).
 */
enum bench_limits { BENCH_LIMITS_LNSD, BENCH_LIMITS_TIGHT };
/*
 * Per-session QoS on every session (docs/qos.md), applied with
 * dp_session_modify() to the installed table, in this order (a lifted
 * shaper stays on its path until re-ADD, so none never follows the
 * others): none; conform (100 Gbit/s both ways: every packet passes the
 * policer and the shaper's check); drop-half (even sessions as conform,
 * odd ones at 1 kbit/s with a 64-octet burst: most of their packets are
 * policed, or queued and then dropped by the shaper - a little under
 * half of all packets at 64k sessions; the JSON's drops say how many).
 */
enum bench_qos { BENCH_QOS_NONE, BENCH_QOS_CONFORM, BENCH_QOS_DROP_HALF,
		 BENCH_NB_QOS };

struct bench_opts {
	bool dirs[BENCH_NB_DIR];
	bool sizes[BENCH_NB_SIZE];
	uint32_t counts[BENCH_MAX_COUNTS];	/* session counts */
	unsigned int nb_counts;
	uint32_t per_tunnel;		/* sessions per tunnel (<= 65535) */
	enum bench_limits limits;
	double seconds;			/* measured interval */
	double warmup;
	bool io;			/* run the I/O-only baselines */
	bool plain;			/* run the plain forwarding reference */
	bool memory;			/* --memory: report memory, no traffic */
	bool huge;
	unsigned int mem_mb;
	uint32_t batch;			/* frames handed over per drain */
	uint16_t burst;			/* dataplane.burst, 0: lnsd's */
	uint32_t stride;		/* session order; 0 = derived */
	bool quick;
	int nice;			/* worker thread's nice value */
	bool counters;			/* per-session counters (dp_sess_ctr) */
	bool qos[BENCH_NB_QOS];		/* QoS modes to run */
	bool fams[BENCH_NB_FAM];	/* --family 4,6 (default 4) */
	/*
	 * --spread off,on (default off): on runs the upstream scenarios (up,
	 * mix) again with the software spread stage forced through the
	 * worker's ring to itself (dataplane/dp_spread.h): its cost per
	 * frame with one worker.
	 */
	bool spread[2];
};

/* Two ports, as lnsd's port_table[] indexes them. */
#define BENCH_ACCESS	0
#define BENCH_CORE	1
#define BENCH_NB_PORTS	2

/* The generator's view of the ports: rings it feeds and drains. */
struct bench_ports {
	struct rte_ring *rx[BENCH_NB_PORTS];	/* generator -> worker */
	struct rte_ring *tx[BENCH_NB_PORTS][2];	/* worker (q0), control (q1) -> sink */
	struct rte_mempool *pool;		/* generator mbufs */
	uint32_t pool_size;
	uint32_t access_ip, core_ip;		/* network order */
	uint8_t access_mac[6], core_mac[6];
};

/* Session layout of one run (deterministic, see bench_sessions.c). */
struct bench_sess {
	uint32_t n;			/* sessions */
	uint32_t per_tunnel;
	uint32_t tunnels;
	bool tight;			/* --limits tight */
	uint64_t up_bytes;		/* the upstream index (dp_table_info) */
	bool v6;			/* IPv6 prefixes installed (--family 6) */
	uint64_t table_bytes;		/* rte_malloc'd by the tables */
	uint64_t create_bytes;		/* of which at creation (sized for n) */
	uint64_t heap0;			/* rte_malloc heap in use before */
	double install_s;
};

/* Addresses used by every frame and session. */
#define BENCH_SUB_BASE		0x64400001u	/* 100.64.0.1 */
#define BENCH_NB_LAC		4
#define BENCH_LAC_IP(t)		(0xc6336400u + 10 + ((t) % BENCH_NB_LAC)) /* 198.51.100.10.. */
#define BENCH_ACCESS_IP		0xc6336401u	/* 198.51.100.1/24 */
#define BENCH_CORE_IP		0xcb007101u	/* 203.0.113.1/24 */
#define BENCH_CORE_GW		0xcb0071feu	/* 203.0.113.254 */
#define BENCH_CORE_HOST		0xc0000201u	/* 192.0.2.1: the far end */
#define BENCH_PEER_TID(t)	((uint16_t)(1000 + (t)))
/* The core gateway's MAC, and LAC l's (array initialisers). */
#define BENCH_CORE_GW_MAC	{ 0x02, 0x00, 0x00, 0xc0, 0x4e, 0x01 }
#define BENCH_LAC_MAC(l)	{ 0x02, 0x00, 0x00, 0x1a, 0xc0, (uint8_t)(l) }
/*
 * IPv6 (--family 6): session i has the /64 2001:db8:I::/64 (I = i in
 * octets 4-7, i < 2^31) and the delegated /56 2001:db8:8000:0::/56 + i
 * (octets 4-6 = 0x80 | i >> 16, i >> 8, i; i < 2^23); frames alternate
 * between an address in the /64 and one in the /56.
 */
#define BENCH_PD_BIT		0x80

/* What runs on the worker lcore during a measured run. */
enum bench_loop {
	BENCH_LOOP_LNSD,	/* lnsd's worker (dp_start()) */
	BENCH_LOOP_IO,		/* rx -> tx only (bench_gen.c) */
	BENCH_LOOP_PLAIN,	/* plain IPv4 forwarding (bench_plain.c) */
};

/* The plain forwarding loop's counters. */
struct bench_plain_stats {
	uint64_t rx, tx;
	uint64_t fwd[2];		/* [BENCH_UP] to the core, [BENCH_DOWN] */
	uint64_t no_route, bad_hdr, bad_cksum, ttl;
	uint64_t tx_full;		/* dropped by the TX buffer */
	uint64_t bad_out;		/* sink: sampled frames wrongly rewritten */
};

/* What one measured run saw (warm batches only). */
struct bench_run {
	uint64_t batches;
	uint64_t pkts;				/* handed to the worker and drained */
	uint64_t discarded;			/* batches whose marks were late */
	uint64_t kept, kept_pkts;		/* the batches measured; below: */
	uint64_t drain_cycles;			/* wall TSC cycles of the drains */
	uint64_t run_ns, wait_ns;		/* worker thread during the drains:
						 * on CPU, runnable but not running */
	uint64_t steal_ticks;			/* hypervisor steal, worker CPU */
	uint64_t gen_cycles;			/* building the batches */
	double secs;				/* drain wall time */
	uint64_t rx, fwd_up, fwd_down, tx;	/* worker (dp_stats deltas) */
	uint64_t io_rx;				/* I/O loop */
	struct bench_plain_stats plain;		/* plain loop (deltas) */
	uint64_t io_busy_cycles, io_busy_pkts;	/* its own timing */
	uint64_t sink[BENCH_NB_PORTS];		/* frames out of each port */
	uint64_t drop[DP_DROP_MAX];
	uint64_t punt[DP_PUNT_MAX];
	uint64_t tsc_hz;
	double sample[BENCH_MAX_SAMPLES];	/* cycles/pkt of each batch */
};

struct bench_result {
	enum bench_dir dir;
	enum bench_family fam;
	enum bench_size size;
	enum bench_qos qos;
	bool spread;			/* the spread stage forced (--spread on) */
	uint32_t sessions;
	uint32_t tunnels;
	bool tight;
	double bytes_per_session;
	struct bench_run run;
	double mpps, up_mpps, down_mpps, cycles;
	double io_mpps, io_cycles;
	double plain_mpps, plain_cycles;	/* 0: not run */
	uint64_t plain_lost;			/* frames it did not forward */
	bool plain_valid;
	double gen_mpps;
	double wall_mpps, cpu_pct, steal_pct;
	double mean_cycles, p10_cycles, p90_cycles;
	uint64_t drops, unknown_drops;
	uint64_t qos_drops;		/* qos_* drop reasons */
	bool valid;
	char why[128];
	double target_mpps;		/* 0: none */
	double target_cycles;
	int met;			/* -1 no target, 0 missed, 1 met */
	int met_cycles;
};

extern const char *bench_dir_name[BENCH_NB_DIR];
extern const char *bench_size_name[BENCH_NB_SIZE];
extern const char *bench_qos_name[BENCH_NB_QOS];
extern const char *bench_fam_name[BENCH_NB_FAM];
extern const char *bench_spread_name[2];

/* bench_ports.c */
/* extra: mbufs beyond the batches (what shapers may hold). */
int bench_ports_init(struct cfg *cfg, struct bench_ports *bp, uint32_t batch,
		     uint64_t extra);
void bench_ports_fini(struct bench_ports *bp);

/* bench_mem.c */
/* rte_malloc heap in use (octets, every socket). */
uint64_t bench_heap_used(void);
/* --memory: the tables' memory at each session count (no traffic). */
int bench_mem_run(const struct bench_opts *o, struct cfg *cfg,
		  const struct bench_ports *bp);

/* bench_sessions.c */
/* Session i's /64 (host 0) or delegated /56 (pd) into a[16]. */
void bench_sub6(uint8_t *a, uint32_t i, bool pd);
int bench_sessions_install(const struct bench_opts *o, struct cfg *cfg,
			   const struct bench_ports *bp, uint32_t n,
			   struct bench_sess *bs);
/* The same in two steps: tables for n (dp_init()), then sessions 0..n-1. */
int bench_sessions_create(const struct bench_opts *o, struct cfg *cfg,
			  uint32_t n, struct bench_sess *bs);
int bench_sessions_add(const struct bench_ports *bp, struct bench_sess *bs,
		       uint32_t n);
void bench_sessions_remove(void);
/* Set every installed session's rates for mode q (dp_session_modify()). */
int bench_sessions_qos(const struct bench_ports *bp, const struct bench_sess *bs,
		       enum bench_qos q);

/* bench_gen.c */
extern int bench_worker_tid;	/* Linux thread ID of the worker lcore */
int bench_gen_init(uint32_t batch, uint32_t pool_size, int nice);
/*
 * Run loop on the worker lcore over frames of dir and size (with
 * BENCH_LOOP_PLAIN, upstream frames are the inner packets in Ethernet).
 */
int bench_gen_run(const struct bench_opts *o, const struct cfg *cfg,
		  struct bench_ports *bp, const struct bench_sess *bs,
		  enum bench_dir dir, enum bench_size size,
		  enum bench_family fam, enum bench_loop loop,
		  struct bench_run *out);

/* bench_plain.c */
/*
 * The reference's FIB for n subscribers (lnsd's parameters), next hops
 * from bp; bytes: what it took from the rte_malloc heap.
 */
int bench_plain_create(const struct bench_ports *bp, uint32_t n,
		       uint32_t per_tunnel, uint64_t *bytes);
void bench_plain_free(void);
/* Start the loop on the worker lcore; bench_plain_stop() ends it. */
int bench_plain_launch(const struct cfg *cfg);
void bench_plain_stop(void);
void bench_plain_sync(void);
void bench_plain_read(struct bench_plain_stats *st);
/* Frame m out of port (BENCH_ACCESS, BENCH_CORE) as routed correctly. */
bool bench_plain_frame_ok(const struct rte_mbuf *m, const struct bench_ports *bp,
			  unsigned int port);

/* bench_report.c */
void bench_rates(const struct bench_run *run, double *mpps, double *cycles,
		 double *wall_mpps, double *cpu_pct);
void bench_spread(const struct bench_run *run, double *mean, double *p10,
		  double *p90);
void bench_result_fill(struct bench_result *r, const struct bench_run *run);
void bench_targets(struct bench_result *res, unsigned int n);
void bench_print_line(const struct bench_result *r);
void bench_print_json(const struct bench_result *r);
/* "software spread": each spread-on scenario beside its off twin. */
void bench_print_spread(const struct bench_result *res, unsigned int n);
void bench_print_summary(const struct bench_result *res, unsigned int n,
			 const struct bench_opts *o, uint64_t tsc_hz);

#endif /* LNS_BENCH_H */
