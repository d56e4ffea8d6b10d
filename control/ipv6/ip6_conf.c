/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ip6_conf.h"

void
ip6_conf_ra(const struct cfg *cfg, uint32_t mtu, struct nd6_ra_conf *ra)
{
	const struct cfg_ipv6 *v = &cfg->ipv6;
	uint64_t dns_life = (uint64_t)v->ra.interval * IP6_CONF_DNS_INTERVALS;

	memset(ra, 0, sizeof(*ra));
	ra->managed = v->ra.managed;
	ra->other = v->ra.other;
	ra->cur_hop_limit = IP6_CONF_HOP_LIMIT;
	ra->router_lifetime = (uint16_t)v->ra.router_lifetime;
	ra->mtu = mtu;
	ra->prefix_valid = v->ra.prefix_valid;
	ra->prefix_preferred = v->ra.prefix_preferred;
	_Static_assert(CFG_MAX_DNS6 <= ND6_MAX_DNS, "ipv6.dns fits an RA");
	memcpy(ra->dns, v->dns, sizeof(v->dns));
	ra->nb_dns = v->nb_dns;
	/* RFC 8106 §5.1: at least MaxRtrAdvInterval; three survive two
	 * lost RAs. */
	ra->dns_lifetime = (uint32_t)dns_life;
}

void
ip6_conf_dhcp6(const struct cfg *cfg, const uint8_t mac[6],
	       struct dhcp6_srv_conf *c)
{
	const struct cfg_ipv6 *v = &cfg->ipv6;

	memset(c, 0, sizeof(*c));
	dhcp6_duid_ll(c->duid, mac);
	c->duid_len = DHCP6_DUID_LL_LEN;
	c->rapid_commit = v->dhcp6.rapid_commit;
	c->preferred = v->dhcp6.preferred;
	c->valid = v->dhcp6.valid;
	_Static_assert(CFG_MAX_DNS6 <= DHCP6_MAX_DNS, "ipv6.dns fits");
	memcpy(c->dns, v->dns, sizeof(v->dns));
	c->nb_dns = v->nb_dns;
}

int
ip6_conf_pools(const struct cfg *cfg, struct pool6_set *s, char *err,
	       size_t size)
{
	const struct cfg_aaa *a = &cfg->aaa;
	struct pool6 *p;
	unsigned int i;
	int rc;

	for (i = 0; i < a->nb_pools6; i++) {
		const struct cfg_aaa_pool6 *c = &a->pools6[i];

		p = pool6_create(c->name, c->prefix.addr, c->prefix.len,
				 (uint8_t)c->length);
		rc = p == NULL ? -errno : pool6_set_add(s, p);
		if (rc != 0) {
			pool6_free(p);
			pool6_set_clear(s);
			snprintf(err, size, "aaa.pools6[%u] \"%s\": %s", i,
				 c->name, strerror(-rc));
			return rc;
		}
	}
	return 0;
}
