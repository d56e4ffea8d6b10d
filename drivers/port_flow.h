/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dataplane.rss: l2tp-session. An rte_flow RSS rule on each access port
 * that makes the NIC hash upstream L2TPv2 data messages on their session
 * ID, so that the sessions of one tunnel (one outer IP/UDP 4-tuple) reach
 * every worker's RX queue instead of one. Written for the iavf PMD (Intel
 * E810 VFs, DPDK 22.11); other PMDs refuse it and upstream stays on the
 * outer hash (the software spread stage, dataplane.spread, takes over).
 *
 * Ownership: the main lcore, in port_init_all() and port_stop_all();
 * port_flow_rss_desc() is read by the control lcore afterwards.
 */
#ifndef LNS_PORT_FLOW_H
#define LNS_PORT_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_flow.h>

#include "port.h"

#define PORT_FLOW_L2TP_UDP	1701	/* RFC 2661's port */

/* The outer network header the rule's pattern names. */
enum port_flow_outer {
	PORT_FLOW_OUTER_IPV4,
	PORT_FLOW_OUTER_IPV6,
};

/*
 * One rule: eth / ipv4|ipv6 / udp dst 1701 / l2tpv2 (data) / end, action
 * rss types l2tpv2. The items and the action point into the struct
 * itself, so a rule is built in place and never copied.
 */
struct port_flow_rule {
	struct rte_flow_attr attr;
	struct rte_flow_item pattern[5];
	struct rte_flow_action actions[2];
	struct rte_flow_item_udp udp_spec, udp_mask;
	struct rte_flow_item_l2tpv2 l2tp_spec, l2tp_mask;
	struct rte_flow_action_rss rss;
};

/*
 * Fill r for a port with nb_queues RX queues. 0, or -EINVAL when
 * nb_queues < 2 (one queue: nothing to spread) or outer is unknown.
 */
int port_flow_l2tp_rss_build(struct port_flow_rule *r, uint16_t nb_queues,
			     enum port_flow_outer outer);

/*
 * dataplane.rss on a configured and started port: for an access port
 * with mode l2tp-session and more than one RX queue, validate and create
 * the IPv4 rule (and the IPv6 one when the port has ports[].address6).
 * Returns 0 when the rules are in place (p->rss_l2tp = 1) or there is
 * nothing to do (mode outer, a core port, one RX queue: logged); the
 * PMD's refusal as a negative errno, logged as a warning with the PMD's
 * message, p->rss_l2tp left 0: the caller goes on, upstream falls back to
 * the software spread stage. Never fatal.
 */
int port_flow_install(struct port *p, enum cfg_rss_mode mode);

/* Destroy the port's rules (before rte_eth_dev_stop); idempotent. */
void port_flow_remove(struct port *p);

/*
 * What the port's NIC hashes upstream on, for lnsctl's port JSON:
 * "outer", "l2tp-session", "outer (one rx queue)" or
 * "outer (fallback: <the PMD's message>)".
 */
const char *port_flow_rss_desc(const struct port *p);

#endif /* LNS_PORT_FLOW_H */
