/* SPDX-License-Identifier: BSD-3-Clause
 *
 * From the configuration (ipv6, aaa.pools6) to what the codecs take:
 * the Router Advertisement settings, the DHCPv6 server's and the prefix
 * pools, with the values lnsd derives (docs/ipv6.md). For the PPP glue,
 * at start and after a reload; pure, unit tested in test_cfg_ipv6.c.
 */
#ifndef LNS_IP6_CONF_H
#define LNS_IP6_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "dhcp6.h"
#include "nd6.h"
#include "pool6.h"

#define IP6_CONF_HOP_LIMIT	64	/* the hosts' Cur Hop Limit */
#define IP6_CONF_DNS_INTERVALS	3	/* RDNSS lifetime / ra.interval */

/* ipv6.ra and ipv6.dns; mtu is the session's MTU option (0: none). */
void ip6_conf_ra(const struct cfg *cfg, uint32_t mtu,
		 struct nd6_ra_conf *ra);

/* ipv6.dhcp6 and ipv6.dns, lnsd's DUID-LL of mac (the core port's). */
void ip6_conf_dhcp6(const struct cfg *cfg, const uint8_t mac[6],
		    struct dhcp6_srv_conf *c);

/*
 * Create every aaa.pools6 pool into s (which must be empty). 0, or
 * -errno (the set is then empty again) with the pool named in err.
 */
int ip6_conf_pools(const struct cfg *cfg, struct pool6_set *s, char *err,
		   size_t size);

#endif /* LNS_IP6_CONF_H */
