/* SPDX-License-Identifier: BSD-3-Clause
 *
 * drivers/port_flow: the L2TP session RSS rule as built (pattern, specs
 * and masks, the RSS action iavf accepts) for IPv4 and IPv6 outer, and
 * port_flow_install() on a real ethdev without rte_flow support (net_ring
 * from rte_eth_from_rings(), 2 RX queues): the refusal is returned,
 * logged as the fallback to the software spread stage, and shown by
 * port_flow_rss_desc(); with one RX queue, mode outer or a core port
 * nothing is attempted.
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "lns_log.h"
#include "port_flow.h"

static uint16_t ring_port;		/* net_ring, 2 RX queues, started */
static char *log_buf;			/* what DPDK logged (open_memstream) */
static size_t log_len;
static FILE *log_f;

/* flags_version of a header matches the rule's l2tpv2 item. */
static bool
l2tp_matches(const struct port_flow_rule *r, uint16_t flags_version)
{
	uint16_t spec = rte_be_to_cpu_16(r->l2tp_spec.hdr.common.flags_version);
	uint16_t mask = rte_be_to_cpu_16(r->l2tp_mask.hdr.common.flags_version);

	return (flags_version & mask) == (spec & mask);
}

static void
check_rule(const struct port_flow_rule *r, enum rte_flow_item_type l3)
{
	static const enum rte_flow_item_type order[] = {
		RTE_FLOW_ITEM_TYPE_ETH, 0, RTE_FLOW_ITEM_TYPE_UDP,
		RTE_FLOW_ITEM_TYPE_L2TPV2, RTE_FLOW_ITEM_TYPE_END,
	};
	unsigned int i;

	assert_int_equal(r->attr.ingress, 1);
	assert_int_equal(r->attr.egress, 0);
	assert_int_equal(r->attr.group, 0);
	assert_int_equal(r->attr.priority, 0);
	for (i = 0; i < RTE_DIM(order); i++) {
		assert_int_equal(r->pattern[i].type, i == 1 ? l3 : order[i]);
		assert_null(r->pattern[i].last);
	}
	/* Any Ethernet and outer IP: no spec, no mask. */
	assert_null(r->pattern[0].spec);
	assert_null(r->pattern[1].spec);
	assert_null(r->pattern[1].mask);

	/* UDP: destination 1701 exactly, any source port. */
	assert_ptr_equal(r->pattern[2].spec, &r->udp_spec);
	assert_ptr_equal(r->pattern[2].mask, &r->udp_mask);
	assert_int_equal(rte_be_to_cpu_16(r->udp_spec.hdr.dst_port), 1701);
	assert_int_equal(r->udp_mask.hdr.dst_port, 0xffff);
	assert_int_equal(r->udp_mask.hdr.src_port, 0);

	/* L2TPv2: T and L clear, version 2 (iavf reads the spec's L bit). */
	assert_ptr_equal(r->pattern[3].spec, &r->l2tp_spec);
	assert_ptr_equal(r->pattern[3].mask, &r->l2tp_mask);
	assert_int_equal(rte_be_to_cpu_16(r->l2tp_spec.hdr.common.flags_version),
			 RTE_L2TPV2_MSG_TYPE_DATA);
	assert_int_equal(rte_be_to_cpu_16(r->l2tp_mask.hdr.common.flags_version),
			 0xc00f);
	assert_true(l2tp_matches(r, RTE_L2TPV2_MSG_TYPE_DATA));
	/* S, O and P are not masked: data with Ns/Nr or priority match. */
	assert_true(l2tp_matches(r, RTE_L2TPV2_MSG_TYPE_DATA_S));
	assert_true(l2tp_matches(r, RTE_L2TPV2_MSG_TYPE_DATA_S_O | 0x0100));
	/* Control messages (T = 1), Length present or version 3 do not. */
	assert_false(l2tp_matches(r, RTE_L2TPV2_MSG_TYPE_CONTROL));
	assert_false(l2tp_matches(r, RTE_L2TPV2_MSG_TYPE_DATA_L));
	assert_false(l2tp_matches(r, 0x0003));

	/* One RSS action on the session ID; no key, level, queue list. */
	assert_int_equal(r->actions[0].type, RTE_FLOW_ACTION_TYPE_RSS);
	assert_ptr_equal(r->actions[0].conf, &r->rss);
	assert_int_equal(r->actions[1].type, RTE_FLOW_ACTION_TYPE_END);
	assert_true(r->rss.types == RTE_ETH_RSS_L2TPV2);
	assert_int_equal(r->rss.func, RTE_ETH_HASH_FUNCTION_DEFAULT);
	assert_int_equal(r->rss.level, 0);
	assert_int_equal(r->rss.key_len, 0);
	assert_null(r->rss.key);
	assert_int_equal(r->rss.queue_num, 0);
	assert_null(r->rss.queue);
}

static void
test_build_ipv4(void **state)
{
	struct port_flow_rule r;

	(void)state;
	memset(&r, 0xa5, sizeof(r));	/* the builder clears what it skips */
	assert_int_equal(port_flow_l2tp_rss_build(&r, 4, PORT_FLOW_OUTER_IPV4),
			 0);
	check_rule(&r, RTE_FLOW_ITEM_TYPE_IPV4);
	assert_null(r.pattern[0].mask);
}

static void
test_build_ipv6(void **state)
{
	struct port_flow_rule r;

	(void)state;
	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(port_flow_l2tp_rss_build(&r, 2, PORT_FLOW_OUTER_IPV6),
			 0);
	check_rule(&r, RTE_FLOW_ITEM_TYPE_IPV6);
}

static void
test_build_refuses(void **state)
{
	struct port_flow_rule r;

	(void)state;
	assert_int_equal(port_flow_l2tp_rss_build(&r, 1, PORT_FLOW_OUTER_IPV4),
			 -EINVAL);
	assert_int_equal(port_flow_l2tp_rss_build(&r, 0, PORT_FLOW_OUTER_IPV6),
			 -EINVAL);
	assert_int_equal(port_flow_l2tp_rss_build(&r, 2,
						  (enum port_flow_outer)7),
			 -EINVAL);
}

/* (Re)open the memory stream DPDK logs to. */
static int
log_open(void)
{
	log_buf = NULL;
	log_len = 0;
	log_f = open_memstream(&log_buf, &log_len);
	if (log_f == NULL)
		return -1;
	return rte_openlog_stream(log_f);
}

/* What was logged since the last call ("" when nothing). */
static const char *
log_take(void)
{
	static char last[4096];

	rte_openlog_stream(NULL);
	fclose(log_f);
	snprintf(last, sizeof(last), "%s", log_buf != NULL ? log_buf : "");
	free(log_buf);
	if (log_open() != 0)
		fail_msg("no log stream");
	return last;
}

static struct cfg_port acc_cfg = {
	.name = "acc0", .role = CFG_PORT_ACCESS,
};

static void
port_fx(struct port *p, uint16_t nb_rxq)
{
	memset(p, 0, sizeof(*p));
	p->cfg = &acc_cfg;
	p->port_id = ring_port;
	p->index = 0;
	p->nb_rxq = nb_rxq;
	p->nb_txq = 2;
	p->rss_l2tp = 0xee;	/* install must set it either way */
	log_take();
}

static void
test_fallback_no_flow_ops(void **state)
{
	struct port p;
	const char *log;
	int ret;

	(void)state;
	port_fx(&p, 2);
	ret = port_flow_install(&p, CFG_RSS_L2TP_SESSION);
	log = log_take();
	/* rte_flow's answer for a PMD without flow ops: ENOSYS. */
	assert_int_equal(ret, -ENOSYS);
	assert_int_equal(p.rss_l2tp, 0);
	assert_non_null(strstr(log, "port=acc0 event=rss-fallback"));
	assert_non_null(strstr(log, "error=\"Function not implemented\""));
	assert_non_null(strstr(log, "software spread stage (dataplane.spread)"));
	assert_null(strstr(log, "mode=l2tp-session"));
	assert_string_equal(port_flow_rss_desc(&p), "outer (fallback: "
			    "Function not implemented)");

	/* IPv6 outer too: the first refusal is the answer, same fallback. */
	acc_cfg.address6.len = 64;
	port_fx(&p, 2);
	ret = port_flow_install(&p, CFG_RSS_L2TP_SESSION);
	acc_cfg.address6.len = 0;
	assert_int_equal(ret, -ENOSYS);
	assert_int_equal(p.rss_l2tp, 0);
	assert_non_null(strstr(log_take(), "event=rss-fallback"));
	port_flow_remove(&p);		/* nothing to destroy: harmless */
	assert_int_equal(p.rss_l2tp, 0);
}

static void
test_vlan_port_falls_back(void **state)
{
	struct port p;

	(void)state;
	port_fx(&p, 2);
	p.vlan = 100;
	assert_int_equal(port_flow_install(&p, CFG_RSS_L2TP_SESSION),
			 -ENOTSUP);
	assert_int_equal(p.rss_l2tp, 0);
	assert_non_null(strstr(log_take(), "event=rss-fallback"));
	assert_non_null(strstr(port_flow_rss_desc(&p), "VLAN"));
}

static void
test_one_queue_does_nothing(void **state)
{
	struct port p;
	const char *log;

	(void)state;
	port_fx(&p, 1);
	assert_int_equal(port_flow_install(&p, CFG_RSS_L2TP_SESSION), 0);
	log = log_take();
	assert_int_equal(p.rss_l2tp, 0);
	assert_non_null(strstr(log, "port=acc0 event=rss mode=outer queues=1"));
	assert_null(strstr(log, "rss-fallback"));
	assert_string_equal(port_flow_rss_desc(&p), "outer (one rx queue)");
}

static void
test_outer_or_core_does_nothing(void **state)
{
	static struct cfg_port core_cfg = {
		.name = "core0", .role = CFG_PORT_CORE,
	};
	struct port p;

	(void)state;
	port_fx(&p, 2);
	assert_int_equal(port_flow_install(&p, CFG_RSS_OUTER), 0);
	assert_int_equal(p.rss_l2tp, 0);
	assert_string_equal(log_take(), "");
	assert_string_equal(port_flow_rss_desc(&p), "outer");

	port_fx(&p, 2);
	p.cfg = &core_cfg;
	assert_int_equal(port_flow_install(&p, CFG_RSS_L2TP_SESSION), 0);
	assert_int_equal(p.rss_l2tp, 0);
	assert_string_equal(log_take(), "");
	assert_string_equal(port_flow_rss_desc(&p), "outer");
}

/* A started net_ring ethdev with 2 RX and 2 TX queues. */
static int
ring_port_up(void)
{
	struct rte_ring *rx[2], *tx[2];
	struct rte_eth_conf conf = { 0 };
	struct rte_mempool *mp;
	char name[32];
	unsigned int i;
	int id;

	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "pf_rx%u", i);
		rx[i] = rte_ring_create(name, 64, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "pf_tx%u", i);
		tx[i] = rte_ring_create(name, 64, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (rx[i] == NULL || tx[i] == NULL)
			return -1;
	}
	mp = rte_pktmbuf_pool_create("pf_pool", 255, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	id = rte_eth_from_rings("net_ring_pf", rx, 2, tx, 2, 0);
	if (mp == NULL || id < 0)
		return -1;
	ring_port = (uint16_t)id;
	if (rte_eth_dev_configure(ring_port, 2, 2, &conf) != 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (rte_eth_rx_queue_setup(ring_port, i, 64, 0, NULL, mp) != 0 ||
		    rte_eth_tx_queue_setup(ring_port, i, 64, 0, NULL) != 0)
			return -1;
	return rte_eth_dev_start(ring_port);
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

int
main(void)
{
	char prefix[64], rundir[PATH_MAX];
	char *argv[] = {
		"test_port_flow", "--no-huge", "-m", "128", "--no-pci",
		"--no-telemetry", "--file-prefix", prefix, "-l", "0", NULL,
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_ipv4),
		cmocka_unit_test(test_build_ipv6),
		cmocka_unit_test(test_build_refuses),
		cmocka_unit_test(test_fallback_no_flow_ops),
		cmocka_unit_test(test_vlan_port_falls_back),
		cmocka_unit_test(test_one_queue_does_nothing),
		cmocka_unit_test(test_outer_or_core_does_nothing),
	};
	int ret;

	snprintf(prefix, sizeof(prefix), "lnspf%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(argv) - 1, argv) < 0) {
		printf("Bail out! rte_eal_init failed: %s\n",
		       rte_strerror(rte_errno));
		return 1;
	}
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	if (ring_port_up() != 0) {
		printf("Bail out! net_ring port: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	/* port_flow logs through DPDK's log; capture it. */
	if (log_open() != 0) {
		printf("Bail out! no log stream\n");
		return 1;
	}
	rte_log_set_global_level(RTE_LOG_DEBUG);
	rte_log_set_level(lns_logtype_port, RTE_LOG_INFO);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	log_take();
	rte_openlog_stream(NULL);
	rte_eth_dev_stop(ring_port);
	rte_eth_dev_close(ring_port);
	rte_eal_cleanup();
	/* EAL leaves its runtime directory (/var/run/dpdk/PREFIX) behind. */
	if (strstr(rundir, prefix) != NULL)
		nftw(rundir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
