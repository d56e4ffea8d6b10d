/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ipv6 and aaa.pools6 (docs/ipv6.md): IPv6 prefix and address-list
 * values, and the checks across keys: pools6 that cannot be cut or
 * overlap, default pools that do not exist or have the wrong length,
 * lifetimes in the wrong order.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cfg_internal.h"

#define CFG_PATH_MAX	sizeof(((struct cfg_error *)0)->key)

bool
cfg_prefix6_match(const uint8_t *a, const uint8_t *b, unsigned int len)
{
	unsigned int n = len / 8, r = len % 8;

	if (memcmp(a, b, n) != 0)
		return false;
	return r == 0 || ((a[n] ^ b[n]) & (uint8_t)(0xff << (8 - r))) == 0;
}

/* "addr/len" -> p; host: an interface address, bits past len allowed. */
static const char *
cfg_parse_prefix6_as(const char *s, struct cfg_ipv6_prefix *p, bool host)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	uint8_t a[16];
	uint64_t len;

	if (slash == NULL)
		return "missing /length";
	if ((size_t)(slash - s) >= sizeof(addr))
		return "invalid address part";
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (inet_pton(AF_INET6, addr, a) != 1)
		return "invalid address part";
	if (cfg_parse_uint(slash + 1, &len) != 0)
		return "invalid length after /";
	if (len > 128)
		return "length must be 0..128";
	memcpy(p->addr, a, 16);
	p->len = (uint8_t)len;
	if (host)
		return NULL;
	/* a /len with bits set past len: a typo more often than not. */
	memset(a, 0, sizeof(a));
	memcpy(a, p->addr, len / 8);
	if (len % 8 != 0)
		a[len / 8] = p->addr[len / 8] & (uint8_t)(0xff << (8 - len % 8));
	if (memcmp(a, p->addr, 16) != 0)
		return "bits set after the prefix length";
	return NULL;
}

const char *
cfg_parse_prefix6(const char *s, struct cfg_ipv6_prefix *p)
{
	return cfg_parse_prefix6_as(s, p, false);
}

/*
 * Why the address a cannot be an interface's global address of a /len,
 * or NULL: not ::, IPv4-mapped (the neighbour table's key for IPv4),
 * loopback, multicast or link-local (ours is made from the MAC), nor the
 * subnet-router anycast address (host bits all zero, RFC 4291 §2.6.1)
 * unless the prefix is a /127 or /128.
 */
static const char *
cfg_ipv6_check_host(const uint8_t *a, unsigned int len)
{
	static const uint8_t loop[16] = { [15] = 1 };
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t zero[16];
	uint8_t net[16];

	if (memcmp(a, zero, 16) == 0)
		return "is the unspecified address";
	if (memcmp(a, mapped, sizeof(mapped)) == 0)
		return "is an IPv4-mapped address (::ffff:a.b.c.d)";
	if (a[0] == 0xff)
		return "is a multicast address";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "is link-local (lnsd's own fe80:: address is made "
		       "from the port's MAC)";
	if (memcmp(a, loop, 16) == 0)
		return "is the loopback address";
	memset(net, 0, sizeof(net));
	memcpy(net, a, len / 8);
	if (len % 8 != 0)
		net[len / 8] = a[len / 8] & (uint8_t)(0xff << (8 - len % 8));
	if (len < 127 && memcmp(net, a, 16) == 0)
		return "has no host bits set (the subnet-router anycast "
		       "address); use a host address";
	return NULL;
}

static void
cfg_prefix6_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		  yaml_node_t *n, char *dst, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path), *why;
	bool host = (k->flags & CFG_F_HOST) != 0;
	struct cfg_ipv6_prefix p;

	if (s == NULL)
		return;
	why = cfg_parse_prefix6_as(s, &p, host);
	if (why != NULL) {
		cfg_err(ctx, n, path, "invalid IPv6 %s \"%.50s\": %s "
			"(expected e.g. %s)", host ? "address" : "prefix", s,
			why, host ? "2001:db8::1/64" : "2001:db8::/32");
		return;
	}
	if (p.len < k->min || p.len > k->max) {
		cfg_err(ctx, n, path, "prefix length %u out of range (allowed "
			"range %" PRIu64 "..%" PRIu64 ")", p.len, k->min,
			k->max);
		return;
	}
	why = host ? cfg_ipv6_check_host(p.addr, p.len) : NULL;
	if (why != NULL) {
		cfg_err(ctx, n, path, "address %.50s %s", s, why);
		return;
	}
	memcpy(dst, &p, sizeof(p));
}

/* One unicast IPv6 address (not ::, not multicast) at dst: stored? */
static bool
cfg_ip6_value(struct cfg_ctx *ctx, yaml_node_t *n, uint8_t *dst,
	      const char *path)
{
	const char *s = cfg_scalar(ctx, n, path);
	static const uint8_t zero[16];
	uint8_t a[16];

	if (s == NULL)
		return false;
	if (inet_pton(AF_INET6, s, a) != 1) {
		cfg_err(ctx, n, path, "invalid IPv6 address \"%.50s\" "
			"(expected e.g. 2001:db8::53)", s);
		return false;
	}
	if (memcmp(a, zero, 16) == 0 || a[0] == 0xff) {
		cfg_err(ctx, n, path, "address %.50s is not a unicast "
			"address", s);
		return false;
	}
	memcpy(dst, a, 16);
	return true;
}

/* A list of unicast IPv6 addresses (not ::, not multicast). */
static void
cfg_ip6list_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		  yaml_node_t *n, char *base, const char *path)
{
	unsigned int *cnt = (unsigned int *)(base + k->aux_off), i, nb;
	uint8_t (*v)[16] = (uint8_t (*)[16])(base + k->off);
	char ipath[CFG_PATH_MAX];
	yaml_node_t *item;

	if (cfg_seq_len(ctx, n, path, &nb) != 0)
		return;
	for (i = 0; i < nb; i++) {
		item = cfg_seq_get(ctx, n, i);
		snprintf(ipath, sizeof(ipath), "%.100s[%u]", path, i);
		if (i >= k->max) {
			cfg_err(ctx, item, path, "too many items (%u, at most "
				"%" PRIu64 ")", nb, k->max);
			break;
		}
		if (cfg_ip6_value(ctx, item, v[*cnt], ipath))
			(*cnt)++;
	}
}

void
cfg_ipv6_value(struct cfg_ctx *ctx, const struct cfg_key *k,
	       yaml_node_t *n, char *base, const char *path)
{
	if (k->type == CFG_T_PREFIX6)
		cfg_prefix6_value(ctx, k, n, base + k->off, path);
	else if (k->type == CFG_T_IPV6)
		(void)cfg_ip6_value(ctx, n, (uint8_t *)base + k->off, path);
	else
		cfg_ip6list_value(ctx, k, n, base, path);
}

/* aaa.pools6[i].key, or the closest node there is. */
static yaml_node_t *
cfg_pool6_node(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
	       const char *key)
{
	return cfg_item_node(ctx, root, "aaa", "pools6", (int)i, key);
}

/* aaa.pools6[i]: it can be cut, and no earlier pool overlaps it. */
static void
cfg_check_pool6(struct cfg_ctx *ctx, yaml_node_t *root,
		const struct cfg_aaa *a, unsigned int i)
{
	const struct cfg_aaa_pool6 *p = &a->pools6[i], *q;
	char path[CFG_PATH_MAX], txt[INET6_ADDRSTRLEN];
	unsigned int j, min;

	/* Missing or invalid prefix or length: reported already. */
	if (p->prefix.len == 0 || p->length == 0)
		return;
	snprintf(path, sizeof(path), "aaa.pools6[%u].length", i);
	if (p->length <= p->prefix.len)
		cfg_err(ctx, cfg_pool6_node(ctx, root, i, "length"), path,
			"length /%u must be longer than the pool's prefix "
			"/%u", p->length, p->prefix.len);
	else if (p->length - p->prefix.len > CFG_POOL6_MAX_BITS)
		cfg_err(ctx, cfg_pool6_node(ctx, root, i, "length"), path,
			"a /%u in /%u is 2^%u prefixes: at most 2^%u a pool "
			"(%u KiB of bitmap); use a longer prefix", p->prefix.len,
			p->length, p->length - p->prefix.len,
			CFG_POOL6_MAX_BITS, (1u << CFG_POOL6_MAX_BITS) / 8192);
	for (j = 0; j < i; j++) {
		q = &a->pools6[j];
		if (q->prefix.len == 0 || q->length == 0)
			continue;
		snprintf(path, sizeof(path), "aaa.pools6[%u].name", i);
		if (strcmp(p->name, q->name) == 0)
			cfg_err(ctx, cfg_pool6_node(ctx, root, i, "name"), path,
				"pool \"%s\" is already aaa.pools6[%u]",
				p->name, j);
		min = p->prefix.len < q->prefix.len ? p->prefix.len :
						      q->prefix.len;
		snprintf(path, sizeof(path), "aaa.pools6[%u].prefix", i);
		if (cfg_prefix6_match(p->prefix.addr, q->prefix.addr, min))
			cfg_err(ctx, cfg_pool6_node(ctx, root, i, "prefix"),
				path, "overlaps aaa.pools6[%u].prefix %s/%u "
				"(\"%s\"): a prefix would be handed out twice",
				j, inet_ntop(AF_INET6, q->prefix.addr, txt,
					     sizeof(txt)), q->prefix.len,
				q->name);
	}
}

/* aaa.default_pool6 / default_pd_pool: a pool of the right length. */
static void
cfg_check_default6(struct cfg_ctx *ctx, yaml_node_t *root,
		   const struct cfg_aaa *a, const char *key,
		   const char *name, bool must64)
{
	char path[CFG_PATH_MAX];
	unsigned int i;

	if (name[0] == '\0')
		return;
	snprintf(path, sizeof(path), "aaa.%s", key);
	for (i = 0; i < a->nb_pools6; i++)
		if (strcmp(a->pools6[i].name, name) == 0)
			break;
	if (i == a->nb_pools6)
		cfg_err(ctx, cfg_item_node(ctx, root, "aaa", key, -1, NULL),
			path, "no aaa.pools6 entry is called \"%s\"", name);
	else if (must64 && a->pools6[i].length != 64)
		cfg_err(ctx, cfg_item_node(ctx, root, "aaa", key, -1, NULL),
			path, "pool \"%s\" hands out /%u: a session's link "
			"prefix is a /64 (SLAAC, RFC 4862)", name,
			a->pools6[i].length);
}

/* ipv6.SUB.KEY's node, or the closest there is. */
static yaml_node_t *
cfg_ipv6_node(struct cfg_ctx *ctx, yaml_node_t *root, const char *sub,
	      const char *key)
{
	return cfg_item_node(ctx, cfg_map_get(ctx, root, "ipv6"), sub, key,
			     -1, NULL);
}

void
cfg_check_ipv6(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_ipv6 *v = &cfg->ipv6;
	const struct cfg_aaa *a = &cfg->aaa;
	unsigned int i;

	for (i = 0; i < a->nb_pools6; i++)
		cfg_check_pool6(ctx, root, a, i);
	cfg_check_default6(ctx, root, a, "default_pool6", a->default_pool6,
			   true);
	cfg_check_default6(ctx, root, a, "default_pd_pool",
			   a->default_pd_pool, false);
	if (v->ra.prefix_preferred > v->ra.prefix_valid)
		cfg_err(ctx, cfg_ipv6_node(ctx, root, "ra", "prefix_preferred"),
			"ipv6.ra.prefix_preferred", "%u s is longer than "
			"ipv6.ra.prefix_valid (%u s)", v->ra.prefix_preferred,
			v->ra.prefix_valid);
	/* RFC 4861 §6.2.1: 0 or at least MaxRtrAdvInterval. */
	if (v->ra.router_lifetime != 0 &&
	    v->ra.router_lifetime < v->ra.interval)
		cfg_err(ctx, cfg_ipv6_node(ctx, root, "ra", "router_lifetime"),
			"ipv6.ra.router_lifetime", "%u s is shorter than "
			"ipv6.ra.interval (%u s): the router would expire "
			"between two advertisements", v->ra.router_lifetime,
			v->ra.interval);
	if (v->dhcp6.preferred > v->dhcp6.valid)
		cfg_err(ctx, cfg_ipv6_node(ctx, root, "dhcp6", "preferred"),
			"ipv6.dhcp6.preferred", "%u s is longer than "
			"ipv6.dhcp6.valid (%u s)", v->dhcp6.preferred,
			v->dhcp6.valid);
}
