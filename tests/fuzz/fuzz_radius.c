/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the RADIUS packet codec (control/radius/rad_codec.c,
 * rad_dict.c) on one received packet: rad_parse(), attribute iteration,
 * rad_attr_find(), rad_vsa_parse(), rad_attr_check(), rad_val_u32(),
 * User-Password revealing and hiding, rad_verify_response() and
 * rad_verify_request() with a fixed secret, and a builder round trip of
 * whatever parsed (each attribute with the put function its value suits:
 * integers, tagged integers and strings, VSAs, strings, raw octets), with
 * a change of identifier and back.
 *
 * Input:  ctl (1) | request authenticator (16) | packet
 *
 * The request authenticator is the one of "our" request, which a
 * response is checked against. ctl bits:
 *   bit 0 FZ_REQUIRE_MA  require a Message-Authenticator;
 *   bit 1 FZ_SECRET_FR   secret "lns-codec-secret" (else "xyzzy5461"),
 *                        those of the seeds (tests/unit/rad_test_vectors.h);
 *   bit 2 FZ_FIX_MA      fix-up: the harness fills in the right
 *                        Message-Authenticator, if there is one;
 *   bit 3 FZ_FIX_AUTH    fix-up: the harness fills in the right Request
 *                        Authenticator (Accounting/CoA/Disconnect-Request)
 *                        or Response Authenticator (other codes but
 *                        Access-Request and Status-Server).
 * The fix-ups are the harness's own MD5 / HMAC-MD5 over a copy of the
 * packet (RFC 2865 §3, RFC 2866 §3, RFC 3579 §3.2), so that the fuzzer
 * reaches what lies behind the digests, and so that the codec is checked
 * against an implementation that is not its own.
 *
 * Invariants: rad_parse() accepts exactly what the harness's own framing
 * check accepts, and its fields describe the packet; the iteration covers
 * the attributes exactly, once each, rad_attr_find() finds the first;
 * every return value is one the header documents; a VSA's sub-attribute
 * lies inside its value; a revealed password is no longer than its value
 * and hides and reveals back to itself; a packet signed by the harness
 * verifies (and no longer does once any octet but the code is flipped);
 * the builder rebuilds a parsed packet into a buffer of exactly its
 * length, to the same octets when the packet verified, and what it
 * builds verifies.
 *
 * Built with -DFUZZ_DUMP_SEEDS this file is instead a program writing the
 * seeds (scripts/fuzz-seeds.sh) from the reference packets of the unit
 * tests.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "fuzz_common.h"
#include "lns_bytes.h"
#include "rad_codec.h"
#include "../unit/rad_test_vectors.h"

#define FZ_REQUIRE_MA	0x01
#define FZ_SECRET_FR	0x02
#define FZ_FIX_MA	0x04
#define FZ_FIX_AUTH	0x08
#define FZ_HDR		(1 + RAD_AUTH_LEN)

#define MA_LEN		16

#ifndef FUZZ_DUMP_SEEDS

/* How a packet's authenticators are computed, by its code. */
enum fz_kind {
	FZ_ACCESS,	/* Access-Request, Status-Server: random auth. */
	FZ_HASHED,	/* Accounting/Disconnect/CoA-Request: MD5, zero base */
	FZ_RESPONSE,	/* the rest, checked as a response to our request */
};

static enum fz_kind
fz_kind(uint8_t code)
{
	switch (code) {
	case RAD_ACCESS_REQUEST:
	case RAD_STATUS_SERVER:
		return FZ_ACCESS;
	case RAD_ACCOUNTING_REQUEST:
	case RAD_DISCONNECT_REQUEST:
	case RAD_COA_REQUEST:
		return FZ_HASHED;
	default:
		return FZ_RESPONSE;
	}
}

/* The harness's own list (not the codec's) of the codes finished as
 * responses. */
static bool
fz_is_response_code(uint8_t code)
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

/*
 * The harness's own framing check (RFC 2865 §3, §5; RFC 3579 §3.2):
 * true when buf holds a packet; *ma_off is then the offset of the
 * Message-Authenticator's value, or 0.
 */
static bool
ref_framing(const uint8_t *buf, size_t n, size_t *ma_off)
{
	size_t len, i;

	*ma_off = 0;
	if (n < RAD_HDR_LEN)
		return false;
	len = (size_t)buf[2] << 8 | buf[3];
	if (len < RAD_HDR_LEN || len > n || len > RAD_PKT_MAX)
		return false;
	for (i = RAD_HDR_LEN; i < len; i += buf[i + 1]) {
		if (i + 1 >= len || buf[i + 1] < 2 || buf[i + 1] > len - i)
			return false;
		if (buf[i] == RAD_A_MESSAGE_AUTHENTICATOR) {
			if (*ma_off != 0 || buf[i + 1] != 2 + MA_LEN)
				return false;
			*ma_off = i + 2;
		}
	}
	return true;
}

/*
 * Sign the packet buf (Length len) the way its code says, on a copy with
 * the fields substituted: the Message-Authenticator is the HMAC-MD5 of
 * the packet with `base` in the authenticator field and a zero value;
 * then the authenticator MD5(packet with base + secret).
 */
static void
ref_sign(uint8_t *buf, size_t len, size_t ma_off, const uint8_t *req_auth,
	const uint8_t *secret, size_t secret_len, uint8_t ctl)
{
	static const uint8_t zero[RAD_AUTH_LEN];
	static uint8_t tmp[RAD_PKT_MAX];
	enum fz_kind kind = fz_kind(buf[0]);
	const uint8_t *base = kind == FZ_ACCESS ? buf + 4 :
		kind == FZ_HASHED ? zero : req_auth;
	struct hmac_md5_ctx h;
	struct md5_ctx m;

	memcpy(tmp, buf, len);
	memcpy(tmp + 4, base, RAD_AUTH_LEN);
	if ((ctl & FZ_FIX_MA) && ma_off != 0) {
		memset(tmp + ma_off, 0, MA_LEN);
		hmac_md5_set_key(&h, secret_len, secret);
		hmac_md5_update(&h, len, tmp);
		hmac_md5_digest(&h, MA_LEN, buf + ma_off);
		memcpy(tmp + ma_off, buf + ma_off, MA_LEN);
	}
	if ((ctl & FZ_FIX_AUTH) && kind != FZ_ACCESS) {
		md5_init(&m);
		md5_update(&m, len, tmp);
		md5_update(&m, secret_len, secret);
		md5_digest(&m, RAD_AUTH_LEN, buf + 4);
	}
}

static int
fz_verify(const struct rad_pkt *p, const uint8_t *req_auth,
	const uint8_t *secret, size_t secret_len, bool require_ma)
{
	if (fz_kind(p->code) == FZ_RESPONSE)
		return rad_verify_response(p, req_auth, secret, secret_len,
			require_ma);
	return rad_verify_request(p, secret, secret_len, require_ma);
}

/* One User-Password value: reveal it, hide it again, reveal it again. */
static void
check_password(const uint8_t *val, size_t len, const uint8_t *ra,
	const uint8_t *secret, size_t secret_len)
{
	uint8_t pw[RAD_PKT_MAX], again[RAD_PKT_MAX], buf[RAD_HDR_LEN + 130];
	struct rad_builder b;
	struct rad_pkt p;
	const uint8_t *v;
	size_t vlen;
	int n, m;

	n = rad_user_password_decode(val, len, ra, secret, secret_len, pw,
		sizeof(pw));
	if (len < 16 || len > 128 || len % 16 != 0) {
		FUZZ_CHECK(n == -EBADMSG);
		return;
	}
	FUZZ_CHECK(n >= 0 && (size_t)n <= len);
	FUZZ_CHECK(n == 0 || pw[n - 1] != 0);
	FUZZ_CHECK(rad_user_password_decode(val, len, ra, secret, secret_len,
		pw, (size_t)n) == n);
	if (n > 0)
		FUZZ_CHECK(rad_user_password_decode(val, len, ra, secret,
			secret_len, pw, (size_t)n - 1) == -ENOBUFS);

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 0, ra);
	rad_put_user_password(&b, pw, (size_t)n, secret, secret_len);
	FUZZ_CHECK(rad_finish_request(&b, secret, secret_len) ==
		RAD_HDR_LEN + 2 + (int)(n == 0 ? 16 : (n + 15) / 16 * 16));
	FUZZ_CHECK(rad_parse(&p, buf, b.len) == 0);
	FUZZ_CHECK(rad_attr_find(&p, RAD_A_USER_PASSWORD, &v, &vlen) == 0);
	FUZZ_CHECK(vlen <= len);
	m = rad_user_password_decode(v, vlen, ra, secret, secret_len, again,
		sizeof(again));
	FUZZ_CHECK(m == n && memcmp(again, pw, (size_t)n) == 0);
}

/* One attribute: the value functions' answers are the documented ones. */
static void
check_attr(const struct rad_pkt *p, uint8_t type, const uint8_t *val,
	size_t len, const uint8_t *secret, size_t secret_len)
{
	const uint8_t *vval;
	const char *name;
	uint32_t vendor, u;
	uint8_t vtype;
	size_t vlen;
	int rc;

	rc = rad_attr_check(type, val, len);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	name = rad_attr_name(type);
	FUZZ_CHECK(name == NULL || name[0] != '\0');
	/* What no attribute type allows. */
	if (rc == 0 && name != NULL)
		FUZZ_CHECK(len >= 1);

	rc = rad_val_u32(val, len, &u);
	FUZZ_CHECK(rc == (len == 4 ? 0 : -EBADMSG));
	if (rc == 0)
		FUZZ_CHECK(u == lns_get_be32(val));

	if (type == RAD_A_VENDOR_SPECIFIC) {
		rc = rad_vsa_parse(val, len, &vendor, &vtype, &vval, &vlen);
		FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
		if (rc == 0) {
			FUZZ_CHECK(len >= 6 && vendor == lns_get_be32(val));
			FUZZ_CHECK(vval == val + 6 && vlen + 6 <= len);
			FUZZ_CHECK(vtype == val[4] && vlen + 2 == val[5]);
		} else {
			FUZZ_CHECK(len < 6 || val[5] < 2 || val[5] > len - 4);
		}
	}
	if (type == RAD_A_USER_PASSWORD)
		check_password(val, len, p->auth, secret, secret_len);
}

/* Walk the attributes: they tile the packet and each checks out. */
static bool
check_attrs(const struct rad_pkt *p, const uint8_t *secret,
	size_t secret_len)
{
	struct rad_attr_iter it;
	const uint8_t *val, *fval, *expect = p->attrs;
	unsigned int ma = 0;
	bool seen[256] = { false }, empty = false;
	uint8_t type;
	size_t len, flen;

	rad_attr_iter_init(&it, p);
	while (rad_attr_next(&it, &type, &val, &len)) {
		FUZZ_CHECK(val == expect + 2 && expect[0] == type &&
			expect[1] == len + 2);
		expect = val + len;
		FUZZ_CHECK(expect <= p->attrs + p->attrs_len);
		if (!seen[type]) {
			seen[type] = true;
			FUZZ_CHECK(rad_attr_find(p, type, &fval, &flen) == 0);
			FUZZ_CHECK(fval == val && flen == len);
		}
		if (type == RAD_A_MESSAGE_AUTHENTICATOR) {
			FUZZ_CHECK(len == MA_LEN);
			ma++;
		}
		empty |= len == 0;
		check_attr(p, type, val, len, secret, secret_len);
	}
	FUZZ_CHECK(expect == p->attrs + p->attrs_len);
	FUZZ_CHECK(ma == (p->has_ma ? 1U : 0U));
	/* A type never seen is not found. */
	if (!seen[0])
		FUZZ_CHECK(rad_attr_find(p, 0, &fval, &flen) == -ENOENT);
	return empty;
}

static bool
fz_is_tagged_int(uint8_t type)
{
	return type == RAD_A_TUNNEL_TYPE || type == RAD_A_TUNNEL_MEDIUM_TYPE ||
	       type == 83;	/* Tunnel-Preference */
}

static bool
fz_is_tagged_str(uint8_t type)
{
	return type == RAD_A_TUNNEL_CLIENT_ENDPOINT ||
	       type == RAD_A_TUNNEL_SERVER_ENDPOINT ||
	       type == RAD_A_TUNNEL_ASSIGNMENT_ID ||
	       type == RAD_A_TUNNEL_CLIENT_AUTH_ID ||
	       type == RAD_A_TUNNEL_SERVER_AUTH_ID;
}

/*
 * Add one attribute with the put function its value suits, so that each
 * one is checked to write the octets it was read from.
 */
static void
fz_put(struct rad_builder *b, uint8_t type, const uint8_t *val, size_t len)
{
	char s[RAD_ATTR_VALUE_MAX + 1];
	const uint8_t *vval;
	uint32_t vendor, v;
	uint8_t vtype;
	size_t vlen;

	if (type == RAD_A_MESSAGE_AUTHENTICATOR) {
		rad_put_message_authenticator(b);
	} else if (len == 4 && fz_is_tagged_int(type) && val[0] <= 0x1f) {
		rad_put_tagged_u24(b, type, val[0],
			lns_get_be32(val) & 0xffffff);
	} else if (len == 4 && (type == RAD_A_ACCT_INPUT_OCTETS ||
	    type == RAD_A_ACCT_OUTPUT_OCTETS)) {
		rad_put_u64(b, type, type == RAD_A_ACCT_INPUT_OCTETS ?
			RAD_A_ACCT_INPUT_GIGAWORDS :
			RAD_A_ACCT_OUTPUT_GIGAWORDS, lns_get_be32(val));
	} else if (len == 4 && type == RAD_A_FRAMED_IP_ADDRESS) {
		memcpy(&v, val, 4);
		rad_put_ipv4(b, type, v);
	} else if (len == 4) {
		rad_put_u32(b, type, lns_get_be32(val));
	} else if (type == RAD_A_VENDOR_SPECIFIC &&
	    rad_vsa_parse(val, len, &vendor, &vtype, &vval, &vlen) == 0 &&
	    vlen > 0 && vlen + 6 == len) {
		rad_put_vsa(b, vendor, vtype, vval, vlen);
	} else if (len >= 2 && fz_is_tagged_str(type) && val[0] <= 0x1f &&
	    memchr(val + 1, 0, len - 1) == NULL) {
		memcpy(s, val + 1, len - 1);
		s[len - 1] = '\0';
		rad_put_tagged_str(b, type, val[0], s);
	} else if (len > 0 && memchr(val, 0, len) == NULL) {
		memcpy(s, val, len);
		s[len] = '\0';
		rad_put_str(b, type, s);
	} else {
		rad_put(b, type, val, len);
	}
}

static int
fz_finish(struct rad_builder *b, const uint8_t *req_auth,
	const uint8_t *secret, size_t secret_len)
{
	if (fz_kind(b->buf[0]) == FZ_RESPONSE)
		return rad_finish_response(b, req_auth, secret, secret_len);
	return rad_finish_request(b, secret, secret_len);
}

/*
 * Rebuild p with the builder into a buffer of exactly its length. The
 * builder refuses empty values and codes it cannot finish; otherwise the
 * result is p with its authenticators recomputed: the same octets when p
 * verified (verified != 0), and it verifies.
 */
static void
check_rebuild(const struct rad_pkt *p, const uint8_t *req_auth,
	const uint8_t *secret, size_t secret_len, bool empty, bool verified)
{
	enum fz_kind kind = fz_kind(p->code);
	struct rad_attr_iter it;
	struct rad_builder b;
	struct rad_pkt q;
	const uint8_t *val;
	static uint8_t copy[RAD_PKT_MAX];
	uint8_t type, *out = malloc(p->len);
	size_t len;
	int rc, want;

	FUZZ_CHECK(out != NULL);
	rad_build_init(&b, out, p->len, p->code, p->id,
		kind == FZ_ACCESS ? p->auth : NULL);
	rad_attr_iter_init(&it, p);
	while (rad_attr_next(&it, &type, &val, &len))
		fz_put(&b, type, val, len);
	rc = fz_finish(&b, req_auth, secret, secret_len);

	if (empty)
		want = -EINVAL;		/* RFC 2865 §5: not sent */
	else if (kind == FZ_RESPONSE && !fz_is_response_code(p->code))
		want = -EINVAL;		/* no code we can answer with */
	else if (p->code == RAD_STATUS_SERVER && !p->has_ma)
		want = -EINVAL;		/* RFC 5997 §3 */
	else
		want = p->len;
	FUZZ_CHECK(rc == want);
	if (rc < 0) {
		free(out);
		return;
	}
	if (verified)
		FUZZ_CHECK(memcmp(out, p->raw, p->len) == 0);
	FUZZ_CHECK(memcmp(out, p->raw, 4) == 0);
	if (kind == FZ_ACCESS)
		FUZZ_CHECK(memcmp(out + 4, p->auth, RAD_AUTH_LEN) == 0);
	FUZZ_CHECK(rad_parse(&q, out, p->len) == 0);
	FUZZ_CHECK(q.has_ma == p->has_ma && q.attrs_len == p->attrs_len);
	FUZZ_CHECK(fz_verify(&q, req_auth, secret, secret_len, q.has_ma) == 0);

	/* Re-sent with another identifier, then back: finishing again
	 * recomputes everything, to the same octets. */
	memcpy(copy, out, p->len);
	rad_build_set_id(&b, (uint8_t)(p->id ^ 0x5a));
	FUZZ_CHECK(fz_finish(&b, req_auth, secret, secret_len) == p->len);
	FUZZ_CHECK(rad_parse(&q, out, p->len) == 0 && q.id == (p->id ^ 0x5a));
	FUZZ_CHECK(fz_verify(&q, req_auth, secret, secret_len, q.has_ma) == 0);
	rad_build_set_id(&b, p->id);
	FUZZ_CHECK(fz_finish(&b, req_auth, secret, secret_len) == p->len);
	FUZZ_CHECK(memcmp(out, copy, p->len) == 0);
	free(out);
}

/*
 * p verified: flip one bit of each of a few octets (all but the code,
 * which changes how it is checked) and the packet must no longer verify
 * whenever it still parses and still claims to be protected.
 */
static void
check_tamper(uint8_t *buf, size_t n, size_t len, const uint8_t *req_auth,
	const uint8_t *secret, size_t secret_len, bool require_ma)
{
	struct rad_pkt q;
	size_t i, step = len / 8 + 1;
	uint8_t bit;

	for (i = 1; i < len; i += step) {
		bit = (uint8_t)(1u << (i % 8));
		buf[i] ^= bit;
		if (rad_parse(&q, buf, n) == 0 &&
		    (fz_kind(q.code) != FZ_ACCESS || q.has_ma || require_ma))
			FUZZ_CHECK(fz_verify(&q, req_auth, secret, secret_len,
				require_ma) != 0);
		buf[i] ^= bit;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sec;
	const uint8_t *secret, *req_auth;
	bool require_ma, empty, verified, ref_ok;
	struct rad_pkt p;
	size_t n, secret_len, ma_off;
	uint8_t ctl, *buf;
	int rc, rv, rq;

	if (size < FZ_HDR)
		return 0;
	ctl = data[0];
	req_auth = data + 1;
	require_ma = (ctl & FZ_REQUIRE_MA) != 0;
	sec = (ctl & FZ_SECRET_FR) ? RAD_TV_FR_SECRET : RAD_TV_RFC_SECRET;
	secret = (const uint8_t *)sec;
	secret_len = strlen(sec);

	/* The packet in a buffer of its size: ASan sees any read past it. */
	n = size - FZ_HDR;
	buf = malloc(n ? n : 1);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, data + FZ_HDR, n);

	ref_ok = ref_framing(buf, n, &ma_off);
	if (ref_ok && (ctl & (FZ_FIX_MA | FZ_FIX_AUTH)))
		ref_sign(buf, lns_get_be16(buf + 2), ma_off, req_auth, secret,
			secret_len, ctl);

	rc = rad_parse(&p, buf, n);
	FUZZ_CHECK(rc == 0 || rc == -EBADMSG);
	FUZZ_CHECK((rc == 0) == ref_ok);
	if (rc != 0) {
		FUZZ_CHECK(p.raw == NULL);
		free(buf);
		return 0;
	}
	FUZZ_CHECK(p.raw == buf && p.len == lns_get_be16(buf + 2));
	FUZZ_CHECK(p.code == buf[0] && p.id == buf[1] && p.auth == buf + 4);
	FUZZ_CHECK(p.attrs == buf + RAD_HDR_LEN);
	FUZZ_CHECK(p.attrs_len == p.len - RAD_HDR_LEN);
	FUZZ_CHECK(p.has_ma == (ma_off != 0));
	FUZZ_CHECK(rad_code_name(p.code) == NULL ||
		rad_code_name(p.code)[0] != '\0');

	empty = check_attrs(&p, secret, secret_len);

	rv = rad_verify_response(&p, req_auth, secret, secret_len, require_ma);
	FUZZ_CHECK(rv == 0 || rv == -EACCES || rv == -EPERM || rv == -ENOMSG);
	rq = rad_verify_request(&p, secret, secret_len, require_ma);
	FUZZ_CHECK(rq == 0 || rq == -EACCES || rq == -EPERM ||
		rq == -ENOMSG || rq == -EINVAL);
	FUZZ_CHECK((rq == -EINVAL) == (fz_kind(p.code) == FZ_RESPONSE));
	if (!p.has_ma) {
		FUZZ_CHECK(rv != -EPERM && rq != -EPERM);
		if (!require_ma)
			FUZZ_CHECK(rv != -ENOMSG && rq != -ENOMSG);
	}
	/* -ENOMSG only once the authenticator is right. */
	if (rv == -ENOMSG || rq == -ENOMSG)
		FUZZ_CHECK(!p.has_ma && require_ma);

	/* What the harness signed verifies. */
	rc = fz_verify(&p, req_auth, secret, secret_len, require_ma);
	switch (fz_kind(p.code)) {
	case FZ_ACCESS:
		if ((ctl & FZ_FIX_MA) && p.has_ma)
			FUZZ_CHECK(rc == 0);
		break;
	default:
		if ((ctl & FZ_FIX_AUTH) && ((ctl & FZ_FIX_MA) || !p.has_ma))
			FUZZ_CHECK(rc == (p.has_ma || !require_ma ? 0 :
				-ENOMSG));
		else if (ctl & FZ_FIX_AUTH)
			FUZZ_CHECK(rc != -EACCES);
		break;
	}
	verified = rc == 0;
	if (verified)
		check_tamper(buf, n, p.len, req_auth, secret, secret_len,
			require_ma);
	/* Verified with or without the requirement: the octets are right. */
	verified |= fz_verify(&p, req_auth, secret, secret_len, false) == 0 &&
		(p.has_ma || fz_kind(p.code) != FZ_ACCESS);
	check_rebuild(&p, req_auth, secret, secret_len, empty, verified);
	free(buf);
	return 0;
}

#else /* FUZZ_DUMP_SEEDS */

/* ---- seeds: the unit tests' reference packets ------------------------ */

#define FZ_PAD		8	/* octets past Length in the big seed */

static uint8_t in[FZ_HDR + RAD_PKT_MAX + FZ_PAD];

/* Write in[0..FZ_HDR + n) as DIR/NAME-SUFFIX. */
static void
write_in(const char *dir, const char *name, const char *suffix, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%s", dir, name, suffix);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(in, 1, FZ_HDR + n, f) != FZ_HDR + n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void
write_seed(const char *dir, const char *name, const char *suffix,
	uint8_t ctl, const uint8_t *req_auth, const char *hex)
{
	int n = rad_tv_unhex(hex, in + FZ_HDR, RAD_PKT_MAX);
	size_t ma_off;

	FUZZ_CHECK(n >= RAD_HDR_LEN);
	/* Require a Message-Authenticator where there is one. */
	for (ma_off = RAD_HDR_LEN; ma_off + 1 < (size_t)n;
	    ma_off += in[FZ_HDR + ma_off + 1])
		if (in[FZ_HDR + ma_off] == RAD_A_MESSAGE_AUTHENTICATOR)
			ctl |= FZ_REQUIRE_MA;
	in[0] = ctl;
	memcpy(in + 1, req_auth, RAD_AUTH_LEN);
	write_in(dir, name, suffix, (size_t)n);
}

/*
 * An Accounting-Request of RAD_PKT_MAX octets with padding after it: so
 * that libFuzzer's -max_len (the largest seed) lets inputs reach the
 * Length limit.
 */
static void
write_big_seed(const char *dir)
{
	static const uint8_t v[RAD_ATTR_VALUE_MAX];
	struct rad_builder b;
	size_t left;

	rad_build_init(&b, in + FZ_HDR, RAD_PKT_MAX, RAD_ACCOUNTING_REQUEST, 7,
		NULL);
	rad_put_message_authenticator(&b);
	rad_put_u32(&b, RAD_A_ACCT_STATUS_TYPE, RAD_ACCT_INTERIM);
	while ((left = b.cap - b.len) > 2)
		rad_put(&b, RAD_A_CLASS, v, left - 2 < sizeof(v) ?
			left - 2 : sizeof(v) - 8);
	FUZZ_CHECK(rad_finish_request(&b, (const uint8_t *)RAD_TV_RFC_SECRET,
		strlen(RAD_TV_RFC_SECRET)) == RAD_PKT_MAX);
	memset(in + FZ_HDR + RAD_PKT_MAX, 0xee, FZ_PAD);
	in[0] = FZ_REQUIRE_MA;
	memset(in + 1, 0, RAD_AUTH_LEN);
	write_in(dir, "big", "req", RAD_PKT_MAX + FZ_PAD);
}

int
main(int argc, char **argv)
{
	static uint8_t req[RAD_PKT_MAX];
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* Each request as it is; each response with both fix-ups, so that
	 * what the fuzzer makes of it still verifies. */
	for (i = 0; i < sizeof(rad_tv_pairs) / sizeof(rad_tv_pairs[0]); i++) {
		const struct rad_tv_pair *t = &rad_tv_pairs[i];
		uint8_t sec = strcmp(t->secret, RAD_TV_FR_SECRET) == 0 ?
			FZ_SECRET_FR : 0;

		FUZZ_CHECK(rad_tv_unhex(t->req, req, sizeof(req)) >=
			RAD_HDR_LEN);
		write_seed(argv[1], t->name, "req", sec, req + 4, t->req);
		if (t->resp != NULL)
			write_seed(argv[1], t->name, "resp",
				sec | FZ_FIX_MA | FZ_FIX_AUTH, req + 4,
				t->resp);
	}
	write_big_seed(argv[1]);
	return 0;
}

#endif /* FUZZ_DUMP_SEEDS */
