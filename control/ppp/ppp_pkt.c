/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP control packet and option codec (RFC 1661 §5, §6), shared by the
 * automaton and the protocols.
 */

#include <errno.h>
#include <string.h>

#include "ppp_pkt.h"

void
ppp_opt_iter_init(struct ppp_opt_iter *it, const uint8_t *opts, size_t len)
{
	it->p = opts;
	it->left = len;
}

int
ppp_opt_next(struct ppp_opt_iter *it, uint8_t *type, const uint8_t **val,
	uint8_t *vlen)
{
	uint8_t olen;

	if (it->left == 0)
		return 0;
	if (it->left < PPP_OPT_HDR_LEN)
		return -EINVAL;
	olen = it->p[1];
	/* §6: Length counts Type and Length; it can be neither < 2 nor
	 * point past the packet. */
	if (olen < PPP_OPT_HDR_LEN || olen > it->left)
		return -EINVAL;
	*type = it->p[0];
	*val = it->p + PPP_OPT_HDR_LEN;
	*vlen = olen - PPP_OPT_HDR_LEN;
	it->p += olen;
	it->left -= olen;
	return 1;
}

int
ppp_opts_valid(const uint8_t *opts, size_t len)
{
	struct ppp_opt_iter it;
	const uint8_t *val;
	uint8_t type, vlen;
	int rc;

	ppp_opt_iter_init(&it, opts, len);
	while ((rc = ppp_opt_next(&it, &type, &val, &vlen)) > 0)
		;
	return rc;
}

int
ppp_opt_put(uint8_t *buf, size_t cap, size_t *off, uint8_t type,
	const void *val, uint8_t vlen)
{
	if (vlen > 255 - PPP_OPT_HDR_LEN ||
	    *off + PPP_OPT_HDR_LEN + vlen > cap)
		return -ENOSPC;
	buf[*off] = type;
	buf[*off + 1] = PPP_OPT_HDR_LEN + vlen;
	if (vlen > 0)
		memcpy(buf + *off + PPP_OPT_HDR_LEN, val, vlen);
	*off += PPP_OPT_HDR_LEN + vlen;
	return 0;
}

int
ppp_pkt_build(uint8_t *buf, size_t cap, uint8_t code, uint8_t id,
	const void *data, size_t len)
{
	size_t total = PPP_HDR_LEN + len;

	if (total > cap || total > 0xffff)
		return -ENOSPC;
	buf[0] = code;
	buf[1] = id;
	buf[2] = total >> 8;
	buf[3] = total & 0xff;
	if (len > 0)
		memmove(buf + PPP_HDR_LEN, data, len);
	return (int)total;
}

int
ppp_pkt_parse(const uint8_t *pkt, size_t len, uint8_t *code, uint8_t *id,
	const uint8_t **data, size_t *dlen)
{
	size_t plen;

	if (len < PPP_HDR_LEN)
		return -EINVAL;
	plen = (size_t)pkt[2] << 8 | pkt[3];
	/* §5: Length below 4 or beyond the received octets: discard. */
	if (plen < PPP_HDR_LEN || plen > len)
		return -EINVAL;
	*code = pkt[0];
	*id = pkt[1];
	*data = pkt + PPP_HDR_LEN;
	*dlen = plen - PPP_HDR_LEN;
	return 0;
}
