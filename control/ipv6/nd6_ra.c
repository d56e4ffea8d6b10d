/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Router Solicitation in, Router Advertisement out (RFC 4861 §4.1,
 * §4.2, §6.1.1, §6.2.3; RFC 8106 §5.1; RFC 4191 §2.2).
 */
#include <string.h>

#include "lns_bytes.h"
#include "nd6_priv.h"

#define ND6_RS_LEN	8	/* type, code, checksum, reserved */
#define ND6_RA_LEN	16
#define ND6_MTU_OPT	8
#define ND6_PI_OPT	32
#define ND6_RA_F_M	0x80
#define ND6_RA_F_O	0x40
#define ND6_PI_F_L	0x80
#define ND6_PI_F_A	0x40

enum nd6_err
nd6_rs_parse(const uint8_t *pkt, size_t len, struct nd6_rs *rs)
{
	struct ip6_view v;
	enum nd6_err e = nd6_check(pkt, len, ND6_RS, ND6_RS_LEN, &v);

	if (e != ND6_OK)
		return e;
	rs->src = v.src;
	rs->slla = nd6_opt_find(v.pl + ND6_RS_LEN, v.pl_len - ND6_RS_LEN,
				ND6_OPT_SLLA, &rs->slla_len);
	/* §6.1.1: from the unspecified address, no SLLA option. */
	if (ip6_is_unspecified(v.src) && rs->slla != NULL)
		return ND6_ERR_ADDR;
	if (ip6_is_multicast(v.src))
		return ND6_ERR_ADDR;
	return ND6_OK;
}

static size_t
nd6_ra_len(const struct nd6_ra_conf *c, const struct nd6_ra_sess *s)
{
	return IP6_HDR_LEN + ND6_RA_LEN + (c->mtu != 0 ? ND6_MTU_OPT : 0) +
	       (s->prefix != NULL ? ND6_PI_OPT : 0) +
	       (c->nb_dns != 0 ? 8 + 16 * c->nb_dns : 0);
}

size_t
nd6_ra_build(uint8_t *out, size_t cap, const struct nd6_ra_conf *c,
	     const struct nd6_ra_sess *s)
{
	size_t len = nd6_ra_len(c, s);
	uint8_t src[16], *p = out + IP6_HDR_LEN;
	unsigned int i;

	if (len > cap || c->nb_dns > ND6_MAX_DNS ||
	    c->prefix_preferred > c->prefix_valid)
		return 0;
	memset(p, 0, len - IP6_HDR_LEN);
	ip6_link_local(src, s->ifid);
	ip6_hdr_write(out, IP6_NH_ICMP6, ND6_HLIM,
		      (uint16_t)(len - IP6_HDR_LEN), src,
		      s->dst != NULL ? s->dst : ip6_all_nodes);
	p[0] = ND6_RA;
	p[4] = c->cur_hop_limit;
	/* Router preference (RFC 4191) 00: medium, the only one we use. */
	p[5] = (uint8_t)((c->managed ? ND6_RA_F_M : 0) |
			 (c->other ? ND6_RA_F_O : 0));
	lns_put_be16(p + 6, c->router_lifetime);
	lns_put_be32(p + 8, c->reachable_ms);
	lns_put_be32(p + 12, c->retrans_ms);
	p += ND6_RA_LEN;
	if (c->mtu != 0) {
		p[0] = ND6_OPT_MTU;
		p[1] = 1;
		lns_put_be32(p + 4, c->mtu);
		p += ND6_MTU_OPT;
	}
	if (s->prefix != NULL) {
		p[0] = ND6_OPT_PI;
		p[1] = 4;
		p[2] = 64;
		p[3] = ND6_PI_F_L | ND6_PI_F_A;
		lns_put_be32(p + 4, c->prefix_valid);
		lns_put_be32(p + 8, c->prefix_preferred);
		ip6_prefix_mask(p + 16, s->prefix, 64);
		p += ND6_PI_OPT;
	}
	if (c->nb_dns != 0) {
		p[0] = ND6_OPT_RDNSS;
		p[1] = (uint8_t)(1 + 2 * c->nb_dns);
		lns_put_be32(p + 4, c->dns_lifetime);
		for (i = 0; i < c->nb_dns; i++)
			memcpy(p + 8 + 16 * i, c->dns[i], 16);
	}
	ip6_cksum_set(out, 2);
	return len;
}
