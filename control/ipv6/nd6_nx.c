/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Neighbor Solicitation and Advertisement (RFC 4861 §4.3, §4.4, §7.1)
 * for the core side's neighbour table.
 */
#include <string.h>

#include "nd6_priv.h"

#define ND6_NX_LEN	24	/* type, code, checksum, flags, target */

static bool
nd6_is_solicited_node(const uint8_t *a)
{
	uint8_t sn[16];

	ip6_solicited_node(sn, a);	/* the prefix is what we compare */
	return memcmp(a, sn, 13) == 0;
}

static enum nd6_err
nd6_nx_parse(const uint8_t *pkt, size_t len, uint8_t type, uint8_t lla_type,
	     struct nd6_nx *nx)
{
	struct ip6_view v;
	enum nd6_err e = nd6_check(pkt, len, type, ND6_NX_LEN, &v);

	if (e != ND6_OK)
		return e;
	nx->src = v.src;
	nx->dst = v.dst;
	nx->flags = v.pl[4];
	nx->target = v.pl + 8;
	nx->lla = nd6_opt_find(v.pl + ND6_NX_LEN, v.pl_len - ND6_NX_LEN,
			       lla_type, &nx->lla_len);
	if (ip6_is_multicast(nx->target) || ip6_is_multicast(v.src))
		return ND6_ERR_ADDR;
	return ND6_OK;
}

enum nd6_err
nd6_ns_parse(const uint8_t *pkt, size_t len, struct nd6_nx *ns)
{
	enum nd6_err e = nd6_nx_parse(pkt, len, ND6_NS, ND6_OPT_SLLA, ns);

	if (e != ND6_OK)
		return e;
	ns->flags = 0;
	/* §7.1.1: duplicate address detection (from ::). */
	if (ip6_is_unspecified(ns->src) &&
	    (!nd6_is_solicited_node(ns->dst) || ns->lla != NULL))
		return ND6_ERR_ADDR;
	return ND6_OK;
}

enum nd6_err
nd6_na_parse(const uint8_t *pkt, size_t len, struct nd6_nx *na)
{
	enum nd6_err e = nd6_nx_parse(pkt, len, ND6_NA, ND6_OPT_TLLA, na);

	if (e != ND6_OK)
		return e;
	/* §7.1.2 */
	if (ip6_is_multicast(na->dst) && (na->flags & ND6_NA_F_SOLICITED))
		return ND6_ERR_ADDR;
	return ND6_OK;
}

/* The common shape: header, type, flags, target, one LLA option. */
static size_t
nd6_nx_build(uint8_t *out, size_t cap, uint8_t type, uint8_t flags,
	     const uint8_t *src, const uint8_t *dst, const uint8_t *target,
	     uint8_t lla_type, const uint8_t *mac)
{
	size_t len = IP6_HDR_LEN + ND6_NX_LEN + 8;
	uint8_t *p = out + IP6_HDR_LEN;

	if (cap < len)
		return 0;
	ip6_hdr_write(out, IP6_NH_ICMP6, ND6_HLIM,
		      (uint16_t)(len - IP6_HDR_LEN), src, dst);
	memset(p, 0, ND6_NX_LEN);
	p[0] = type;
	p[4] = flags;
	memcpy(p + 8, target, 16);
	nd6_opt_lla(p + ND6_NX_LEN, lla_type, mac);
	ip6_cksum_set(out, 2);
	return len;
}

size_t
nd6_ns_build(uint8_t *out, size_t cap, const uint8_t *src,
	     const uint8_t *mac, const uint8_t *target, const uint8_t *dst)
{
	uint8_t sn[16];

	if (dst == NULL) {
		ip6_solicited_node(sn, target);
		dst = sn;
	}
	return nd6_nx_build(out, cap, ND6_NS, 0, src, dst, target,
			    ND6_OPT_SLLA, mac);
}

size_t
nd6_na_build(uint8_t *out, size_t cap, const uint8_t *src,
	     const uint8_t *dst, const uint8_t *target, const uint8_t *mac,
	     uint8_t flags)
{
	return nd6_nx_build(out, cap, ND6_NA, flags, src, dst, target,
			    ND6_OPT_TLLA, mac);
}
