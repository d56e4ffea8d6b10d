/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP Challenge Handshake Authentication Protocol, protocol 0xc223:
 * CHAP with MD5 (RFC 1994) and MS-CHAP-V2 (RFC 2759).
 *
 *   Challenge/Response: | Code=1/2 | Id | Length | Value-Size | Value | Name |
 *   Success/Failure:    | Code=3/4 | Id | Length | Message |
 *
 * Buffers hold the CHAP packet itself (from Code on), without the PPP
 * protocol field. Pure C: no DPDK, no sockets, no clock (time is passed in
 * by the caller, in any monotonic unit). Crypto is nettle's.
 */

#ifndef _PPP_CHAP_H_
#define _PPP_CHAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The protocol number and algorithm values are also in ppp_proto.h (the
 * LCP side); the spellings are identical so both headers can be included.
 */
#ifndef LNS_PPP_PROTO_CHAP
#define LNS_PPP_PROTO_CHAP		0xc223
#endif

/* RFC 1994 §4 codes. */
#define PPP_CHAP_CHALLENGE	1
#define PPP_CHAP_RESPONSE	2
#define PPP_CHAP_SUCCESS	3
#define PPP_CHAP_FAILURE	4

/* Algorithm octet of the LCP Authentication-Protocol option (RFC 1994 §3). */
#ifndef PPP_CHAP_MD5
#define PPP_CHAP_MD5		5
#endif
#ifndef PPP_CHAP_MSCHAPV2
#define PPP_CHAP_MSCHAPV2	0x81
#endif

#define PPP_CHAP_HDR_LEN	4
#define PPP_CHAP_CHALLENGE_LEN	16	/* we send 16 octets for both */
#define PPP_CHAP_NAME_MAX	255

/* MS-CHAP-V2 sizes (RFC 2759 §4, §8). */
#define PPP_MSCHAP_RESP_LEN	49	/* Value-Size of a Response */
#define PPP_MSCHAP_NT_RESP_LEN	24
#define PPP_MSCHAP_AUTH_RESP_LEN 42	/* "S=" and 40 hex digits */
#define PPP_MSCHAP_PASSWD_MAX	256	/* unicode characters (§8.3) */

/*
 * A Response to verify (RFC 1994 §4.1, RFC 2759 §4). Pointers are valid
 * during the verify call only: a verifier that answers later copies them.
 */
struct ppp_chap_response {
	uint8_t algo;			/* PPP_CHAP_MD5 or PPP_CHAP_MSCHAPV2 */
	uint8_t id;			/* Identifier of Challenge and Response */
	const uint8_t *challenge;	/* ours */
	uint8_t challenge_len;		/* PPP_CHAP_CHALLENGE_LEN; a LAC's may differ */
	const uint8_t *value;		/* 16 (MD5) or PPP_MSCHAP_RESP_LEN */
	uint8_t value_len;
	const uint8_t *name;		/* the Response's Name */
	size_t name_len;
};

/*
 * Verification (the AAA). Returns 0 to accept now (for MS-CHAP-V2 the
 * authenticator response "S=..." written into auth_resp), -EINPROGRESS
 * when the answer comes later through ppp_chap_server_complete(), any
 * other negative errno to reject.
 */
typedef int (*ppp_chap_verify_cb)(void *arg, const struct ppp_chap_response *r,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

/*
 * Check r against a known secret (a local user's password): true when it
 * matches; for MS-CHAP-V2 auth_resp then holds the "S=..." string. With
 * secret_len 0 and an unknown user the same work is done (timing).
 */
bool ppp_chap_verify_secret(const struct ppp_chap_response *r,
	const uint8_t *secret, size_t secret_len,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

enum ppp_chap_state {
	PPP_CHAP_ST_IDLE = 0,
	PPP_CHAP_ST_WAIT_RESP,	/* Challenge sent */
	PPP_CHAP_ST_PENDING,	/* Response handed to the verifier */
	PPP_CHAP_ST_SUCCESS,	/* Success sent: final */
	PPP_CHAP_ST_FAILURE,	/* Failure sent or retries exhausted: final */
};

struct ppp_chap_server_conf {
	uint8_t algo;		/* PPP_CHAP_MD5 or PPP_CHAP_MSCHAPV2 */
	const char *name;	/* our Name in Challenges; NULL = "lnsd" */
	uint64_t timeout;	/* Challenge retransmission interval */
	uint16_t max_challenges; /* transmissions in total; 0 = 10 */
	const char *success_msg; /* NULL = "Access granted" */
	const char *failure_msg; /* NULL = "Access denied" */
	ppp_chap_verify_cb verify;
	void *verify_arg;
	/*
	 * PPP_CHAP_FIRST_ID(n): the first Challenge uses Identifier n; 0: a
	 * random one. A session that authenticates again (LCP renegotiated)
	 * moves on from its last Identifier, so a late Response to an
	 * earlier Challenge can never match the new one by chance.
	 */
	uint16_t first_id;
};

#define PPP_CHAP_FIRST_ID(n)	((uint16_t)(0x100 | ((n) & 0xff)))

/* Authenticator state, meant to be embedded in a session (no heap). */
struct ppp_chap_server {
	struct ppp_chap_server_conf conf;
	enum ppp_chap_state state;
	bool timed_out;		/* FAILURE because max_challenges ran out */
	uint8_t id;		/* Identifier of the current Challenge */
	uint8_t challenge[PPP_CHAP_CHALLENGE_LEN];
	uint16_t transmits;	/* Challenges sent */
	uint16_t malformed;	/* Responses dropped as malformed */
	uint16_t ignored;	/* Responses with a stale Identifier */
	uint64_t deadline;
	uint8_t peer_len;
	uint8_t peer[PPP_CHAP_NAME_MAX];	/* Name of the Response */
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1];	/* MS-CHAP-V2 "S=" */
	char reply_msg[128];	/* the verifier's message; "" = conf's */
};

/*
 * Reset s with conf (copied), pick a random challenge and Identifier
 * (getrandom) and write the first Challenge into out.
 * Returns its length, -EINVAL (algorithm), -ENOBUFS, or the getrandom error.
 */
int ppp_chap_server_start(struct ppp_chap_server *s,
	const struct ppp_chap_server_conf *conf, uint64_t now, uint8_t *out,
	size_t cap);

/*
 * Handle a received CHAP packet. Returns the length of the Success or
 * Failure written to out, 0 if nothing is to be sent, or:
 *   -EBADMSG  malformed (Length, Value-Size, Name): counted, dropped;
 *   -ENOBUFS  cap too small.
 * A Response whose Identifier is not the current Challenge's is dropped
 * (RFC 1994 §4.2). A duplicate of the answered Response gets the same
 * Success/Failure again (§4.1: the peer may have lost it); one that
 * arrives while the verifier has not answered yet is dropped.
 */
int ppp_chap_server_input(struct ppp_chap_server *s, const uint8_t *pkt,
	size_t len, uint8_t *out, size_t cap);

/*
 * The verifier's answer for a Response left PPP_CHAP_ST_PENDING: verdict
 * 0 accepts (auth_resp: MS-CHAP-V2's "S=..." from the verifier, required
 * then), anything else rejects. msg (NULL: the configured one) replaces
 * the Success/Failure message text. Returns the length of the packet
 * written to out, -EALREADY when nothing is pending, -ENOBUFS. An
 * MS-CHAP-V2 accept without a valid auth_resp is turned into a failure:
 * the peer could not check that we know its password.
 */
int ppp_chap_server_complete(struct ppp_chap_server *s, int verdict,
	const char *auth_resp, const char *msg, uint8_t *out, size_t cap);

/*
 * Timer hook. In PPP_CHAP_ST_WAIT_RESP, once now >= deadline a new
 * Challenge is sent: RFC 1994 §4.1 says the Identifier MUST change each
 * time a Challenge is sent, so it is incremented and the value drawn again
 * (like npppd); a late Response to the previous one is then discarded.
 * After max_challenges transmissions the state becomes PPP_CHAP_ST_FAILURE.
 * Returns the length of the Challenge to send, 0, or -ENOBUFS.
 */
int ppp_chap_server_timer(struct ppp_chap_server *s, uint64_t now,
	uint8_t *out, size_t cap);

/* ---- codec, shared by both sides ---- */

/* A parsed Challenge or Response; pointers point into the packet. */
struct ppp_chap_msg {
	uint8_t code;
	uint8_t id;
	uint8_t value_len;
	const uint8_t *value;
	size_t name_len;
	const uint8_t *name;
};

/*
 * Parse a Challenge or Response (§4.1). Value-Size is checked against
 * Length before the value is read, the Name is the rest of the packet.
 * Returns 0, -EBADMSG, -EPROTO (another code).
 */
int ppp_chap_parse(struct ppp_chap_msg *m, const uint8_t *pkt, size_t len);

/* Build a Challenge or Response. Returns length, -EINVAL, -ENOBUFS. */
int ppp_chap_build(uint8_t *out, size_t cap, uint8_t code, uint8_t id,
	const uint8_t *value, size_t value_len, const uint8_t *name,
	size_t name_len);

/* Build a Success or Failure with msg (§4.2). Returns length. */
int ppp_chap_build_status(uint8_t *out, size_t cap, uint8_t code,
	uint8_t id, const char *msg, size_t msg_len);

/* ---- primitives ---- */

/* RFC 1994 §4.1: MD5(Identifier || secret || challenge). */
void ppp_chap_md5_compute(uint8_t id, const uint8_t *secret,
	size_t secret_len, const uint8_t *challenge, size_t challenge_len,
	uint8_t digest[16]);

/* RFC 2759 §8.2 ChallengeHash; the user name loses any "DOMAIN\" prefix. */
void ppp_mschap_challenge_hash(const uint8_t peer_challenge[16],
	const uint8_t auth_challenge[16], const uint8_t *user, size_t user_len,
	uint8_t challenge[8]);

/*
 * RFC 2759 §8.3 NtPasswordHash: MD4 of the password in UTF-16LE. The
 * password is UTF-8. Returns 0, -EILSEQ (invalid UTF-8) or -E2BIG (over
 * 256 characters).
 */
int ppp_mschap_nt_password_hash(const uint8_t *passwd, size_t passwd_len,
	uint8_t hash[16]);

/* RFC 2759 §8.4 HashNtPasswordHash: MD4 of the hash. */
void ppp_mschap_hash_nt_password_hash(const uint8_t hash[16],
	uint8_t hash_hash[16]);

/* RFC 2759 §8.5 ChallengeResponse: three DES encryptions of challenge. */
void ppp_mschap_challenge_response(const uint8_t challenge[8],
	const uint8_t pw_hash[16], uint8_t response[24]);

/* RFC 2759 §8.1 GenerateNTResponse. Returns 0 or the password error. */
int ppp_mschap_nt_response(const uint8_t auth_challenge[16],
	const uint8_t peer_challenge[16], const uint8_t *user, size_t user_len,
	const uint8_t *passwd, size_t passwd_len, uint8_t response[24]);

/*
 * RFC 2759 §8.7 GenerateAuthenticatorResponse: writes "S=" and 40
 * upper-case hex digits and a NUL into out. Returns 0 or the password error.
 */
int ppp_mschap_auth_response(const uint8_t *passwd, size_t passwd_len,
	const uint8_t nt_response[24], const uint8_t peer_challenge[16],
	const uint8_t auth_challenge[16], const uint8_t *user, size_t user_len,
	char out[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

/* Constant-time comparison of secrets (nettle memeql_sec). */
bool ppp_auth_memeq(const void *a, const void *b, size_t n);

/* ---- client (peer) side: for the LAC / subscriber emulator ---- */

/* CHAP-MD5 Response to a parsed Challenge. Returns length. */
int ppp_chap_client_md5_response(uint8_t *out, size_t cap,
	const struct ppp_chap_msg *challenge, const uint8_t *secret,
	size_t secret_len, const uint8_t *name, size_t name_len);

/*
 * MS-CHAP-V2 Response (RFC 2759 §4) to a parsed Challenge (Value-Size must
 * be 16) with the given Peer-Challenge (random in real use: the caller
 * picks it, which keeps this function deterministic). The expected
 * authenticator response is stored into expect for
 * ppp_mschap_client_check_success(). Returns length, -EBADMSG, -ENOBUFS or
 * the password error.
 */
int ppp_chap_client_mschapv2_response(uint8_t *out, size_t cap,
	const struct ppp_chap_msg *challenge, const uint8_t peer_challenge[16],
	const uint8_t *user, size_t user_len, const uint8_t *passwd,
	size_t passwd_len, char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

/*
 * RFC 2759 §5 / §8.8: true if the Success message starts with the expected
 * "S=<40 hex>" authenticator response, compared in constant time (the hex
 * digits MUST be upper-case, §5, so the comparison is exact).
 */
bool ppp_mschap_client_check_success(const uint8_t *msg, size_t msg_len,
	const char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

#endif /* _PPP_CHAP_H_ */
