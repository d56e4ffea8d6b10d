/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Internal interface of the configuration loader, shared by cfg_yaml.c
 * (document loading, error list), cfg_schema.c (key tables, defaults),
 * cfg_types.c (scalar types) and cfg_validate.c (schema walk, cross-field
 * checks). Not for use outside config/ except by its unit test.
 *
 * A schema is a NULL-terminated array of struct cfg_key describing the keys
 * of one YAML map and where each value lands in a C struct (offsetof). A
 * section is a key of type CFG_T_OBJ (map) or CFG_T_OBJLIST (list of maps)
 * pointing at the key table of its struct, so adding a section is: declare
 * its struct in cfg.h, declare its key table, add one line to the root
 * table in cfg_schema.c.
 */
#ifndef LNS_CFG_INTERNAL_H
#define LNS_CFG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "cfg.h"

enum cfg_type {
	CFG_T_U16,	/* uint16_t, range min..max */
	CFG_T_U32,	/* uint32_t, range min..max */
	CFG_T_BOOL,	/* bool: true|false|yes|no|on|off */
	CFG_T_STR,	/* char[size], length <= size - 1, optional check() */
	CFG_T_ENUM,	/* enum (int sized), names from enums[] */
	CFG_T_IPV4,	/* uint32_t, network byte order */
	CFG_T_PREFIX,	/* struct cfg_ipv4_prefix "a.b.c.d/len", len min..max */
	CFG_T_MAC,	/* uint8_t[6] "xx:xx:xx:xx:xx:xx", unicast */
	CFG_T_STRLIST,	/* char *[N] + unsigned int count at aux_off */
	CFG_T_LOGMAP,	/* struct cfg_log_module[N] + count: name -> enums[] */
	CFG_T_OBJ,	/* nested struct described by sub[] */
	CFG_T_OBJLIST,	/* array of structs described by sub[] + count */
	CFG_T_OBJMAP,	/* map NAME -> struct: OBJLIST whose elements begin
			 * with char name[CFG_NAME_LEN] (cfg_check_name) */
	CFG_T_RATE,	/* uint64_t bit/s "10M" (cfg_qos_parse_rate) */
	CFG_T_BURST,	/* uint32_t octets "64k" (cfg_qos_parse_burst) */
	CFG_T_PREFIX6,	/* struct cfg_ipv6_prefix "2001:db8::/32", len
			 * min..max, no host bits (cfg_ipv6.c) */
	CFG_T_IP6LIST,	/* uint8_t [N][16] + unsigned int count at aux_off:
			 * unicast IPv6 addresses (cfg_ipv6.c) */
	CFG_T_IPV6,	/* uint8_t [16]: a unicast IPv6 address (cfg_ipv6.c) */
};

/* cfg_key.flags */
#define CFG_F_REQUIRED	0x1	/* missing key (or section) is an error */
#define CFG_F_POW2	0x2	/* integer must be a power of two */
/*
 * CFG_F_HOST, IPv4: unicast host address (not 0/8, 127/8, >= 224/4);
 * PREFIX6: an interface address, host bits set, not link-local,
 * multicast or loopback.
 */
#define CFG_F_HOST	0x4
#define CFG_F_HAS	0x8	/* set the bool at aux_off when the key is present */

struct cfg_enum {
	const char *name;
	int value;
};

struct cfg_key {
	const char *name;		/* NULL terminates a table */
	enum cfg_type type;
	unsigned int flags;
	size_t off;			/* offset of the value in the parent struct */
	size_t aux_off;			/* lists: offset of the count; CFG_F_HAS: bool */
	size_t size;			/* STR: buffer size; OBJLIST: element size */
	uint64_t min;			/* integer value, list count or prefix length */
	uint64_t max;
	uint64_t def;			/* default of integers, bool, enum */
	const char *def_str;		/* default of strings (NULL = "") */
	const struct cfg_enum *enums;	/* CFG_T_ENUM: NULL-terminated */
	const struct cfg_key *sub;	/* CFG_T_OBJ, CFG_T_OBJLIST */
	/* Extra syntax check of a string; returns NULL or why it is invalid. */
	const char *(*check)(const char *s);
};

/*
 * Table helpers. CFG_SZ() breaks the build when a field does not have the
 * size the key type writes, so a mistyped table entry cannot corrupt memory.
 */
#define CFG_FSIZE(st, f)	sizeof(((st *)0)->f)
#define CFG_SZ(st, f, n)	(0 * sizeof(char[CFG_FSIZE(st, f) == (n) ? 1 : -1]))
#define CFG_NELEM(st, f)	(CFG_FSIZE(st, f) / sizeof(((st *)0)->f[0]))

#define CFG_KEY_U16(st, f, key, lo, hi, dflt, fl) \
	{ .name = (key), .type = CFG_T_U16, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 2), \
	  .min = (lo), .max = (hi), .def = (dflt) }
#define CFG_KEY_U32(st, f, key, lo, hi, dflt, fl) \
	{ .name = (key), .type = CFG_T_U32, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 4), \
	  .min = (lo), .max = (hi), .def = (dflt) }
#define CFG_KEY_BOOL(st, f, key, dflt, fl) \
	{ .name = (key), .type = CFG_T_BOOL, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, sizeof(bool)), .def = (dflt) }
#define CFG_KEY_STR(st, f, key, dflt, chk, fl) \
	{ .name = (key), .type = CFG_T_STR, .flags = (fl), \
	  .off = offsetof(st, f), .size = CFG_FSIZE(st, f), \
	  .def_str = (dflt), .check = (chk) }
#define CFG_KEY_ENUM(st, f, key, names, dflt, fl) \
	{ .name = (key), .type = CFG_T_ENUM, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, sizeof(int)), \
	  .enums = (names), .def = (dflt) }
#define CFG_KEY_IPV4(st, f, key, fl) \
	{ .name = (key), .type = CFG_T_IPV4, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 4) }
#define CFG_KEY_PREFIX(st, f, key, lo, hi, fl) \
	{ .name = (key), .type = CFG_T_PREFIX, .flags = (fl), \
	  .off = offsetof(st, f) + \
		 CFG_SZ(st, f, sizeof(struct cfg_ipv4_prefix)), \
	  .min = (lo), .max = (hi) }
#define CFG_KEY_MAC(st, f, has, key, fl) \
	{ .name = (key), .type = CFG_T_MAC, .flags = (fl) | CFG_F_HAS, \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 6), \
	  .aux_off = offsetof(st, has) + CFG_SZ(st, has, sizeof(bool)) }
#define CFG_KEY_STRLIST(st, f, cnt, key, lo, fl) \
	{ .name = (key), .type = CFG_T_STRLIST, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f[0], sizeof(char *)), \
	  .aux_off = offsetof(st, cnt) + \
		     CFG_SZ(st, cnt, sizeof(unsigned int)), \
	  .min = (lo), .max = CFG_NELEM(st, f) }
#define CFG_KEY_LOGMAP(st, f, cnt, key, levels, fl) \
	{ .name = (key), .type = CFG_T_LOGMAP, .flags = (fl), \
	  .enums = (levels), \
	  .off = offsetof(st, f) + \
		 CFG_SZ(st, f[0], sizeof(struct cfg_log_module)), \
	  .aux_off = offsetof(st, cnt) + \
		     CFG_SZ(st, cnt, sizeof(unsigned int)), \
	  .max = CFG_NELEM(st, f) }
#define CFG_KEY_OBJ(st, f, key, keys, fl) \
	{ .name = (key), .type = CFG_T_OBJ, .flags = (fl), \
	  .off = offsetof(st, f), .sub = (keys) }
#define CFG_KEY_OBJLIST(st, f, cnt, key, keys, lo, fl) \
	{ .name = (key), .type = CFG_T_OBJLIST, .flags = (fl), \
	  .off = offsetof(st, f), .size = sizeof(((st *)0)->f[0]), \
	  .aux_off = offsetof(st, cnt) + \
		     CFG_SZ(st, cnt, sizeof(unsigned int)), \
	  .min = (lo), .max = CFG_NELEM(st, f), .sub = (keys) }
/* The element type must begin with char name[CFG_NAME_LEN] (asserted
 * beside its table). */
#define CFG_KEY_OBJMAP(st, f, cnt, key, keys, fl) \
	{ .name = (key), .type = CFG_T_OBJMAP, .flags = (fl), \
	  .off = offsetof(st, f), .size = sizeof(((st *)0)->f[0]), \
	  .aux_off = offsetof(st, cnt) + \
		     CFG_SZ(st, cnt, sizeof(unsigned int)), \
	  .max = CFG_NELEM(st, f), .sub = (keys) }
#define CFG_KEY_RATE(st, f, key, fl) \
	{ .name = (key), .type = CFG_T_RATE, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 8) }
#define CFG_KEY_BURST(st, f, key, fl) \
	{ .name = (key), .type = CFG_T_BURST, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 4) }
#define CFG_KEY_PREFIX6(st, f, key, lo, hi, fl) \
	{ .name = (key), .type = CFG_T_PREFIX6, .flags = (fl), \
	  .off = offsetof(st, f) + \
		 CFG_SZ(st, f, sizeof(struct cfg_ipv6_prefix)), \
	  .min = (lo), .max = (hi) }
#define CFG_KEY_IP6LIST(st, f, cnt, key, fl) \
	{ .name = (key), .type = CFG_T_IP6LIST, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f[0], 16), \
	  .aux_off = offsetof(st, cnt) + \
		     CFG_SZ(st, cnt, sizeof(unsigned int)), \
	  .max = CFG_NELEM(st, f) }
#define CFG_KEY_IPV6(st, f, key, fl) \
	{ .name = (key), .type = CFG_T_IPV6, .flags = (fl), \
	  .off = offsetof(st, f) + CFG_SZ(st, f, 16) }
#define CFG_KEY_END	{ .name = NULL }

/* State of one load: where errors go and the document being walked. */
struct cfg_ctx {
	const char *file;
	yaml_document_t *doc;
	struct cfg_errors *errs;
	int nomem;		/* an allocation failed: result is -ENOMEM */
};

/* Post-walk hook: cross-field checks of the filled struct. */
typedef void (cfg_check_fn)(struct cfg_ctx *ctx, yaml_node_t *root,
			    void *base);

/* cfg_yaml.c */
int cfg_load_doc(const char *name, const char *buf, size_t len,
		 const struct cfg_key *root_keys, void *base,
		 cfg_check_fn *check, struct cfg_errors *errs);
int cfg_error_add(struct cfg_errors *errs, const char *file,
		  unsigned int line, unsigned int column, const char *key,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void cfg_err(struct cfg_ctx *ctx, const yaml_node_t *node, const char *key,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
yaml_node_t *cfg_node(struct cfg_ctx *ctx, int id);
yaml_node_t *cfg_map_get(struct cfg_ctx *ctx, yaml_node_t *map,
			 const char *key);
yaml_node_t *cfg_seq_get(struct cfg_ctx *ctx, yaml_node_t *seq,
			 unsigned int idx);

/* cfg_static.c */
struct cfg;
/* section.list[i].key (i < 0: the list; key NULL: the item), or the
 * closest node that exists, to point an error at. */
yaml_node_t *cfg_item_node(struct cfg_ctx *ctx, yaml_node_t *root,
	const char *section, const char *list, int i, const char *key);
/* aaa.realms and radius: cross-checks (cfg_radius.c). */
void cfg_check_radius(struct cfg_ctx *ctx, yaml_node_t *root,
	const struct cfg *cfg);
/* metrics: present or not (the endpoint is off unless it is). */
void cfg_check_metrics(struct cfg_ctx *ctx, yaml_node_t *root,
		       struct cfg *cfg);
/* An HTTP path of metrics.path: "/" then visible ASCII, no '?' or '#'. */
const char *cfg_check_http_path(const char *s);
void cfg_check_static(struct cfg_ctx *ctx, yaml_node_t *root,
		      const struct cfg *cfg);
/* qos (cfg_qos.c): a rate or burst value; the profiles named exist. */
void cfg_qos_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		   yaml_node_t *n, char *base, const char *path);
void cfg_check_qos(struct cfg_ctx *ctx, yaml_node_t *root,
		   const struct cfg *cfg);
/* ipv6 (cfg_ipv6.c): a prefix or address list value; pools6 and the
 * RA / DHCPv6 settings against each other. */
void cfg_ipv6_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		    yaml_node_t *n, char *base, const char *path);
void cfg_check_ipv6(struct cfg_ctx *ctx, yaml_node_t *root,
		    const struct cfg *cfg);
/* "2001:db8::/32" -> p: NULL or why not (host bits set included). */
const char *cfg_parse_prefix6(const char *s, struct cfg_ipv6_prefix *p);
/* Whether the first len bits of a and b agree. */
bool cfg_prefix6_match(const uint8_t *a, const uint8_t *b, unsigned int len);
/* ports[i].address6 / gateway6 against each other and the other ports
 * (cfg_port6.c). */
void cfg_check_port6(struct cfg_ctx *ctx, yaml_node_t *root,
		     const struct cfg *cfg, unsigned int i);
/* An error on ports[i].key (or the closest node), cfg_validate.c. */
void cfg_port_err(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
		  const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The address plan (cfg_plan.c). */
void cfg_check_plan(struct cfg_ctx *ctx, yaml_node_t *root,
		    const struct cfg *cfg);

/* cfg_schema.c */
extern const struct cfg_key cfg_root_keys[];
void cfg_schema_defaults(const struct cfg_key *keys, void *base);
void cfg_schema_free(const struct cfg_key *keys, void *base);

/* cfg_types.c */
int cfg_parse_uint(const char *s, uint64_t *v);
int cfg_parse_bool(const char *s, bool *v);
int cfg_parse_ipv4(const char *s, uint32_t *addr);
const char *cfg_parse_prefix(const char *s, struct cfg_ipv4_prefix *p);
int cfg_parse_mac(const char *s, uint8_t mac[6]);
uint32_t cfg_prefix_mask(unsigned int len);
/* Whether two prefixes share addresses (the shorter one holds the other). */
bool cfg_prefix_overlap(const struct cfg_ipv4_prefix *a,
			const struct cfg_ipv4_prefix *b);
const char *cfg_ipv4_check_host(uint32_t addr);
const char *cfg_check_name(const char *s);
const char *cfg_check_device(const char *s);
const char *cfg_check_module(const char *s);
int cfg_enum_parse(const struct cfg_enum *e, const char *s, int *v);
void cfg_enum_list(const struct cfg_enum *e, char *buf, size_t size);
bool cfg_is_null(const yaml_node_t *n);
const char *cfg_node_kind(const yaml_node_t *n);
const char *cfg_scalar(struct cfg_ctx *ctx, yaml_node_t *n, const char *path);
int cfg_enum_value(struct cfg_ctx *ctx, const struct cfg_enum *e,
		   yaml_node_t *n, void *dst, const char *path);
void cfg_scalar_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		      yaml_node_t *n, char *base, const char *path);

/* cfg_validate.c */
void cfg_walk_map(struct cfg_ctx *ctx, yaml_node_t *map,
		  const struct cfg_key *keys, void *base, const char *path);
void cfg_check_cfg(struct cfg_ctx *ctx, yaml_node_t *root, void *base);
/* Items in a list node (null: 0) into *nb; -1 after reporting a
 * node that is not a list. */
int cfg_seq_len(struct cfg_ctx *ctx, yaml_node_t *n, const char *path,
		unsigned int *nb);

#endif /* LNS_CFG_INTERNAL_H */
