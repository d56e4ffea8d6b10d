/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The core side's Neighbor Discovery decisions on bytes (ctl_nd6.h).
 * RFC 4861 rules kept, and where we simplify:
 *  - an NS for one of our addresses is answered with a solicited NA
 *    (R, S, O, TLLA) to its source, and its SLLA creates or refreshes
 *    the sender's entry (§7.2.3; the entry goes REACHABLE, as ARP's
 *    RFC 826 merge does in the shared state machine, not STALE);
 *  - an NS from :: (duplicate address detection, RFC 4862 §5.4.3) for
 *    one of ours is defended: an unsolicited NA to ff02::1, learnt
 *    nothing (the prober has no address yet);
 *  - an NA refreshes an existing entry only (§7.2.5: no entry, no
 *    state), with its TLLA, or the MAC known if it has none;
 *  - an NA for or an NS from one of our addresses: an address conflict,
 *    counted and logged by the caller, never learnt;
 *  - an IPv4-mapped source or target is refused (see ctl_nd6_process).
 */
#include <string.h>

#include "ctl_nd6.h"
#include "ctl_neigh.h"
#include "ip6.h"
#include "nd6.h"

static const uint8_t ctl_nd6_zero[16];

uint64_t
ctl_nd6_eui64(const uint8_t mac[6])
{
	return (uint64_t)(mac[0] ^ 0x02) << 56 | (uint64_t)mac[1] << 48 |
	       (uint64_t)mac[2] << 40 | UINT64_C(0xfffe) << 24 |
	       (uint64_t)mac[3] << 16 | (uint64_t)mac[4] << 8 | mac[5];
}

void
ctl_nd6_if_init(struct ctl_nd6_if *f, const struct cfg_port *c,
		const uint8_t mac[6])
{
	memset(f, 0, sizeof(*f));
	memcpy(f->mac, mac, 6);
	ip6_link_local(f->ll, ctl_nd6_eui64(mac));
	if (c->role != CFG_PORT_CORE || c->address6.len == 0)
		return;
	f->on = true;
	memcpy(f->global, c->address6.addr, 16);
	f->plen = c->address6.len;
	if (memcmp(c->gateway6, ctl_nd6_zero, 16) != 0) {
		f->has_gw = true;
		memcpy(f->gw, c->gateway6, 16);
	}
}

bool
ctl_nd6_if_ours(const struct ctl_nd6_if *f, const uint8_t *a)
{
	return f->on && (memcmp(a, f->global, 16) == 0 ||
			 memcmp(a, f->ll, 16) == 0);
}

const uint8_t *
ctl_nd6_if_src(const struct ctl_nd6_if *f, const uint8_t *dst)
{
	return ip6_is_link_local(dst) || ip6_is_multicast(dst) ? f->ll :
								  f->global;
}

size_t
ctl_nd6_ns(const struct ctl_nd6_if *f, const uint8_t *target,
	   const uint8_t *mac, uint8_t *out, size_t cap, uint8_t eth_dst[6])
{
	uint8_t sn[16];

	if (!f->on)
		return 0;
	if (mac != NULL) {
		memcpy(eth_dst, mac, 6);
	} else {
		ip6_solicited_node(sn, target);
		ip6_mcast_mac(eth_dst, sn);
	}
	/* The source in the target's scope: a link-local router is asked
	 * from our link-local address, an on-link one from our global. */
	return nd6_ns_build(out, cap, ctl_nd6_if_src(f, target), f->mac,
			    target, mac != NULL ? target : NULL);
}

static void
ctl_nd6_ns_in(const struct ctl_nd6_if *f, const struct nd6_nx *ns,
	      const uint8_t eth_src[6], uint8_t *out, size_t cap,
	      struct ctl_nd6_act *act)
{
	bool dad = ip6_is_unspecified(ns->src);
	const uint8_t *dst = dad ? ip6_all_nodes : ns->src;
	uint8_t flags = ND6_NA_F_ROUTER | ND6_NA_F_OVERRIDE;

	if (!ctl_nd6_if_ours(f, ns->target)) {
		act->v = CTL_ND6_V_NOT_FOR_US;
		return;
	}
	if (ctl_nd6_if_ours(f, ns->src)) {
		act->v = CTL_ND6_V_CONFLICT;
		memcpy(act->addr, ns->src, 16);
		return;
	}
	if (dad) {
		act->v = CTL_ND6_V_DAD_DEFEND;
		ip6_mcast_mac(act->eth_dst, ip6_all_nodes);
	} else {
		act->v = CTL_ND6_V_ANSWER;
		flags |= ND6_NA_F_SOLICITED;
		/* §7.2.4: to the SLLA if given, else the frame's source. */
		memcpy(act->eth_dst, ns->lla != NULL && ns->lla_len >= 6 ?
		       ns->lla : eth_src, 6);
		if (ns->lla != NULL && ns->lla_len >= 6) {
			act->learn = true;
			act->create = true;
			act->has_mac = true;
			memcpy(act->addr, ns->src, 16);
			memcpy(act->mac, ns->lla, 6);
		}
	}
	act->len = nd6_na_build(out, cap, ns->target, dst, ns->target, f->mac,
				flags);
}

static void
ctl_nd6_na_in(const struct ctl_nd6_if *f, const struct nd6_nx *na,
	      struct ctl_nd6_act *act)
{
	if (ctl_nd6_if_ours(f, na->target)) {
		act->v = CTL_ND6_V_CONFLICT;
		memcpy(act->addr, na->target, 16);
		return;
	}
	act->v = CTL_ND6_V_LEARN;
	act->learn = true;
	memcpy(act->addr, na->target, 16);
	if (na->lla != NULL && na->lla_len >= 6) {
		act->has_mac = true;
		memcpy(act->mac, na->lla, 6);
	}
}

void
ctl_nd6_process(const struct ctl_nd6_if *f, const uint8_t *pkt, size_t len,
		const uint8_t eth_src[6], uint8_t *out, size_t cap,
		struct ctl_nd6_act *act)
{
	struct nd6_nx nx;
	enum nd6_err e;
	uint8_t type;

	memset(act, 0, sizeof(*act));
	if (len < IP6_HDR_LEN + 1 || pkt[6] != IP6_NH_ICMP6) {
		act->v = CTL_ND6_V_MALFORMED;
		act->err = ND6_ERR_NEXT;
		return;
	}
	type = pkt[IP6_HDR_LEN];
	if (type != ND6_NS && type != ND6_NA) {
		act->v = CTL_ND6_V_OTHER;
		return;
	}
	e = type == ND6_NS ? nd6_ns_parse(pkt, len, &nx) :
			     nd6_na_parse(pkt, len, &nx);
	/*
	 * IPv4-mapped addresses never appear on the wire (RFC 4291
	 * §2.5.5.2) and are how the shared table keys IPv4 neighbours: one
	 * learnt from ND would overwrite an ARP entry (the IPv4 gateway's).
	 */
	if (e == ND6_OK && (neigh_is_v4(nx.src) || neigh_is_v4(nx.target)))
		e = ND6_ERR_ADDR;
	if (e != ND6_OK) {
		act->v = CTL_ND6_V_MALFORMED;
		act->err = e;
		return;
	}
	act->type = type;
	if (type == ND6_NS)
		ctl_nd6_ns_in(f, &nx, eth_src, out, cap, act);
	else
		ctl_nd6_na_in(f, &nx, act);
}
