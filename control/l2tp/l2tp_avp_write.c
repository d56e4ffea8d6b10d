/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 control message writer (RFC 2661 §3.1, §4.1, §4.3).
 *
 * Invariant: w->len <= w->cap. Every append reserves its whole size first,
 * so an overflow sets w->error and writes nothing.
 */

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "lns_bytes.h"

void
l2tp_writer_init(struct l2tp_writer *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = buf != NULL ? cap : 0;
	if (buf == NULL)
		w->error = -EINVAL;
}

void
l2tp_writer_set_secret(struct l2tp_writer *w, const uint8_t *secret,
    size_t secret_len)
{
	w->secret = secret;
	w->secret_len = secret != NULL ? secret_len : 0;
}

void
l2tp_writer_set_hide_pad(struct l2tp_writer *w, uint16_t pad_max)
{
	w->hide_pad_max = pad_max;
}

static int
wr_fail(struct l2tp_writer *w, int err)
{
	if (w->error == 0)
		w->error = err;
	return w->error;
}

/* Reserve n octets at the end of the buffer, or fail with -ENOBUFS. */
static uint8_t *
wr_reserve(struct l2tp_writer *w, size_t n)
{
	uint8_t *p;

	if (w->error != 0)
		return NULL;
	if (n > w->cap - w->len) {
		wr_fail(w, -ENOBUFS);
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

int
l2tp_random(void *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = getrandom(buf, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf = (uint8_t *)buf + n;
		len -= (size_t)n;
	}
	return 0;
}

/* §4.3: random padding length in [0, pad_max]. */
static int
wr_pad_len(struct l2tp_writer *w, size_t *pad)
{
	uint16_t r;
	int rc;

	*pad = 0;
	if (w->hide_pad_max == 0)
		return 0;
	rc = l2tp_random(&r, sizeof(r));
	if (rc < 0)
		return rc;
	*pad = r % ((size_t)w->hide_pad_max + 1);
	return 0;
}

int
l2tp_avp_add_raw(struct l2tp_writer *w, uint16_t flags, uint16_t vendor,
    uint16_t type, const void *val, size_t len)
{
	size_t vlen, pad = 0;
	uint8_t *p;
	int rc;

	if (w->error != 0)
		return w->error;
	if ((flags & ~(L2TP_AVP_M | L2TP_AVP_H)) != 0 ||
	    (val == NULL && len > 0))
		return wr_fail(w, -EINVAL);
	vlen = len;
	if (flags & L2TP_AVP_H) {
		if (w->secret == NULL || w->secret_len == 0 || w->rv_len == 0)
			return wr_fail(w, -ENOKEY);
		rc = wr_pad_len(w, &pad);
		if (rc < 0)
			return wr_fail(w, rc);
		/* Subformat: original length (2), value, padding. */
		vlen = 2 + len + pad;
		if (vlen > L2TP_AVP_MAX_VALUE && 2 + len <= L2TP_AVP_MAX_VALUE)
			vlen = L2TP_AVP_MAX_VALUE;	/* trim the padding */
		pad = vlen - 2 - len;
	}
	if (vlen > L2TP_AVP_MAX_VALUE)
		return wr_fail(w, -EMSGSIZE);
	p = wr_reserve(w, L2TP_AVP_HDR_LEN + vlen);
	if (p == NULL)
		return w->error;

	lns_put_be16(p, (uint16_t)(flags | (L2TP_AVP_HDR_LEN + vlen)));
	lns_put_be16(p + 2, vendor);
	lns_put_be16(p + 4, type);
	p += L2TP_AVP_HDR_LEN;
	if (!(flags & L2TP_AVP_H)) {
		if (len > 0)
			memcpy(p, val, len);
		return 0;
	}
	lns_put_be16(p, (uint16_t)len);
	if (len > 0)
		memcpy(p + 2, val, len);
	if (pad > 0) {
		rc = l2tp_random(p + 2 + len, pad);
		if (rc < 0) {
			w->len -= L2TP_AVP_HDR_LEN + vlen;
			return wr_fail(w, rc);
		}
	}
	l2tp_hide(type, w->secret, w->secret_len, w->buf + w->rv_off,
	    w->rv_len, p, p, vlen);
	return 0;
}

int
l2tp_avp_add_bytes(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    const void *val, size_t len)
{
	return l2tp_avp_add_raw(w, flags, L2TP_VENDOR_IETF, type, val, len);
}

int
l2tp_avp_add_str(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    const char *s)
{
	if (s == NULL)
		return wr_fail(w, -EINVAL);
	return l2tp_avp_add_bytes(w, type, flags, s, strlen(s));
}

int
l2tp_avp_add_u16(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint16_t v)
{
	uint8_t b[2];

	lns_put_be16(b, v);
	return l2tp_avp_add_bytes(w, type, flags, b, sizeof(b));
}

int
l2tp_avp_add_u32(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint32_t v)
{
	uint8_t b[4];

	lns_put_be32(b, v);
	return l2tp_avp_add_bytes(w, type, flags, b, sizeof(b));
}

int
l2tp_avp_add_u64(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint64_t v)
{
	uint8_t b[8];

	lns_put_be32(b, (uint32_t)(v >> 32));
	lns_put_be32(b + 4, (uint32_t)v);
	return l2tp_avp_add_bytes(w, type, flags, b, sizeof(b));
}

int
l2tp_avp_add_result(struct l2tp_writer *w, uint16_t flags, uint16_t result,
    int error_code, const char *msg)
{
	uint8_t b[L2TP_AVP_MAX_VALUE];
	size_t n = 2, mlen;

	if (w->error != 0)
		return w->error;
	/* §4.4.2: the message is only present after an error code. */
	if (error_code > UINT16_MAX || (msg != NULL && error_code < 0))
		return wr_fail(w, -EINVAL);
	lns_put_be16(b, result);
	if (error_code >= 0) {
		lns_put_be16(b + 2, (uint16_t)error_code);
		n = 4;
	}
	if (msg != NULL) {
		mlen = strlen(msg);
		if (mlen > sizeof(b) - n)
			return wr_fail(w, -EMSGSIZE);
		memcpy(b + n, msg, mlen);
		n += mlen;
	}
	return l2tp_avp_add_bytes(w, L2TP_AVP_RESULT_CODE, flags, b, n);
}

int
l2tp_avp_add_random_vector(struct l2tp_writer *w, const uint8_t *rv,
    size_t len)
{
	int rc;

	if (w->error != 0)
		return w->error;
	if (rv == NULL || len == 0)
		return wr_fail(w, -EINVAL);
	/* §4.3: mandatory, never hidden, precedes the AVPs it hides. */
	rc = l2tp_avp_add_bytes(w, L2TP_AVP_RANDOM_VECTOR, L2TP_AVP_M, rv,
	    len);
	if (rc < 0)
		return rc;
	w->rv_off = w->len - len;
	w->rv_len = (uint16_t)len;
	return 0;
}

int
l2tp_ctrl_begin(struct l2tp_writer *w, uint16_t tunnel_id,
    uint16_t session_id, uint16_t ns, uint16_t nr, uint16_t msg_type)
{
	struct l2tp_hdr h = {
		.flags = LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S,
		.tunnel_id = tunnel_id,
		.session_id = session_id,
		.ns = ns,
		.nr = nr,
	};
	int rc;

	if (w->error != 0)
		return w->error;
	rc = l2tp_hdr_encode(&h, w->buf + w->len, w->cap - w->len);
	if (rc < 0)
		return wr_fail(w, rc);
	w->msg_start = w->len;
	w->len += (size_t)rc;
	/* A Random Vector only covers the message it is in. */
	w->rv_len = 0;
	if (msg_type != L2TP_MSG_ZLB)
		l2tp_avp_add_u16(w, L2TP_AVP_MESSAGE_TYPE, L2TP_AVP_M,
		    msg_type);
	return w->error;
}

int
l2tp_ctrl_finish(struct l2tp_writer *w)
{
	size_t n;
	int rc;

	if (w->error != 0)
		return w->error;
	n = w->len - w->msg_start;
	if (n < LNS_L2TP_CTRL_HDR_LEN)
		return wr_fail(w, -EINVAL);
	if (n > UINT16_MAX)
		return wr_fail(w, -EMSGSIZE);
	rc = l2tp_hdr_set_length(w->buf + w->msg_start, n, (uint16_t)n);
	if (rc < 0)
		return wr_fail(w, rc);
	return (int)n;
}
