/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "nd6_priv.h"

static const char *const nd6_err_names[ND6__ERR_MAX] = {
	[ND6_OK] = "ok",
	[ND6_ERR_IP] = "bad_ipv6",
	[ND6_ERR_NEXT] = "not_icmpv6",
	[ND6_ERR_HLIM] = "hop_limit",
	[ND6_ERR_TYPE] = "type",
	[ND6_ERR_CODE] = "code",
	[ND6_ERR_SHORT] = "short",
	[ND6_ERR_CKSUM] = "checksum",
	[ND6_ERR_OPT] = "option_length",
	[ND6_ERR_ADDR] = "address",
};

const char *
nd6_err_name(enum nd6_err e)
{
	return (unsigned int)e < ND6__ERR_MAX ? nd6_err_names[e] : "unknown";
}

enum nd6_err
nd6_check(const uint8_t *pkt, size_t len, uint8_t type, size_t min,
	  struct ip6_view *v)
{
	size_t off, olen;

	if (ip6_parse(pkt, len, v) != IP6_OK)
		return ND6_ERR_IP;
	if (v->next != IP6_NH_ICMP6)
		return ND6_ERR_NEXT;
	if (v->hlim != ND6_HLIM)
		return ND6_ERR_HLIM;
	if (v->pl_len < 4)
		return ND6_ERR_SHORT;
	if (v->pl[0] != type)
		return ND6_ERR_TYPE;
	if (v->pl[1] != 0)
		return ND6_ERR_CODE;
	if (v->pl_len < min)
		return ND6_ERR_SHORT;
	if (!ip6_cksum_ok(pkt))
		return ND6_ERR_CKSUM;
	for (off = min; off < v->pl_len; off += olen) {
		if (v->pl_len - off < 2)
			return ND6_ERR_OPT;
		olen = (size_t)v->pl[off + 1] * 8;
		if (olen == 0 || olen > v->pl_len - off)
			return ND6_ERR_OPT;
	}
	return ND6_OK;
}

const uint8_t *
nd6_opt_find(const uint8_t *opts, size_t len, uint8_t type, size_t *vlen)
{
	size_t off, olen;

	for (off = 0; off + 2 <= len; off += olen) {
		olen = (size_t)opts[off + 1] * 8;
		if (olen == 0 || olen > len - off)
			return NULL;
		if (opts[off] == type) {
			*vlen = olen - 2;
			return opts + off + 2;
		}
	}
	return NULL;
}

uint8_t *
nd6_opt_lla(uint8_t *p, uint8_t type, const uint8_t *mac)
{
	p[0] = type;
	p[1] = 1;
	memcpy(p + 2, mac, 6);
	return p + 8;
}
