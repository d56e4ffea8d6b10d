/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>

#include "ctl_l2tp_priv.h"
#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "ctl_push.h"
#include <inttypes.h>

#include "dp_msg.h"
#include "dp_sess_ctr.h"
#include "dp_seq.h"
#include "dp_session.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "dp_table.h"
#include "dp_worker.h"
#include "l2tp_proto.h"
#include "port.h"

#define CTL_PUSH_BURST 256	/* descriptors applied per control loop */
/* Descriptors in flight (128 B each); a fuller burst is applied inline. */
#define CTL_PUSH_RING 4096

struct ctl_push_stats ctl_push_stats;
struct rte_ring *ctl_push_ring;

/*
 * Free session indexes, FIFO: an index deleted a moment ago is reused last,
 * so the table writer rarely has to wait a grace period for it
 * (dp_table.h, "Index reuse").
 */
static uint32_t *ctl_push_free;
static uint32_t ctl_push_nfree, ctl_push_head, ctl_push_cap;
static uint16_t ctl_push_cfg_mss;	/* dataplane.mss_clamp */

static uint32_t
ctl_push_index_get(void)
{
	uint32_t idx = ctl_push_free[ctl_push_head];

	ctl_push_head = (ctl_push_head + 1) % ctl_push_cap;
	ctl_push_nfree--;
	return idx;
}

static void
ctl_push_index_put(uint32_t idx)
{
	ctl_push_free[(ctl_push_head + ctl_push_nfree) % ctl_push_cap] = idx;
	ctl_push_nfree++;
}

int
ctl_push_init(const struct cfg *cfg)
{
	uint32_t i, r, n = cfg->l2tp.max_sessions;

	memset(&ctl_push_stats, 0, sizeof(ctl_push_stats));
	ctl_push_cfg_mss = cfg->dataplane.mss_clamp;
	ctl_push_ring = rte_ring_create_elem("lns_sess_desc",
		sizeof(struct dp_session_desc),
		CTL_PUSH_RING, (int)rte_socket_id(),
		RING_F_SP_ENQ | RING_F_SC_DEQ);
	ctl_push_free = rte_malloc("ctl_push_free", n * sizeof(uint32_t), 0);
	if (ctl_push_ring == NULL || ctl_push_free == NULL ||
	    dp_sess_ctr_init(n) != 0 || dp_seq_init(n) != 0)
		return -ENOMEM;
	{
		struct dp_table_params tp = {
			.max_sessions = n,
			.max_tunnels = cfg->l2tp.max_tunnels,
			.max_sid = cfg->l2tp.max_sessions_per_tunnel,
			.socket_id = port_count > 0 ? port_table[0].socket :
				     (int)rte_socket_id(),
			.ring = ctl_push_ring,
		};

		dp_sess_table = dp_table_create(&tp);
		if (dp_sess_table == NULL)
			return -ENOMEM;
	}
	/* Indexes 0..r-1 belong to static_sessions (ctl_static.c). */
	r = RTE_MIN(n, cfg->statics.tunnels * cfg->statics.sessions_per_tunnel);
	for (i = 0; i < n - r; i++)
		ctl_push_free[i] = r + i;
	ctl_push_cap = n;
	ctl_push_nfree = n - r;
	ctl_push_head = 0;
	return 0;
}

void
ctl_push_apply(void)
{
	if (dp_sess_table != NULL)
		dp_table_apply_ring(dp_sess_table, CTL_PUSH_BURST);
}

void
ctl_push_fini(void)
{
	/* The workers have stopped and unregistered. */
	dp_sess_ctr_fini();
	dp_seq_fini();
	if (dp_sess_table != NULL)
		dp_table_free(dp_sess_table);
	dp_sess_table = NULL;
	rte_ring_free(ctl_push_ring);
	ctl_push_ring = NULL;
	rte_free(ctl_push_free);
	ctl_push_free = NULL;
	ctl_push_nfree = 0;
}

/*
 * TCP MSS to clamp SYNs to (dataplane.mss_clamp): fixed, off, or derived
 * so a full segment fits both PPP MRUs (ours and the subscriber's)
 * behind IPv4 and TCP headers without options (RFC 879, RFC 6691).
 */
uint16_t
ctl_push_mss(uint16_t our_mru, uint16_t peer_mru)
{
	if (ctl_push_cfg_mss != CFG_MSS_AUTO)
		return ctl_push_cfg_mss;
	our_mru = our_mru ? our_mru : DP_DEFAULT_MRU;
	peer_mru = peer_mru ? peer_mru : DP_DEFAULT_MRU;
	return (uint16_t)(RTE_MIN(our_mru, peer_mru) - 40);
}

static void
ctl_push_fill(struct dp_session_desc *d, const struct ctl_ppp *pp, uint8_t op)
{
	const struct ctl_session *cs = pp->cs;
	const struct ctl_tunnel *ct = cs->ct;
	const struct port *p = &port_table[ct->port];

	memset(d, 0, sizeof(*d));
	d->op = op;
	d->session_index = pp->session_index;
	d->local_tid = ct->fsm.local_id;
	d->local_sid = cs->fsm.local_id;
	d->peer_tid = ct->fsm.peer_id;
	d->peer_sid = cs->fsm.peer_id;
	d->local_ip = p->ip;
	d->peer_ip = ct->peer_ip;
	d->local_port = L2TP_UDP_PORT;
	d->peer_port = ct->peer_port;
	d->access_port = ct->port;
	d->vlan = p->vlan;
	d->local_mac = p->mac;
	d->peer_mac = ct->peer_mac;
	d->sub_ip = rte_cpu_to_be_32(pp->addr);
	d->mru = pp->lcp.peer_mru;
	d->mss = ctl_push_mss(pp->lcp.conf.mru, pp->lcp.peer_mru);
	if (cs->fsm.sequencing_required)
		d->flags |= DP_SESS_F_SEQ;
	if (pp->lcp.acfc)
		d->flags |= DP_SESS_F_ACFC;
	if (pp->lcp.pfc)
		d->flags |= DP_SESS_F_PFC;
	if (ctl_ppp_ctx.ipv6cp && pp->ipv6cp.fsm.state == PPP_FSM_OPENED)
		d->flags |= DP_SESS_F_IPV6;
}

static int
ctl_push_enqueue(struct dp_session_desc *d)
{
	if (rte_ring_sp_enqueue_elem(ctl_push_ring, d, sizeof(*d)) == 0)
		return 0;
	/*
	 * A burst larger than the ring (a LAC with thousands of sessions
	 * going at once): we are the table writer too, so apply what is
	 * queued now and go on - a DELETE must never be lost.
	 */
	ctl_push_stats.ring_drained++;
	while (rte_ring_count(ctl_push_ring) > 0)
		dp_table_apply_ring(dp_sess_table, CTL_PUSH_BURST);
	if (rte_ring_sp_enqueue_elem(ctl_push_ring, d, sizeof(*d)) != 0) {
		ctl_push_stats.ring_full++;
		return -ENOBUFS;
	}
	return 0;
}

/* One accounting line per dataplane presence of a session. */
static void
ctl_push_account(const struct ctl_ppp *pp)
{
	struct dp_sess_ctr c;
	char ip[LNS_IPV4_STRLEN];

	dp_sess_ctr_sum(pp->session_index, &c);
	LNS_LOG(NOTICE, ppp, "tunnel=%u session=%u event=accounting user=\"%s\" ip=%s up_pkts=%" PRIu64 " up_bytes=%" PRIu64 " down_pkts=%" PRIu64 " down_bytes=%" PRIu64 " seconds=%" PRIu64,
		pp->cs->ct->fsm.local_id, pp->cs->fsm.local_id, pp->user,
		lns_ipv4_str(rte_cpu_to_be_32(pp->addr), ip),
		c.up_pkts - pp->ctr_base.up_pkts,
		c.up_bytes - pp->ctr_base.up_bytes,
		c.down_pkts - pp->ctr_base.down_pkts,
		c.down_bytes - pp->ctr_base.down_bytes,
		(ctl_now_ms() - pp->up_since) / 1000);
}

int
ctl_push_add(struct ctl_ppp *pp)
{
	struct dp_session_desc d;
	int rc;

	if (ctl_push_nfree == 0) {
		ctl_push_stats.no_index++;
		return -ENOSPC;
	}
	pp->session_index = ctl_push_index_get();
	/* The index may have carried traffic before: count from here. */
	dp_sess_ctr_sum(pp->session_index, &pp->ctr_base);
	dp_seq_set(pp->session_index, pp->data_ns);	/* RFC 2661 §5.4 */
	pp->up_since = ctl_now_ms();
	ctl_push_fill(&d, pp, DP_SESS_ADD);
	rc = ctl_push_enqueue(&d);
	if (rc != 0) {
		ctl_push_index_put(pp->session_index);
		return rc;
	}
	pp->pushed = true;
	ctl_push_stats.adds++;
	/*
	 * Install it now rather than at the end of this loop: IPCP's last
	 * Configure-Ack may already be on its way and the subscriber's first
	 * packet right behind it.
	 */
	ctl_push_apply();
	return 0;
}

void
ctl_push_delete(struct ctl_ppp *pp)
{
	struct dp_session_desc d;

	if (!pp->pushed)
		return;
	ctl_push_account(pp);
	ctl_push_fill(&d, pp, DP_SESS_DELETE);
	/*
	 * A DELETE that cannot be queued would leave a stale entry: keep the
	 * index out of circulation rather than reuse it (counted).
	 */
	if (ctl_push_enqueue(&d) != 0)
		return;
	pp->data_ns = dp_seq_peek(pp->session_index);
	pp->pushed = false;
	ctl_push_stats.deletes++;
	ctl_push_index_put(pp->session_index);
}
