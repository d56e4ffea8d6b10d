/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The calls of the L2TP glue as other control modules see them
 * (ctl_l2tp.h): the PPP glue and the dataplane pusher never reach into
 * struct ctl_call or struct ctl_tunnel themselves.
 */
#include "ctl_l2tp.h"
#include "ctl_l2tp_priv.h"
#include "port.h"
#include "l2tp_proto.h"

void
ctl_l2tp_call_path(const struct ctl_call *cs, struct ctl_l2tp_path *p)
{
	const struct ctl_tunnel *ct = cs->ct;

	p->local_tid = ct->fsm.local_id;
	p->local_sid = cs->fsm.local_id;
	p->peer_tid = ct->fsm.peer_id;
	p->peer_sid = cs->fsm.peer_id;
	p->peer_ip = ct->peer_ip;
	p->peer_udp_port = ct->peer_udp_port;
	p->port = ct->port;
	p->peer_mac = ct->peer_mac;
	p->sequencing = cs->fsm.sequencing_required;
	/*
	 * A tunnel with a secret reaches established only after
	 * l2tp_tunnel.c verified the Challenge Response of the SCCCN (§5.1.1).
	 */
	p->tunnel_authenticated = ct->fsm.secret != NULL &&
				  ct->fsm.state == L2TP_TUNNEL_ESTABLISHED;
}

struct ctl_call *
ctl_l2tp_call_find(uint16_t tid, uint16_t sid, uint32_t peer_ip)
{
	struct ctl_tunnel *ct;

	if (tid == 0 || tid > ctl_l2tp.max_tunnels)
		return NULL;
	ct = &ctl_l2tp.tunnels[tid];
	if (!ct->in_use || ct->peer_ip != peer_ip || sid == 0 ||
	    sid >= ct->sess_cap)
		return NULL;
	return ct->sess[sid];
}

int
ctl_l2tp_call_send(struct ctl_call *cs, const uint8_t *buf, size_t len)
{
	return ctl_l2tp_send_datagram(cs->ct, buf, len);
}

struct ctl_ppp *
ctl_l2tp_call_ppp(const struct ctl_call *cs)
{
	return cs->ppp;
}

void
ctl_l2tp_call_set_ppp(struct ctl_call *cs, struct ctl_ppp *pp)
{
	cs->ppp = pp;
}

const struct l2tp_session_proxy *
ctl_l2tp_call_proxy(const struct ctl_call *cs)
{
	return cs->fsm.proxy;
}

void
ctl_l2tp_call_proxy_release(struct ctl_call *cs)
{
	l2tp_session_proxy_release(&cs->fsm);
}

const char *
ctl_l2tp_call_calling_number(const struct ctl_call *cs)
{
	return cs->fsm.calling_number != NULL ? cs->fsm.calling_number : "";
}

void
ctl_l2tp_call_info(const struct ctl_call *cs, struct ctl_l2tp_call_info *info)
{
	info->calling = ctl_l2tp_call_calling_number(cs);
	info->called = cs->fsm.called_number != NULL ?
		       cs->fsm.called_number : "";
	info->lac_name = cs->ct->fsm.peer_host;
	info->tx_connect_speed = cs->fsm.tx_connect_speed;
	info->lac_ip = cs->ct->peer_ip;
	info->lns_ip = port_table[cs->ct->port].ip;
	info->lac_udp_port = cs->ct->peer_udp_port;
	info->peer_tid = cs->ct->fsm.peer_id;
	info->peer_sid = cs->fsm.peer_id;
	info->state = l2tp_session_state_name(cs->fsm.state);
}

struct ctl_call *
ctl_l2tp_call_at(uint16_t tid, uint16_t sid, bool next)
{
	const struct ctl_tunnel *ct;
	uint32_t t, s;

	if (!next) {
		if (tid == 0 || tid > ctl_l2tp.max_tunnels)
			return NULL;
		ct = &ctl_l2tp.tunnels[tid];
		return ct->in_use && sid != 0 && sid < ct->sess_cap ?
		       ct->sess[sid] : NULL;
	}
	for (t = RTE_MAX(tid, 1), s = sid + 1u; t <= ctl_l2tp.max_tunnels;
	     t++, s = 1) {
		ct = &ctl_l2tp.tunnels[t];
		if (!ct->in_use || ct->nb_sess == 0)
			continue;
		for (; s < ct->sess_cap; s++)
			if (ct->sess[s] != NULL)
				return ct->sess[s];
	}
	return NULL;
}
