/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>

#include "ctl_l2tp.h"
#include "ctl_ppp.h"
#include "ctl_push.h"
#include "ctl_static.h"
#include "dp_api.h"
#include "l2tp_proto.h"
#include "lns_log.h"
#include "port.h"

uint32_t
ctl_static_addr(const struct cfg_static *st, uint32_t t, uint32_t s)
{
	uint32_t i = (t - 1) * st->sessions_per_tunnel + (s - 1);
	uint32_t host = (uint32_t)((UINT64_C(1) << (32 - st->subscribers.len)) - 1);
	uint32_t base = rte_be_to_cpu_32(st->subscribers.addr) & ~host;

	return rte_cpu_to_be_32(base + 1 + i);
}

int
ctl_static_init(const struct cfg *cfg)
{
	const struct cfg_static *st = &cfg->statics;
	uint32_t t, s, idx = 0, installed = 0;
	struct dp_session_desc d;
	const struct port *p;
	int pi, ret;

	if (st->tunnels == 0)
		return 0;
	pi = cfg_static_port(cfg);	/* ports[] and port_table[] agree */
	if (pi < 0 || (unsigned int)pi >= port_count)
		return -EINVAL;
	ret = ctl_l2tp_reserve_tunnel_ids(st->tunnels);
	if (ret == 0)
		ret = ctl_push_reserve(st->tunnels * st->sessions_per_tunnel);
	if (ret != 0) {
		LNS_LOG(ERR, ctl, "event=static-sessions-failed error=\"cannot reserve %u tunnel IDs and %u session indexes\"",
			st->tunnels, st->tunnels * st->sessions_per_tunnel);
		return ret;
	}
	p = &port_table[pi];
	for (t = 1; t <= st->tunnels; t++) {
		for (s = 1; s <= st->sessions_per_tunnel; s++) {
			memset(&d, 0, sizeof(d));
			d.session_index = idx++;
			d.local_tid = d.peer_tid = (uint16_t)t;
			d.local_sid = d.peer_sid = (uint16_t)s;
			d.local_ip = p->ip;
			d.peer_ip = st->lac_address;
			d.local_udp_port = LNS_L2TP_PORT;
			d.peer_udp_port = (uint16_t)(st->lac_port +
						 (t - 1) * st->lac_port_step);
			d.access_port = (uint16_t)pi;
			d.vlan = p->vlan;
			d.local_mac = p->mac;
			memcpy(d.peer_mac.addr_bytes, st->lac_mac, 6);
			d.sub_ip = ctl_static_addr(st, t, s);
			d.mru = st->mru;
			/* Downstream Ns from 0, as a sequenced call's. */
			if (st->sequencing)
				d.flags |= DP_SESS_F_SEQ;
			d.mss = ctl_push_mss(ctl_ppp_our_mru(), st->mru);
			ret = dp_session_add(&d);
			if (ret != 0) {
				LNS_LOG(ERR, ctl, "event=static-sessions-failed tunnel=%u session=%u installed=%u",
					t, s, installed);
				return ret;
			}
			installed++;
		}
	}
	LNS_LOG(WARNING, ctl, "event=static-sessions tunnels=%u sessions=%u note=\"test bed only: no signalling, no authentication\"",
		st->tunnels, installed);
	return 0;
}
