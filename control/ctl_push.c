/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_malloc.h>

#include "ctl_push.h"
#include "dp_api.h"
#include "l2tp_proto.h"
#include "ppp_proto.h"
#include "lns_log.h"
#include "port.h"

static struct ctl_push_stats ctl_push_stats;

/*
 * Free session indexes, FIFO: an index deleted a moment ago is reused
 * last, so the dataplane rarely has to wait a grace period for it
 * (dp_table.h, "Index reuse").
 */
static uint32_t *ctl_push_free;
static uint32_t ctl_push_nfree, ctl_push_head, ctl_push_cap;
static uint16_t ctl_push_cfg_mss;	/* dataplane.mss_clamp */

const struct ctl_push_stats *
ctl_push_stats_get(void)
{
	return &ctl_push_stats;
}

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
	uint32_t i, n = cfg->l2tp.max_sessions;

	memset(&ctl_push_stats, 0, sizeof(ctl_push_stats));
	ctl_push_cfg_mss = cfg->dataplane.mss_clamp;
	ctl_push_free = rte_malloc("ctl_push_free", n * sizeof(uint32_t), 0);
	if (ctl_push_free == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		ctl_push_free[i] = i;
	ctl_push_cap = n;
	ctl_push_nfree = n;
	ctl_push_head = 0;
	return 0;
}

/* The FIFO holds 0..max_sessions-1 in order until a session is made. */
int
ctl_push_reserve(uint32_t n)
{
	if (ctl_push_head != 0 || ctl_push_nfree != ctl_push_cap)
		return -EBUSY;
	if (n > ctl_push_cap)
		return -ENOSPC;
	ctl_push_head = n % RTE_MAX(ctl_push_cap, 1u);
	ctl_push_nfree -= n;
	return 0;
}

void
ctl_push_fini(void)
{
	rte_free(ctl_push_free);
	ctl_push_free = NULL;
	ctl_push_nfree = ctl_push_cap = ctl_push_head = 0;
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
	our_mru = our_mru ? our_mru : PPP_DEFAULT_MRU;
	peer_mru = peer_mru ? peer_mru : PPP_DEFAULT_MRU;
	return (uint16_t)(RTE_MIN(our_mru, peer_mru) - 40);
}

static void
ctl_push_fill(struct dp_session_desc *d, const struct ctl_push_sub *sub,
	      uint32_t idx)
{
	const struct ctl_l2tp_path *pa = &sub->path;
	const struct port *p = &port_table[pa->port];

	memset(d, 0, sizeof(*d));
	d->session_index = idx;
	d->local_tid = pa->local_tid;
	d->local_sid = pa->local_sid;
	d->peer_tid = pa->peer_tid;
	d->peer_sid = pa->peer_sid;
	d->local_ip = p->ip;
	d->peer_ip = pa->peer_ip;
	d->local_udp_port = LNS_L2TP_PORT;
	d->peer_udp_port = pa->peer_udp_port;
	d->access_port = pa->port;
	d->vlan = p->vlan;
	d->local_mac = p->mac;
	d->peer_mac = pa->peer_mac;
	d->sub_ip = rte_cpu_to_be_32(sub->addr);
	d->mru = sub->peer_mru;
	d->mss = ctl_push_mss(sub->our_mru, sub->peer_mru);
	d->flags = sub->flags;
	if (pa->sequencing)
		d->flags |= DP_SESS_F_SEQ;
	d->next_ns = sub->next_ns;
	d->rate_up_bps = sub->qos.up_bps;
	d->rate_down_bps = sub->qos.down_bps;
	d->burst_up_bytes = sub->qos.burst_up;
	d->burst_down_bytes = sub->qos.burst_down;
	memcpy(d->sub_ip6_prefix, sub->ip6_prefix, sizeof(d->sub_ip6_prefix));
	d->nb_routes6 = RTE_MIN(sub->nb_routes6, (uint8_t)DP_SESS_MAX_ROUTES6);
	memcpy(d->routes6, sub->routes6, sizeof(d->routes6[0]) * d->nb_routes6);
}

int
ctl_push_add(const struct ctl_push_sub *sub, uint32_t *session_index)
{
	struct dp_session_desc d;
	uint32_t idx;
	int rc;

	if (ctl_push_nfree == 0) {
		ctl_push_stats.no_index++;
		return -ENOSPC;
	}
	idx = ctl_push_index_get();
	ctl_push_fill(&d, sub, idx);
	/*
	 * Installed before we return: IPCP's last Configure-Ack may already
	 * be on its way and the subscriber's first packet right behind it.
	 */
	rc = dp_session_add(&d);
	if (rc != 0) {
		ctl_push_stats.add_failed++;
		ctl_push_index_put(idx);
		return rc;
	}
	ctl_push_stats.adds++;
	*session_index = idx;
	return 0;
}

int
ctl_push_modify(const struct ctl_push_sub *sub, uint32_t session_index)
{
	struct dp_session_desc d;
	int rc;

	ctl_push_fill(&d, sub, session_index);
	rc = dp_session_modify(&d);
	if (rc != 0) {
		ctl_push_stats.modify_failed++;
		return rc;
	}
	ctl_push_stats.modifies++;
	return 0;
}

void
ctl_push_delete(uint32_t session_index, uint16_t *next_ns)
{
	if (dp_session_delete(session_index, next_ns) != 0) {
		/* Not in the tables: keep the index out of circulation. */
		ctl_push_stats.delete_failed++;
		return;
	}
	ctl_push_stats.deletes++;
	ctl_push_index_put(session_index);
}
