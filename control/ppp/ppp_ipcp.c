/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPCP options (RFC 1332 §3, RFC 1877 §1) on the generic automaton.
 */

#include <errno.h>
#include <string.h>

#include "lns_bytes.h"
#include "ppp_ipcp.h"

static inline struct ppp_ipcp *
ipcp_of(struct ppp_fsm *fsm)
{
	return fsm->proto_ctx;
}

static void
ipcp_reset(struct ppp_fsm *fsm)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	ipcp->req_addr = ipcp->conf.local_addr != 0;
	ipcp->peer_addr = 0;
}

static int
ipcp_build_req(struct ppp_fsm *fsm, uint8_t *buf, size_t cap)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	uint8_t val[4];
	size_t off = 0;

	if (ipcp->req_addr) {
		lns_put_be32(val, ipcp->conf.local_addr);
		ppp_opt_put(buf, cap, &off, PPP_IPCP_OPT_ADDR, val, 4);
	}
	return (int)off;
}

static void
ipcp_check_begin(struct ppp_fsm *fsm)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	ipcp->peer_addr = 0;
	ipcp->addr_seen = false;
}

/* Nak with want, or Ack when the peer already asks for it. */
static enum ppp_opt_verdict
want_value(uint32_t have, uint32_t want, uint8_t *nak, uint8_t *naklen)
{
	if (have == want)
		return PPP_OPT_ACK;
	lns_put_be32(nak, want);
	*naklen = 4;
	return PPP_OPT_NAK;
}

static enum ppp_opt_verdict
ipcp_check_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len, uint8_t *nak, uint8_t *naklen)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	enum ppp_opt_verdict v;
	uint32_t dns;

	switch (type) {
	case PPP_IPCP_OPT_ADDR:
		/* RFC 1332 §3.3: the peer gets the address AAA gave. */
		if (len != 4 || ipcp->conf.peer_addr == 0)
			return PPP_OPT_REJ;
		ipcp->addr_seen = true;
		v = want_value(lns_get_be32(val), ipcp->conf.peer_addr, nak, naklen);
		if (v == PPP_OPT_ACK)
			ipcp->peer_addr = lns_get_be32(val);
		return v;
	case PPP_IPCP_OPT_DNS1:
	case PPP_IPCP_OPT_DNS2:
		/* RFC 1877 §1.1, §1.3 */
		dns = ipcp->conf.dns[type == PPP_IPCP_OPT_DNS1 ? 0 : 1];
		if (len != 4 || dns == 0)
			return PPP_OPT_REJ;
		return want_value(lns_get_be32(val), dns, nak, naklen);
	default:
		/*
		 * IP-Compression-Protocol (no VJ over the fast path), NBNS
		 * (RFC 1877 §1.2, §1.4), IP-Addresses and unknown options.
		 */
		return PPP_OPT_REJ;
	}
}

static void
ipcp_check_end(struct ppp_fsm *fsm, uint8_t *buf, size_t cap, size_t *off)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	uint8_t val[4];

	/* No IP-Address at all: tell the peer which one it has. */
	if (!ipcp->addr_seen && ipcp->conf.peer_addr != 0) {
		lns_put_be32(val, ipcp->conf.peer_addr);
		ppp_opt_put(buf, cap, off, PPP_IPCP_OPT_ADDR, val, 4);
	}
}

static int
ipcp_recv_nak_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	if (type == PPP_IPCP_OPT_ADDR && len != 4)
		return -EINVAL;
	/* Our address is ours: a Nak does not change it. */
	return 0;
}

static int
ipcp_recv_rej_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	if (type == PPP_IPCP_OPT_ADDR)
		ipcp->req_addr = false;
	return 0;
}

/* ---- client mode ---- */

static void
ipcp_client_reset(struct ppp_fsm *fsm)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	ipcp->req_addr = true;
	ipcp->addr = ipcp->conf.local_addr;
	ipcp->peer_addr = 0;
	ipcp->dns[0] = ipcp->dns[1] = 0;
	ipcp->req_dns[0] = ipcp->req_dns[1] = ipcp->conf.want_dns;
}

static int
ipcp_client_build_req(struct ppp_fsm *fsm, uint8_t *buf, size_t cap)
{
	static const uint8_t dns_opt[2] = {
		PPP_IPCP_OPT_DNS1, PPP_IPCP_OPT_DNS2
	};
	struct ppp_ipcp *ipcp = ipcp_of(fsm);
	uint8_t val[4];
	size_t off = 0;
	unsigned int i;

	if (ipcp->req_addr) {
		lns_put_be32(val, ipcp->addr);
		ppp_opt_put(buf, cap, &off, PPP_IPCP_OPT_ADDR, val, 4);
	}
	for (i = 0; i < 2; i++) {
		if (!ipcp->req_dns[i])
			continue;
		lns_put_be32(val, ipcp->dns[i]);
		ppp_opt_put(buf, cap, &off, dns_opt[i], val, 4);
	}
	return (int)off;
}

/* Where a requested option's value lives; NULL if we do not request it. */
static uint32_t *
ipcp_client_slot(struct ppp_ipcp *ipcp, uint8_t type, bool **req)
{
	switch (type) {
	case PPP_IPCP_OPT_ADDR:
		*req = &ipcp->req_addr;
		return &ipcp->addr;
	case PPP_IPCP_OPT_DNS1:
		*req = &ipcp->req_dns[0];
		return &ipcp->dns[0];
	case PPP_IPCP_OPT_DNS2:
		*req = &ipcp->req_dns[1];
		return &ipcp->dns[1];
	default:
		return NULL;
	}
}

static enum ppp_opt_verdict
ipcp_client_check_opt(struct ppp_fsm *fsm, uint8_t type, const uint8_t *val,
	uint8_t len, uint8_t *nak, uint8_t *naklen)
{
	struct ppp_ipcp *ipcp = ipcp_of(fsm);

	/* The peer's own address; we have none to suggest. */
	if (type != PPP_IPCP_OPT_ADDR || len != 4 || lns_get_be32(val) == 0)
		return PPP_OPT_REJ;
	ipcp->peer_addr = lns_get_be32(val);
	return PPP_OPT_ACK;
}

static int
ipcp_client_recv_nak_opt(struct ppp_fsm *fsm, uint8_t type,
	const uint8_t *val, uint8_t len)
{
	uint32_t *slot;
	bool *req;

	slot = ipcp_client_slot(ipcp_of(fsm), type, &req);
	if (slot == NULL)
		return 0;	/* not asked for: §5.3, we may ignore it */
	if (len != 4)
		return -EINVAL;
	/* RFC 1332 §3.3, RFC 1877 §1: the peer's value, requested next. */
	*slot = lns_get_be32(val);
	*req = true;
	return 0;
}

static int
ipcp_client_recv_rej_opt(struct ppp_fsm *fsm, uint8_t type,
	const uint8_t *val, uint8_t len)
{
	uint32_t *slot;
	bool *req;

	slot = ipcp_client_slot(ipcp_of(fsm), type, &req);
	if (slot != NULL) {
		*req = false;
		*slot = 0;
	}
	return 0;
}

static const struct ppp_fsm_ops ipcp_client_ops = {
	.name = "IPCP",
	.reset = ipcp_client_reset,
	.build_req = ipcp_client_build_req,
	.check_begin = ipcp_check_begin,
	.check_opt = ipcp_client_check_opt,
	.recv_nak_opt = ipcp_client_recv_nak_opt,
	.recv_rej_opt = ipcp_client_recv_rej_opt,
};

static const struct ppp_fsm_ops ipcp_ops = {
	.name = "IPCP",
	.reset = ipcp_reset,
	.build_req = ipcp_build_req,
	.check_begin = ipcp_check_begin,
	.check_opt = ipcp_check_opt,
	.check_end = ipcp_check_end,
	.recv_nak_opt = ipcp_recv_nak_opt,
	.recv_rej_opt = ipcp_recv_rej_opt,
};

void
ppp_ipcp_init(struct ppp_ipcp *ipcp, const struct ppp_ipcp_conf *conf)
{
	memset(ipcp, 0, sizeof(*ipcp));
	ipcp->conf = *conf;
	if (conf->client) {
		ppp_fsm_init(&ipcp->fsm, &ipcp_client_ops, LNS_PPP_PROTO_IPCP,
		    &conf->fsm, ipcp);
		ipcp_client_reset(&ipcp->fsm);
		return;
	}
	ppp_fsm_init(&ipcp->fsm, &ipcp_ops, LNS_PPP_PROTO_IPCP, &conf->fsm, ipcp);
	ipcp->req_addr = conf->local_addr != 0;
}

void
ppp_ipcp_set_peer_addr(struct ppp_ipcp *ipcp, uint32_t addr)
{
	ipcp->conf.peer_addr = addr;
}
