/* SPDX-License-Identifier: BSD-3-Clause
 *
 * metrics: the Prometheus endpoint is off unless its section is present
 * (nothing listens that the operator did not ask for), and its path is
 * one an HTTP request line can carry verbatim.
 */
#include "cfg_internal.h"

const char *
cfg_check_http_path(const char *s)
{
	if (s[0] != '/')
		return "must start with '/'";
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s >= 0x7f || *s == '?' || *s == '#' ||
		    *s == '%')
			return "allowed characters are visible ASCII but ? # %";
	return NULL;
}

void
cfg_check_metrics(struct cfg_ctx *ctx, yaml_node_t *root, struct cfg *cfg)
{
	cfg->metrics.enabled = cfg_map_get(ctx, root, "metrics") != NULL;
}
