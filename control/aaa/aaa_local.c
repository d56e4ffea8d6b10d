/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Local AAA user table: open-addressing hash, see aaa_local.h for the
 * choice of structure.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/memops.h>

#include "aaa_local.h"

#define AAA_TABLE_MIN	64

struct aaa_local {
	struct aaa_user **slots;	/* NULL = empty */
	size_t mask;			/* slots - 1, power of two minus one */
	size_t count;
};

/* FNV-1a, 64-bit. */
static uint64_t
aaa_hash(const uint8_t *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct aaa_local *
aaa_local_create(void)
{
	struct aaa_local *db;

	db = calloc(1, sizeof(*db));
	if (db == NULL)
		return NULL;
	db->slots = calloc(AAA_TABLE_MIN, sizeof(*db->slots));
	if (db->slots == NULL) {
		free(db);
		return NULL;
	}
	db->mask = AAA_TABLE_MIN - 1;
	return db;
}

void
aaa_local_free(struct aaa_local *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i <= db->mask; i++) {
		if (db->slots[i] == NULL)
			continue;
		/* The password lives in the same block: wipe it. */
		explicit_bzero((char *)db->slots[i]->password,
		    db->slots[i]->password_len);
		free((void *)(uintptr_t)db->slots[i]->ip6);
		free(db->slots[i]);
	}
	free(db->slots);
	free(db);
}

void
aaa_local_walk(const struct aaa_local *db,
	void (*fn)(const struct aaa_user *u, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i <= db->mask; i++)
		if (db->slots[i] != NULL)
			fn(db->slots[i], arg);
}

size_t
aaa_local_count(const struct aaa_local *db)
{
	return db->count;
}

/* Slot holding name, or the empty slot where it would go. */
static size_t
aaa_find_slot(struct aaa_user *const *slots, size_t mask,
	const uint8_t *name, size_t len)
{
	size_t i = (size_t)aaa_hash(name, len) & mask;
	const struct aaa_user *u;

	for (;;) {
		u = slots[i];
		if (u == NULL || (u->name_len == len &&
		    memcmp(u->name, name, len) == 0))
			return i;
		i = (i + 1) & mask;
	}
}

static int
aaa_grow(struct aaa_local *db)
{
	size_t nmask = db->mask * 2 + 1, i, j;
	struct aaa_user **n;

	n = calloc(nmask + 1, sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	for (i = 0; i <= db->mask; i++) {
		if (db->slots[i] == NULL)
			continue;
		j = aaa_find_slot(n, nmask,
		    (const uint8_t *)db->slots[i]->name,
		    db->slots[i]->name_len);
		n[j] = db->slots[i];
	}
	free(db->slots);
	db->slots = n;
	db->mask = nmask;
	return 0;
}

/* A copy of s (NULL: none) at *p, which moves past it. */
static const char *
aaa_local_put(char **p, const char *s, size_t len)
{
	char *at = *p;

	if (s == NULL)
		return NULL;
	memcpy(at, s, len + 1);
	*p += len + 1;
	return at;
}

int
aaa_local_add_user(struct aaa_local *db, const char *name,
	const char *password, uint32_t static_ip, const char *pool)
{
	return aaa_local_add_user_qos(db, name, password, static_ip, pool,
	    NULL);
}

int
aaa_local_add_user_qos(struct aaa_local *db, const char *name,
	const char *password, uint32_t static_ip, const char *pool,
	const char *profile)
{
	size_t nlen, plen, poollen, proflen, i;
	struct aaa_user *u;
	char *p;
	int rc;

	if (name == NULL || password == NULL)
		return -EINVAL;
	nlen = strlen(name);
	plen = strlen(password);
	poollen = pool != NULL ? strlen(pool) : 0;
	proflen = profile != NULL ? strlen(profile) : 0;
	if (nlen == 0 || nlen > AAA_NAME_MAX || plen > AAA_PASSWD_MAX ||
	    (pool != NULL && poollen == 0) ||
	    (profile != NULL && (proflen == 0 || proflen >= AAA_PROFILE_MAX)))
		return -EINVAL;
	i = aaa_find_slot(db->slots, db->mask, (const uint8_t *)name, nlen);
	if (db->slots[i] != NULL)
		return -EEXIST;
	/* Keep the load factor at or below 1/2. */
	if ((db->count + 1) * 2 > db->mask + 1) {
		rc = aaa_grow(db);
		if (rc < 0)
			return rc;
		i = aaa_find_slot(db->slots, db->mask, (const uint8_t *)name,
		    nlen);
	}
	/* One block: record, name, password, pool, profile. */
	u = malloc(sizeof(*u) + nlen + 1 + plen + 1 + poollen + 1 +
	    proflen + 1);
	if (u == NULL)
		return -ENOMEM;
	p = (char *)(u + 1);
	u->name = aaa_local_put(&p, name, nlen);
	u->password = aaa_local_put(&p, password, plen);
	u->pool = aaa_local_put(&p, pool, poollen);
	u->profile = aaa_local_put(&p, profile, proflen);
	u->name_len = (uint16_t)nlen;
	u->password_len = (uint16_t)plen;
	u->static_ip = static_ip;
	u->ip6 = NULL;
	db->slots[i] = u;
	db->count++;
	return 0;
}

const struct aaa_user *
aaa_local_lookup(const struct aaa_local *db, const uint8_t *name,
	size_t len)
{
	if (len == 0 || len > AAA_NAME_MAX)
		return NULL;
	return db->slots[aaa_find_slot(db->slots, db->mask, name, len)];
}

int
aaa_local_pap_verify(void *arg, const uint8_t *name, size_t name_len,
	const uint8_t *passwd, size_t passwd_len)
{
	static const uint8_t zero[AAA_PASSWD_MAX];
	const struct aaa_user *u;
	const uint8_t *want;
	int ok;

	u = aaa_local_lookup(arg, name, name_len);
	if (passwd_len > AAA_PASSWD_MAX)
		return -EACCES;
	/*
	 * Compare passwd_len octets in constant time whatever happens, so
	 * that the time does not depend on where the passwords differ. The
	 * length itself is not secret-dependent on our side (it is what the
	 * peer sent).
	 */
	want = u != NULL && u->password_len == passwd_len ?
	    (const uint8_t *)u->password : zero;
	ok = memeql_sec(want, passwd, passwd_len);
	if (u == NULL || u->password_len != passwd_len || !ok)
		return -EACCES;
	return 0;
}

int
aaa_local_chap_verify(void *arg, const struct ppp_chap_response *r,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	const struct aaa_user *u;

	u = aaa_local_lookup(arg, r->name, r->name_len);
	/*
	 * Unknown user: the same work with an empty secret, so that the
	 * answer takes about as long as for a wrong password.
	 */
	if (!ppp_chap_verify_secret(r, u != NULL ? (const uint8_t *)u->password :
	    (const uint8_t *)"", u != NULL ? u->password_len : 0, auth_resp) ||
	    u == NULL)
		return -EACCES;
	return 0;
}

int
aaa_local_set_ip6(struct aaa_local *db, const char *name,
	const struct aaa_user_ip6 *v6)
{
	size_t nlen = strlen(name), i;
	struct aaa_user_ip6 *c;
	struct aaa_user *u;

	i = aaa_find_slot(db->slots, db->mask, (const uint8_t *)name, nlen);
	u = db->slots[i];
	if (u == NULL)
		return -ENOENT;
	c = malloc(sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	*c = *v6;
	free((void *)(uintptr_t)u->ip6);
	u->ip6 = c;
	return 0;
}
