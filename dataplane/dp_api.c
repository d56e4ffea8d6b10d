/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The dataplane's lifecycle and session calls (dp_api.h): the state
 * behind them is static here, and the workers receive what they read
 * in their context at launch (dp_worker.h).
 */
#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_rcu_qsbr.h>

#include "dp_api.h"
#include "dp_encap.h"
#include "dp_punt.h"
#include "dp_qos.h"
#include "dp_sess_ctr.h"
#include "dp_seq.h"
#include "dp_table.h"
#include "dp_table6.h"
#include "dp_worker.h"
#include "lns_log.h"
#include "port.h"

/* Control lcore only. */
static struct {
	const struct cfg *cfg;
	struct dp_table *table;
	struct dp_qos *qos;		/* per-session QoS state, FIFOs */
	int core_port;			/* upstream exit, -1: none */
	uint16_t ip_id;			/* outer IPv4 ID of control sends */
} dp;

int
dp_init(const struct cfg *cfg)
{
	uint32_t n = cfg->l2tp.max_sessions;
	struct dp_table_params tp = {
		.max_sessions = n,
		.max_tunnels = cfg->l2tp.max_tunnels,
		.max_sid = cfg->l2tp.max_sessions_per_tunnel,
		.socket_id = port_count > 0 ? port_table[0].socket :
			     (int)rte_socket_id(),
	};
	int ret;

	memset(&dp, 0, sizeof(dp));
	dp.cfg = cfg;
	dp.core_port = port_first_core();
	ret = dp_punt_init();
	if (ret == 0)
		ret = dp_punt_ring_create(cfg->dataplane.punt_ring);
	if (ret != 0) {
		LNS_LOG(ERR, dp, "event=punt-ring-failed size=%u error=\"%s\"",
			cfg->dataplane.punt_ring, rte_strerror(-ret));
		goto fail;
	}
	/* Without per-session counters (lns-bench --no-counters) none is kept. */
	ret = -ENOMEM;
	if ((!cfg->dataplane.no_session_counters && dp_sess_ctr_init(n) != 0) ||
	    dp_seq_init(n) != 0) {
		LNS_LOG(ERR, dp, "event=counters-failed max_sessions=%u", n);
		goto fail;
	}
	dp.table = dp_table_create(&tp);
	if (dp.table == NULL) {
		LNS_LOG(ERR, dp, "event=tables-failed max_sessions=%u error=\"%s\"",
			n, rte_strerror(rte_errno));
		goto fail;
	}
	/*
	 * One owner per session among the worker lcores (dp_qos.h); with
	 * none (a control-only test) nothing is ever forwarded anyway.
	 */
	dp.qos = dp_qos_create(n, (uint16_t)RTE_MAX(rte_lcore_count() - 1, 1u),
			       0, DP_QOS_HELD_SHARE(cfg->dataplane.mbufs),
			       tp.socket_id);
	if (dp.qos == NULL) {
		LNS_LOG(ERR, dp, "event=qos-failed max_sessions=%u error=\"%s\"",
			n, rte_strerror(rte_errno));
		ret = -ENOMEM;
		goto fail;
	}
	dp_qos_set_global(dp.qos, dp.table);
	return 0;
fail:
	/* Not started as a module: nobody else will undo what was made. */
	dp_fini();
	return ret;
}

unsigned int
dp_start(void)
{
	struct dp_worker_conf wc = {
		.cfg = dp.cfg,
		.table = dp.table,
		.seq = dp_seq_array(),
		.punt = dp_punt_ring_get(),
		.core_port = dp.core_port,
		.qos = dp.qos,
	};

	return dp_workers_launch(&wc);
}

void
dp_stop(void)
{
	dp_workers_stop();
}

void
dp_fini(void)
{
	/* The workers have stopped and unregistered. */
	dp_sess_ctr_fini();
	dp_qos_free(dp.qos);
	dp.qos = NULL;
	dp_seq_fini();
	dp_table_free(dp.table);
	dp.table = NULL;
	dp_punt_ring_free();
}

void
dp_workers_sync(void)
{
	uint64_t token;

	if (dp.table == NULL)
		return;
	token = rte_rcu_qsbr_start(dp.table->qsv);
	rte_rcu_qsbr_check(dp.table->qsv, token, true);
}

/* A descriptor with a rate needs the QoS state (dp_qos_arm()). */
static int
dp_session_qos_arm(const struct dp_session_desc *d)
{
	if (d->rate_up_bps == 0 && d->rate_down_bps == 0)
		return 0;
	if (dp_qos_arm(dp.qos) == 0)
		return 0;
	LNS_LOG(ERR, dp, "event=qos-state-failed max_sessions=%u",
		dp.table->max_sessions);
	return -1;
}

int
dp_session_add(const struct dp_session_desc *d)
{
	int ret;

	if (dp.table == NULL)
		return -ENODEV;
	if (dp_session_qos_arm(d) != 0)
		return -ENOMEM;
	/* The sequence first: a worker may send as soon as it finds it. */
	dp_seq_set(d->session_index, d->next_ns);
	ret = dp_table_apply(dp.table, DP_TABLE_ADD, d);
	dp_qos_entries_changed(dp.qos);
	return ret;
}

int
dp_session_modify(const struct dp_session_desc *d)
{
	int ret;

	if (dp.table == NULL)
		return -ENODEV;
	if (dp_session_qos_arm(d) != 0)
		return -ENOMEM;
	ret = dp_table_apply(dp.table, DP_TABLE_MODIFY, d);
	dp_qos_entries_changed(dp.qos);
	return ret;
}

int
dp_session_delete(uint32_t idx, uint16_t *next_ns)
{
	int ret;

	if (dp.table == NULL)
		return -ENODEV;
	ret = dp_table_delete_index(dp.table, idx);
	dp_qos_entries_changed(dp.qos);
	if (ret == 0 && next_ns != NULL)
		*next_ns = dp_seq_peek(idx);
	return ret;
}

int
dp_local6_set(uint16_t port, const uint8_t addr[][16], unsigned int n)
{
	if (port >= CFG_MAX_PORTS || n > DP_LOCAL6_MAX ||
	    (n != 0 && addr == NULL))
		return -EINVAL;
	if (dp.table == NULL)
		return -ENODEV;
	return dp_table6_local_set(dp.table, port, addr, n);
}

void
dp_session_reclaim(void)
{
	if (dp.table != NULL)
		dp_table_reclaim(dp.table);
}

uint16_t
dp_session_take_ns(uint32_t idx)
{
	uint16_t *seq = dp_seq_array();

	if (seq == NULL || dp.table == NULL || idx >= dp.table->max_sessions)
		return 0;
	return dp_seq_next(seq, idx);
}

/*
 * The control lcore is the tables' only writer and frees entries only in
 * its own dp_session_reclaim(): an entry it reads here cannot go away
 * under it.
 */
int
dp_session_encap(uint32_t idx, struct rte_mbuf *m, uint16_t ppp_proto,
		 uint16_t *port)
{
	const struct dp_session *s;
	const struct dp_sess_down *d;
	uint16_t ns;

	s = dp.table != NULL ? dp_table_get(dp.table, idx) : NULL;
	if (s == NULL)
		return -ENOENT;
	d = &s->down;
	if (rte_pktmbuf_headroom(m) < d->len)
		return -ENOSPC;
	ns = d->flags & DP_DOWN_F_SEQ ? dp_seq_next(dp_seq_array(), idx) : 0;
	dp_encap_prepend(m, d, rte_pktmbuf_pkt_len(m), dp.ip_id++, ns,
			 ppp_proto);
	*port = d->port;
	return 0;
}

void
dp_table_info(struct dp_table_info *out)
{
	const struct dp_table *t = dp.table;

	memset(out, 0, sizeof(*out));
	if (t == NULL)
		return;
	out->stats = t->stats;
	out->live = t->nb_live;
	out->max_sessions = t->max_sessions;
	out->up_bytes = t->up_bytes +
			sizeof(*t->tun) * ((uint64_t)t->tun_max + 1);
	out->up_tunnels = t->up_tunnels;
	out->down_bytes = t->down_bytes + sizeof(*t->dtop) * 65536;
	out->down_blocks = t->down_leaves;
}
