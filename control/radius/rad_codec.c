/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RADIUS packet codec, see rad_codec.h: the builder, the parser, the
 * Request/Response Authenticators, the Message-Authenticator and
 * User-Password hiding. The dictionary (names, value checks) is in
 * rad_dict.c.
 *
 * The two digests never need a modified copy of a packet: the octets are
 * fed to MD5 / HMAC-MD5 in pieces, with the authenticator field and the
 * Message-Authenticator value substituted on the way (RFC 2865 §3,
 * RFC 2866 §3, RFC 3579 §3.2).
 */

#include <errno.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/memops.h>

#include "lns_bytes.h"
#include "rad_codec.h"

#define RAD_ATTR_HDR_LEN	2
#define RAD_MA_LEN		16
#define RAD_VSA_HDR_LEN		6	/* Vendor-Id (4), VType, VLen */
#define RAD_PW_BLOCK		16
#define RAD_PW_MAX		128	/* RFC 2865 §5.2 */
#define RAD_TAG_MAX		0x1f	/* RFC 2868 §3.1 */
#define RAD_U24_MAX		0xffffffU

static const uint8_t rad_zero_auth[RAD_AUTH_LEN];

/* ---- digests ------------------------------------------------------------- */

/*
 * MD5(Code+Identifier+Length + auth + Attributes + secret): the Response
 * Authenticator (auth = the request's), or the Request Authenticator of
 * an Accounting/CoA/Disconnect-Request (auth = 16 zero octets).
 */
static void
rad_md5_auth(uint8_t out[RAD_AUTH_LEN], const uint8_t *raw, size_t len,
	const uint8_t *auth, const uint8_t *secret, size_t secret_len)
{
	struct md5_ctx c;

	md5_init(&c);
	md5_update(&c, 4, raw);
	md5_update(&c, RAD_AUTH_LEN, auth);
	md5_update(&c, len - RAD_HDR_LEN, raw + RAD_HDR_LEN);
	md5_update(&c, secret_len, secret);
	md5_digest(&c, RAD_AUTH_LEN, out);
}

/*
 * HMAC-MD5 keyed with the secret over the packet with auth in the
 * authenticator field and the Message-Authenticator value (at ma_off)
 * zeroed (RFC 3579 §3.2).
 */
static void
rad_hmac_ma(uint8_t out[RAD_MA_LEN], const uint8_t *raw, size_t len,
	const uint8_t *auth, size_t ma_off, const uint8_t *secret,
	size_t secret_len)
{
	struct hmac_md5_ctx c;

	hmac_md5_set_key(&c, secret_len, secret);
	hmac_md5_update(&c, 4, raw);
	hmac_md5_update(&c, RAD_AUTH_LEN, auth);
	hmac_md5_update(&c, ma_off - RAD_HDR_LEN, raw + RAD_HDR_LEN);
	hmac_md5_update(&c, RAD_MA_LEN, rad_zero_auth);
	hmac_md5_update(&c, len - ma_off - RAD_MA_LEN,
		raw + ma_off + RAD_MA_LEN);
	hmac_md5_digest(&c, RAD_MA_LEN, out);
	explicit_bzero(&c, sizeof(c));
}

/*
 * One User-Password block (RFC 2865 §5.2): blk ^= MD5(secret + prev),
 * where prev is the Request Authenticator for the first block and the
 * previous ciphertext block after it.
 */
static void
rad_pw_block(uint8_t *blk, const uint8_t *prev, const uint8_t *secret,
	size_t secret_len)
{
	struct md5_ctx c;
	uint8_t h[RAD_PW_BLOCK];
	unsigned int i;

	md5_init(&c);
	md5_update(&c, secret_len, secret);
	md5_update(&c, RAD_PW_BLOCK, prev);
	md5_digest(&c, RAD_PW_BLOCK, h);
	for (i = 0; i < RAD_PW_BLOCK; i++)
		blk[i] ^= h[i];
	explicit_bzero(h, sizeof(h));
}

static bool
rad_is_response(uint8_t code)
{
	switch (code) {
	case RAD_ACCESS_ACCEPT:
	case RAD_ACCESS_REJECT:
	case RAD_ACCESS_CHALLENGE:
	case RAD_ACCOUNTING_RESPONSE:
	case RAD_DISCONNECT_ACK:
	case RAD_DISCONNECT_NAK:
	case RAD_COA_ACK:
	case RAD_COA_NAK:
		return true;
	default:
		return false;
	}
}

/* Requests whose Request Authenticator is an MD5 over the packet. */
static bool
rad_is_hashed_request(uint8_t code)
{
	return code == RAD_ACCOUNTING_REQUEST ||
	       code == RAD_DISCONNECT_REQUEST || code == RAD_COA_REQUEST;
}

/* ---- building ------------------------------------------------------------ */

static void
rad_fail(struct rad_builder *b, int err)
{
	if (b->err == 0)
		b->err = err;
}

/*
 * Append an attribute header for a value of vlen octets and return where
 * the value goes, or NULL (and the sticky error) when it cannot be added.
 * RFC 2865 §5: values are 1..253 octets ("zero length MUST NOT be sent").
 */
static uint8_t *
rad_reserve(struct rad_builder *b, uint8_t type, size_t vlen)
{
	uint8_t *p;

	if (b->err != 0)
		return NULL;
	if (vlen == 0 || vlen > RAD_ATTR_VALUE_MAX) {
		rad_fail(b, -EINVAL);
		return NULL;
	}
	if (RAD_ATTR_HDR_LEN + vlen > b->cap - b->len) {
		rad_fail(b, -ENOBUFS);
		return NULL;
	}
	p = b->buf + b->len;
	p[0] = type;
	p[1] = (uint8_t)(RAD_ATTR_HDR_LEN + vlen);
	b->len += RAD_ATTR_HDR_LEN + vlen;
	return p + RAD_ATTR_HDR_LEN;
}

void
rad_build_init(struct rad_builder *b, uint8_t *buf, size_t cap, uint8_t code,
	uint8_t id, const uint8_t auth[RAD_AUTH_LEN])
{
	memset(b, 0, sizeof(*b));
	if (buf == NULL) {
		b->err = -EINVAL;
		return;
	}
	b->buf = buf;
	b->cap = cap < RAD_PKT_MAX ? cap : RAD_PKT_MAX;
	if (b->cap < RAD_HDR_LEN) {
		b->err = -ENOBUFS;
		return;
	}
	/* A zero Request Authenticator would make the User-Password
	 * hiding and the response check worthless. */
	if (auth == NULL &&
	    (code == RAD_ACCESS_REQUEST || code == RAD_STATUS_SERVER)) {
		b->err = -EINVAL;
		return;
	}
	buf[0] = code;
	buf[1] = id;
	lns_put_be16(buf + 2, RAD_HDR_LEN);
	memcpy(buf + 4, auth != NULL ? auth : rad_zero_auth, RAD_AUTH_LEN);
	b->len = RAD_HDR_LEN;
}

void
rad_build_set_id(struct rad_builder *b, uint8_t id)
{
	if (b->buf != NULL && b->len >= RAD_HDR_LEN)
		b->buf[1] = id;
}

void
rad_put(struct rad_builder *b, uint8_t type, const void *val, size_t len)
{
	uint8_t *p;

	if (val == NULL && len > 0) {
		rad_fail(b, -EINVAL);
		return;
	}
	p = rad_reserve(b, type, len);
	if (p != NULL)
		memcpy(p, val, len);
}

void
rad_put_str(struct rad_builder *b, uint8_t type, const char *s)
{
	if (s == NULL) {
		rad_fail(b, -EINVAL);
		return;
	}
	rad_put(b, type, s, strlen(s));
}

void
rad_put_u32(struct rad_builder *b, uint8_t type, uint32_t v)
{
	uint8_t *p = rad_reserve(b, type, 4);

	if (p != NULL)
		lns_put_be32(p, v);
}

void
rad_put_ipv4(struct rad_builder *b, uint8_t type, uint32_t addr_be)
{
	uint8_t *p = rad_reserve(b, type, 4);

	if (p != NULL)
		memcpy(p, &addr_be, 4);
}

void
rad_put_tagged_u24(struct rad_builder *b, uint8_t type, uint8_t tag,
	uint32_t v)
{
	uint8_t *p;

	if (tag > RAD_TAG_MAX || v > RAD_U24_MAX) {
		rad_fail(b, -EINVAL);
		return;
	}
	p = rad_reserve(b, type, 4);
	if (p != NULL)
		lns_put_be32(p, (uint32_t)tag << 24 | v);
}

void
rad_put_tagged_str(struct rad_builder *b, uint8_t type, uint8_t tag,
	const char *s)
{
	size_t n;
	uint8_t *p;

	/* The tag octet is always written: a string whose first character
	 * is 0x00..0x1f would otherwise be read as tagged (RFC 2868 §3.3). */
	if (tag > RAD_TAG_MAX || s == NULL || (n = strlen(s)) == 0) {
		rad_fail(b, -EINVAL);
		return;
	}
	p = rad_reserve(b, type, 1 + n);
	if (p != NULL) {
		p[0] = tag;
		memcpy(p + 1, s, n);
	}
}

void
rad_put_vsa(struct rad_builder *b, uint32_t vendor, uint8_t vtype,
	const void *val, size_t len)
{
	uint8_t *p;

	if ((val == NULL && len > 0) || len == 0 ||
	    len > RAD_ATTR_VALUE_MAX - RAD_VSA_HDR_LEN) {
		rad_fail(b, -EINVAL);
		return;
	}
	p = rad_reserve(b, RAD_A_VENDOR_SPECIFIC, RAD_VSA_HDR_LEN + len);
	if (p == NULL)
		return;
	lns_put_be32(p, vendor);
	p[4] = vtype;
	p[5] = (uint8_t)(RAD_ATTR_HDR_LEN + len);
	memcpy(p + RAD_VSA_HDR_LEN, val, len);
}

void
rad_put_u64(struct rad_builder *b, uint8_t type, uint8_t gigawords_type,
	uint64_t v)
{
	rad_put_u32(b, type, (uint32_t)v);
	/* RFC 2869 §5.1: how many times the counter wrapped; absent for 0. */
	if (v >> 32 != 0)
		rad_put_u32(b, gigawords_type, (uint32_t)(v >> 32));
}

void
rad_put_user_password(struct rad_builder *b, const uint8_t *pw, size_t len,
	const uint8_t *secret, size_t secret_len)
{
	size_t padded, i;
	uint8_t *p;

	/* Only an Access-Request has its Request Authenticator at init:
	 * the others compute theirs over the attributes at finish. */
	if ((pw == NULL && len > 0) || len > RAD_PW_MAX ||
	    (secret == NULL && secret_len > 0) ||
	    (b->len >= RAD_HDR_LEN && b->buf[0] != RAD_ACCESS_REQUEST)) {
		rad_fail(b, -EINVAL);
		return;
	}
	padded = len == 0 ? RAD_PW_BLOCK :
		(len + RAD_PW_BLOCK - 1) / RAD_PW_BLOCK * RAD_PW_BLOCK;
	p = rad_reserve(b, RAD_A_USER_PASSWORD, padded);
	if (p == NULL)
		return;
	if (len > 0)
		memcpy(p, pw, len);
	memset(p + len, 0, padded - len);
	for (i = 0; i < padded; i += RAD_PW_BLOCK)
		rad_pw_block(p + i, i == 0 ? b->buf + 4 : p + i - RAD_PW_BLOCK,
			secret, secret_len);
}

void
rad_put_message_authenticator(struct rad_builder *b)
{
	uint8_t *p;

	if (b->ma_off != 0) {
		rad_fail(b, -EINVAL);
		return;
	}
	p = rad_reserve(b, RAD_A_MESSAGE_AUTHENTICATOR, RAD_MA_LEN);
	if (p == NULL)
		return;
	memset(p, 0, RAD_MA_LEN);
	b->ma_off = (size_t)(p - b->buf);
}

/* Fill the reserved Message-Authenticator, if any, with auth in the
 * authenticator field. */
static void
rad_sign_ma(struct rad_builder *b, const uint8_t *auth, const uint8_t *secret,
	size_t secret_len)
{
	uint8_t ma[RAD_MA_LEN];

	if (b->ma_off == 0)
		return;
	rad_hmac_ma(ma, b->buf, b->len, auth, b->ma_off, secret, secret_len);
	memcpy(b->buf + b->ma_off, ma, RAD_MA_LEN);
}

int
rad_finish_request(struct rad_builder *b, const uint8_t *secret,
	size_t secret_len)
{
	uint8_t code, auth[RAD_AUTH_LEN];

	if (secret == NULL && secret_len > 0)
		rad_fail(b, -EINVAL);
	if (b->err != 0)
		return b->err;
	code = b->buf[0];
	lns_put_be16(b->buf + 2, (uint16_t)b->len);
	if (code == RAD_ACCESS_REQUEST || code == RAD_STATUS_SERVER) {
		/* RFC 5997 §3: a Status-Server MUST carry one. */
		if (code == RAD_STATUS_SERVER && b->ma_off == 0) {
			rad_fail(b, -EINVAL);
			return b->err;
		}
		rad_sign_ma(b, b->buf + 4, secret, secret_len);
	} else if (rad_is_hashed_request(code)) {
		rad_sign_ma(b, rad_zero_auth, secret, secret_len);
		rad_md5_auth(auth, b->buf, b->len, rad_zero_auth, secret,
			secret_len);
		memcpy(b->buf + 4, auth, RAD_AUTH_LEN);
	} else {
		rad_fail(b, -EINVAL);
		return b->err;
	}
	return (int)b->len;
}

int
rad_finish_response(struct rad_builder *b, const uint8_t req_auth[RAD_AUTH_LEN],
	const uint8_t *secret, size_t secret_len)
{
	uint8_t auth[RAD_AUTH_LEN];

	if (req_auth == NULL || (secret == NULL && secret_len > 0))
		rad_fail(b, -EINVAL);
	if (b->err != 0)
		return b->err;
	if (!rad_is_response(b->buf[0])) {
		rad_fail(b, -EINVAL);
		return b->err;
	}
	lns_put_be16(b->buf + 2, (uint16_t)b->len);
	rad_sign_ma(b, req_auth, secret, secret_len);
	rad_md5_auth(auth, b->buf, b->len, req_auth, secret, secret_len);
	memcpy(b->buf + 4, auth, RAD_AUTH_LEN);
	return (int)b->len;
}

/* ---- parsing ------------------------------------------------------------- */

int
rad_parse(struct rad_pkt *p, const uint8_t *buf, size_t n)
{
	size_t len, off, alen;
	bool has_ma = false;

	memset(p, 0, sizeof(*p));
	if (buf == NULL || n < RAD_HDR_LEN)
		return -EBADMSG;
	len = lns_get_be16(buf + 2);
	if (len < RAD_HDR_LEN || len > n || len > RAD_PKT_MAX)
		return -EBADMSG;
	for (off = RAD_HDR_LEN; off < len; off += alen) {
		if (len - off < RAD_ATTR_HDR_LEN)
			return -EBADMSG;
		alen = buf[off + 1];
		if (alen < RAD_ATTR_HDR_LEN || alen > len - off)
			return -EBADMSG;
		if (buf[off] == RAD_A_MESSAGE_AUTHENTICATOR) {
			if (has_ma || alen != RAD_ATTR_HDR_LEN + RAD_MA_LEN)
				return -EBADMSG;
			has_ma = true;
		}
	}
	p->raw = buf;
	p->len = (uint16_t)len;
	p->code = buf[0];
	p->id = buf[1];
	p->auth = buf + 4;
	p->attrs = buf + RAD_HDR_LEN;
	p->attrs_len = len - RAD_HDR_LEN;
	p->has_ma = has_ma;
	return 0;
}

void
rad_attr_iter_init(struct rad_attr_iter *it, const struct rad_pkt *p)
{
	it->pos = p->attrs;
	it->end = p->attrs + p->attrs_len;
}

int
rad_attr_next(struct rad_attr_iter *it, uint8_t *type, const uint8_t **val,
	size_t *len)
{
	size_t left = (size_t)(it->end - it->pos), alen;

	/* rad_parse() checked the framing; stay inside it regardless. */
	if (left < RAD_ATTR_HDR_LEN)
		return 0;
	alen = it->pos[1];
	if (alen < RAD_ATTR_HDR_LEN || alen > left) {
		it->pos = it->end;
		return 0;
	}
	*type = it->pos[0];
	*val = it->pos + RAD_ATTR_HDR_LEN;
	*len = alen - RAD_ATTR_HDR_LEN;
	it->pos += alen;
	return 1;
}

int
rad_vsa_parse(const uint8_t *val, size_t len, uint32_t *vendor,
	uint8_t *vtype, const uint8_t **vval, size_t *vlen)
{
	size_t sublen;

	if (val == NULL || len < RAD_VSA_HDR_LEN)
		return -EBADMSG;
	sublen = val[5];
	if (sublen < RAD_ATTR_HDR_LEN || sublen > len - 4)
		return -EBADMSG;
	*vendor = lns_get_be32(val);
	*vtype = val[4];
	*vval = val + RAD_VSA_HDR_LEN;
	*vlen = sublen - RAD_ATTR_HDR_LEN;
	return 0;
}

int
rad_attr_find(const struct rad_pkt *p, uint8_t type, const uint8_t **val,
	size_t *len)
{
	struct rad_attr_iter it;
	uint8_t t;

	rad_attr_iter_init(&it, p);
	while (rad_attr_next(&it, &t, val, len))
		if (t == type)
			return 0;
	return -ENOENT;
}

/*
 * Check the Message-Authenticator of p against the packet with auth in
 * its authenticator field: 0, -EPERM (wrong) or -ENOMSG (absent and
 * required).
 */
static int
rad_check_ma(const struct rad_pkt *p, const uint8_t *auth,
	const uint8_t *secret, size_t secret_len, bool require_ma)
{
	uint8_t ma[RAD_MA_LEN];
	const uint8_t *val;
	size_t len;

	if (rad_attr_find(p, RAD_A_MESSAGE_AUTHENTICATOR, &val, &len) != 0)
		return require_ma ? -ENOMSG : 0;
	if (len != RAD_MA_LEN)	/* rad_parse() refuses it; a caller's pkt */
		return -EPERM;
	rad_hmac_ma(ma, p->raw, p->len, auth, (size_t)(val - p->raw), secret,
		secret_len);
	return memeql_sec(ma, val, RAD_MA_LEN) ? 0 : -EPERM;
}

/*
 * The authenticator field is MD5 over the packet with base in its place
 * (-EACCES if not), then the Message-Authenticator with the same base.
 * The authenticator covers the Message-Authenticator: it goes first.
 */
static int
rad_check_auths(const struct rad_pkt *p, const uint8_t *base,
	const uint8_t *secret, size_t secret_len, bool require_ma)
{
	uint8_t auth[RAD_AUTH_LEN];

	rad_md5_auth(auth, p->raw, p->len, base, secret, secret_len);
	if (!memeql_sec(auth, p->auth, RAD_AUTH_LEN))
		return -EACCES;
	return rad_check_ma(p, base, secret, secret_len, require_ma);
}

int
rad_verify_response(const struct rad_pkt *p,
	const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *secret,
	size_t secret_len, bool require_ma)
{
	if (p == NULL || p->raw == NULL || req_auth == NULL ||
	    (secret == NULL && secret_len > 0))
		return -EINVAL;
	return rad_check_auths(p, req_auth, secret, secret_len, require_ma);
}

int
rad_verify_request(const struct rad_pkt *p, const uint8_t *secret,
	size_t secret_len, bool require_ma)
{
	if (p == NULL || p->raw == NULL || (secret == NULL && secret_len > 0))
		return -EINVAL;
	if (p->code == RAD_ACCESS_REQUEST || p->code == RAD_STATUS_SERVER)
		/* Random Request Authenticator: only the MA can be checked. */
		return rad_check_ma(p, p->auth, secret, secret_len,
			require_ma);
	if (!rad_is_hashed_request(p->code))
		return -EINVAL;
	return rad_check_auths(p, rad_zero_auth, secret, secret_len,
		require_ma);
}

/* ---- values -------------------------------------------------------------- */

int
rad_val_u32(const uint8_t *val, size_t len, uint32_t *v)
{
	if (val == NULL || len != 4)
		return -EBADMSG;
	*v = lns_get_be32(val);
	return 0;
}

int
rad_user_password_decode(const uint8_t *val, size_t len,
	const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *secret,
	size_t secret_len, uint8_t *out, size_t cap)
{
	uint8_t pw[RAD_PW_MAX];
	size_t i, n;

	if (val == NULL || req_auth == NULL || len < RAD_PW_BLOCK ||
	    len > RAD_PW_MAX || len % RAD_PW_BLOCK != 0 ||
	    (secret == NULL && secret_len > 0))
		return -EBADMSG;
	memcpy(pw, val, len);
	/* Each block is chained on the previous ciphertext, still in val. */
	for (i = 0; i < len; i += RAD_PW_BLOCK)
		rad_pw_block(pw + i, i == 0 ? req_auth : val + i - RAD_PW_BLOCK,
			secret, secret_len);
	for (n = len; n > 0 && pw[n - 1] == 0; n--)
		;
	if (n > cap || (out == NULL && n > 0)) {
		explicit_bzero(pw, sizeof(pw));
		return -ENOBUFS;
	}
	if (n > 0)
		memcpy(out, pw, n);
	explicit_bzero(pw, sizeof(pw));
	return (int)n;
}
