/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Indexes of the PPP links by user name and by subscriber address, so an
 * administrative action (RFC 5176 Disconnect/CoA-Request, lnsctl
 * disconnect user|ip) finds its sessions without walking every session.
 *
 * One rte_hash per index maps a 64-bit key (the address, or two CRC32C of
 * the name with different seeds) to the first link of a chain, linked
 * through the links themselves (struct ctl_ppp_idx_link): a user may
 * have several sessions, a misconfigured AAA may give one address twice,
 * and two names may share a key; the caller compares what it looks for.
 * Entries are added where the name and the address are set
 * (ctl_ppp_set_user, ctl_ppp_network) and removed where they go
 * (ctl_ppp_free_user, renegotiation, ctl_ppp_stop). Should an insertion
 * fail (more keys than the table was made for), the index says so and
 * lookups fall back to the walk. Control lcore only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>

#include "ctl_ppp_priv.h"

struct ctl_ppp_index {
	struct rte_hash *h;
	size_t link_off;		/* of its struct ctl_ppp_idx_link */
	size_t in_off;			/* of its bool: the link is in */
	bool incomplete;		/* an insertion failed: walk instead */
};

static struct ctl_ppp_index ctl_ppp_idx_user = {
	.link_off = offsetof(struct ctl_ppp, by_user),
	.in_off = offsetof(struct ctl_ppp, by_user_in),
};
static struct ctl_ppp_index ctl_ppp_idx_addr = {
	.link_off = offsetof(struct ctl_ppp, by_addr),
	.in_off = offsetof(struct ctl_ppp, by_addr_in),
};

static struct ctl_ppp_idx_link *
ctl_ppp_idx_link(const struct ctl_ppp_index *idx, struct ctl_ppp *pp)
{
	return (struct ctl_ppp_idx_link *)((char *)pp + idx->link_off);
}

static bool *
ctl_ppp_idx_in(const struct ctl_ppp_index *idx, struct ctl_ppp *pp)
{
	return (bool *)((char *)pp + idx->in_off);
}

static int
ctl_ppp_idx_create(struct ctl_ppp_index *idx, const char *name,
		   uint32_t entries)
{
	struct rte_hash_parameters p = {
		.name = name,
		.entries = RTE_MAX(entries, 8u),
		.key_len = sizeof(uint64_t),
		.hash_func = rte_hash_crc,
		.socket_id = SOCKET_ID_ANY,
		/* Never full before `entries` keys (no bucket overflow). */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	idx->h = rte_hash_create(&p);
	idx->incomplete = false;
	return idx->h != NULL ? 0 : -ENOMEM;
}

static void
ctl_ppp_idx_add(struct ctl_ppp_index *idx, uint64_t key, struct ctl_ppp *pp)
{
	struct ctl_ppp_idx_link *l = ctl_ppp_idx_link(idx, pp);
	void *head = NULL;

	if (idx->h == NULL || *ctl_ppp_idx_in(idx, pp))
		return;
	if (rte_hash_lookup_data(idx->h, &key, &head) < 0)
		head = NULL;
	if (rte_hash_add_key_data(idx->h, &key, pp) < 0) {
		idx->incomplete = true;
		return;
	}
	l->key = key;
	l->prev = NULL;
	l->next = head;
	if (head != NULL)
		ctl_ppp_idx_link(idx, head)->prev = pp;
	*ctl_ppp_idx_in(idx, pp) = true;
}

static void
ctl_ppp_idx_del(struct ctl_ppp_index *idx, struct ctl_ppp *pp)
{
	struct ctl_ppp_idx_link *l = ctl_ppp_idx_link(idx, pp);

	if (!*ctl_ppp_idx_in(idx, pp))
		return;
	if (l->prev != NULL)
		ctl_ppp_idx_link(idx, l->prev)->next = l->next;
	else if (l->next != NULL)
		/* An existing key: replaces its data, cannot fail. */
		rte_hash_add_key_data(idx->h, &l->key, l->next);
	else
		rte_hash_del_key(idx->h, &l->key);
	if (l->next != NULL)
		ctl_ppp_idx_link(idx, l->next)->prev = l->prev;
	*ctl_ppp_idx_in(idx, pp) = false;
	l->prev = l->next = NULL;
}

/* The chain's first link, or NULL; false when the index cannot tell. */
static bool
ctl_ppp_idx_find(const struct ctl_ppp_index *idx, uint64_t key,
		 struct ctl_ppp **first)
{
	void *head = NULL;

	if (idx->h == NULL || idx->incomplete)
		return false;
	*first = rte_hash_lookup_data(idx->h, &key, &head) >= 0 ? head : NULL;
	return true;
}

/*
 * rte_hash_crc() loads the data eight octets at a time: it hashes an
 * aligned copy (a name from a control-socket request sits anywhere; UBSan
 * flags the misaligned loads). Names are at most AAA_USER_MAX octets; a
 * longer one is hashed on its first 256 and can match no session (the
 * walk compares the whole name).
 */
static uint64_t
ctl_ppp_idx_user_key(const char *user)
{
	uint64_t w[32];
	uint32_t len = (uint32_t)strnlen(user, sizeof(w));

	memcpy(w, user, len);
	return (uint64_t)rte_hash_crc(w, len, 0x9e3779b9u) << 32 |
	       rte_hash_crc(w, len, 0x85ebca6bu);
}

int
ctl_ppp_index_init(uint32_t max_sessions)
{
	int ret;

	ret = ctl_ppp_idx_create(&ctl_ppp_idx_user, "ppp_idx_user",
				 max_sessions);
	if (ret == 0)
		ret = ctl_ppp_idx_create(&ctl_ppp_idx_addr, "ppp_idx_addr",
					 max_sessions);
	if (ret != 0)
		ctl_ppp_index_fini();
	return ret;
}

void
ctl_ppp_index_fini(void)
{
	rte_hash_free(ctl_ppp_idx_user.h);
	rte_hash_free(ctl_ppp_idx_addr.h);
	ctl_ppp_idx_user.h = ctl_ppp_idx_addr.h = NULL;
}

void
ctl_ppp_index_user_add(struct ctl_ppp *pp)
{
	if (pp->user[0] != '\0')
		ctl_ppp_idx_add(&ctl_ppp_idx_user,
				ctl_ppp_idx_user_key(pp->user), pp);
}

void
ctl_ppp_index_user_del(struct ctl_ppp *pp)
{
	ctl_ppp_idx_del(&ctl_ppp_idx_user, pp);
}

void
ctl_ppp_index_addr_add(struct ctl_ppp *pp)
{
	if (pp->addr != 0)
		ctl_ppp_idx_add(&ctl_ppp_idx_addr, pp->addr, pp);
}

void
ctl_ppp_index_addr_del(struct ctl_ppp *pp)
{
	ctl_ppp_idx_del(&ctl_ppp_idx_addr, pp);
}

bool
ctl_ppp_index_user_find(const char *user, struct ctl_ppp **first)
{
	return ctl_ppp_idx_find(&ctl_ppp_idx_user,
				ctl_ppp_idx_user_key(user), first);
}

bool
ctl_ppp_index_addr_find(uint32_t addr, struct ctl_ppp **first)
{
	return ctl_ppp_idx_find(&ctl_ppp_idx_addr, addr, first);
}
