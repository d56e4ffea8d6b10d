/* SPDX-License-Identifier: BSD-3-Clause
 *
 * qos: rate and burst values, and the cross-checks of the profile names
 * (qos.default_profile, aaa.users[].profile). The grammar lives here,
 * below the control plane, because the YAML loader, the users file and
 * the RADIUS rate strings (control/ctl_qos_parse.c) must agree on it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cfg_internal.h"

/*
 * Digits and one optional suffix from sufs (a NUL-terminated list of
 * characters) with mults[] its multipliers. 0, -EINVAL or -ERANGE.
 */
static int
cfg_qos_parse_num(const char *s, const char *sufs, const uint64_t *mults,
		  uint64_t *v)
{
	const char *suf;
	uint64_t n = 0, m = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	if (*s != '\0') {
		suf = strchr(sufs, *s);
		if (suf == NULL || s[1] != '\0')
			return -EINVAL;
		m = mults[suf - sufs];
	}
	if (n > UINT64_MAX / m)
		return -ERANGE;
	*v = n * m;
	return 0;
}

int
cfg_qos_parse_rate(const char *s, uint64_t *bps)
{
	static const uint64_t mults[] = { 1000, 1000, 1000000, 1000000000 };
	uint64_t v;
	int rc = cfg_qos_parse_num(s, "kKMG", mults, &v);

	if (rc != 0)
		return rc;
	*bps = v;
	if (v != 0 && (v < CFG_QOS_RATE_MIN || v > CFG_QOS_RATE_MAX))
		return -ERANGE;
	return 0;
}

int
cfg_qos_parse_burst(const char *s, uint32_t *bytes)
{
	static const uint64_t mults[] = { 1024, 1024, 1024 * 1024 };
	uint64_t v;
	int rc = cfg_qos_parse_num(s, "kKM", mults, &v);

	if (rc != 0)
		return rc;
	if (v > UINT32_MAX)
		return -ERANGE;
	*bytes = (uint32_t)v;
	if (v != 0 && (v < CFG_QOS_BURST_MIN || v > CFG_QOS_BURST_MAX))
		return -ERANGE;
	return 0;
}

void
cfg_qos_rate_str(uint64_t bps, char *buf, size_t size)
{
	if (bps == 0)
		snprintf(buf, size, "unlimited");
	else if (bps % 1000000000 == 0)
		snprintf(buf, size, "%" PRIu64 "G", bps / 1000000000);
	else if (bps % 1000000 == 0)
		snprintf(buf, size, "%" PRIu64 "M", bps / 1000000);
	else if (bps % 1000 == 0)
		snprintf(buf, size, "%" PRIu64 "k", bps / 1000);
	else
		snprintf(buf, size, "%" PRIu64, bps);
}

const struct cfg_qos_profile *
cfg_qos_profile_find(const struct cfg_qos *q, const char *name)
{
	unsigned int i;

	if (name == NULL || name[0] == '\0')
		return NULL;
	for (i = 0; i < q->nb_profiles; i++)
		if (strcmp(q->profiles[i].name, name) == 0)
			return &q->profiles[i];
	return NULL;
}

void
cfg_qos_value(struct cfg_ctx *ctx, const struct cfg_key *k, yaml_node_t *n,
	      char *base, const char *path)
{
	const char *s = cfg_scalar(ctx, n, path);
	char *dst = base + k->off;
	uint64_t r = 0;
	uint32_t b = 0;
	int rc;

	if (s == NULL)
		return;
	if (k->type == CFG_T_RATE) {
		rc = cfg_qos_parse_rate(s, &r);
		if (rc == -EINVAL)
			cfg_err(ctx, n, path, "invalid rate \"%.40s\" (bit/s: "
				"digits with an optional k, M or G suffix, "
				"e.g. 10M)", s);
		else if (rc != 0)
			cfg_err(ctx, n, path, "rate \"%.40s\" out of range "
				"(0 = unlimited, or 8k..400G)", s);
		else
			memcpy(dst, &r, sizeof(r));
		return;
	}
	rc = cfg_qos_parse_burst(s, &b);
	if (rc == -EINVAL)
		cfg_err(ctx, n, path, "invalid burst \"%.40s\" (octets: "
			"digits with an optional k or M suffix, x1024, "
			"e.g. 64k)", s);
	else if (rc != 0)
		cfg_err(ctx, n, path, "burst \"%.40s\" out of range (0 = the "
			"default, or 1500..64M octets)", s);
	else
		memcpy(dst, &b, sizeof(b));
}

/* qos.profiles.NAME, or the closest node that exists, for an error. */
static yaml_node_t *
cfg_qos_node(struct cfg_ctx *ctx, yaml_node_t *root, const char *key)
{
	return cfg_item_node(ctx, root, "qos", key, -1, NULL);
}

void
cfg_check_qos(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_qos *q = &cfg->qos;
	char path[sizeof(((struct cfg_error *)0)->key)];
	unsigned int i;

	if (q->default_profile[0] != '\0' &&
	    cfg_qos_profile_find(q, q->default_profile) == NULL)
		cfg_err(ctx, cfg_qos_node(ctx, root, "default_profile"),
			"qos.default_profile",
			"no profile named \"%s\" in qos.profiles",
			q->default_profile);
	for (i = 0; i < cfg->aaa.nb_users; i++) {
		const char *p = cfg->aaa.users[i].profile;

		if (p[0] == '\0' || cfg_qos_profile_find(q, p) != NULL)
			continue;
		snprintf(path, sizeof(path), "aaa.users[%u].profile", i);
		cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "users", (int)i,
					   "profile"), path,
			"no profile named \"%s\" in qos.profiles", p);
	}
}
