/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A PPP link's IPv6 (docs/ipv6.md, "Sessions"), on the control lcore:
 *
 *   IPv6CP Opened   the session's /64 (the prefix its Router
 *                   Advertisements carry) and a prefix for DHCPv6 to
 *                   delegate, each from the AAA (RADIUS Framed-IPv6-Prefix,
 *                   Delegated-IPv6-Prefix; reserved in the pool they lie
 *                   in), else from the pool it names (Framed-IPv6-Pool,
 *                   Delegated-IPv6-Prefix-Pool), else from
 *                   aaa.default_pool6 / default_pd_pool; no /64: prefix
 *                   delegation only, RAs without a Prefix Information
 *                   option. DNS-Server-IPv6-Address replaces ipv6.dns for
 *                   the session. The dataplane session is MODIFYed to carry
 *                   IPv6 (DP_SESS_F_IPV6, the /64); a first RA.
 *   punted IPv6     (the workers punt the subscriber's link-local and
 *                   multicast traffic, rate-limited): a Router
 *                   Solicitation is answered with an RA, DHCPv6 to port
 *                   547 goes to the session's server (control/ipv6/
 *                   dhcp6.h), whose grants and releases are routed or
 *                   withdrawn at once by MODIFY (routes6); anything else
 *                   is counted and dropped.
 *   every tick      an unsolicited RA every ipv6.ra.interval.
 *   IPv6CP down,    the prefixes go back to their pools; the dataplane
 *   session end     session loses IPv6 (MODIFY) or is deleted anyway.
 *
 * The state is allocated when IPv6CP opens (most of a box's sessions may
 * be IPv4 only: ~200 octets each otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "ctl_stats.h"
#include "dhcp6.h"
#include "ip6.h"
#include "ip6_conf.h"
#include "lns_log.h"
#include "lns_ppp_wire.h"
#include "nd6.h"
#include "pool6.h"

/* Our packets to the subscriber: an RA or a DHCPv6 reply. */
#define CTL_PPP_IP6_OUT		1024

struct ctl_ppp_ip6 {
	struct dhcp6_binding dhcp;
	struct pool6 *prefix_pool;	/* where prefix came from; NULL */
	struct pool6 *pd_pool;		/* where dhcp.pd came from; NULL */
	uint64_t next_ra_ms;
	uint32_t ra_sent;
	uint8_t prefix[16];		/* the /64; valid if has_prefix */
	uint8_t dns[2][16];		/* the AAA's servers, nb_dns of them */
	uint8_t nb_dns;
	uint8_t nb_routes6;		/* Framed-IPv6-Route, always routed */
	struct dp_route6 routes6[AAA_ROUTES6_MAX];
	bool has_prefix;
	bool pd_routed;			/* dhcp.pd is in routes6 */
	bool pd_used;			/* dhcp.pd was delegated (accounting) */
	bool na_routed;			/* dhcp.na is in routes6 */
};

static struct {
	struct pool6_set pools;
	struct pool6 *def64;		/* aaa.default_pool6; NULL */
	struct pool6 *defpd;		/* aaa.default_pd_pool; NULL */
	struct nd6_ra_conf ra;
	struct dhcp6_srv_conf dhcp;
	bool dhcp_enabled;
	uint32_t interval_ms;
} ctl_ip6;

/* ---- configuration --------------------------------------------------- */

int
ctl_ppp_ip6_init(const struct cfg *cfg, const uint8_t mac[6])
{
	char err[64] = "";
	int rc;

	memset(&ctl_ip6, 0, sizeof(ctl_ip6));
	rc = ip6_conf_pools(cfg, &ctl_ip6.pools, err, sizeof(err));
	if (rc != 0) {
		LNS_LOG(ERR, ppp, "event=pool6-failed pool=\"%s\" error=%d",
			err, rc);
		return rc;
	}
	if (cfg->aaa.default_pool6[0] != '\0')
		ctl_ip6.def64 = pool6_set_find(&ctl_ip6.pools,
					       cfg->aaa.default_pool6);
	if (cfg->aaa.default_pd_pool[0] != '\0')
		ctl_ip6.defpd = pool6_set_find(&ctl_ip6.pools,
					       cfg->aaa.default_pd_pool);
	ctl_ppp_ip6_settings(cfg, mac);
	return 0;
}

void
ctl_ppp_ip6_settings(const struct cfg *cfg, const uint8_t mac[6])
{
	/* The MTU option: none (the PPP MRU already tells the host). */
	ip6_conf_ra(cfg, 0, &ctl_ip6.ra);
	ip6_conf_dhcp6(cfg, mac, &ctl_ip6.dhcp);
	ctl_ip6.interval_ms = cfg->ipv6.ra.interval * 1000;
	ctl_ip6.dhcp_enabled = cfg->ipv6.dhcp6.enabled;
}

void
ctl_ppp_ip6_fini(void)
{
	pool6_set_clear(&ctl_ip6.pools);
	ctl_ip6.def64 = NULL;
	ctl_ip6.defpd = NULL;
}

/* ---- the dataplane ---------------------------------------------------- */

void
ctl_ppp_ip6_sub(const struct ctl_ppp *pp, struct ctl_push_sub *sub)
{
	const struct ctl_ppp_ip6 *v6 = pp->ip6;
	unsigned int i;

	if (v6 == NULL)
		return;
	if (v6->has_prefix)
		memcpy(sub->ip6_prefix, v6->prefix, 8);
	if (v6->pd_routed && sub->nb_routes6 < DP_SESS_MAX_ROUTES6) {
		memcpy(sub->routes6[sub->nb_routes6].prefix, v6->dhcp.pd, 16);
		sub->routes6[sub->nb_routes6++].len = v6->dhcp.pd_len;
	}
	if (v6->na_routed && sub->nb_routes6 < DP_SESS_MAX_ROUTES6) {
		memcpy(sub->routes6[sub->nb_routes6].prefix, v6->dhcp.na, 16);
		sub->routes6[sub->nb_routes6++].len = 128;
	}
	for (i = 0; i < v6->nb_routes6 &&
	     sub->nb_routes6 < DP_SESS_MAX_ROUTES6; i++)
		sub->routes6[sub->nb_routes6++] = v6->routes6[i];
}

/* The session's descriptor again, with what IPv6 has now. */
static void
ctl_ppp_ip6_push(struct ctl_ppp *pp)
{
	struct ctl_push_sub sub;

	if (!pp->pushed)
		return;		/* ADD at IPCP-open takes it from here */
	ctl_ppp_dp_sub(pp, &sub);
	if (ctl_push_modify(&sub, pp->session_index) != 0)
		CTL_COUNT(IPV6_MODIFY_FAILED);
}

/* ---- sending ---------------------------------------------------------- */

static void
ctl_ppp_ip6_send(struct ctl_ppp *pp, const uint8_t *pkt, size_t len)
{
	ctl_ppp_send(pp, LNS_PPP_PROTO_IPV6, pkt, len);
}

/* An RA to dst (NULL: all nodes), with the session's /64 if it has one. */
static void
ctl_ppp_ip6_ra(struct ctl_ppp *pp, const uint8_t *dst, uint64_t now)
{
	struct ctl_ppp_ip6 *v6 = pp->ip6;
	uint8_t out[CTL_PPP_IP6_OUT];
	struct nd6_ra_sess s = {
		.ifid = ctl_ppp_ifid(pp),
		.dst = dst,
		.prefix = v6->has_prefix ? v6->prefix : NULL,
	};
	struct nd6_ra_conf rc;
	size_t n;

	rc = ctl_ip6.ra;
	if (v6->nb_dns > 0) {
		rc.nb_dns = v6->nb_dns;
		memcpy(rc.dns, v6->dns, sizeof(v6->dns));
	}
	n = nd6_ra_build(out, sizeof(out), &rc, &s);
	if (n == 0) {
		CTL_COUNT(IPV6_RA_BUILD_FAILED);
		return;
	}
	ctl_ppp_ip6_send(pp, out, n);
	CTL_COUNT(IPV6_RA_TX);
	v6->ra_sent++;
	/*
	 * RFC 4861 §6.2.4: the first few unsolicited RAs come sooner (at most
	 * 16 s apart), so a subscriber that missed one is not left waiting a
	 * whole interval.
	 */
	v6->next_ra_ms = now + (v6->ra_sent < 3 ?
		RTE_MIN(ctl_ip6.interval_ms, UINT32_C(16000)) :
		ctl_ip6.interval_ms);
}

/* ---- IPv6CP up and down ---------------------------------------------- */

static void
ctl_ppp_ip6_release(struct ctl_ppp_ip6 *v6)
{
	if (v6->has_prefix && v6->prefix_pool != NULL)
		pool6_release(v6->prefix_pool, v6->prefix);
	if (v6->dhcp.pd_avail && v6->pd_pool != NULL)
		pool6_release(v6->pd_pool, v6->dhcp.pd);
}

/*
 * A prefix the AAA gave: reserved in the pool it lies in, so the pool
 * does not hand it to another session (*pool: that pool, or NULL for one
 * outside every pool). -EADDRINUSE: another session has it.
 */
static int
ctl_ppp_ip6_take(const uint8_t *pfx, struct pool6 **pool)
{
	struct pool6 *p = pool6_set_owner(&ctl_ip6.pools, pfx);
	int rc;

	*pool = NULL;
	if (p == NULL)
		return 0;
	rc = pool6_reserve(p, pfx);
	if (rc == 0)
		*pool = p;
	return rc == -ENOENT ? 0 : rc;
}

/* The pool an AAA attribute names, else the default; NULL: none. */
static struct pool6 *
ctl_ppp_ip6_pool(const struct ctl_ppp *pp, const char *name,
		 struct pool6 *def)
{
	struct pool6 *p;

	if (name == NULL || name[0] == '\0')
		return def;
	p = pool6_set_find(&ctl_ip6.pools, name);
	if (p == NULL) {
		CTL_COUNT(IPV6_AAA_POOL_UNKNOWN);
		LNS_LOG_RL(WARNING, ppp, ctl_now_ms(), 10, "tunnel=%u session=%u event=ipv6-pool-unknown user=\"%s\" pool=\"%s\" (the default pool instead)",
			   pp->tid, pp->sid, pp->user, name);
		return def;
	}
	return p;
}

static void
ctl_ppp_ip6_prefix(struct ctl_ppp *pp, struct ctl_ppp_ip6 *v6)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	struct pool6 *p;

	if (at != NULL && at->ipv6_prefix_len > 0) {
		/* RA prefixes are /64s (RFC 4862 §5.5.3 with Ethernet-like
		 * interface identifiers); anything else is refused. */
		if (at->ipv6_prefix_len != 64) {
			CTL_COUNT(IPV6_AAA_PREFIX_REFUSED);
		} else if (ctl_ppp_ip6_take(at->ipv6_prefix,
					    &v6->prefix_pool) != 0) {
			CTL_COUNT(IPV6_AAA_PREFIX_IN_USE);
		} else {
			ip6_prefix_mask(v6->prefix, at->ipv6_prefix, 64);
			v6->has_prefix = true;
			return;
		}
		LNS_LOG_RL(WARNING, ppp, ctl_now_ms(), 10, "tunnel=%u session=%u event=ipv6-prefix-refused user=\"%s\" length=%u (a pool's /64 instead)",
			   pp->tid, pp->sid, pp->user, at->ipv6_prefix_len);
	}
	p = ctl_ppp_ip6_pool(pp, at != NULL ? at->pool6 : NULL, ctl_ip6.def64);
	if (p == NULL)
		return;
	if (pool6_length(p) != 64) {
		CTL_COUNT(IPV6_AAA_PREFIX_REFUSED);
		return;
	}
	if (pool6_alloc(p, v6->prefix) != 0) {
		CTL_COUNT(IPV6_PREFIX_EXHAUSTED);
		return;
	}
	v6->has_prefix = true;
	v6->prefix_pool = p;
}

static void
ctl_ppp_ip6_pd(struct ctl_ppp *pp, struct ctl_ppp_ip6 *v6)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	struct pool6 *p;

	if (at != NULL && at->delegated_prefix_len > 0) {
		if (at->delegated_prefix_len > 64) {
			CTL_COUNT(IPV6_AAA_PREFIX_REFUSED);
		} else if (ctl_ppp_ip6_take(at->delegated_prefix,
					    &v6->pd_pool) != 0) {
			CTL_COUNT(IPV6_AAA_PREFIX_IN_USE);
		} else {
			ip6_prefix_mask(v6->dhcp.pd, at->delegated_prefix,
					at->delegated_prefix_len);
			v6->dhcp.pd_len = at->delegated_prefix_len;
			v6->dhcp.pd_avail = true;
			return;
		}
		LNS_LOG_RL(WARNING, ppp, ctl_now_ms(), 10, "tunnel=%u session=%u event=ipv6-pd-refused user=\"%s\" length=%u (a pool's prefix instead)",
			   pp->tid, pp->sid, pp->user,
			   at->delegated_prefix_len);
	}
	p = ctl_ppp_ip6_pool(pp, at != NULL ? at->pd_pool : NULL,
			     ctl_ip6.defpd);
	if (p == NULL)
		return;
	if (pool6_alloc(p, v6->dhcp.pd) != 0) {
		CTL_COUNT(IPV6_PD_EXHAUSTED);
		return;
	}
	v6->dhcp.pd_avail = true;
	v6->dhcp.pd_len = pool6_length(p);
	v6->pd_pool = p;
}

/*
 * The rest of the AAA's IPv6: DNS servers, Framed-IPv6-Address (what a
 * DHCPv6 IA_NA gets; routed as a /128 once bound), Framed-IPv6-Routes
 * (routed for the session's life).
 */
static void
ctl_ppp_ip6_aaa(const struct ctl_ppp *pp, struct ctl_ppp_ip6 *v6)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	unsigned int i;

	if (at == NULL)
		return;
	if (at->nb_dns6 > 0) {
		v6->nb_dns = at->nb_dns6;
		memcpy(v6->dns, at->dns6, sizeof(v6->dns));
	}
	if (at->has_ipv6_address) {
		memcpy(v6->dhcp.na, at->ipv6_address, 16);
		v6->dhcp.na_avail = true;
	}
	for (i = 0; i < at->nb_routes6 && i < AAA_ROUTES6_MAX; i++) {
		ip6_prefix_mask(v6->routes6[i].prefix, at->routes6[i].prefix,
				at->routes6[i].len);
		v6->routes6[i].len = at->routes6[i].len;
	}
	v6->nb_routes6 = (uint8_t)i;
}

void
ctl_ppp_ip6_up(struct ctl_ppp *pp, uint64_t now)
{
	struct ctl_ppp_ip6 *v6;
	char buf[64];

	if (pp->ip6 != NULL)
		return;		/* already up (IPv6CP down frees it) */
	v6 = calloc(1, sizeof(*v6));
	if (v6 == NULL) {
		CTL_COUNT(IPV6_NO_MEMORY);
		return;
	}
	ctl_ppp_ip6_prefix(pp, v6);
	if (ctl_ip6.dhcp_enabled)
		ctl_ppp_ip6_pd(pp, v6);
	ctl_ppp_ip6_aaa(pp, v6);
	pp->ip6 = v6;
	CTL_COUNT(IPV6_SESSION_UP);
	ctl_ppp_ip6_push(pp);
	ctl_ppp_ip6_ra(pp, NULL, now);
	LNS_LOG(INFO, ppp, "tunnel=%u session=%u event=ipv6-up user=\"%s\" prefix=%s/64 pd=%s",
		pp->tid, pp->sid, pp->user,
		v6->has_prefix ? inet_ntop(AF_INET6, v6->prefix, buf, sizeof(buf)) : "none",
		v6->dhcp.pd_avail ? "pool" : "none");
}

void
ctl_ppp_ip6_down(struct ctl_ppp *pp)
{
	struct ctl_ppp_ip6 *v6 = pp->ip6;

	if (v6 == NULL)
		return;
	ctl_ppp_ip6_release(v6);
	pp->ip6 = NULL;
	free(v6);
	CTL_COUNT(IPV6_SESSION_DOWN);
	ctl_ppp_ip6_push(pp);
}

void
ctl_ppp_ip6_timer(struct ctl_ppp *pp, uint64_t now)
{
	if (pp->ip6 != NULL && ctl_ip6.interval_ms != 0 &&
	    now >= pp->ip6->next_ra_ms)
		ctl_ppp_ip6_ra(pp, NULL, now);
}

/* ---- what the workers punt ------------------------------------------- */

/* An RS: answered to its source (or all nodes from ::). */
static void
ctl_ppp_ip6_rs(struct ctl_ppp *pp, const uint8_t *pkt, size_t len,
	       uint64_t now)
{
	struct nd6_rs rs;
	enum nd6_err e = nd6_rs_parse(pkt, len, &rs);

	if (e != ND6_OK) {
		CTL_COUNT(IPV6_RS_BAD);
		return;
	}
	CTL_COUNT(IPV6_RS_RX);
	ctl_ppp_ip6_ra(pp, ip6_is_unspecified(rs.src) ? NULL : rs.src, now);
}

static void
ctl_ppp_ip6_dhcp(struct ctl_ppp *pp, const uint8_t *pkt, size_t len)
{
	struct ctl_ppp_ip6 *v6 = pp->ip6;
	uint8_t out[CTL_PPP_IP6_OUT];
	struct dhcp6_srv_conf dc;
	struct dhcp6_event ev;
	char buf[64];
	size_t n;

	if (!ctl_ip6.dhcp_enabled) {
		CTL_COUNT(DHCP6_DISABLED);
		return;
	}
	CTL_COUNT(DHCP6_RX);
	dc = ctl_ip6.dhcp;
	if (v6->nb_dns > 0) {
		dc.nb_dns = v6->nb_dns;
		memcpy(dc.dns, v6->dns, sizeof(v6->dns));
	}
	n = dhcp6_srv_input(&v6->dhcp, &dc, ctl_ppp_ifid(pp), pkt, len, out,
			    sizeof(out), &ev);
	if (ev.flags & DHCP6_EV_PD_ROUTE)
		v6->pd_routed = v6->pd_used = true;
	if (ev.flags & DHCP6_EV_PD_WITHDRAW)
		v6->pd_routed = false;
	if (ev.flags & DHCP6_EV_NA_BIND)
		v6->na_routed = true;
	if (ev.flags & DHCP6_EV_NA_RELEASE)
		v6->na_routed = false;
	/* The route first: the client may use the prefix on the REPLY. */
	if (ev.flags & (DHCP6_EV_PD_ROUTE | DHCP6_EV_PD_WITHDRAW |
			DHCP6_EV_NA_BIND | DHCP6_EV_NA_RELEASE)) {
		ctl_ppp_ip6_push(pp);
		LNS_LOG(INFO, ppp, "tunnel=%u session=%u event=%s user=\"%s\" prefix=%s/%u",
			pp->tid, pp->sid,
			ev.flags & DHCP6_EV_PD_WITHDRAW ? "pd-withdrawn" :
			ev.flags & DHCP6_EV_REGRANT ? "pd-regranted" :
			"pd-granted", pp->user,
			inet_ntop(AF_INET6, v6->dhcp.pd, buf, sizeof(buf)), v6->dhcp.pd_len);
	}
	if (n == 0) {
		CTL_COUNT(DHCP6_DROPPED);
		LNS_LOG_RL(DEBUG, ppp, ctl_now_ms(), 10, "tunnel=%u session=%u event=dhcp6-dropped type=%u reason=%s",
			   pp->tid, pp->sid, ev.in_type,
			   dhcp6_err_name(ev.drop));
		return;
	}
	ctl_ppp_ip6_send(pp, out, n);
	CTL_COUNT(DHCP6_TX);
}

void
ctl_ppp_ip6_input(struct rte_mbuf *m, uint64_t now)
{
	const struct dp_punt_meta *pm = dp_punt_meta(m);
	const struct rte_ipv4_hdr *oip;
	struct ip6_view v;
	struct ctl_call *cs;
	struct ctl_ppp *pp;
	const uint8_t *pkt;
	size_t len;

	if (pm->down || pm->ppp_proto != LNS_PPP_PROTO_IPV6 ||
	    rte_pktmbuf_data_len(m) < m->l2_len + sizeof(*oip) ||
	    (uint32_t)pm->inner_off + pm->inner_len >
	    rte_pktmbuf_data_len(m)) {
		CTL_COUNT(IPV6_PUNT_BAD);
		goto out;
	}
	oip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *,
				      m->l2_len);
	cs = ctl_l2tp_call_find(pm->local_tid, pm->local_sid, oip->src_addr);
	pp = cs != NULL ? ctl_l2tp_call_ppp(cs) : NULL;
	if (pp == NULL || pp->ip6 == NULL || !pp->pushed ||
	    pp->session_index != pm->session_index) {
		CTL_COUNT(IPV6_PUNT_NO_SESSION);
		goto out;
	}
	pkt = rte_pktmbuf_mtod_offset(m, const uint8_t *, pm->inner_off);
	len = pm->inner_len;
	if (ip6_parse(pkt, len, &v) != IP6_OK) {
		CTL_COUNT(IPV6_PUNT_MALFORMED);
		goto out;
	}
	if (v.next == IP6_NH_ICMP6 && v.pl_len >= 1 && v.pl[0] == ND6_RS)
		ctl_ppp_ip6_rs(pp, pkt, len, now);
	else if (v.next == IP6_NH_UDP && v.pl_len >= IP6_UDP_HDR_LEN &&
		 rte_be_to_cpu_16(*(const rte_be16_t *)(v.pl + 2)) ==
		 DHCP6_SERVER_PORT)
		ctl_ppp_ip6_dhcp(pp, pkt, len);
	else
		CTL_COUNT(IPV6_PUNT_IGNORED);
out:
	rte_pktmbuf_free(m);
}

/* ---- lnsctl ----------------------------------------------------------- */

int
ctl_ppp_ip6_info(const struct ctl_ppp *pp, struct ctl_ppp_ip6_info *info)
{
	const struct ctl_ppp_ip6 *v6 = pp->ip6;

	memset(info, 0, sizeof(*info));
	if (v6 == NULL)
		return -ENOENT;
	info->has_prefix = v6->has_prefix;
	memcpy(info->prefix, v6->prefix, 16);
	info->pd_routed = v6->pd_routed;
	memcpy(info->pd, v6->dhcp.pd, 16);
	info->pd_len = v6->dhcp.pd_len;
	info->na_routed = v6->na_routed;
	memcpy(info->na, v6->dhcp.na, 16);
	info->ra_sent = v6->ra_sent;
	return 0;
}

void
ctl_ppp_ip6_acct(const struct ctl_ppp *pp, struct aaa_acct_rec *rec)
{
	const struct ctl_ppp_ip6 *v6 = pp->ip6;

	if (v6 == NULL)
		return;
	if (v6->has_prefix) {
		rec->ipv6_prefix = v6->prefix;
		rec->ipv6_prefix_len = 64;
	}
	/* What the session had, even if released before its end. */
	if (v6->pd_used) {
		rec->delegated_prefix = v6->dhcp.pd;
		rec->delegated_prefix_len = v6->dhcp.pd_len;
	}
}
