/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lns-bench: options, EAL, and the scenario matrix
 * {up, down, mix} x {64, imix} x {session counts}, each beside the I/O-only
 * baseline of the same frames. See docs/benchmarks.md.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include "bench.h"
#include "dp_api.h"
#include "port.h"
#include "lns_rundir.h"

#define BENCH_MAX_ARGS	64

static struct cfg bench_cfg;


static void
bench_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [OPTIONS] [-- EAL-ARGS...]\n"
		"  --dir up|down|mix|all     directions (comma list; default all)\n"
		"  --size 64|imix|all        inner packet sizes (comma list; default all)\n"
		"  --sessions N[,N...]       session counts, k/M suffixes (default 1k,64k,1M)\n"
		"  --per-tunnel N            sessions per tunnel, <= 65535 (default 4096)\n"
		"  --limits lnsd|tight       l2tp.max_tunnels / max_sessions_per_tunnel:\n"
		"                            lnsd's defaults, or the run's layout (default lnsd)\n"
		"  --seconds S               measured interval per scenario (default 2)\n"
		"  --warmup S                before measuring (default 0.5)\n"
		"  --batch N                 frames handed to the worker per drain (default 16384)\n"
		"  --burst N                 the worker's RX burst, dataplane.burst 1..128\n"
		"                            (default lnsd's, 128)\n"
		"  --stride N                session order stride (default ~0.618 N)\n"
		"  --no-io                   skip the I/O-only baselines\n"
		"  --no-plain                skip the plain IPv4 forwarding reference\n"
		"                            (same inner packets, a FIB of the same size)\n"
		"  --memory                  no traffic: the tables' memory at one session\n"
		"                            count (default 1M): max_sessions = N, then N live\n"
		"                            sessions, per allocation, per slot and per session\n"
		"  --no-counters             experiment: no per-session counters (lnsd always\n"
		"                            has them): what they cost\n"
		"  --qos none|conform|drop-half|all\n"
		"                            per-session QoS modes (comma list; default none),\n"
		"                            run in that order on each table (docs/qos.md)\n"
		"  --huge                    hugepages instead of --no-huge\n"
		"  --nice N                  nice value of the worker and generator threads,\n"
		"                            -20..19 (default 0 = leave; -20 keeps a shared\n"
		"                            machine's other tasks off their CPUs)\n"
		"  --mem MB                  EAL memory (default: from the session counts\n"
		"                            without hugepages, on demand with them)\n"
		"  --family 4|6|all          inner address family (comma list; default 4):\n"
		"                            6 gives every session a /64 and a delegated\n"
		"                            /56, its frames alternate between the two\n"
		"  --spread off|on|all       software spread stage (comma list; default off):\n"
		"                            on runs the up and mix scenarios again with every\n"
		"                            upstream frame handed through the worker's ring\n"
		"                            to itself (dataplane.spread's per-frame cost)\n"
		"  --quick                   smoke run: 1k sessions, 0.25 s per scenario\n"
		"Output: one human line and one JSON line per scenario, then one JSON\n"
		"summary line ({\"summary\":...}).\n", prog);
}

static int
bench_parse_count(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s)
		return -EINVAL;
	if (*end == 'k' || *end == 'K')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end != '\0' || v == 0 || v > (1u << 24))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* "a,b,c" against names; sets flags[i] for each. */
static int
bench_parse_set(char *arg, bool *flags, const char **names, unsigned int n)
{
	char *tok, *save = NULL;
	unsigned int i;

	memset(flags, 0, sizeof(bool) * n);
	for (tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "all") == 0) {
			for (i = 0; i < n; i++)
				flags[i] = true;
			continue;
		}
		for (i = 0; i < n; i++)
			if (strcmp(tok, names[i]) == 0 ||
			    (names == bench_size_name && i == BENCH_64 &&
			     strcmp(tok, "64B") == 0))
				break;
		if (i == n)
			return -EINVAL;
		flags[i] = true;
	}
	return 0;
}

static int
bench_parse(int argc, char **argv, struct bench_opts *o)
{
	static const struct option lo[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "sessions", required_argument, NULL, 'n' },
		{ "per-tunnel", required_argument, NULL, 'p' },
		{ "limits", required_argument, NULL, 't' },
		{ "seconds", required_argument, NULL, 'S' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "batch", required_argument, NULL, 'f' },
		{ "burst", required_argument, NULL, 'B' },
		{ "stride", required_argument, NULL, 'r' },
		{ "no-io", no_argument, NULL, 'I' },
		{ "no-plain", no_argument, NULL, 'P' },
		{ "memory", no_argument, NULL, 'M' },
		{ "no-counters", no_argument, NULL, 'C' },
		{ "huge", no_argument, NULL, 'H' },
		{ "qos", required_argument, NULL, 'Q' },
		{ "nice", required_argument, NULL, 'N' },
		{ "mem", required_argument, NULL, 'm' },
		{ "quick", no_argument, NULL, 'q' },
		{ "family", required_argument, NULL, 'F' },
		{ "spread", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool counts_set = false, secs_set = false, warm_set = false;
	char *tok, *save = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	o->dirs[BENCH_UP] = o->dirs[BENCH_DOWN] = o->dirs[BENCH_MIX] = true;
	o->sizes[BENCH_64] = o->sizes[BENCH_IMIX] = true;
	o->per_tunnel = 4096;
	o->seconds = 2;
	o->warmup = 0.5;
	o->io = true;
	o->plain = true;
	o->counters = true;
	o->qos[BENCH_QOS_NONE] = true;
	o->fams[BENCH_V4] = true;
	o->spread[0] = true;
	o->batch = 16384;
	o->nice = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (bench_parse_set(optarg, o->dirs, bench_dir_name, BENCH_NB_DIR))
				return -EINVAL;
			break;
		case 's':
			if (bench_parse_set(optarg, o->sizes, bench_size_name, BENCH_NB_SIZE))
				return -EINVAL;
			break;
		case 'n':
			counts_set = true;
			o->nb_counts = 0;
			for (tok = strtok_r(optarg, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (o->nb_counts == BENCH_MAX_COUNTS ||
				    bench_parse_count(tok, &o->counts[o->nb_counts]) != 0)
					return -EINVAL;
				o->nb_counts++;
			}
			break;
		case 'p':
			o->per_tunnel = (uint32_t)atoi(optarg);
			if (o->per_tunnel == 0 || o->per_tunnel > 65535)
				return -EINVAL;
			break;
		case 't':
			if (strcmp(optarg, "tight") == 0)
				o->limits = BENCH_LIMITS_TIGHT;
			else if (strcmp(optarg, "hash") == 0)
				o->limits = BENCH_LIMITS_LNSD;
			else
				return -EINVAL;
			break;
		case 'S':
			o->seconds = atof(optarg);
			secs_set = true;
			if (o->seconds <= 0)
				return -EINVAL;
			break;
		case 'W':
			o->warmup = atof(optarg);
			warm_set = true;
			if (o->warmup < 0)
				return -EINVAL;
			break;
		case 'f':
			o->batch = (uint32_t)atoi(optarg);
			if (o->batch < 256 || o->batch > (1u << 22))
				return -EINVAL;
			break;
		case 'B':
			o->burst = (uint16_t)atoi(optarg);
			if (o->burst < 1 || o->burst > 128)
				return -EINVAL;
			break;
		case 'r':
			o->stride = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'I':
			o->io = false;
			break;
		case 'P':
			o->plain = false;
			break;
		case 'M':
			o->memory = true;
			break;
		case 'C':
			o->counters = false;
			break;
		case 'H':
			o->huge = true;
			break;
		case 'Q':
			if (bench_parse_set(optarg, o->qos, bench_qos_name, BENCH_NB_QOS))
				return -EINVAL;
			break;
		case 'N':
			o->nice = atoi(optarg);
			if (o->nice < -20 || o->nice > 19)
				return -EINVAL;
			break;
		case 'm':
			o->mem_mb = (unsigned int)atoi(optarg);
			break;
		case 'q':
			o->quick = true;
			break;
		case 'F':
			if (bench_parse_set(optarg, o->fams, bench_fam_name,
					    BENCH_NB_FAM))
				return -EINVAL;
			break;
		case 'X':
			if (bench_parse_set(optarg, o->spread, bench_spread_name,
					    2))
				return -EINVAL;
			break;
		case 'h':
			bench_usage(stdout, argv[0]);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (o->memory) {
		if (!counts_set) {
			o->counts[0] = 1u << 20;
			o->nb_counts = 1;
		} else if (o->nb_counts != 1) {
			fprintf(stderr, "lns-bench: --memory takes one --sessions count "
				"(resident pages are per process: run it once per count)\n");
			return -EINVAL;
		}
	}
	if (o->quick) {
		if (!counts_set) {
			o->counts[0] = 1024;
			o->nb_counts = 1;
		}
		if (!secs_set)
			o->seconds = 0.25;
		if (!warm_set)
			o->warmup = 0.1;
	} else if (!counts_set && !o->memory) {
		o->counts[0] = 1024;
		o->counts[1] = 65536;
		o->counts[2] = 1u << 20;
		o->nb_counts = 3;
	}
	return 0;
}

/*
 * Mbufs the shapers may hold in drop-half runs downstream (every FIFO of
 * the pool full), on top of the generator's batches.
 */
static uint64_t
bench_qos_mbufs(const struct bench_opts *o)
{
	static struct cfg c;
	uint32_t max = 0;
	unsigned int i;

	if (!o->qos[BENCH_QOS_DROP_HALF] ||
	    (!o->dirs[BENCH_DOWN] && !o->dirs[BENCH_MIX]))
		return 0;
	for (i = 0; i < o->nb_counts; i++)
		max = RTE_MAX(max, o->counts[i]);
	cfg_defaults(&c);	/* the bench's dataplane.mbufs */
	c.l2tp.max_sessions = max;
	return dp_qos_mbufs_max(&c);
}

/* Memory for the largest session count (tables ~1.1 KiB/session at 1M, 1.2 with rte_hash) + pools. */
static unsigned int
bench_mem_mb(const struct bench_opts *o)
{
	uint32_t max = 0;
	unsigned int i;

	if (o->mem_mb != 0)
		return o->mem_mb;
	for (i = 0; i < o->nb_counts; i++)
		max = RTE_MAX(max, o->counts[i]);
	/* mbufs: 2 batches + 8k of ~2.3 KiB */
	return 512 + (unsigned int)(((uint64_t)o->batch * 2 + 8192) * 2368 >> 20) +
	       /* the shapers' mbufs: twice, or the tables' later allocations fail */
	       (unsigned int)(bench_qos_mbufs(o) * 2368 * 2 >> 20) +
	       /* QoS state: 128 B per session index */
	       (unsigned int)((uint64_t)max * 128 >> 20) +
	       (unsigned int)((uint64_t)max * 1600 / (1u << 20)) +
	       /* the IPv6 FIB: 64 MiB tbl24, a 1 KiB tbl8 group per 8
		* sessions (dp_table6.h), writer slots, RIB nodes */
	       64 + (unsigned int)((uint64_t)max * (128 + 256) >> 20);
}

static int
bench_eal(const struct bench_opts *o, const char *prog, int argc, char **argv)
{
	char *eargv[BENCH_MAX_ARGS], prefix[64], mem[16];
	int n = 0, i;

	snprintf(prefix, sizeof(prefix), "--file-prefix=lnsbench%d", (int)getpid());
	snprintf(mem, sizeof(mem), "%u", bench_mem_mb(o));
	eargv[n++] = (char *)(uintptr_t)prog;
	eargv[n++] = (char *)(uintptr_t)"--no-pci";
	eargv[n++] = prefix;
	eargv[n++] = (char *)(uintptr_t)"-l";
	eargv[n++] = (char *)(uintptr_t)"0-1";
	/*
	 * --no-huge implies legacy memory (all of -m up front), which
	 * refuses --in-memory; with hugepages memory grows on demand.
	 */
	if (!o->huge) {
		eargv[n++] = (char *)(uintptr_t)"--no-huge";
		eargv[n++] = (char *)(uintptr_t)"-m";
		eargv[n++] = mem;
	} else {
		eargv[n++] = (char *)(uintptr_t)"--in-memory";
		if (o->mem_mb != 0) {
			eargv[n++] = (char *)(uintptr_t)"-m";
			eargv[n++] = mem;
		}
	}
	eargv[n++] = (char *)(uintptr_t)"--log-level=*:warning";
	for (i = 0; i < argc && n < BENCH_MAX_ARGS - 1; i++)
		eargv[n++] = argv[i];
	eargv[n] = NULL;
	return rte_eal_init(n, eargv);
}

static const char *
bench_count_str(uint32_t n, char *buf, size_t len)
{
	if (n % (1u << 20) == 0)
		snprintf(buf, len, "%uM", n >> 20);
	else if (n % 1024 == 0)
		snprintf(buf, len, "%uk", n >> 10);
	else
		snprintf(buf, len, "%u", n);
	return buf;
}

/* The plain reference of one (dir, size) over n subscribers. */
struct bench_plain_res {
	double mpps, cycles;
	uint64_t lost;		/* not forwarded, or sampled output wrong */
	bool valid;
};

/*
 * The plain forwarding reference for every (dir, size) at n sessions:
 * its FIB is made, run against and freed before lnsd's tables are made,
 * so the two never hold memory at once.
 */
static int
bench_plain_runs(const struct bench_opts *o, struct bench_ports *bp,
		 uint32_t n, struct bench_plain_res pr[BENCH_NB_DIR][BENCH_NB_SIZE])
{
	static struct bench_run run;
	struct bench_sess bs;
	double wall, cpu;
	uint64_t bytes = 0, bad;
	unsigned int d, z;
	char cn[16];
	int ret;

	memset(pr, 0, sizeof(struct bench_plain_res) * BENCH_NB_DIR * BENCH_NB_SIZE);
	if (!o->plain || !o->fams[BENCH_V4])
		return 0;
	memset(&bs, 0, sizeof(bs));
	bs.n = n;
	bs.per_tunnel = RTE_MIN(o->per_tunnel, n);
	ret = bench_plain_create(bp, n, bs.per_tunnel, &bytes);
	if (ret != 0) {
		fprintf(stderr, "lns-bench: plain forwarding FIB of %u routes: %s\n",
			n + 1, strerror(-ret));
		return ret;
	}
	for (d = 0; d < BENCH_NB_DIR; d++)
		for (z = 0; z < BENCH_NB_SIZE; z++) {
			struct bench_plain_res *p = &pr[d][z];
			const struct bench_plain_stats *ps = &run.plain;

			if (!o->dirs[d] || !o->sizes[z])
				continue;
			ret = bench_gen_run(o, &bench_cfg, bp, &bs, d, z, BENCH_V4,
					    BENCH_LOOP_PLAIN, &run);
			if (ret != 0) {
				bench_plain_free();
				return ret;
			}
			bench_rates(&run, &p->mpps, &p->cycles, &wall, &cpu);
			bad = ps->no_route + ps->bad_hdr + ps->bad_cksum + ps->ttl +
			      ps->tx_full + ps->bad_out;
			p->lost = bad + run.pkts - RTE_MIN(run.pkts,
							    ps->fwd[0] + ps->fwd[1]);
			p->valid = p->lost == 0 && run.kept >= 5;
			printf("# plain forwarding %s %s %s sessions: %.2f Mpps, %.1f cycles/pkt "
			       "(FIB %u /32 + default, %.1f MiB; %lu/%lu batches, worker on CPU %.0f%%)\n",
			       bench_dir_name[d], bench_size_name[z],
			       bench_count_str(n, cn, sizeof(cn)), p->mpps, p->cycles,
			       n, (double)bytes / (1 << 20), (unsigned long)run.kept,
			       (unsigned long)run.batches, cpu);
			if (!p->valid)
				printf("WARNING: plain forwarding %s %s: forwarded %lu of %lu "
				       "(no route %lu, bad header %lu, bad checksum %lu, "
				       "TTL %lu, TX full %lu, sampled output wrong %lu), "
				       "%lu usable batches\n",
				       bench_dir_name[d], bench_size_name[z],
				       (unsigned long)(ps->fwd[0] + ps->fwd[1]),
				       (unsigned long)run.pkts, (unsigned long)ps->no_route,
				       (unsigned long)ps->bad_hdr, (unsigned long)ps->bad_cksum,
				       (unsigned long)ps->ttl, (unsigned long)ps->tx_full,
				       (unsigned long)ps->bad_out, (unsigned long)run.kept);
			fflush(stdout);
		}
	bench_plain_free();
	return 0;
}

static int
bench_matrix(const struct bench_opts *o, struct bench_ports *bp,
	     struct bench_result *res, unsigned int *nres)
{
	double io_mpps[BENCH_NB_DIR][BENCH_NB_SIZE] = { { 0 } };
	double io_cyc[BENCH_NB_DIR][BENCH_NB_SIZE] = { { 0 } };
	static struct bench_plain_res pr[BENCH_NB_DIR][BENCH_NB_SIZE];
	struct bench_sess bs;
	static struct bench_run run;
	unsigned int c, d, z, q, f, sp;
	char cn[16];
	int ret;

	for (d = 0; o->io && d < BENCH_NB_DIR; d++)
		for (z = 0; z < BENCH_NB_SIZE; z++) {
			if (!o->dirs[d] || !o->sizes[z])
				continue;
			memset(&bs, 0, sizeof(bs));
			bs.n = o->counts[0];
			bs.per_tunnel = RTE_MIN(o->per_tunnel, bs.n);
			ret = bench_gen_run(o, &bench_cfg, bp, &bs, d, z,
					    BENCH_V4, BENCH_LOOP_IO, &run);
			if (ret != 0)
				return ret;
			/* The I/O loop's own timing of the iterations with frames. */
			io_cyc[d][z] = run.io_busy_pkts ? (double)run.io_busy_cycles /
				(double)run.io_busy_pkts : 0;
			io_mpps[d][z] = io_cyc[d][z] > 0 ?
				(double)run.tsc_hz / io_cyc[d][z] / 1e6 : 0;
			printf("# io baseline %s %s: %.2f Mpps, %.1f cycles/pkt (rx->tx loop timing "
			       "itself over %lu frames)\n",
			       bench_dir_name[d], bench_size_name[z], io_mpps[d][z],
			       io_cyc[d][z], (unsigned long)run.io_busy_pkts);
			if (run.io_rx != run.pkts)
				printf("WARNING: io baseline %s %s: loop received %lu of %lu frames\n",
				       bench_dir_name[d], bench_size_name[z],
				       (unsigned long)run.io_rx, (unsigned long)run.pkts);
			fflush(stdout);
		}

	for (c = 0; c < o->nb_counts; c++) {
		ret = bench_plain_runs(o, bp, o->counts[c], pr);
		if (ret != 0)
			return ret;
		ret = bench_sessions_install(o, &bench_cfg, bp, o->counts[c], &bs);
		if (ret != 0) {
			fprintf(stderr, "lns-bench: installing %u sessions failed: %s\n",
				o->counts[c], strerror(-ret));
			bench_sessions_remove();
			return ret;
		}
		printf("# sessions %s: %u tunnels x %u, limits %s, upstream index %.1f KiB, "
		       "tables %.1f MiB = %.0f B/session (%.1f MiB at creation), installed in %.2f s\n",
		       bench_count_str(bs.n, cn, sizeof(cn)), bs.tunnels,
		       bs.per_tunnel, bs.tight ? "tight" : "lnsd",
		       (double)bs.up_bytes / 1024,
		       (double)bs.table_bytes / (1 << 20),
		       (double)bs.table_bytes / bs.n, (double)bs.create_bytes / (1 << 20),
		       bs.install_s);
		fflush(stdout);
		for (q = 0; q < BENCH_NB_QOS; q++) {
			if (!o->qos[q])
				continue;
			ret = 0;
			if (q != BENCH_QOS_NONE)
				ret = bench_sessions_qos(bp, &bs, q);
			if (ret != 0) {
				fprintf(stderr, "lns-bench: qos %s failed: %s\n",
					bench_qos_name[q], strerror(-ret));
				bench_sessions_remove();
				return ret;
			}
			for (d = 0; d < BENCH_NB_DIR; d++)
				for (z = 0; z < BENCH_NB_SIZE; z++)
				for (f = 0; f < BENCH_NB_FAM; f++)
				for (sp = 0; sp < 2; sp++) {
					struct bench_result *r = &res[*nres];

					if (!o->dirs[d] || !o->sizes[z] || !o->fams[f] ||
					    !o->spread[sp] || *nres == BENCH_MAX_SCEN)
						continue;
					/* The stage takes upstream frames only. */
					if (sp && d == BENCH_DOWN)
						continue;
					/* Read by dp_start(): this run's workers. */
					bench_cfg.dataplane.spread = sp ? CFG_SPREAD_ON :
								     CFG_SPREAD_OFF;
					bench_cfg.dataplane.spread_force_self = sp;
					ret = bench_gen_run(o, &bench_cfg, bp, &bs, d, z,
							    f, BENCH_LOOP_LNSD, &run);
					if (ret != 0) {
						bench_sessions_remove();
						return ret;
					}
					memset(r, 0, sizeof(*r));
					r->dir = d;
					r->fam = f;
					r->size = z;
					r->qos = q;
					r->spread = sp;
					r->sessions = bs.n;
					r->tunnels = bs.tunnels;
					r->tight = bs.tight;
					r->bytes_per_session = (double)bs.table_bytes / bs.n;
					bench_result_fill(r, &run);
					r->io_mpps = io_mpps[d][z];
					r->io_cycles = io_cyc[d][z];
					if (f == BENCH_V4) {
						r->plain_mpps = pr[d][z].mpps;
						r->plain_cycles = pr[d][z].cycles;
						r->plain_valid = pr[d][z].valid;
						r->plain_lost = pr[d][z].lost;
					}
					(*nres)++;
					bench_targets(res, *nres);
					bench_print_line(r);
					bench_print_json(r);
					fflush(stdout);
				}
		}
		bench_sessions_remove();
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct bench_result res[BENCH_MAX_SCEN];
	char runtime_dir[PATH_MAX];
	struct bench_opts o;
	struct bench_ports bp;
	unsigned int nres = 0, worker;
	int ret;

	if (bench_parse(argc, argv, &o) != 0) {
		bench_usage(stderr, argv[0]);
		return 2;
	}
	ret = bench_eal(&o, argv[0], argc - optind, argv + optind);
	if (ret < 0) {
		fprintf(stderr, "lns-bench: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	rte_openlog_stream(stderr);
	if (rte_lcore_count() != 2) {
		fprintf(stderr, "lns-bench: needs exactly two lcores (generator + one worker), got %u\n",
			rte_lcore_count());
		ret = 1;
		goto out;
	}
	worker = rte_get_next_lcore(-1, 1, 0);
	cfg_defaults(&bench_cfg);
	if (o.burst != 0)
		bench_cfg.dataplane.burst = o.burst;
	ret = bench_ports_init(&bench_cfg, &bp, o.batch, bench_qos_mbufs(&o));
	if (ret == 0)
		ret = bench_gen_init(o.batch, bp.pool_size, o.nice);
	if (ret != 0) {
		fprintf(stderr, "lns-bench: setup failed: %s\n", strerror(-ret));
		ret = 1;
		goto out;
	}
	printf("# lns-bench: generator+sink lcore %u, worker lcore %u tid %d (lnsd's dp worker loop), "
	       "TSC %.3f GHz, burst %u, tx_flush_us %u, batch %u, %g s per scenario after %g s warm-up\n",
	       rte_get_main_lcore(), worker, bench_worker_tid,
	       (double)rte_get_tsc_hz() / 1e9,
	       bench_cfg.dataplane.burst, bench_cfg.dataplane.tx_flush_us,
	       o.batch, o.seconds, o.warmup);
	if (!o.counters)
		printf("# EXPERIMENT: per-session counters off (--no-counters): not lnsd's configuration\n");
	printf("# Mpps and cycles/pkt: worker-core rate at saturation, per second the worker thread was on its CPU\n"
	       "# while draining pre-built batches (cycles/pkt = TSC Hz / pps); wall-clock rate in the JSON (wall_mpps)\n");
	fflush(stdout);
	if (o.memory) {
		ret = bench_mem_run(&o, &bench_cfg, &bp);
		bench_ports_fini(&bp);
		ret = ret != 0;
		goto out;
	}
	ret = bench_matrix(&o, &bp, res, &nres);
	if (ret != 0)
		fprintf(stderr, "lns-bench: run failed: %s\n", strerror(-ret));
	bench_print_spread(res, nres);
	bench_print_summary(res, nres, &o, rte_get_tsc_hz());
	bench_ports_fini(&bp);
	ret = ret != 0;
out:
	rte_eal_cleanup();
	lns_rundir_remove(runtime_dir);
	return ret;
}
