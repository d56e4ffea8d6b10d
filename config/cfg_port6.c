/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ports[].address6 and ports[].gateway6 across keys (docs/ipv6.md "Core
 * side"): IPv6 on core ports only, a gateway needs an address, is on-link
 * in its prefix or link-local (routers often advertise only their
 * fe80:: address), is not our own; two ports' prefixes do not overlap.
 */
#include <arpa/inet.h>
#include <string.h>

#include "cfg_internal.h"

/* ::ffff:0:0/96: never on the wire, the neighbour table's IPv4 keys. */
static const uint8_t cfg_port6_mapped[12] = { [10] = 0xff, [11] = 0xff };

static bool
cfg_port6_zero(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, sizeof(zero)) == 0;
}

static void
cfg_check_gateway6(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
		   const struct cfg_port *p)
{
	char g[INET6_ADDRSTRLEN], a[INET6_ADDRSTRLEN];
	const uint8_t *gw = p->gateway6;
	bool ll = gw[0] == 0xfe && (gw[1] & 0xc0) == 0x80;

	if (cfg_port6_zero(gw))
		return;
	inet_ntop(AF_INET6, gw, g, sizeof(g));
	if (p->address6.len == 0) {
		/* An invalid address6 was reported already. */
		if (cfg_port6_zero(p->address6.addr))
			cfg_port_err(ctx, root, i, "gateway6", "gateway6 %s "
				     "needs ports[%u].address6 (the source "
				     "of what lnsd sends to it)", g, i);
		return;
	}
	inet_ntop(AF_INET6, p->address6.addr, a, sizeof(a));
	if (memcmp(gw, cfg_port6_mapped, sizeof(cfg_port6_mapped)) == 0)
		cfg_port_err(ctx, root, i, "gateway6", "gateway6 %s is an "
			     "IPv4-mapped address (::ffff:a.b.c.d); use the "
			     "IPv4 gateway key", g);
	else if (memcmp(gw, p->address6.addr, 16) == 0)
		cfg_port_err(ctx, root, i, "gateway6", "gateway6 %s is the "
			     "port's own address", g);
	else if (!ll && !cfg_prefix6_match(gw, p->address6.addr,
					 p->address6.len))
		cfg_port_err(ctx, root, i, "gateway6", "gateway6 %s is "
			     "neither in the port's prefix %s/%u nor "
			     "link-local (fe80::/10)", g, a, p->address6.len);
}

void
cfg_check_port6(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg,
		unsigned int i)
{
	const struct cfg_port *p = &cfg->ports[i], *q;
	char b[INET6_ADDRSTRLEN];
	unsigned int j, min;

	if (p->role != CFG_PORT_CORE) {
		if (p->address6.len != 0)
			cfg_port_err(ctx, root, i, "address6", "IPv6 is "
				     "carried on core ports only (tunnels "
				     "are IPv4)");
		else if (!cfg_port6_zero(p->gateway6))
			cfg_port_err(ctx, root, i, "gateway6", "IPv6 is "
				     "carried on core ports only (tunnels "
				     "are IPv4)");
		return;
	}
	cfg_check_gateway6(ctx, root, i, p);
	if (p->address6.len == 0)
		return;
	for (j = 0; j < i; j++) {
		q = &cfg->ports[j];
		if (q->address6.len == 0)
			continue;
		min = p->address6.len < q->address6.len ? p->address6.len :
							  q->address6.len;
		if (!cfg_prefix6_match(p->address6.addr, q->address6.addr, min))
			continue;
		cfg_port_err(ctx, root, i, "address6", "prefix overlaps "
			     "ports[%u].address6 %s/%u (%s)", j,
			     inet_ntop(AF_INET6, q->address6.addr, b,
				       sizeof(b)), q->address6.len, q->name);
	}
}
