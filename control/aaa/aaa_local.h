/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Local AAA: an in-memory user table (name, password, optional static
 * address, pool name and QoS profile), filled by the configuration layer.
 *
 * Storage: an open-addressing hash table (linear probing, power-of-two
 * size, load factor <= 1/2, FNV-1a 64-bit hash) of pointers to one heap
 * block per user holding the record and its strings. Lookup is O(1)
 * expected with one or two cache lines touched, insertion amortised O(1)
 * (the table doubles); 100k users take ~2 MiB of table plus the records.
 * A sorted array would need an O(n) insert or a sort after loading, and
 * O(log n) string compares per lookup; the hash is simpler to keep
 * correct while users are added one by one. The table is not meant for
 * untrusted keys: names come from the configuration, lookups only read.
 *
 * Names are compared exactly (octet by octet, case-sensitive, no domain
 * stripping). Passwords are compared in constant time.
 */

#ifndef _AAA_LOCAL_H_
#define _AAA_LOCAL_H_

#include <stddef.h>
#include <stdint.h>

#include "ppp_chap.h"

#define AAA_NAME_MAX	255	/* PAP Peer-ID / CHAP Name */
#define AAA_PASSWD_MAX	255	/* PAP Passwd-Length is one octet */
#define AAA_PROFILE_MAX	32	/* a QoS profile name, with its NUL */

struct aaa_local;

/* A local user's static IPv6 (docs/ipv6.md): len 0 = none. */
struct aaa_user_ip6 {
	uint8_t prefix[16];	/* the session's /64 (its RAs) */
	uint8_t prefix_len;	/* 64 or 0 */
	uint8_t pd[16];		/* the prefix DHCPv6 delegates */
	uint8_t pd_len;		/* 1..64 or 0 */
};

struct aaa_user {
	const char *name;
	const char *password;
	uint32_t static_ip;	/* host byte order; 0 = none */
	const char *pool;	/* NULL = default pool */
	const char *profile;	/* QoS profile (qos.profiles); NULL = none */
	const struct aaa_user_ip6 *ip6;	/* NULL = none */
	uint16_t name_len;
	uint16_t password_len;
};

struct aaa_local *aaa_local_create(void);
void aaa_local_free(struct aaa_local *db);

/*
 * Add a user. name and password are NUL-terminated, 1..255 and 0..255
 * octets. Returns 0, -EINVAL, -EEXIST (same name already present) or
 * -ENOMEM.
 */
int aaa_local_add_user(struct aaa_local *db, const char *name,
	const char *password, uint32_t static_ip, const char *pool);
/* The same, with a QoS profile name (NULL: none; 1..31 octets). */
int aaa_local_add_user_qos(struct aaa_local *db, const char *name,
	const char *password, uint32_t static_ip, const char *pool,
	const char *profile);

/* Give the user name a static IPv6 (a copy of v6). 0, -ENOENT, -ENOMEM. */
int aaa_local_set_ip6(struct aaa_local *db, const char *name,
	const struct aaa_user_ip6 *v6);

/* Number of users. */
size_t aaa_local_count(const struct aaa_local *db);

/* fn(user, arg) for every user of db, in no particular order. */
void aaa_local_walk(const struct aaa_local *db,
	void (*fn)(const struct aaa_user *u, void *arg), void *arg);

/* The user called name[0..len) (not NUL-terminated), or NULL. */
const struct aaa_user *aaa_local_lookup(const struct aaa_local *db,
	const uint8_t *name, size_t len);

/*
 * PAP check (RFC 1334): 0 if the user exists and passwd matches, -EACCES
 * otherwise (unknown user or wrong password are not told apart). Has the
 * ppp_pap_verify_cb signature with arg = the struct aaa_local.
 */
int aaa_local_pap_verify(void *arg, const uint8_t *name, size_t name_len,
	const uint8_t *passwd, size_t passwd_len);

/*
 * CHAP-MD5 / MS-CHAP-V2 check (RFC 1994, RFC 2759) of a Response against
 * the user's password: 0 (and, for MS-CHAP-V2, auth_resp) or -EACCES
 * (unknown user and wrong password are not told apart). Has the
 * ppp_chap_verify_cb signature with arg = the struct aaa_local.
 */
int aaa_local_chap_verify(void *arg, const struct ppp_chap_response *r,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1]);

#endif /* _AAA_LOCAL_H_ */
