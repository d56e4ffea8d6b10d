/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Logging: one DPDK log type per module, named "lnsd.<module>", events as
 * key=value pairs with the object identifiers first, e.g.
 *   LNS_LOG(INFO, arp, "port=%s event=neigh-reachable ip=%s mac=%s", ...)
 * Never called from the worker fast path: workers count instead.
 */
#ifndef LNS_LOG_H
#define LNS_LOG_H

#include <rte_common.h>
#include <rte_log.h>

extern int lns_logtype_main;
extern int lns_logtype_port;
extern int lns_logtype_dp;
extern int lns_logtype_ctl;
extern int lns_logtype_arp;
extern int lns_logtype_icmp;
extern int lns_logtype_neigh;
extern int lns_logtype_l2tp;
extern int lns_logtype_ppp;
extern int lns_logtype_aaa;

#define LNS_LOG(lvl, mod, fmt, ...)					\
	rte_log(RTE_LOG_ ## lvl, lns_logtype_ ## mod,			\
		RTE_STR(mod) ": " fmt "\n", ##__VA_ARGS__)

#endif /* LNS_LOG_H */
