/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP CHAP authenticator (server) for CHAP-MD5 (RFC 1994) and MS-CHAP-V2
 * (RFC 2759), the MS-CHAP-V2 primitives of RFC 2759 §8, and the peer
 * (client) side used by the subscriber emulator. Crypto is nettle's.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <nettle/des.h>
#include <nettle/md4.h>
#include <nettle/md5.h>
#include <nettle/memops.h>
#include <nettle/sha1.h>

#include "lns_bytes.h"
#include "ppp_chap.h"

#define CHAP_DEF_NAME		"lnsd"
#define CHAP_DEF_MAX_CHALLENGES	10
#define CHAP_DEF_SUCCESS_MSG	"Access granted"
#define CHAP_DEF_FAILURE_MSG	"Access denied"
#define CHAP_STATUS_MAX		512

/* RFC 2759 §4: Response value layout. */
#define MSCHAP_OFF_PEER_CHAL	0
#define MSCHAP_OFF_NT_RESP	24
#define MSCHAP_OFF_FLAGS	48

static void
chap_hex_upper(char *out, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

static int
chap_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

bool
ppp_auth_memeq(const void *a, const void *b, size_t n)
{
	return memeql_sec(a, b, n) != 0;
}

/* ---- codec ---- */

int
ppp_chap_parse(struct ppp_chap_msg *m, const uint8_t *pkt, size_t len)
{
	uint16_t plen;

	if (len < PPP_CHAP_HDR_LEN)
		return -EBADMSG;
	plen = lns_get_be16(pkt + 2);
	if (plen < PPP_CHAP_HDR_LEN || plen > len)
		return -EBADMSG;
	if (pkt[0] != PPP_CHAP_CHALLENGE && pkt[0] != PPP_CHAP_RESPONSE)
		return -EPROTO;
	m->code = pkt[0];
	m->id = pkt[1];
	/* §4.1: Value-Size (one octet, at least 1), Value, Name. */
	if (plen < PPP_CHAP_HDR_LEN + 1)
		return -EBADMSG;
	m->value_len = pkt[4];
	if (m->value_len == 0 ||
	    PPP_CHAP_HDR_LEN + 1 + (size_t)m->value_len > plen)
		return -EBADMSG;
	m->value = pkt + 5;
	m->name = m->value + m->value_len;
	m->name_len = plen - (PPP_CHAP_HDR_LEN + 1 + m->value_len);
	return 0;
}

int
ppp_chap_build(uint8_t *out, size_t cap, uint8_t code, uint8_t id,
	const uint8_t *value, size_t value_len, const uint8_t *name,
	size_t name_len)
{
	size_t plen = PPP_CHAP_HDR_LEN + 1 + value_len + name_len;

	if (value_len == 0 || value_len > 255 || plen > 0xffff)
		return -EINVAL;
	if (cap < plen)
		return -ENOBUFS;
	out[0] = code;
	out[1] = id;
	lns_put_be16(out + 2, (uint16_t)plen);
	out[4] = (uint8_t)value_len;
	memcpy(out + 5, value, value_len);
	if (name_len > 0)
		memcpy(out + 5 + value_len, name, name_len);
	return (int)plen;
}

int
ppp_chap_build_status(uint8_t *out, size_t cap, uint8_t code, uint8_t id,
	const char *msg, size_t msg_len)
{
	size_t plen = PPP_CHAP_HDR_LEN + msg_len;

	if (plen > 0xffff)
		return -EINVAL;
	if (cap < plen)
		return -ENOBUFS;
	out[0] = code;
	out[1] = id;
	lns_put_be16(out + 2, (uint16_t)plen);
	if (msg_len > 0)
		memcpy(out + PPP_CHAP_HDR_LEN, msg, msg_len);
	return (int)plen;
}

/* ---- primitives ---- */

void
ppp_chap_md5_compute(uint8_t id, const uint8_t *secret, size_t secret_len,
	const uint8_t *challenge, size_t challenge_len, uint8_t digest[16])
{
	struct md5_ctx ctx;

	/* RFC 1994 §4.1: Identifier, then the secret, then the Value. */
	md5_init(&ctx);
	md5_update(&ctx, 1, &id);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, challenge_len, challenge);
	md5_digest(&ctx, MD5_DIGEST_SIZE, digest);
	explicit_bzero(&ctx, sizeof(ctx));
}

void
ppp_mschap_challenge_hash(const uint8_t peer_challenge[16],
	const uint8_t auth_challenge[16], const uint8_t *user, size_t user_len,
	uint8_t challenge[8])
{
	struct sha1_ctx ctx;
	uint8_t digest[SHA1_DIGEST_SIZE];
	size_t i;

	/* §8.2: only the user name, without any prepended domain. */
	for (i = user_len; i > 0; i--) {
		if (user[i - 1] == '\\') {
			user += i;
			user_len -= i;
			break;
		}
	}
	sha1_init(&ctx);
	sha1_update(&ctx, 16, peer_challenge);
	sha1_update(&ctx, 16, auth_challenge);
	sha1_update(&ctx, user_len, user);
	sha1_digest(&ctx, sizeof(digest), digest);
	memcpy(challenge, digest, 8);
}

/*
 * UTF-8 to UTF-16LE (§8.3: the password is Unicode). Rejects overlong
 * forms, surrogates and code points over U+10FFFF. Returns the number of
 * octets written, -EILSEQ or -E2BIG.
 */
static int
chap_utf8_to_utf16le(const uint8_t *in, size_t len, uint8_t *out,
	size_t units_max)
{
	size_t i = 0, n = 0, k, more;
	uint32_t cp, min;

	while (i < len) {
		cp = in[i++];
		if (cp < 0x80) {
			more = 0;
			min = 0;
		} else if ((cp & 0xe0) == 0xc0) {
			more = 1;
			min = 0x80;
			cp &= 0x1f;
		} else if ((cp & 0xf0) == 0xe0) {
			more = 2;
			min = 0x800;
			cp &= 0x0f;
		} else if ((cp & 0xf8) == 0xf0) {
			more = 3;
			min = 0x10000;
			cp &= 0x07;
		} else {
			return -EILSEQ;
		}
		if (len - i < more)
			return -EILSEQ;
		for (k = 0; k < more; k++) {
			if ((in[i] & 0xc0) != 0x80)
				return -EILSEQ;
			cp = cp << 6 | (in[i++] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			return -EILSEQ;
		if (cp >= 0x10000) {
			if (n + 2 > units_max)
				return -E2BIG;
			cp -= 0x10000;
			out[2 * n] = (uint8_t)((0xd800 | cp >> 10) & 0xff);
			out[2 * n + 1] = (uint8_t)((0xd800 | cp >> 10) >> 8);
			n++;
			cp = 0xdc00 | (cp & 0x3ff);
		} else if (n + 1 > units_max) {
			return -E2BIG;
		}
		out[2 * n] = (uint8_t)(cp & 0xff);
		out[2 * n + 1] = (uint8_t)(cp >> 8);
		n++;
	}
	return (int)(2 * n);
}

int
ppp_mschap_nt_password_hash(const uint8_t *passwd, size_t passwd_len,
	uint8_t hash[16])
{
	uint8_t uni[2 * PPP_MSCHAP_PASSWD_MAX];
	struct md4_ctx ctx;
	int n;

	n = chap_utf8_to_utf16le(passwd, passwd_len, uni,
	    PPP_MSCHAP_PASSWD_MAX);
	if (n < 0) {
		explicit_bzero(uni, sizeof(uni));
		return n;
	}
	md4_init(&ctx);
	md4_update(&ctx, (size_t)n, uni);
	md4_digest(&ctx, MD4_DIGEST_SIZE, hash);
	explicit_bzero(uni, sizeof(uni));
	explicit_bzero(&ctx, sizeof(ctx));
	return 0;
}

void
ppp_mschap_hash_nt_password_hash(const uint8_t hash[16],
	uint8_t hash_hash[16])
{
	struct md4_ctx ctx;

	md4_init(&ctx);
	md4_update(&ctx, 16, hash);
	md4_digest(&ctx, MD4_DIGEST_SIZE, hash_hash);
}

/* §8.6 DesEncrypt: 7 key octets spread over 8 with parity. */
static void
chap_des_encrypt(const uint8_t clear[8], const uint8_t k7[7],
	uint8_t cypher[8])
{
	struct des_ctx ctx;
	uint8_t key[8];
	int i;

	key[0] = k7[0];
	for (i = 1; i < 7; i++)
		key[i] = (uint8_t)(k7[i - 1] << (8 - i) | k7[i] >> i);
	key[7] = (uint8_t)(k7[6] << 1);
	des_fix_parity(sizeof(key), key, key);
	/* A weak key still gets expanded; its status does not matter here. */
	(void)des_set_key(&ctx, key);
	des_encrypt(&ctx, DES_BLOCK_SIZE, cypher, clear);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(&ctx, sizeof(ctx));
}

void
ppp_mschap_challenge_response(const uint8_t challenge[8],
	const uint8_t pw_hash[16], uint8_t response[24])
{
	uint8_t z[21];

	/* §8.5: the hash zero-padded to 21 octets, three 7-octet keys. */
	memcpy(z, pw_hash, 16);
	memset(z + 16, 0, 5);
	chap_des_encrypt(challenge, z, response);
	chap_des_encrypt(challenge, z + 7, response + 8);
	chap_des_encrypt(challenge, z + 14, response + 16);
	explicit_bzero(z, sizeof(z));
}

int
ppp_mschap_nt_response(const uint8_t auth_challenge[16],
	const uint8_t peer_challenge[16], const uint8_t *user, size_t user_len,
	const uint8_t *passwd, size_t passwd_len, uint8_t response[24])
{
	uint8_t challenge[8], hash[16];
	int rc;

	/* §8.1 GenerateNTResponse. */
	ppp_mschap_challenge_hash(peer_challenge, auth_challenge, user,
	    user_len, challenge);
	rc = ppp_mschap_nt_password_hash(passwd, passwd_len, hash);
	if (rc < 0)
		return rc;
	ppp_mschap_challenge_response(challenge, hash, response);
	explicit_bzero(hash, sizeof(hash));
	return 0;
}

int
ppp_mschap_auth_response(const uint8_t *passwd, size_t passwd_len,
	const uint8_t nt_response[24], const uint8_t peer_challenge[16],
	const uint8_t auth_challenge[16], const uint8_t *user, size_t user_len,
	char out[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	/* §8.7 magic constants, without their NUL. */
	static const char magic1[39] =
	    "Magic server to client signing constant";
	static const char magic2[41] =
	    "Pad to make it do more than one iteration";
	uint8_t hash[16], hash_hash[16], challenge[8];
	uint8_t digest[SHA1_DIGEST_SIZE];
	struct sha1_ctx ctx;
	int rc;

	rc = ppp_mschap_nt_password_hash(passwd, passwd_len, hash);
	if (rc < 0)
		return rc;
	ppp_mschap_hash_nt_password_hash(hash, hash_hash);
	explicit_bzero(hash, sizeof(hash));

	sha1_init(&ctx);
	sha1_update(&ctx, sizeof(hash_hash), hash_hash);
	sha1_update(&ctx, 24, nt_response);
	sha1_update(&ctx, sizeof(magic1), (const uint8_t *)magic1);
	sha1_digest(&ctx, sizeof(digest), digest);
	explicit_bzero(hash_hash, sizeof(hash_hash));

	ppp_mschap_challenge_hash(peer_challenge, auth_challenge, user,
	    user_len, challenge);
	sha1_init(&ctx);
	sha1_update(&ctx, sizeof(digest), digest);
	sha1_update(&ctx, sizeof(challenge), challenge);
	sha1_update(&ctx, sizeof(magic2), (const uint8_t *)magic2);
	sha1_digest(&ctx, sizeof(digest), digest);

	out[0] = 'S';
	out[1] = '=';
	chap_hex_upper(out + 2, digest, sizeof(digest));
	return 0;
}

/* ---- authenticator ---- */

static int
chap_send_challenge(struct ppp_chap_server *s, uint64_t now, uint8_t *out,
	size_t cap)
{
	const char *name = s->conf.name;

	s->transmits++;
	s->deadline = now + s->conf.timeout;
	return ppp_chap_build(out, cap, PPP_CHAP_CHALLENGE, s->id,
	    s->challenge, sizeof(s->challenge), (const uint8_t *)name,
	    strlen(name));
}

int
ppp_chap_server_start(struct ppp_chap_server *s,
	const struct ppp_chap_server_conf *conf, uint64_t now, uint8_t *out,
	size_t cap)
{
	int rc;

	if (conf->algo != PPP_CHAP_MD5 && conf->algo != PPP_CHAP_MSCHAPV2)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->conf = *conf;
	if (s->conf.name == NULL)
		s->conf.name = CHAP_DEF_NAME;
	if (strlen(s->conf.name) > PPP_CHAP_NAME_MAX)
		return -EINVAL;
	if (s->conf.max_challenges == 0)
		s->conf.max_challenges = CHAP_DEF_MAX_CHALLENGES;
	if (s->conf.success_msg == NULL)
		s->conf.success_msg = CHAP_DEF_SUCCESS_MSG;
	if (s->conf.failure_msg == NULL)
		s->conf.failure_msg = CHAP_DEF_FAILURE_MSG;
	/*
	 * RFC 1994 §2.3: the challenge value SHOULD be unique and
	 * unpredictable; the Identifier too, so that stale Responses from a
	 * previous session do not match.
	 */
	rc = chap_random(s->challenge, sizeof(s->challenge));
	if (rc == 0 && (s->conf.first_id & 0x100))
		s->id = (uint8_t)s->conf.first_id;
	else if (rc == 0)
		rc = chap_random(&s->id, 1);
	if (rc < 0)
		return rc;
	s->state = PPP_CHAP_ST_WAIT_RESP;
	return chap_send_challenge(s, now, out, cap);
}

/* Success or Failure for the final state, for the current Identifier. */
static int
chap_send_status(struct ppp_chap_server *s, uint8_t *out, size_t cap)
{
	char msg[CHAP_STATUS_MAX], chal[2 * PPP_CHAP_CHALLENGE_LEN + 1];
	const char *text = s->reply_msg[0] != '\0' ? s->reply_msg :
	    s->state == PPP_CHAP_ST_SUCCESS ? s->conf.success_msg :
	    s->conf.failure_msg;
	uint8_t code;
	int n;

	if (s->state == PPP_CHAP_ST_SUCCESS) {
		if (s->conf.algo == PPP_CHAP_MSCHAPV2)
			/* RFC 2759 §5: "S=<auth_string> M=<message>". */
			n = snprintf(msg, sizeof(msg), "%s M=%s",
			    s->auth_resp, text);
		else
			n = snprintf(msg, sizeof(msg), "%s", text);
	} else if (s->conf.algo == PPP_CHAP_MSCHAPV2) {
		/*
		 * RFC 2759 §6: E=691 (ERROR_AUTHENTICATION_FAILURE), no
		 * retry, our challenge in 32 hex digits, version 3.
		 */
		chap_hex_upper(chal, s->challenge, sizeof(s->challenge));
		n = snprintf(msg, sizeof(msg), "E=691 R=0 C=%s V=3 M=%s",
		    chal, text);
	} else {
		n = snprintf(msg, sizeof(msg), "%s", text);
	}
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1;
	code = s->state == PPP_CHAP_ST_SUCCESS ? PPP_CHAP_SUCCESS :
	    PPP_CHAP_FAILURE;
	return ppp_chap_build_status(out, cap, code, s->id, msg, (size_t)n);
}

bool
ppp_chap_verify_secret(const struct ppp_chap_response *r,
	const uint8_t *secret, size_t secret_len,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	uint8_t want[PPP_MSCHAP_NT_RESP_LEN];
	const uint8_t *peer_chal;
	bool ok;

	if (r->algo == PPP_CHAP_MD5) {
		if (r->value_len != MD5_DIGEST_SIZE)
			return false;
		ppp_chap_md5_compute(r->id, secret, secret_len, r->challenge,
		    r->challenge_len, want);
		ok = ppp_auth_memeq(want, r->value, MD5_DIGEST_SIZE);
		explicit_bzero(want, sizeof(want));
		return ok;
	}
	if (r->algo != PPP_CHAP_MSCHAPV2 || r->value_len != PPP_MSCHAP_RESP_LEN ||
	    r->challenge_len != PPP_CHAP_CHALLENGE_LEN)
		return false;
	/* RFC 2759 §4 and §8: recompute the NT-Response and compare. */
	peer_chal = r->value + MSCHAP_OFF_PEER_CHAL;
	if (ppp_mschap_nt_response(r->challenge, peer_chal, r->name,
	    r->name_len, secret, secret_len, want) < 0)
		return false;
	ok = ppp_auth_memeq(want, r->value + MSCHAP_OFF_NT_RESP,
	    PPP_MSCHAP_NT_RESP_LEN);
	explicit_bzero(want, sizeof(want));
	if (ok && ppp_mschap_auth_response(secret, secret_len,
	    r->value + MSCHAP_OFF_NT_RESP, peer_chal, r->challenge, r->name,
	    r->name_len, auth_resp) < 0)
		ok = false;
	return ok;
}

/* A valid RFC 2759 §5 authenticator response: "S=" and 40 hex digits. */
static bool
chap_auth_resp_valid(const char *a)
{
	size_t i;

	if (a == NULL || a[0] != 'S' || a[1] != '=')
		return false;
	for (i = 2; i < PPP_MSCHAP_AUTH_RESP_LEN; i++)
		if (!((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'A' && a[i] <= 'F')))
			return false;
	return true;
}

/* Settle a verdict: final state, and the Success/Failure to send. */
static int
chap_settle(struct ppp_chap_server *s, int verdict, const char *auth_resp,
	const char *msg, uint8_t *out, size_t cap)
{
	/* MS-CHAP-V2 success without the peer's proof of us: a failure. */
	if (verdict == 0 && s->conf.algo == PPP_CHAP_MSCHAPV2) {
		if (chap_auth_resp_valid(auth_resp)) {
			memcpy(s->auth_resp, auth_resp, PPP_MSCHAP_AUTH_RESP_LEN);
			s->auth_resp[PPP_MSCHAP_AUTH_RESP_LEN] = '\0';
		} else {
			verdict = -EINVAL;
		}
	}
	if (msg != NULL)
		snprintf(s->reply_msg, sizeof(s->reply_msg), "%s", msg);
	s->state = verdict == 0 ? PPP_CHAP_ST_SUCCESS : PPP_CHAP_ST_FAILURE;
	return chap_send_status(s, out, cap);
}

int
ppp_chap_server_input(struct ppp_chap_server *s, const uint8_t *pkt,
	size_t len, uint8_t *out, size_t cap)
{
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1] = "";
	struct ppp_chap_response r;
	struct ppp_chap_msg m;
	size_t want_len;
	int n;

	n = ppp_chap_parse(&m, pkt, len);
	if (n == -EPROTO)
		return 0;	/* Success/Failure/unknown: not for us */
	want_len = s->conf.algo == PPP_CHAP_MD5 ? MD5_DIGEST_SIZE :
	    PPP_MSCHAP_RESP_LEN;
	if (n == 0 && m.code == PPP_CHAP_CHALLENGE)
		return 0;	/* we do not authenticate ourselves */
	if (n < 0 || m.value_len != want_len ||
	    m.name_len > PPP_CHAP_NAME_MAX) {
		s->malformed++;
		return -EBADMSG;
	}
	if (s->state == PPP_CHAP_ST_IDLE)
		return 0;
	/* RFC 1994 §4.2: the Identifier must match the Challenge's. */
	if (m.id != s->id) {
		s->ignored++;
		return 0;
	}
	if (s->state == PPP_CHAP_ST_PENDING)
		return 0;	/* the verifier has it; its answer will come */
	if (s->state != PPP_CHAP_ST_WAIT_RESP) {
		/* Duplicate Response: repeat Success/Failure (§4.1). */
		if (s->timed_out)
			return 0;
		return chap_send_status(s, out, cap);
	}

	s->peer_len = (uint8_t)m.name_len;
	memcpy(s->peer, m.name, m.name_len);
	r = (struct ppp_chap_response){
		.algo = s->conf.algo, .id = m.id, .challenge = s->challenge,
		.challenge_len = sizeof(s->challenge),
		.value = m.value, .value_len = m.value_len,
		.name = m.name, .name_len = m.name_len,
	};
	n = s->conf.verify != NULL ? s->conf.verify(s->conf.verify_arg, &r,
	    auth_resp) : -ENOENT;
	if (n == -EINPROGRESS) {
		s->state = PPP_CHAP_ST_PENDING;
		return 0;
	}
	n = chap_settle(s, n, auth_resp, NULL, out, cap);
	explicit_bzero(auth_resp, sizeof(auth_resp));
	return n;
}

int
ppp_chap_server_complete(struct ppp_chap_server *s, int verdict,
	const char *auth_resp, const char *msg, uint8_t *out, size_t cap)
{
	if (s->state != PPP_CHAP_ST_PENDING)
		return -EALREADY;
	return chap_settle(s, verdict, auth_resp, msg, out, cap);
}

int
ppp_chap_server_timer(struct ppp_chap_server *s, uint64_t now, uint8_t *out,
	size_t cap)
{
	if (s->state != PPP_CHAP_ST_WAIT_RESP || now < s->deadline)
		return 0;
	if (s->transmits >= s->conf.max_challenges) {
		s->state = PPP_CHAP_ST_FAILURE;
		s->timed_out = true;
		return 0;
	}
	/*
	 * RFC 1994 §4.1: a new Identifier for every Challenge, and (§2.3) a
	 * fresh value. Should getrandom fail, the old value is still unique
	 * to this session; only the Identifier changes then.
	 */
	s->id++;
	(void)chap_random(s->challenge, sizeof(s->challenge));
	return chap_send_challenge(s, now, out, cap);
}

/* ---- peer (client) side ---- */

int
ppp_chap_client_md5_response(uint8_t *out, size_t cap,
	const struct ppp_chap_msg *challenge, const uint8_t *secret,
	size_t secret_len, const uint8_t *name, size_t name_len)
{
	uint8_t digest[MD5_DIGEST_SIZE];
	int rc;

	ppp_chap_md5_compute(challenge->id, secret, secret_len,
	    challenge->value, challenge->value_len, digest);
	rc = ppp_chap_build(out, cap, PPP_CHAP_RESPONSE, challenge->id,
	    digest, sizeof(digest), name, name_len);
	explicit_bzero(digest, sizeof(digest));
	return rc;
}

int
ppp_chap_client_mschapv2_response(uint8_t *out, size_t cap,
	const struct ppp_chap_msg *challenge, const uint8_t peer_challenge[16],
	const uint8_t *user, size_t user_len, const uint8_t *passwd,
	size_t passwd_len, char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	uint8_t v[PPP_MSCHAP_RESP_LEN];
	int rc;

	if (challenge->value_len != 16)
		return -EBADMSG;
	/* RFC 2759 §4: Peer-Challenge, 8 zero octets, NT-Response, Flags. */
	memset(v, 0, sizeof(v));
	memcpy(v + MSCHAP_OFF_PEER_CHAL, peer_challenge, 16);
	rc = ppp_mschap_nt_response(challenge->value, peer_challenge, user,
	    user_len, passwd, passwd_len, v + MSCHAP_OFF_NT_RESP);
	if (rc == 0)
		rc = ppp_mschap_auth_response(passwd, passwd_len,
		    v + MSCHAP_OFF_NT_RESP, peer_challenge, challenge->value,
		    user, user_len, expect);
	if (rc == 0)
		rc = ppp_chap_build(out, cap, PPP_CHAP_RESPONSE, challenge->id,
		    v, sizeof(v), user, user_len);
	return rc;
}

bool
ppp_mschap_client_check_success(const uint8_t *msg, size_t msg_len,
	const char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	if (msg_len < PPP_MSCHAP_AUTH_RESP_LEN)
		return false;
	/* §5: what follows the 42 octets, if anything, is " M=...". */
	if (msg_len > PPP_MSCHAP_AUTH_RESP_LEN &&
	    msg[PPP_MSCHAP_AUTH_RESP_LEN] != ' ')
		return false;
	return ppp_auth_memeq(msg, expect, PPP_MSCHAP_AUTH_RESP_LEN);
}
