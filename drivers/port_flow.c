/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The L2TP session RSS rule (dataplane.rss: l2tp-session), built as the
 * iavf PMD's hash engine (DPDK 22.11, the PMD's iavf_hash.c)
 * accepts it:
 *  - pattern eth / ipv4 / udp / l2tpv2 / end (or ipv6): iavf matches the
 *    item types only; the UDP spec (dst 1701) is for PMDs that match on
 *    it, the E810's parser already knows L2TPv2 by that port;
 *  - the l2tpv2 spec's flags decide which header the NIC hashes: T = 0,
 *    L = 0 (a data message without the Length field, what LACs send)
 *    selects the session ID at offset 4; iavf reads the spec, not the
 *    mask. Control messages (T = 1) are not selected and stay on the
 *    outer hash (they are punted to the control lcore anyway);
 *  - action rss with types RTE_ETH_RSS_L2TPV2 only (no RTE_ETH_RSS_ETH:
 *    the MAC addresses would be hashed too), level 0, no key and NO
 *    queue list: iavf refuses a queue list, a key and a level ("a non-NULL
 *    RSS queue is not supported"). The rule changes what the port's RSS
 *    hashes; the spreading over queues is the port's redirection table,
 *    which port_configure() set over all its RX queues (mq_mode RSS).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "lns_log.h"
#include "port_flow.h"

/* The rules of one port and what lnsctl shows of them. */
struct port_flow_state {
	struct rte_flow *flows[2];	/* IPv4, IPv6 outer */
	char desc[128];
};

static struct port_flow_state port_flow_states[CFG_MAX_PORTS];

int
port_flow_l2tp_rss_build(struct port_flow_rule *r, uint16_t nb_queues,
			 enum port_flow_outer outer)
{
	if (nb_queues < 2)
		return -EINVAL;
	if (outer != PORT_FLOW_OUTER_IPV4 && outer != PORT_FLOW_OUTER_IPV6)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->attr.ingress = 1;

	r->udp_spec.hdr.dst_port = RTE_BE16(PORT_FLOW_L2TP_UDP);
	r->udp_mask.hdr.dst_port = RTE_BE16(0xffff);
	/* Data message, no Length field, version 2: T, L and Ver masked. */
	r->l2tp_spec.hdr.common.flags_version =
		RTE_BE16(RTE_L2TPV2_MSG_TYPE_DATA);
	r->l2tp_mask.hdr.common.flags_version = RTE_BE16(0xc00f);

	r->pattern[0].type = RTE_FLOW_ITEM_TYPE_ETH;
	r->pattern[1].type = outer == PORT_FLOW_OUTER_IPV4 ?
		RTE_FLOW_ITEM_TYPE_IPV4 : RTE_FLOW_ITEM_TYPE_IPV6;
	r->pattern[2].type = RTE_FLOW_ITEM_TYPE_UDP;
	r->pattern[2].spec = &r->udp_spec;
	r->pattern[2].mask = &r->udp_mask;
	r->pattern[3].type = RTE_FLOW_ITEM_TYPE_L2TPV2;
	r->pattern[3].spec = &r->l2tp_spec;
	r->pattern[3].mask = &r->l2tp_mask;
	r->pattern[4].type = RTE_FLOW_ITEM_TYPE_END;

	r->rss.func = RTE_ETH_HASH_FUNCTION_DEFAULT;
	r->rss.level = 0;
	r->rss.types = RTE_ETH_RSS_L2TPV2;
	r->rss.key_len = 0;
	r->rss.key = NULL;
	r->rss.queue_num = 0;
	r->rss.queue = NULL;
	r->actions[0].type = RTE_FLOW_ACTION_TYPE_RSS;
	r->actions[0].conf = &r->rss;
	r->actions[1].type = RTE_FLOW_ACTION_TYPE_END;
	return 0;
}

/* Validate then create one rule; the flow or NULL with *err set. */
static struct rte_flow *
port_flow_create_one(uint16_t port_id, uint16_t nb_queues,
		     enum port_flow_outer outer, int *ret,
		     struct rte_flow_error *err)
{
	struct port_flow_rule r;
	struct rte_flow *f;

	memset(err, 0, sizeof(*err));
	*ret = port_flow_l2tp_rss_build(&r, nb_queues, outer);
	if (*ret != 0)
		return NULL;
	*ret = rte_flow_validate(port_id, &r.attr, r.pattern, r.actions, err);
	if (*ret != 0)
		return NULL;
	f = rte_flow_create(port_id, &r.attr, r.pattern, r.actions, err);
	if (f == NULL)
		*ret = rte_errno != 0 ? -rte_errno : -EIO;
	return f;
}

int
port_flow_install(struct port *p, enum cfg_rss_mode mode)
{
	struct port_flow_state *s = &port_flow_states[p->index];
	bool v6 = p->cfg->address6.len != 0;
	struct rte_flow_error err;
	const char *why;
	int ret = 0;

	p->rss_l2tp = 0;
	memset(s, 0, sizeof(*s));
	snprintf(s->desc, sizeof(s->desc), "outer");
	if (mode != CFG_RSS_L2TP_SESSION || p->cfg->role != CFG_PORT_ACCESS)
		return 0;
	if (p->nb_rxq < 2) {
		snprintf(s->desc, sizeof(s->desc), "outer (one rx queue)");
		LNS_LOG(INFO, port, "port=%s event=rss mode=outer queues=%u reason=\"one rx queue: nothing to spread\"",
			p->cfg->name, p->nb_rxq);
		return 0;
	}
	if (p->vlan != 0) {
		/* iavf has no RSS pattern with a VLAN item for L2TPv2. */
		ret = -ENOTSUP;
		why = "the rule has no VLAN item (ports[].vlan is set)";
		goto fallback;
	}
	s->flows[0] = port_flow_create_one(p->port_id, p->nb_rxq,
					   PORT_FLOW_OUTER_IPV4, &ret, &err);
	if (s->flows[0] != NULL && v6)
		s->flows[1] = port_flow_create_one(p->port_id, p->nb_rxq,
						   PORT_FLOW_OUTER_IPV6, &ret,
						   &err);
	if (ret == 0) {
		p->rss_l2tp = 1;
		snprintf(s->desc, sizeof(s->desc), "l2tp-session");
		LNS_LOG(INFO, port, "port=%s event=rss mode=l2tp-session queues=%u",
			p->cfg->name, p->nb_rxq);
		return 0;
	}
	why = err.message != NULL ? err.message : rte_strerror(-ret);
fallback:
	LNS_LOG(WARNING, port, "port=%s event=rss-fallback mode=outer error=\"%s\" note=\"the NIC refused the L2TP session rule (dataplane.rss: l2tp-session); upstream falls back to the software spread stage (dataplane.spread)\"",
		p->cfg->name, why);
	snprintf(s->desc, sizeof(s->desc), "outer (fallback: %s)", why);
	port_flow_remove(p);
	return ret;
}

void
port_flow_remove(struct port *p)
{
	struct port_flow_state *s = &port_flow_states[p->index];
	struct rte_flow_error err;
	unsigned int i;

	for (i = 0; i < RTE_DIM(s->flows); i++) {
		if (s->flows[i] == NULL)
			continue;
		if (rte_flow_destroy(p->port_id, s->flows[i], &err) != 0)
			LNS_LOG(WARNING, port, "port=%s event=rss-destroy-failed error=\"%s\"",
				p->cfg->name, err.message != NULL ?
				err.message : "unknown");
		s->flows[i] = NULL;
	}
	p->rss_l2tp = 0;
}

const char *
port_flow_rss_desc(const struct port *p)
{
	const char *d = port_flow_states[p->index].desc;

	return d[0] != '\0' ? d : "outer";
}
