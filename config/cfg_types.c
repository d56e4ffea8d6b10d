/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd configuration: the scalar types of the schema. Text parsers and
 * syntax checks (pure functions, unit tested directly), and the conversion
 * of one YAML scalar node into a struct field with a precise error.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include "cfg_internal.h"

/*
 * Decimal only: YAML 1.1 reads 0x10 as hex and 010 as octal, so leading
 * zeros and prefixes are refused rather than guessed. -EINVAL for anything
 * that is not a plain non-negative integer, -ERANGE beyond 64 bits.
 */
int
cfg_parse_uint(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	unsigned int d;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -EINVAL;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned int)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int
cfg_parse_bool(const char *s, bool *v)
{
	static const char *const t[] = { "true", "yes", "on" };
	static const char *const f[] = { "false", "no", "off" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(s, t[i]) == 0) {
			*v = true;
			return 0;
		}
		if (strcasecmp(s, f[i]) == 0) {
			*v = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Dotted quad, network byte order; inet_pton refuses leading zeros. */
int
cfg_parse_ipv4(const char *s, uint32_t *addr)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*addr = a.s_addr;
	return 0;
}

uint32_t
cfg_prefix_mask(unsigned int len)
{
	return len == 0 ? 0 : htonl(UINT32_MAX << (32 - len));
}

bool
cfg_prefix_overlap(const struct cfg_ipv4_prefix *a,
		   const struct cfg_ipv4_prefix *b)
{
	uint32_t m = cfg_prefix_mask(a->len < b->len ? a->len : b->len);

	return ((a->addr ^ b->addr) & m) == 0;	/* all network order */
}

/* Returns NULL or what is wrong; the length range is checked by the caller. */
const char *
cfg_parse_prefix(const char *s, struct cfg_ipv4_prefix *p)
{
	char addr[INET_ADDRSTRLEN];
	const char *slash;
	uint64_t len;

	slash = strchr(s, '/');
	if (slash == NULL)
		return "missing /length";
	if ((size_t)(slash - s) >= sizeof(addr))
		return "invalid address part";
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (cfg_parse_ipv4(addr, &p->addr) != 0)
		return "invalid address part";
	if (cfg_parse_uint(slash + 1, &len) != 0)
		return "invalid length after /";
	if (len > 32)
		return "length must be 0..32";
	p->len = (uint8_t)len;
	return NULL;
}

int
cfg_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i;

	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) ||
		    s[2] != (i < 5 ? ':' : '\0'))
			return -EINVAL;
		mac[i] = (uint8_t)strtoul((char []){ s[0], s[1], '\0' },
					  NULL, 16);
	}
	return 0;
}

/*
 * Addresses a port or a next hop can never have: this network (0/8),
 * loopback (127/8), multicast, reserved and limited broadcast (>= 224/4).
 */
const char *
cfg_ipv4_check_host(uint32_t addr)
{
	uint32_t h = ntohl(addr);

	if ((h >> 24) == 0)
		return "is in 0.0.0.0/8 (this network)";
	if ((h >> 24) == 127)
		return "is a loopback address";
	if (h >= 0xe0000000)
		return "is a multicast, reserved or broadcast address";
	return NULL;
}

const char *
cfg_check_name(const char *s)
{
	if (*s == '\0')
		return "must not be empty";
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return "allowed characters are A-Z a-z 0-9 _ -";
	return NULL;
}

/* [dddd:]bb:dd.f in hex, as accepted by rte_pci_addr_parse(). */
static bool
cfg_is_pci(const char *s)
{
	static const char dom[] = "xxxx:xx:xx.f";
	const char *pat = dom;
	size_t n = strlen(s);

	if (n == 7)
		pat = dom + 5;
	else if (n != 12)
		return false;
	for (; *pat != '\0'; pat++, s++) {
		if (*pat == 'x' && !isxdigit((unsigned char)*s))
			return false;
		if (*pat == 'f' && (*s < '0' || *s > '7'))
			return false;
		if ((*pat == ':' || *pat == '.') && *s != *pat)
			return false;
	}
	return true;
}

const char *
cfg_check_device(const char *s)
{
	const char *p;

	if (cfg_is_pci(s))
		return NULL;
	if (strncmp(s, "net_", 4) != 0 || s[4] == '\0' || s[4] == ',')
		return "expected a PCI address (0000:01:00.0 or 01:00.0) "
		       "or a vdev starting with \"net_\"";
	for (p = s; *p != '\0' && *p != ','; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return "invalid character in the vdev driver name";
	for (; *p != '\0'; p++)
		if (isspace((unsigned char)*p))
			return "vdev arguments must not contain spaces";
	return NULL;
}

const char *
cfg_check_module(const char *s)
{
	if (*s == '\0' || strlen(s) >= CFG_NAME_LEN)
		return "module names are 1..31 characters";
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_')
			return "allowed characters are a-z 0-9 _";
	return NULL;
}

int
cfg_enum_parse(const struct cfg_enum *e, const char *s, int *v)
{
	for (; e->name != NULL; e++) {
		if (strcmp(e->name, s) == 0) {
			*v = e->value;
			return 0;
		}
	}
	return -EINVAL;
}

/* "a, b, c" for error messages. */
void
cfg_enum_list(const struct cfg_enum *e, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; e->name != NULL && n < size; e++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
				      n > 0 ? ", " : "", e->name);
}

/* YAML null: no value at all (key:), ~ or null, unquoted. */
bool
cfg_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return v[0] == '\0' || strcmp(v, "~") == 0 ||
		strcasecmp(v, "null") == 0;
}

const char *
cfg_node_kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a map";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return cfg_is_null(n) ? "an empty value" : "a scalar";
}

/* The text of a scalar value, or NULL after reporting why there is none. */
const char *
cfg_scalar(struct cfg_ctx *ctx, yaml_node_t *n, const char *path)
{
	if (n->type != YAML_SCALAR_NODE) {
		cfg_err(ctx, n, path, "expected a scalar value, got %s",
			cfg_node_kind(n));
		return NULL;
	}
	if (cfg_is_null(n)) {
		cfg_err(ctx, n, path, "missing value");
		return NULL;
	}
	if (strlen((const char *)n->data.scalar.value) !=
	    n->data.scalar.length) {
		cfg_err(ctx, n, path, "value contains a NUL character");
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static void
cfg_int_value(struct cfg_ctx *ctx, const struct cfg_key *k, yaml_node_t *n,
	      void *dst, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path);
	uint64_t v;
	int ret;

	if (s == NULL)
		return;
	ret = cfg_parse_uint(s, &v);
	if (ret == -ERANGE)
		cfg_err(ctx, n, path, "integer \"%.40s\" is too large "
			"(allowed range %" PRIu64 "..%" PRIu64 ")", s,
			k->min, k->max);
	else if (ret != 0 && s[0] == '-')
		cfg_err(ctx, n, path, "negative value \"%.40s\" "
			"(allowed range %" PRIu64 "..%" PRIu64 ")", s,
			k->min, k->max);
	else if (ret != 0 && s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		cfg_err(ctx, n, path, "leading zero in \"%.40s\" (octal in "
			"YAML 1.1); write a decimal integer", s);
	else if (ret != 0)
		cfg_err(ctx, n, path, "expected a decimal integer, got "
			"\"%.40s\"", s);
	else if (v < k->min || v > k->max)
		cfg_err(ctx, n, path, "value %" PRIu64 " out of range "
			"(allowed range %" PRIu64 "..%" PRIu64 ")", v,
			k->min, k->max);
	else if ((k->flags & CFG_F_POW2) && (v & (v - 1)) != 0)
		cfg_err(ctx, n, path, "value %" PRIu64 " is not a power of "
			"two (allowed: a power of two in %" PRIu64 "..%"
			PRIu64 ")", v, k->min, k->max);
	else if (k->type == CFG_T_U16)
		*(uint16_t *)dst = (uint16_t)v;
	else
		*(uint32_t *)dst = (uint32_t)v;
}

/* Stores an int into dst; returns 0, or -EINVAL after reporting. */
int
cfg_enum_value(struct cfg_ctx *ctx, const struct cfg_enum *e,
	       yaml_node_t *n, void *dst, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path);
	char list[128];
	int v;

	if (s == NULL)
		return -EINVAL;
	if (cfg_enum_parse(e, s, &v) == 0) {
		memcpy(dst, &v, sizeof(v));
		return 0;
	}
	cfg_enum_list(e, list, sizeof(list));
	cfg_err(ctx, n, path, "invalid value \"%.40s\" (allowed: %s)", s,
		list);
	return -EINVAL;
}

static void
cfg_str_value(struct cfg_ctx *ctx, const struct cfg_key *k, yaml_node_t *n,
	      char *dst, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path), *why;

	if (s == NULL)
		return;
	if (strlen(s) >= k->size) {
		cfg_err(ctx, n, path, "string too long (%zu characters, at "
			"most %zu)", strlen(s), k->size - 1);
		return;
	}
	why = k->check != NULL ? k->check(s) : NULL;
	if (why != NULL) {
		cfg_err(ctx, n, path, "invalid value \"%.40s\": %s", s, why);
		return;
	}
	memcpy(dst, s, strlen(s) + 1);
}

static void
cfg_addr_value(struct cfg_ctx *ctx, const struct cfg_key *k, yaml_node_t *n,
	       void *dst, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path), *why;
	struct cfg_ipv4_prefix p;
	uint32_t a, host, mask;

	if (s == NULL)
		return;
	/*
	 * Its padding too: the struct is copied whole into the zeroed
	 * configuration, which a reload compares octet by octet.
	 */
	memset(&p, 0, sizeof(p));
	if (k->type == CFG_T_IPV4) {
		if (cfg_parse_ipv4(s, &a) != 0) {
			cfg_err(ctx, n, path, "invalid IPv4 address \"%.40s\""
				" (expected a.b.c.d)", s);
			return;
		}
		why = (k->flags & CFG_F_HOST) ? cfg_ipv4_check_host(a) : NULL;
		if (why != NULL)
			cfg_err(ctx, n, path, "address %s %s", s, why);
		else
			*(uint32_t *)dst = a;
		return;
	}
	why = cfg_parse_prefix(s, &p);
	if (why != NULL) {
		cfg_err(ctx, n, path, "invalid IPv4 prefix \"%.40s\": %s "
			"(expected a.b.c.d/len)", s, why);
		return;
	}
	if (p.len < k->min || p.len > k->max) {
		cfg_err(ctx, n, path, "prefix length %u out of range (allowed "
			"range %" PRIu64 "..%" PRIu64 ")", p.len, k->min,
			k->max);
		return;
	}
	if (k->flags & CFG_F_HOST) {
		why = cfg_ipv4_check_host(p.addr);
		mask = cfg_prefix_mask(p.len);
		host = p.addr & ~mask;
		if (why == NULL && p.len <= 30 && host == 0)
			why = "is the network address of its subnet; "
			      "use a host address";
		else if (why == NULL && p.len <= 30 && host == ~mask)
			why = "is the broadcast address of its subnet; "
			      "use a host address";
		if (why != NULL) {
			cfg_err(ctx, n, path, "address %.40s %s", s, why);
			return;
		}
	}
	memcpy(dst, &p, sizeof(p));
}

/* Store the scalar value of key k found at node n into base. */
void
cfg_scalar_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		 yaml_node_t *n, char *base, const char *path)
{
	char *dst = base + k->off;
	uint8_t mac[6];
	const char *s;
	bool b;

	switch (k->type) {
	case CFG_T_U16:
	case CFG_T_U32:
		cfg_int_value(ctx, k, n, dst, path);
		break;
	case CFG_T_BOOL:
		s = cfg_scalar(ctx, n, path);
		if (s != NULL && cfg_parse_bool(s, &b) != 0)
			cfg_err(ctx, n, path, "invalid boolean \"%.40s\" "
				"(allowed: true, false, yes, no, on, off)", s);
		else if (s != NULL)
			*(bool *)dst = b;
		break;
	case CFG_T_STR:
		cfg_str_value(ctx, k, n, dst, path);
		break;
	case CFG_T_ENUM:
		cfg_enum_value(ctx, k->enums, n, dst, path);
		break;
	case CFG_T_IPV4:
	case CFG_T_PREFIX:
		cfg_addr_value(ctx, k, n, dst, path);
		break;
	case CFG_T_MAC:
		s = cfg_scalar(ctx, n, path);
		if (s == NULL)
			break;
		if (cfg_parse_mac(s, mac) != 0) {
			cfg_err(ctx, n, path, "invalid MAC address \"%.40s\" "
				"(expected xx:xx:xx:xx:xx:xx)", s);
		} else if ((mac[0] & 1) != 0 ||
			   (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] |
			    mac[5]) == 0) {
			cfg_err(ctx, n, path, "MAC address %s is not a "
				"unicast address", s);
		} else {
			memcpy(dst, mac, sizeof(mac));
			if (k->flags & CFG_F_HAS)
				*(bool *)(base + k->aux_off) = true;
		}
		break;
	default:
		break;
	}
}
