/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "lns_bytes.h"
#include "dhcp6_priv.h"

/* RFC 8415 §21.13: a UTF-8 message for the operator on the other end. */
static const char *const dhcp6_status_msg[] = {
	[DHCP6_ST_SUCCESS] = "success",
	[DHCP6_ST_UNSPEC_FAIL] = "failure",
	[DHCP6_ST_NO_ADDRS_AVAIL] = "no addresses available",
	[DHCP6_ST_NO_BINDING] = "no binding",
	[DHCP6_ST_NOT_ON_LINK] = "not on link",
	[DHCP6_ST_USE_MULTICAST] = "use multicast",
	[DHCP6_ST_NO_PREFIX_AVAIL] = "no prefix available",
};

static uint8_t *
dhcp6_w_room(struct dhcp6_w *w, size_t n)
{
	uint8_t *p;

	if (w->err || n > w->cap - w->len) {
		w->err = true;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

void
dhcp6_w_init(struct dhcp6_w *w, uint8_t *buf, size_t cap, uint8_t type,
	     uint32_t xid)
{
	uint8_t *p;

	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->err = false;
	p = dhcp6_w_room(w, DHCP6_HDR_LEN);
	if (p != NULL)
		lns_put_be32(p, ((uint32_t)type << 24) | (xid & 0xffffff));
}

size_t
dhcp6_w_open(struct dhcp6_w *w, uint16_t code)
{
	uint8_t *p = dhcp6_w_room(w, 4);

	if (p != NULL)
		lns_put_be16(p, code);
	return w->len;
}

void
dhcp6_w_close(struct dhcp6_w *w, size_t at)
{
	size_t vlen = w->len - at;

	if (w->err || vlen > UINT16_MAX) {
		w->err = true;
		return;
	}
	lns_put_be16(w->buf + at - 2, (uint16_t)vlen);
}

void
dhcp6_w_opt(struct dhcp6_w *w, uint16_t code, const void *v, size_t vlen)
{
	size_t at = dhcp6_w_open(w, code);
	uint8_t *p = dhcp6_w_room(w, vlen);

	if (p != NULL && vlen != 0)
		memcpy(p, v, vlen);
	dhcp6_w_close(w, at);
}

void
dhcp6_w_u32(struct dhcp6_w *w, uint32_t v)
{
	uint8_t *p = dhcp6_w_room(w, 4);

	if (p != NULL)
		lns_put_be32(p, v);
}

void
dhcp6_w_status(struct dhcp6_w *w, enum dhcp6_status st)
{
	const char *msg = dhcp6_status_msg[st];
	size_t at = dhcp6_w_open(w, DHCP6_OPT_STATUS_CODE);
	uint8_t *p = dhcp6_w_room(w, 2 + strlen(msg));

	if (p != NULL) {
		lns_put_be16(p, (uint16_t)st);
		memcpy(p + 2, msg, strlen(msg));
	}
	dhcp6_w_close(w, at);
}

void
dhcp6_w_iaaddr(struct dhcp6_w *w, const uint8_t *addr, uint8_t plen,
	       bool prefix, uint32_t preferred, uint32_t valid)
{
	size_t at = dhcp6_w_open(w, prefix ? DHCP6_OPT_IAPREFIX :
					     DHCP6_OPT_IAADDR);
	uint8_t *p;

	if (prefix) {
		dhcp6_w_u32(w, preferred);
		dhcp6_w_u32(w, valid);
		p = dhcp6_w_room(w, 17);
		if (p != NULL) {
			p[0] = plen;
			memcpy(p + 1, addr, 16);
		}
	} else {
		p = dhcp6_w_room(w, 16);
		if (p != NULL)
			memcpy(p, addr, 16);
		dhcp6_w_u32(w, preferred);
		dhcp6_w_u32(w, valid);
	}
	dhcp6_w_close(w, at);
}
