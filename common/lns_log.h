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

#include "lns_ratelimit.h"

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
extern int lns_logtype_qos;

#define LNS_LOG(lvl, mod, fmt, ...)					\
	rte_log(RTE_LOG_ ## lvl, lns_logtype_ ## mod,			\
		RTE_STR(mod) ": " fmt "\n", ##__VA_ARGS__)

/*
 * LNS_LOG() of a line that remote input drives (bad packets, refused
 * tunnels and calls, authentication failures): at most burst lines a
 * second from this call site, each ending with suppressed=N, the lines
 * not logged since. now_ms: the caller's clock in milliseconds.
 */
#define LNS_LOG_RL(lvl, mod, now_ms, burst, fmt, ...) do {		\
	static struct lns_ratelimit rl_;				\
	uint32_t sup_;							\
									\
	if (lns_ratelimit_burst(&rl_, (now_ms), 1000, (burst), &sup_))	\
		LNS_LOG(lvl, mod, fmt " suppressed=%u", ##__VA_ARGS__,	\
			sup_);						\
} while (0)

#endif /* LNS_LOG_H */
